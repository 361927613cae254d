import * as z from "zod";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { TaskRecord } from "./task.ts";

/**
 * The tasks API's body and answers (/v1/tasks…): the handler parses and types with these, and the
 * published contract (shared/api-contract/) is generated from them.
 */

/** The longest assignee name the API and the workbench's form take. */
export const ASSIGNEE_MAX = 200;

/** Who a task is assigned to: a lead's name, one line. */
export const Assignee = z
  .string()
  .trim()
  .min(1)
  .max(ASSIGNEE_MAX)
  .refine((name) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(name), "must be one line without control characters");

/** POST /v1/tasks/{id}/{action}: the version read (a stale one is 409) and what the action needs. */
export const ActionBody = z.strictObject({
  version: z.number().int().min(1),
  assignee: Assignee.optional(),
  note: z.string().trim().min(1).max(2_000).optional(),
  outcome: z.string().optional(),
  reason: z.string().max(500).optional(),
  /** resolve: ask the customer whether the problem is solved (default: FOLLOW_UP_RULES confirmResolution). */
  confirm: z.boolean().optional(),
});
export type ActionBody = z.infer<typeof ActionBody>;

/** A task in a list or after an action: everything but the audit trail, which GET /v1/tasks/{id} has. */
export const TaskSummary = TaskRecord.omit({ audit: true }).extend({ auditEntries: z.number().int().min(0) });
export type TaskSummary = z.infer<typeof TaskSummary>;

export const TaskPage = z.strictObject({ items: z.array(TaskSummary), cursor: z.string().optional() });
export type TaskPage = z.infer<typeof TaskPage>;

/**
 * How a support lead reaches the customer of a task (../contact-details.ts): the email and name they
 * gave, the phone numbers they wrote, the language to write to them in.
 */
export const ContactDetails = z.object({
  email: z.string().optional(),
  name: z.string().optional(),
  phones: z.array(z.string()),
  /** The customer's language: their feedback's locale, else the language it was written in. */
  locale: z.enum(SUPPORTED_LOCALES),
});
export type ContactDetails = z.infer<typeof ContactDetails>;

/** GET /v1/tasks/{id}: the task with its trail, how to reach the customer, their feedback and history. */
export const TaskDetail = TaskRecord.extend({
  /** The task's id beside the details: whose details a viewer read. */
  contactDetails: ContactDetails.extend({ id: z.string() }),
  feedback: z.array(StoredFeedback),
  customerHistory: z.array(StoredFeedback),
});
export type TaskDetail = z.infer<typeof TaskDetail>;
