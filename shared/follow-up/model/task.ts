import * as z from "zod";
import { Contact, contactLabel } from "#shared/feedback/model/contact";
import { Channel } from "#shared/feedback/model/schema";
import { Priority } from "./priority.ts";
import { SlaPause, SlaPolicy } from "./sla.ts";

/**
 * A follow-up task: one per unhappy customer, from the first contact to the customer confirming
 * the fix. This module says what a task is (the schemas, which are also the stored record, and the
 * enumerations everything else reads) and which of its deadlines are running; ./transitions.ts
 * moves a task from one status to the next.
 */

export const TaskStatus = z.enum(["open", "assigned", "contacted", "waiting_on_customer", "resolved", "closed"]);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const Outcome = z.enum(["refund", "replacement", "apology", "compensation", "explanation", "no_action_needed"]);
export type Outcome = z.infer<typeof Outcome>;

export const CloseReason = z.enum(["customer_confirmed", "timeout"]);
export type CloseReason = z.infer<typeof CloseReason>;

export const DeadlineKind = z.enum(["first_response", "resolution"]);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const EscalationLevel = z.union([z.literal(1), z.literal(2)]);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

export const EscalationRecord = z.object({
  level: EscalationLevel,
  at: z.string(),
  overdue: DeadlineKind,
  /** The task's round when it escalated: a reopened task gets fresh deadlines and may escalate again. */
  round: z.number().int().min(1).default(1),
});
export type EscalationRecord = z.infer<typeof EscalationRecord>;

export const AuditAction = z.enum([
  "opened",
  "joined",
  "assigned",
  "contacted",
  "waiting_on_customer",
  "resumed",
  "resolved",
  "closed",
  "reopened",
  "note",
  "escalated",
  /** A lead wrote to the customer from the task (the message is the detail). */
  "replied",
  /** "Is your problem solved?" went to the customer, could not go, or was answered (../resolution-confirmation.ts). */
  "confirmation_sent",
  "confirmation_not_sent",
  "confirmation_answered",
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: AuditAction,
  detail: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * Tasks stored before customers and social authors had separate key spaces name their contact only
 * in `customerId`: the customer id, or `<platform>:@<handle>` for a social author. Read so until
 * `hearback migrate` has rewritten them (it prefers the opening feedback, which is exact).
 */
export const legacyContact = (channel: unknown, customerId: string): Contact => {
  const at = customerId.indexOf(":@");
  return channel === "social" && at > 0 && at + 2 < customerId.length
    ? { kind: "social", platform: customerId.slice(0, at), handle: customerId.slice(at + 2) }
    : { kind: "customer", id: customerId };
};

const withContact = (item: unknown): unknown => {
  if (item === null || typeof item !== "object" || "contact" in item) return item;
  const { channel, customerId } = item as Record<string, unknown>;
  if (typeof customerId !== "string" || customerId === "") return item;
  const contact = legacyContact(channel, customerId);
  return { ...item, contact, customerId: contactLabel(contact) };
};

/**
 * Asking the customer "is your problem solved?" after a resolution (../resolution-confirmation.ts):
 * at most one question per round. `sending` from the resolve until the email is handed over (a
 * crash in between leaves it so, and nothing is sent twice), then `sent`, or `not_sent` with why.
 * Nothing personal: the customer's words go into the audit trail, which erasure scrubs.
 */
export const ConfirmationState = z.enum(["sending", "sent", "not_sent"]);
export type ConfirmationState = z.infer<typeof ConfirmationState>;

export const NotSentReason = z.enum(["no_email", "quiet_period", "send_failed"]);
export type NotSentReason = z.infer<typeof NotSentReason>;

export const ResolutionConfirmation = z.object({
  /** The task's round when it was resolved: the link answers for this resolution only. */
  round: z.number().int().min(1),
  state: ConfirmationState,
  /** When the question was asked (or the attempt was made). */
  at: z.string(),
  /** When the link stops working: the task's auto-close time. */
  expiresAt: z.string(),
  reason: NotSentReason.optional(),
  answer: z
    .object({
      solved: z.boolean(),
      /** How satisfied with the resolution, 1-5, when the customer said. */
      csat: z.number().int().min(1).max(5).optional(),
      at: z.string(),
      /** What the answer did: closed or reopened the task, or only recorded (it had moved on). */
      effect: z.enum(["closed", "reopened", "recorded"]),
    })
    .optional(),
});
export type ResolutionConfirmation = z.infer<typeof ResolutionConfirmation>;

// z.object (not strictObject): stored items carry the store's own keys, which parsing strips.
/** A task as stored and shown, once older items have their contact (FollowUpTaskV2 reads them so). */
export const TaskRecord = z.object({
  id: z.string().min(1),
  /** Who the task is for, structured: its key (contactKey) is the open-task pointer's. */
  contact: Contact,
  /** What people see of the contact (contactLabel): the customer id, or `@handle (platform)`. */
  customerId: z.string().min(1),
  customerTier: z.string().optional(),
  /** Channel of the feedback that opened the task. */
  channel: Channel,
  feedbackIds: z.array(z.string()).min(1),
  /**
   * ISO week of the feedback that opened the task: the digest reports a week's follow-ups with
   * that week's feedback, also when it arrived late (a backfill). Absent on older tasks.
   */
  feedbackWeek: z.string().optional(),
  themes: z.array(z.string()),
  team: z.string().min(1),
  status: TaskStatus,
  assignee: z.string().optional(),
  priority: Priority,
  reasons: z.array(z.string()),
  openedAt: z.string(),
  /** The SLA this task was promised when it opened (rule changes later do not move it). */
  sla: SlaPolicy,
  /** When the current SLA clocks started: `openedAt`, or the last reopen. */
  clockStartedAt: z.string(),
  /** 1 for a new task, +1 on every reopen. */
  round: z.number().int().min(1),
  firstResponseDueAt: z.string(),
  resolveDueAt: z.string(),
  firstRespondedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  outcome: Outcome.optional(),
  resolutionNote: z.string().optional(),
  closedAt: z.string().optional(),
  closeReason: CloseReason.optional(),
  pauses: z.array(SlaPause),
  escalations: z.array(EscalationRecord),
  /** One per resolution round the customer was (to be) asked about; absent on older tasks. */
  confirmations: z.array(ResolutionConfirmation).optional(),
  version: z.number().int().min(1),
  audit: z.array(AuditEntry),
});
export const FollowUpTaskV2 = z.preprocess(withContact, TaskRecord);
export type FollowUpTaskV2 = z.infer<typeof FollowUpTaskV2>;

/** Statuses in which someone still owes the customer something. */
/** A task's id: "task_" and the 26 characters of the feedback id that opened it. Anything else cannot exist. */
export const isTaskId = (id: string): boolean => /^task_[0-9a-hjkmnp-tv-z]{26}$/.test(id);

export const ACTIVE_STATUSES = ["open", "assigned", "contacted", "waiting_on_customer"] as const satisfies TaskStatus[];

export const SYSTEM_ACTOR = "system";

export const isActive = (task: Pick<FollowUpTaskV2, "status">): boolean =>
  (ACTIVE_STATUSES as readonly TaskStatus[]).includes(task.status);

export interface PendingDeadline {
  kind: DeadlineKind;
  dueAt: string;
}

/** Deadlines still running: none while waiting on the customer or once resolved. */
export const pendingDeadlines = (task: FollowUpTaskV2): PendingDeadline[] => {
  if (task.status === "waiting_on_customer" || !isActive(task)) return [];
  const pending: PendingDeadline[] = [];
  if (task.firstRespondedAt === undefined) pending.push({ kind: "first_response", dueAt: task.firstResponseDueAt });
  pending.push({ kind: "resolution", dueAt: task.resolveDueAt });
  return pending;
};

/** The earliest deadline still running, for a queue sorted by "due next" and for the sweep index. */
export const nextDeadline = (task: FollowUpTaskV2): PendingDeadline | undefined =>
  pendingDeadlines(task).reduce<PendingDeadline | undefined>(
    (best, d) => (best === undefined || Date.parse(d.dueAt) < Date.parse(best.dueAt) ? d : best),
    undefined,
  );
