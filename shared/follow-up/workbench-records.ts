import type { StoredFeedback } from "#shared/feedback/model/schema";
import { forViewer, type Lens } from "#shared/privacy/model/disclose";
import { escalationLevel } from "./model/escalation.ts";
import { type FollowUpTaskV2, nextDeadline } from "./model/task.ts";
import type { FeedbackItemView, TriageTaskView } from "./views/triage-view.ts";

/** The records the workbench pages show, each through the privacy policy with the viewer's lens. */

/** What a row and the task page show of a task, through the privacy policy. */
export const taskView = (
  task: FollowUpTaskV2,
  lens: Lens,
  latestText: string | undefined,
  customerName?: string,
): TriageTaskView => {
  const t = forViewer("task", task, lens);
  const next = nextDeadline(t);
  return {
    id: t.id,
    version: t.version,
    customerLabel: t.customerId,
    // The name they gave, only for a viewer who may see it (the caller reads it only for them).
    ...(lens.canSeePersonalData && customerName !== undefined && customerName !== "" && { customerName }),
    ...(t.customerTier !== undefined && { customerTier: t.customerTier }),
    channel: t.channel,
    status: t.status,
    ...(t.assignee !== undefined && { assignee: t.assignee }),
    team: t.team,
    themes: t.themes,
    priority: t.priority,
    reasons: t.reasons,
    openedAt: t.openedAt,
    firstResponseDueAt: t.firstResponseDueAt,
    resolveDueAt: t.resolveDueAt,
    ...(next && { nextDueAt: next.dueAt }),
    escalationLevel: escalationLevel(t),
    ...(latestText !== undefined && { latestText }),
    feedbackCount: t.feedbackIds.length,
  };
};

export const itemView = (record: StoredFeedback, lens: Lens, original: string | undefined): FeedbackItemView => {
  const r = forViewer("feedback", record, lens);
  const text = original ?? r.text;
  return {
    id: r.id,
    channel: r.channel,
    ...(r.score !== undefined && { score: r.score }),
    sentiment: r.sentiment,
    themes: r.themes,
    occurredAt: r.occurredAt,
    ...(r.touchpoint !== undefined && { touchpoint: r.touchpoint }),
    ...(text !== undefined && { text }),
    ...(r.correction !== undefined && { correctedBy: r.correction.by }),
  };
};
