import { type Contact, contactLabel } from "#shared/feedback/model/contact";
import type { Channel } from "#shared/feedback/model/schema";
import { FollowUpError, TaskTransitionError } from "./errors.ts";
import { maxPriority, type Priority } from "./priority.ts";
import { resumeClock, SlaPolicy, slaDeadlines } from "./sla.ts";
import {
  ACTIVE_STATUSES,
  type AuditAction,
  CloseReason,
  type FollowUpTaskV2,
  Outcome,
  SYSTEM_ACTOR,
  type TaskStatus,
} from "./task.ts";

/**
 * The follow-up task's lifecycle, from opening to closing and reopening. Every function here is
 * pure: it returns a new task (or the same one when nothing changes) and never mutates its
 * argument; a step the task's state does not allow throws a TaskTransitionError. Each change
 * appends an audit entry and bumps `version`, which the store uses for optimistic locking (write
 * only if the stored version is the one read).
 */

type Instant = string | Date;

const iso = (at: Instant, what = "at"): string => {
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) throw new FollowUpError(`${what} is not a valid date-time: ${String(at)}`);
  return d.toISOString();
};

const listOr = (statuses: readonly string[]): string =>
  statuses.length === 1 ? (statuses[0] ?? "") : `${statuses.slice(0, -1).join(", ")} or ${statuses.at(-1)}`;

const requireStatus = (task: FollowUpTaskV2, action: string, allowed: readonly TaskStatus[], hint = ""): void => {
  if (!allowed.includes(task.status)) {
    throw new TaskTransitionError(
      `cannot ${action} task ${task.id}: it is ${task.status} (${action} needs ${listOr(allowed)})${hint ? `; ${hint}` : ""}`,
      action,
      task.status,
    );
  }
};

const requireActor = (actor: string): string => {
  const trimmed = actor.trim();
  if (!trimmed) throw new FollowUpError("actor must not be empty: the audit trail has to say who acted");
  return trimmed;
};

/** The task after a change: patched fields, one more audit entry, the next version (also ./confirmation.ts's). */
export const changed = (
  task: FollowUpTaskV2,
  patch: Partial<FollowUpTaskV2>,
  entry: { at: string; actor: string; action: AuditAction; detail?: string | undefined },
): FollowUpTaskV2 => ({
  ...task,
  ...patch,
  version: task.version + 1,
  audit: [
    ...task.audit,
    {
      at: entry.at,
      actor: requireActor(entry.actor),
      action: entry.action,
      ...(entry.detail !== undefined && entry.detail !== "" && { detail: entry.detail }),
    },
  ],
});

/** Deadlines of the current round, paused time added back. */
const recomputeDeadlines = (
  task: Pick<FollowUpTaskV2, "sla" | "clockStartedAt" | "pauses">,
): { firstResponseDueAt: string; resolveDueAt: string } =>
  slaDeadlines({ ...task.sla, openedAt: task.clockStartedAt, pauses: task.pauses });

const dedupe = (items: readonly string[]): string[] => [...new Set(items)];

export interface OpenTaskInput {
  id: string;
  contact: Contact;
  customerTier?: string | undefined;
  channel: Channel;
  feedbackId: string;
  /** ISO week the opening feedback occurred in. */
  feedbackWeek?: string | undefined;
  themes: readonly string[];
  team: string;
  priority: Priority;
  reasons: readonly string[];
  /** The SLA for this team, e.g. `slaPolicyFor(rules, businessHoursFor(rules, team))`. */
  sla: SlaPolicy;
  openedAt: Instant;
  actor?: string;
}

export const openTask = (input: OpenTaskInput): FollowUpTaskV2 => {
  const openedAt = iso(input.openedAt, "openedAt");
  const sla = SlaPolicy.parse(input.sla);
  const actor = requireActor(input.actor ?? SYSTEM_ACTOR);
  const reasons = dedupe(input.reasons);
  return {
    id: input.id,
    contact: input.contact,
    customerId: contactLabel(input.contact),
    ...(input.customerTier !== undefined && { customerTier: input.customerTier }),
    channel: input.channel,
    feedbackIds: [input.feedbackId],
    ...(input.feedbackWeek !== undefined && { feedbackWeek: input.feedbackWeek }),
    themes: dedupe(input.themes),
    team: input.team,
    status: "open",
    priority: input.priority,
    reasons,
    openedAt,
    sla,
    clockStartedAt: openedAt,
    round: 1,
    ...recomputeDeadlines({ sla, clockStartedAt: openedAt, pauses: [] }),
    pauses: [],
    escalations: [],
    version: 1,
    audit: [{ at: openedAt, actor, action: "opened", detail: `${input.feedbackId}: ${reasons.join("; ")}` }],
  };
};

export interface JoiningFeedback {
  feedbackId: string;
  at: Instant;
  priority: Priority;
  reasons: readonly string[];
  themes: readonly string[];
  customerTier?: string | undefined;
}

/**
 * New feedback from a customer who already has an active task joins it instead of opening a
 * second one: the task ranks by the worse of the two, and keeps its deadlines (the customer has
 * been waiting since the first complaint, not the latest). Joining the same feedback twice (a
 * redelivered message) changes nothing. Resolved and closed tasks cannot be joined: reopen one or
 * open a new task.
 */
export const joinTask = (task: FollowUpTaskV2, feedback: JoiningFeedback, actor = SYSTEM_ACTOR): FollowUpTaskV2 => {
  requireStatus(task, "join", ACTIVE_STATUSES, "reopen it or open a new task");
  if (task.feedbackIds.includes(feedback.feedbackId)) return task;
  const priority = maxPriority(task.priority, feedback.priority);
  return changed(
    task,
    {
      feedbackIds: [...task.feedbackIds, feedback.feedbackId],
      themes: dedupe([...task.themes, ...feedback.themes]),
      reasons: dedupe([...task.reasons, ...feedback.reasons]),
      priority,
      ...(task.customerTier === undefined &&
        feedback.customerTier !== undefined && { customerTier: feedback.customerTier }),
    },
    {
      at: iso(feedback.at),
      actor,
      action: "joined",
      detail: `${feedback.feedbackId}: ${feedback.reasons.join("; ")}${priority !== task.priority ? ` (priority ${task.priority.level} -> ${priority.level})` : ""}`,
    },
  );
};

/** Gives the task an owner; reassigning keeps the status, assigning the same person changes nothing. */
export const assign = (task: FollowUpTaskV2, assignee: string, actor: string, at: Instant): FollowUpTaskV2 => {
  requireStatus(task, "assign", ACTIVE_STATUSES);
  const who = assignee.trim();
  if (!who) throw new FollowUpError("assignee must not be empty");
  if (task.assignee === who) return task;
  return changed(
    task,
    { assignee: who, status: task.status === "open" ? "assigned" : task.status },
    { at: iso(at), actor, action: "assigned", detail: task.assignee ? `${task.assignee} -> ${who}` : who },
  );
};

/** Someone reached the customer: the first time stops the first-response clock. */
export const markContacted = (task: FollowUpTaskV2, actor: string, at: Instant, note?: string): FollowUpTaskV2 => {
  requireStatus(
    task,
    "contact",
    ["open", "assigned", "contacted"],
    task.status === "waiting_on_customer" ? "resume it when the customer answers" : "",
  );
  const when = iso(at);
  return changed(
    task,
    { status: "contacted", firstRespondedAt: task.firstRespondedAt ?? when },
    { at: when, actor, action: "contacted", detail: note },
  );
};

/** The next move is the customer's (a photo, an order number): both SLA clocks stop. */
export const waitOnCustomer = (task: FollowUpTaskV2, actor: string, at: Instant, note?: string): FollowUpTaskV2 => {
  requireStatus(task, "wait on the customer for", ["assigned", "contacted"]);
  const when = iso(at);
  return changed(
    task,
    { status: "waiting_on_customer", pauses: [...task.pauses, { from: when }] },
    { at: when, actor, action: "waiting_on_customer", detail: note },
  );
};

/** The pause of a waiting task closed at `at`, with deadlines pushed back by the paused time. */
const closePause = (task: FollowUpTaskV2, when: string): Partial<FollowUpTaskV2> => {
  const { pauses } = resumeClock(task, when);
  const due = recomputeDeadlines({ ...task, pauses });
  // A first response already given keeps the deadline it was measured against.
  return task.firstRespondedAt !== undefined ? { pauses, resolveDueAt: due.resolveDueAt } : { pauses, ...due };
};

/** The customer answered: clocks run again, with the waiting time added to both deadlines. */
export const resumeFromCustomer = (task: FollowUpTaskV2, actor: string, at: Instant, note?: string): FollowUpTaskV2 => {
  requireStatus(task, "resume", ["waiting_on_customer"]);
  const when = iso(at);
  const status: TaskStatus = task.firstRespondedAt ? "contacted" : task.assignee ? "assigned" : "open";
  return changed(task, { ...closePause(task, when), status }, { at: when, actor, action: "resumed", detail: note });
};

/**
 * The problem is fixed (or needs nothing). Anything but `no_action_needed` needs the customer to
 * have been contacted first: the loop is about talking to them, not refunding silently.
 */
export const resolve = (
  task: FollowUpTaskV2,
  outcome: Outcome,
  actor: string,
  at: Instant,
  note?: string,
): FollowUpTaskV2 => {
  requireStatus(task, "resolve", ACTIVE_STATUSES);
  const parsed = Outcome.safeParse(outcome);
  if (!parsed.success) {
    throw new TaskTransitionError(
      `cannot resolve task ${task.id}: outcome must be one of ${Outcome.options.join(", ")}`,
      "resolve",
      task.status,
    );
  }
  if (outcome !== "no_action_needed" && task.firstRespondedAt === undefined) {
    throw new TaskTransitionError(
      `cannot resolve task ${task.id} with ${outcome}: the customer has not been contacted yet (only no_action_needed may skip contact)`,
      "resolve",
      task.status,
    );
  }
  const when = iso(at);
  return changed(
    task,
    {
      ...(task.status === "waiting_on_customer" && closePause(task, when)),
      status: "resolved",
      resolvedAt: when,
      outcome,
      ...(note !== undefined && note.trim() !== "" && { resolutionNote: note }),
    },
    { at: when, actor, action: "resolved", detail: note ? `${outcome}: ${note}` : outcome },
  );
};

/** Archive a resolved task once the customer confirms, or after the confirmation timeout. */
export const close = (task: FollowUpTaskV2, actor: string, at: Instant, reason: CloseReason): FollowUpTaskV2 => {
  requireStatus(task, "close", ["resolved"], task.status === "closed" ? "" : "resolve it first");
  if (!CloseReason.safeParse(reason).success) {
    throw new TaskTransitionError(
      `cannot close task ${task.id}: reason must be ${CloseReason.options.join(" or ")}`,
      "close",
      task.status,
    );
  }
  const when = iso(at);
  return changed(
    task,
    { status: "closed", closedAt: when, closeReason: reason },
    { at: when, actor, action: "closed", detail: reason },
  );
};

/**
 * The fix did not hold: the task goes back to its owner (or the queue) with fresh SLA clocks from
 * now, a new round (so it may escalate again), and the previous resolution kept in the audit trail.
 */
export const reopen = (task: FollowUpTaskV2, actor: string, at: Instant, reason: string): FollowUpTaskV2 => {
  requireStatus(task, "reopen", ["resolved", "closed"]);
  if (!reason.trim()) throw new FollowUpError("a reopen needs a reason");
  const when = iso(at);
  const {
    firstRespondedAt: _responded,
    resolvedAt: _resolved,
    outcome: _outcome,
    resolutionNote: _note,
    closedAt: _closed,
    closeReason: _closeReason,
    ...rest
  } = task;
  return changed(
    {
      ...rest,
      status: task.assignee ? "assigned" : "open",
      clockStartedAt: when,
      round: task.round + 1,
      ...recomputeDeadlines({ sla: task.sla, clockStartedAt: when, pauses: task.pauses }),
    },
    {},
    { at: when, actor, action: "reopened", detail: reason },
  );
};

/** A note on the task, in any status (closed tasks are archives that people still annotate). */
export const addNote = (task: FollowUpTaskV2, actor: string, at: Instant, text: string): FollowUpTaskV2 => {
  if (!text.trim()) throw new FollowUpError("a note must not be empty");
  return changed(task, {}, { at: iso(at), actor, action: "note", detail: text });
};
