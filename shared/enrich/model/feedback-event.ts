import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { BusEntry } from "#shared/kernel/bus";
import { forViewer } from "#shared/privacy/model/disclose";

/**
 * The `feedback.stored` event of a record the worker has just stored: what webhook filters match on (channel,
 * themes, sentiment, the priority of the task it opened or joined) and what a card shows, seen as people without the
 * right to personal data see it (the words masked, the customer a pseudonym). Its id names the record and its
 * revision: a redelivered message publishes the same id again; a changed survey answer (a new revision) a new one.
 */
export const feedbackStoredEntry = (
  stored: StoredFeedback,
  opts: { at: Date; pseudonymKey?: string | undefined; priority?: string | undefined },
): BusEntry => {
  const record = forViewer("feedback", stored, { canSeePersonalData: false, pseudonymKey: opts.pseudonymKey });
  return {
    type: "feedback.stored",
    id: `feedback.stored:${record.id}:r${record.revision ?? 1}`,
    at: opts.at.toISOString(),
    detail: {
      feedbackId: record.id,
      channel: record.channel,
      themes: record.themes,
      sentiment: record.sentiment,
      ...(record.score !== undefined && { score: record.score }),
      ...(record.taskId !== undefined && { taskId: record.taskId }),
      ...(opts.priority !== undefined && { priority: opts.priority }),
      week: record.week,
      ...(record.touchpoint !== undefined && { touchpoint: record.touchpoint }),
      ...(record.customerId !== undefined && { customerLabel: record.customerId }),
      ...(record.text !== undefined && { text: record.text }),
      language: record.language,
      occurredAt: record.occurredAt,
    },
  };
};
