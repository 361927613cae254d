import type { CounterIncrement } from "#shared/feedback/model/counters";
import { isoWeek } from "#shared/kernel/time";
import type { FollowUpTaskV2 } from "./task.ts";

/** The weekly counter row that closes the loop: key "loop#all" under the week of the task's feedback. */
export const LOOP_KEY = "loop#all";

/** The week a task's loop counts belong to: its feedback's week, or (older tasks) its opening week. */
export const loopWeek = (task: Pick<FollowUpTaskV2, "feedbackWeek" | "openedAt">): string =>
  task.feedbackWeek ?? isoWeek(task.openedAt);

/**
 * What one task change adds to its week's loop counters: opened, first response in or out of SLA,
 * resolved in or out of SLA. Counted on the transition, so saving the same task twice adds nothing.
 */
export const loopCounterChange = (
  before: FollowUpTaskV2 | undefined,
  after: FollowUpTaskV2,
): CounterIncrement | undefined => {
  const add: Record<string, number> = {};
  if (before === undefined) add.opened = 1;
  if (before?.firstRespondedAt === undefined && after.firstRespondedAt !== undefined) {
    add[after.firstRespondedAt <= after.firstResponseDueAt ? "respondedInSla" : "respondedLate"] = 1;
  }
  if (before?.status !== "resolved" && after.status === "resolved" && after.resolvedAt !== undefined) {
    add[after.resolvedAt <= after.resolveDueAt ? "resolvedInSla" : "resolvedLate"] = 1;
  }
  return Object.keys(add).length === 0 ? undefined : { week: loopWeek(after), key: LOOP_KEY, add };
};
