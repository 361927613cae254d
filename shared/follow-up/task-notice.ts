import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { forViewer } from "#shared/privacy/model/disclose";
import type { NoticeEscalation } from "./model/notice.ts";
import { type FollowUpTaskV2, isActive } from "./model/task.ts";
import type { EventPublisher, TaskNotice } from "./ports/notifier.ts";

/**
 * Teams, supervisors and the systems on the bus have no right to personal data: the notice shows
 * the task, and the customer's latest words, through the privacy policy. It carries no words of
 * any language; the mailer writes the email in its readers' language (views/task-email.ts).
 */
export const notice = (
  raw: FollowUpTaskV2,
  type: TaskNotice["type"],
  audience: TaskNotice["audience"],
  at: Date,
  pseudonymKey: string | undefined,
  latest?: StoredFeedback | undefined,
  escalation?: NoticeEscalation | undefined,
): TaskNotice => {
  const lens = { canSeePersonalData: false, pseudonymKey };
  const task = forViewer("task", raw, lens);
  const words = latest ? forViewer("feedback", latest, lens).text : undefined;
  return {
    type,
    taskId: task.id,
    team: task.team,
    priority: task.priority.level,
    audience,
    at: at.toISOString(),
    task: {
      customerLabel: task.customerId,
      ...(task.customerTier !== undefined && { customerTier: task.customerTier }),
      channel: task.channel,
      status: task.status,
      themes: task.themes,
      priority: task.priority,
      reasons: task.reasons,
      openedAt: task.openedAt,
      firstResponseDueAt: task.firstResponseDueAt,
      resolveDueAt: task.resolveDueAt,
      ...(task.firstRespondedAt !== undefined && { firstRespondedAt: task.firstRespondedAt }),
      ...(words !== undefined && { latestText: words }),
      feedbackCount: task.feedbackIds.length,
    },
    ...(escalation !== undefined && { escalation }),
    detail: { status: task.status, customerId: task.customerId, feedbackIds: task.feedbackIds },
  };
};

/** What a person's (or a customer's answer's) change to a task tells integrations: resolved, reopened, or nothing. */
export const changeType = (
  before: Pick<FollowUpTaskV2, "status">,
  after: Pick<FollowUpTaskV2, "status">,
): "task.resolved" | "task.reopened" | undefined => {
  if (after.status === "resolved" && before.status !== "resolved") return "task.resolved";
  if (isActive(after) && !isActive(before)) return "task.reopened";
  return undefined;
};

/**
 * The notice of a saved change (changeType), with the task as task.opened shows it (masked, a pseudonym) and its
 * id from the version the change saved, so publishing it again carries the same id.
 */
export const changeNotice = (
  before: FollowUpTaskV2,
  after: FollowUpTaskV2,
  at: Date,
  pseudonymKey: string | undefined,
  latest?: StoredFeedback | undefined,
): TaskNotice | undefined => {
  const type = changeType(before, after);
  if (!type) return undefined;
  return { ...notice(after, type, "team", at, pseudonymKey, latest), version: after.version };
};

/** Who hears of a task's change: the bus, with the customer's latest words from the store when there is one. */
export interface TaskChangeEvents {
  events: EventPublisher;
  pseudonymKey?: string | undefined;
  feedback?: Pick<FeedbackStore, "storedRecords"> | undefined;
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * Tells the bus a saved change resolved or reopened the task. Never throws: the change is saved, and a lost event
 * must not undo or repeat it (the error goes to `onError`).
 */
export const announceChange = async (
  deps: TaskChangeEvents | undefined,
  before: FollowUpTaskV2,
  after: FollowUpTaskV2,
  at: Date,
): Promise<void> => {
  if (!deps || !changeType(before, after)) return;
  try {
    const latestId = after.feedbackIds.at(-1);
    const latest =
      latestId && deps.feedback ? (await deps.feedback.storedRecords([latestId])).get(latestId) : undefined;
    const n = changeNotice(before, after, at, deps.pseudonymKey, latest);
    if (n) await deps.events.publish([n]);
  } catch (error) {
    deps.onError?.(error);
  }
};
