import { createHmac } from "node:crypto";
import * as z from "zod";
import { type Contact, type ContactKey, contactLabel } from "#shared/feedback/model/contact";
import type { AuditEntry, FollowUpTaskV2 } from "#shared/follow-up/model/task";

/**
 * Erasure on request (PIPL art. 47, GDPR art. 17): what is removed, what stays, and the tombstone that
 * keeps a redelivered message from bringing the customer back. Pure; the stores do the I/O.
 *
 * Removed: the customer's feedback records and their originals, accepted markers, survey records and
 * their attempts, the open-task pointer, recovery watch and last-surveyed marks. Kept, scrubbed: their
 * follow-up tasks (SLA and loop statistics need them) lose every personal field. Kept as they are: the
 * weekly counters, which are anonymous aggregates.
 */

/** Who an erased task is for: no one (a key of its own, which no customer or author can have). */
export const ERASED_CONTACT: Contact = { kind: "erased" };
export const ERASED_LABEL = contactLabel(ERASED_CONTACT);

/** A task with every personal field removed: contact, tier, notes and reasons written about the customer. */
export const scrubTask = (task: FollowUpTaskV2, erasedAt: string): FollowUpTaskV2 & { erasedAt: string } => {
  const { customerTier: _tier, resolutionNote: _note, ...rest } = task;
  return {
    ...rest,
    contact: ERASED_CONTACT,
    customerId: ERASED_LABEL,
    // The reasons and the tier's "why" quote the customer ("gold customer"); the other factors say only
    // "NPS 2 (0-6 band)" or "negative tone 80%", which stay readable.
    reasons: [],
    priority: {
      ...task.priority,
      // The tier factor's arguments name the tier too (shared/follow-up/model/priority.ts).
      factors: task.priority.factors.map(({ args, ...f }) =>
        f.factor === "tier" ? { ...f, why: ERASED_LABEL } : { ...f, ...(args !== undefined && { args }) },
      ),
    },
    audit: task.audit.map(({ detail: _detail, ...entry }): AuditEntry => entry),
    erasedAt,
  };
};

/**
 * The tombstone's key: a keyed hash of the contact key, so the register of erased customers names no
 * one. Keyed by the deployment's pseudonym key (shared/privacy/model/disclose.ts).
 */
export const tombstoneDigest = (contact: ContactKey, key: string): string =>
  createHmac("sha256", key).update(`erased\u0000${contact}`).digest("base64url");

/** A message accepted before the erasure (a redelivery, a retry) must not bring the customer back. */
export const erasedByTombstone = (receivedAt: string, erasedAt: string | undefined): boolean =>
  erasedAt !== undefined && receivedAt <= erasedAt;

/** What an erasure removed (DELETE /v1/customers/{id} answers with it): counts, never contents. */
export const ErasureReport = z.strictObject({
  erasedAt: z.string(),
  feedback: z.number().int().min(0),
  tasks: z.number().int().min(0),
  surveys: z.number().int().min(0),
  otherItems: z.number().int().min(0),
});
export type ErasureReport = z.infer<typeof ErasureReport>;
