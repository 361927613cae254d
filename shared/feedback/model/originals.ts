import * as z from "zod";

/**
 * What a customer sent that the masked record does not keep: the text as written and their
 * contact fields. It lives in its own item (`FB#<id>` / `ORIGINAL`) so the table's TTL can remove
 * it after the retention period while the masked record stays for trends.
 */
export const Originals = z.object({
  originalText: z.string().optional(),
  customerEmail: z.string().optional(),
  customerName: z.string().optional(),
});
export type Originals = z.infer<typeof Originals>;

/** The stored item: the originals and when the table's TTL removes them (epoch seconds). */
export const StoredOriginals = Originals.extend({ expiresAt: z.number() });
export type StoredOriginals = z.infer<typeof StoredOriginals>;

/** The fields that move from a record to its originals item (and nowhere else). */
export const ORIGINAL_FIELDS = ["originalText", "customerEmail", "customerName"] as const;

const DAY_SECONDS = 86_400;

/**
 * When the originals of a record received at `receivedAt` expire. The clock starts at receipt,
 * not at `occurredAt`: receipt is when we collected the data and is our own clock, while
 * `occurredAt` comes from the sender (a backfill of old posts would expire at once, a future
 * date would keep them longer).
 */
export const originalsExpireAt = (receivedAt: string, retentionDays: number): number =>
  Math.floor(Date.parse(receivedAt) / 1000) + retentionDays * DAY_SECONDS;

/**
 * Whether an item with this TTL counts as gone. DynamoDB removes expired items within a few days,
 * not at the second, so readers treat them as gone already.
 */
export const hasExpired = (expiresAt: number, now: Date): boolean => expiresAt * 1000 <= now.getTime();

/** The originals among `fields` (undefined when there are none), with their expiry. */
export const originalsOf = (
  fields: Partial<Record<(typeof ORIGINAL_FIELDS)[number], unknown>>,
  expiresAt: number,
): StoredOriginals | undefined => {
  const kept = Object.fromEntries(
    ORIGINAL_FIELDS.flatMap((f) => (typeof fields[f] === "string" ? [[f, fields[f]] as const] : [])),
  );
  return Object.keys(kept).length === 0 ? undefined : { ...kept, expiresAt };
};
