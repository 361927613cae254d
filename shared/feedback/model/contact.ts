import * as z from "zod";
import type { FeedbackInput, StoredFeedback } from "./schema.ts";

/**
 * Who a piece of feedback is from, and the one place that turns that into a storage key.
 *
 * Customers (surveys, service) and social authors live in separate key spaces: a customer id that
 * looks like `twitter:@alice` is not the author @alice on twitter. Every item keyed by a contact —
 * the history index (GSI2), the open-task pointer, the recovery watch, the last-surveyed marks —
 * goes through `contactKey` and `contactPartition`, never through string templates of its own.
 */
export const Contact = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("customer"), id: z.string().min(1) }),
  z.object({ kind: z.literal("social"), platform: z.string().min(1), handle: z.string().min(1) }),
  /** No one: whoever a task was for asked to be erased (shared/privacy/). */
  z.object({ kind: z.literal("erased") }),
]);
export type Contact = z.infer<typeof Contact>;

declare const contactKeyBrand: unique symbol;
/** `customer:<id>` or `social:<platform>:<handle>`, each part escaped; only `contactKey` makes one. */
export type ContactKey = string & { readonly [contactKeyBrand]: true };

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, "0");

/**
 * Escapes `%` (the escape itself), `:` (the separator), `#` (the table's key separator) and lone
 * surrogates (DynamoDB stores UTF-8, which would turn every one of them into U+FFFD). The result
 * holds no `:` and every `%` starts an escape, so `unescapePart` reads it back: the key is injective.
 */
const escapePart = (part: string): string =>
  part.replace(/[%:#]|\p{Cs}/gu, (c) =>
    c === "%" || c === ":" || c === "#" ? `%${hex(c.charCodeAt(0), 2)}` : `%u${hex(c.charCodeAt(0), 4)}`,
  );

const unescapePart = (part: string): string =>
  part.replace(/%u([0-9A-F]{4})|%([0-9A-F]{2})/g, (_, u?: string, b?: string) =>
    String.fromCharCode(Number.parseInt((u ?? b) as string, 16)),
  );

/** The storage key of a contact. */
export const contactKey = (contact: Contact): ContactKey =>
  (contact.kind === "customer"
    ? `customer:${escapePart(contact.id)}`
    : contact.kind === "social"
      ? `social:${escapePart(contact.platform)}:${escapePart(contact.handle)}`
      : "erased") as ContactKey;

/** The contact a key was made from, or undefined for anything `contactKey` cannot have made. */
export const contactOfKey = (key: string): Contact | undefined => {
  const [kind, ...parts] = key.split(":").map(unescapePart);
  const [a, b] = parts;
  const contact: Contact | undefined =
    kind === "erased" && parts.length === 0
      ? { kind }
      : kind === "customer" && parts.length === 1 && a
        ? { kind, id: a }
        : kind === "social" && parts.length === 2 && a && b
          ? { kind, platform: a, handle: b }
          : undefined;
  // Only the one spelling contactKey writes (no stray or needless escapes).
  return contact && contactKey(contact) === key ? contact : undefined;
};

/** What people see: the customer id, or `@handle (platform)`. Never used as a key. */
export const contactLabel = (contact: Contact): string =>
  contact.kind === "customer"
    ? contact.id
    : contact.kind === "social"
      ? `@${contact.handle} (${contact.platform})`
      : "[erased]";

/** Who a piece of feedback is from: the customer for surveys and service, the author for social posts. */
export const contactOf = (
  record: Pick<StoredFeedback, "channel" | "customerId" | "platform" | "authorHandle">,
): Contact | undefined => {
  if (record.channel === "social")
    return record.platform && record.authorHandle
      ? { kind: "social", platform: record.platform, handle: record.authorHandle }
      : undefined;
  return record.customerId ? { kind: "customer", id: record.customerId } : undefined;
};

/** The key of whoever a piece of feedback is from, if anyone. */
export const contactKeyOf = (
  record: Pick<StoredFeedback, "channel" | "customerId" | "platform" | "authorHandle">,
): ContactKey | undefined => {
  const contact = contactOf(record);
  return contact && contactKey(contact);
};

/** The key of whoever sent a piece of feedback, from the item as it arrived. */
export const contactKeyOfInput = (input: FeedbackInput): ContactKey | undefined =>
  input.channel === "social"
    ? contactKeyOf({ channel: "social", platform: input.platform, authorHandle: input.author.handle })
    : contactKeyOf({ channel: input.channel, customerId: input.customer?.id });

const PARTITION_PREFIX = "CUSTOMER#";

/**
 * The partition of everything kept per contact: the open-task pointer, the recovery watch, the
 * last-surveyed marks (by sort key), and the history index's partition (GSI2PK) of their feedback.
 */
export const contactPartition = (key: ContactKey): string => `${PARTITION_PREFIX}${key}`;

/** The contact key in a `contactPartition`. */
export const contactKeyInPartition = (pk: unknown): ContactKey =>
  String(pk).slice(PARTITION_PREFIX.length) as ContactKey;
