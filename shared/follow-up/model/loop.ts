import type { LoopSummary, Metric } from "#shared/digest/model/digest";
import type { CounterIncrement } from "#shared/enrich/model/enrich";
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

/** Below this many tasks a share is shown as "not enough yet". */
export const MIN_LOOP_TASKS = 5;

const share = (inSla: number, late: number): Metric => {
  const n = inSla + late;
  return { value: n === 0 ? undefined : (100 * inSla) / n, n, enough: n >= MIN_LOOP_TASKS };
};

/**
 * Recovery over a span of weeks (a detractor needs time to answer again): of the tasks a
 * detractor's score opened in those weeks, the share whose customer later answered better.
 */
export const recoveryRate = (weeks: ReadonlyArray<Readonly<Record<string, number>>>): Metric => {
  const n = weeks.reduce((sum, c) => sum + (c.detractorTasks ?? 0), 0);
  const recovered = weeks.reduce((sum, c) => sum + (c.recovered ?? 0), 0);
  return { value: n === 0 ? undefined : (100 * recovered) / n, n, enough: n >= MIN_LOOP_TASKS };
};

/**
 * The digest's closing-the-loop section from the week's loop counters, today's overdue count and,
 * for recovery, the loop counters of the week and the weeks before it.
 */
export const loopSummary = (
  counts: Readonly<Record<string, number>>,
  overdueNow: number,
  recoveryWeeks: ReadonlyArray<Readonly<Record<string, number>>> = [counts],
): LoopSummary => ({
  opened: counts.opened ?? 0,
  firstResponseWithinSla: share(counts.respondedInSla ?? 0, counts.respondedLate ?? 0),
  resolvedWithinSla: share(counts.resolvedInSla ?? 0, counts.resolvedLate ?? 0),
  overdueNow,
  recovered: recoveryRate(recoveryWeeks),
});
