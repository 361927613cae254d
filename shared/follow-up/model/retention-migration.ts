import {
  hasExpired,
  ORIGINAL_FIELDS,
  originalsExpireAt,
  originalsOf,
  type StoredOriginals,
} from "#shared/feedback/model/originals";

/**
 * Schema version 3: what a customer sent as written, and their contact fields, expire. Records
 * written before kept `originalText`, `customerEmail` and `customerName` on the record itself,
 * where the table's TTL could only take them with the record; they move to the record's own
 * `ORIGINAL` item with the TTL they would have had (their retention counted from receipt), or are
 * just removed when that is already past. Survey items, whose link end sat in `expiresAt` as a
 * string (which the TTL ignores), get it as `linkExpiresAt` and a TTL the retention after it.
 * Like version 2, each decision looks at the item alone, so a re-run finds nothing left to do.
 */
export const RETENTION_VERSION = 3;

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };
export type OriginalField = (typeof ORIGINAL_FIELDS)[number];

export type RetentionRewrite =
  /**
   * Take the fields off the record (only while they are still `read`), keeping them in the
   * originals item unless their retention is over (`originals` undefined).
   */
  | {
      kind: "originals";
      key: Key;
      read: Partial<Record<OriginalField, unknown>>;
      originals: StoredOriginals | undefined;
    }
  /** Give a survey item its TTL (only while `expiresAt` is still the link's end, `linkExpiresAt`). */
  | { kind: "survey"; key: Key; linkExpiresAt: string; expiresAt: number };

const keyOf = (item: Item): Key => ({ PK: String(item.PK), SK: String(item.SK) });

const instant = (value: unknown): string | undefined =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : undefined;

/** What `item` needs for version 3, or undefined when nothing. */
export const retentionRewriteOf = (item: Item, retentionDays: number, now: Date): RetentionRewrite | undefined => {
  const pk = String(item.PK);
  if (pk.startsWith("FB#") && item.SK === "FEEDBACK") {
    const read = Object.fromEntries(ORIGINAL_FIELDS.flatMap((f) => (f in item ? [[f, item[f]] as const] : [])));
    if (Object.keys(read).length === 0) return undefined;
    // Receipt, as the worker counts it; a record without a readable one starts its retention now.
    const from = instant(item.receivedAt) ?? instant(item.storedAt) ?? now.toISOString();
    const expiresAt = originalsExpireAt(from, retentionDays);
    const originals = hasExpired(expiresAt, now) ? undefined : originalsOf(read, expiresAt);
    return { kind: "originals", key: keyOf(item), read, originals };
  }
  if (pk.startsWith("SURVEY#") && item.SK === "SURVEY" && typeof item.expiresAt === "string") {
    const linkEnd = instant(item.expiresAt) ?? now.toISOString();
    return {
      kind: "survey",
      key: keyOf(item),
      linkExpiresAt: item.expiresAt,
      expiresAt: originalsExpireAt(linkEnd, retentionDays),
    };
  }
  return undefined;
};
