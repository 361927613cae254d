import * as z from "zod";
import { Contact } from "#shared/feedback/model/contact";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { TaskRecord } from "#shared/follow-up/model/task";
import { isIsoDay } from "#shared/kernel/time";
import { AuditRecord } from "./audit.ts";

/**
 * The data-rights API's inputs and answers (/v1/customers/{id}…, /v1/audit): the handler parses and
 * types with these, and the published contract (shared/api-contract/) is generated from them.
 */

/** A customer id or social handle from the path: what the API accepts for them anywhere. */
const Identifier = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => s.trim().length > 0 && !/\p{Cs}/u.test(s), "must be a visible, well-formed id");

/** Whose data: the path's {id}, and `?platform=` when it is a social author's handle there. */
export const CustomerRef = z.strictObject({
  id: Identifier,
  /** With a platform, the id is a social author's handle on it. */
  platform: Identifier.optional(),
});

/** GET /v1/audit's query: one UTC day (today without one), a page at a time. */
export const AuditQuery = z.strictObject({
  day: z.string().refine(isIsoDay, "must be a day, yyyy-mm-dd").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const AuditPage = z.strictObject({
  day: z.string(),
  items: z.array(AuditRecord),
  cursor: z.string().optional(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * Everything held about a customer, as stored (PIPL art. 45, GDPR art. 15 and 20): their feedback
 * with the words as written, their tasks, their surveys and the rest of their partition.
 */
export const CustomerExport = z.strictObject({
  contact: Contact,
  exportedAt: z.string(),
  feedback: z.array(
    StoredFeedback.extend({
      originalText: z.string().optional(),
      customerEmail: z.string().optional(),
      customerName: z.string().optional(),
    }),
  ),
  tasks: z.array(TaskRecord),
  surveys: z.array(z.record(z.string(), z.unknown())),
  other: z.array(z.record(z.string(), z.unknown())),
});
export type CustomerExport = z.infer<typeof CustomerExport>;
