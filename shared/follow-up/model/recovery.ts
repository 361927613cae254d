import { type Contact, type ContactKey, contactKey } from "#shared/feedback/model/contact";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import { loopWeek } from "./loop.ts";

/**
 * Recovery: did a detractor we followed up with later answer better? When a task opens from a
 * detractor's score, the customer gets a watch; a later answer on the same scale that is higher
 * and no longer a detractor's (it opens no task) recovers them, counted once under the task's
 * week. A newer detractor answer replaces the watch (the newer task is the one to judge).
 */
export interface RecoveryWatch {
  /** The customer's key (contactKey): only survey customers are watched. */
  contact: ContactKey;
  taskId: string;
  channel: "nps" | "csat";
  score: number;
  /** When the detractor answered; only later answers can recover them. */
  answeredAt: string;
  /** The task's loop week (its feedback's week): the loop counters' row the recovery is counted in. */
  week: string;
}

/** How long a later answer still counts as recovering the detractor. */
export const RECOVERY_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/** The watch a newly opened task starts, when a detractor's score opened it. */
export const watchFor = (
  task: { id: string; contact: Contact; openedAt: string; feedbackWeek?: string | undefined },
  record: Pick<StoredFeedback, "channel" | "score" | "detractor" | "occurredAt">,
): RecoveryWatch | undefined =>
  record.channel !== "social" && record.score !== undefined && record.detractor
    ? {
        contact: contactKey(task.contact),
        taskId: task.id,
        channel: record.channel,
        score: record.score,
        answeredAt: record.occurredAt,
        week: loopWeek(task),
      }
    : undefined;

/** When the watch lapses (the store's TTL). */
export const watchExpiresAt = (watch: RecoveryWatch): Date =>
  new Date(Date.parse(watch.answeredAt) + RECOVERY_WINDOW_DAYS * DAY_MS);

/**
 * True when `record` recovers the watched detractor: same scale, answered later and within the
 * window, a higher score, and not itself a reason for a follow-up.
 */
export const recovers = (
  watch: RecoveryWatch,
  record: Pick<StoredFeedback, "channel" | "score" | "occurredAt">,
  opensFollowUp: boolean,
): boolean => {
  if (opensFollowUp || record.channel !== watch.channel || record.score === undefined) return false;
  const at = Date.parse(record.occurredAt);
  const from = Date.parse(watch.answeredAt);
  return record.score > watch.score && at > from && at <= watchExpiresAt(watch).getTime();
};
