import { createHmac } from "node:crypto";
import * as z from "zod";
import { maskEmail } from "#shared/analysis/model/pii";

/**
 * The suppression list: addresses hearback stops mailing because SES reported a permanent bounce
 * or a complaint for them (or transient bounces kept coming). Pure: the rules, the stored record
 * and the keyed hash that keys it; the store does the I/O (../ports/suppressions.ts).
 */

export const SuppressionReason = z.enum(["bounce", "complaint"]);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

/**
 * Who an email was for, as its SES message tag says: staff (digests, task emails) or a customer
 * (replies, "is your problem solved?"). It decides what the list keeps of the address.
 */
export const MailAudience = z.enum(["staff", "customer"]);
export type MailAudience = z.infer<typeof MailAudience>;

/** The SES message tag every email carries (tag names allow letters, digits, "_" and "-" only). */
export const AUDIENCE_TAG = "hearback-audience";

/** Transient bounces (a full mailbox, a server down) suppress only when they keep coming. */
export const TRANSIENT_BOUNCE_LIMIT = 3;
export const TRANSIENT_BOUNCE_WINDOW_DAYS = 7;

/** One address on the list, as stored (parsed on read). */
export const Suppression = z.object({
  reason: SuppressionReason,
  /** SES's bounce type for a bounce ("Permanent", or "Transient" after repeated soft bounces). */
  bounceType: z.string().optional(),
  /** When the bounce or complaint happened, as SES reports it. */
  at: z.string(),
  /** The SES message id of the email that bounced or was complained about. */
  messageId: z.string(),
  audience: MailAudience,
  /**
   * The address as the list shows it to operators: in full for staff (someone has to fix the
   * configuration), masked for customers ("w***@example.com"), whose address is never kept here.
   */
  shownAddress: z.string(),
});
export type Suppression = z.infer<typeof Suppression>;

/**
 * The address compared and hashed: lower case, without spaces around it, and without a display
 * name ("Li Lei <li@example.com>" is li@example.com). Mailbox providers treat the local part
 * case-insensitively, and so do we.
 */
export const normaliseAddress = (raw: string): string => {
  const angled = /<([^<>]+)>\s*$/.exec(raw);
  return (angled?.[1] ?? raw).trim().toLowerCase();
};

/**
 * The list's key for an address: a keyed hash (the deployment's pseudonym key, see
 * shared/privacy/model/disclose.ts), so the table never names a customer in a key and the list
 * cannot be read back into addresses without the key.
 */
export const addressDigest = (address: string, key: string): string =>
  createHmac("sha256", key)
    .update(`mail-suppression\u0000${normaliseAddress(address)}`)
    .digest("base64url");

export const shownAddress = (address: string, audience: MailAudience): string =>
  audience === "staff" ? normaliseAddress(address) : maskEmail(normaliseAddress(address));

/** What happened to one recipient of one email, as SES reported it. */
export interface RecipientEvent {
  address: string;
  kind: "permanent-bounce" | "transient-bounce" | "complaint" | "not-spam";
  /** SES's bounce type, for bounces. */
  bounceType?: string | undefined;
  at: string;
  messageId: string;
  audience: MailAudience;
}

/** What to do about one recipient event. */
export type Verdict =
  | { action: "suppress"; suppression: Suppression }
  | { action: "count-transient" }
  | { action: "none" };

const suppressionOf = (e: RecipientEvent, reason: SuppressionReason, bounceType?: string): Suppression => ({
  reason,
  ...(bounceType !== undefined && { bounceType }),
  at: e.at,
  messageId: e.messageId,
  audience: e.audience,
  shownAddress: shownAddress(e.address, e.audience),
});

/**
 * Permanent bounces and complaints suppress at once; a transient (or undetermined) bounce is only
 * counted; a "not-spam" feedback report is the opposite of a complaint and changes nothing.
 */
export const verdictFor = (e: RecipientEvent): Verdict => {
  switch (e.kind) {
    case "permanent-bounce":
      return { action: "suppress", suppression: suppressionOf(e, "bounce", e.bounceType ?? "Permanent") };
    case "complaint":
      return { action: "suppress", suppression: suppressionOf(e, "complaint") };
    case "transient-bounce":
      return { action: "count-transient" };
    case "not-spam":
      return { action: "none" };
  }
};

/** After counting: the transient bounces within the window (this one included) reached the limit. */
export const verdictAfterTransients = (e: RecipientEvent, count: number): Verdict =>
  count >= TRANSIENT_BOUNCE_LIMIT
    ? { action: "suppress", suppression: suppressionOf(e, "bounce", "Transient") }
    : { action: "none" };

/** Where the transient window starts, for a bounce at `at`. */
export const transientWindowStart = (at: string): Date =>
  new Date(Date.parse(at) - TRANSIENT_BOUNCE_WINDOW_DAYS * 86_400_000);

/**
 * How long a customer's entry is kept: as long as their address itself may be kept
 * (ORIGINALS_RETENTION_DAYS), since after that hearback no longer knows the address to mail.
 * Staff entries stay until someone lifts them.
 */
export const expiresAtFor = (s: Pick<Suppression, "audience" | "at">, retentionDays: number): number | undefined =>
  s.audience === "customer" ? Math.floor(Date.parse(s.at) / 1000) + retentionDays * 86_400 : undefined;
