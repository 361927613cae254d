import {
  MIN_LOOP_ANSWERS,
  RESOLUTION_SATISFACTION_WEEKS,
  recoveryOf,
  resolutionSatisfaction as satisfactionOf,
} from "#shared/follow-up/model/loop";
import type { LoopSummary, Metric } from "./digest.ts";

/** Below this many tasks a share is shown as "not enough yet" (the workbench's header uses the same). */
export const MIN_LOOP_TASKS = MIN_LOOP_ANSWERS;

const share = (inSla: number, late: number): Metric => {
  const n = inSla + late;
  return { value: n === 0 ? undefined : (100 * inSla) / n, n, enough: n >= MIN_LOOP_TASKS };
};

/**
 * Recovery over a span of weeks (a detractor needs time to answer again): of the tasks a
 * detractor's score opened in those weeks, the share whose customer later answered better.
 */
export const recoveryRate = (weeks: ReadonlyArray<Readonly<Record<string, number>>>): Metric => {
  const { n, share: value } = recoveryOf(weeks);
  return { value, n, enough: n >= MIN_LOOP_TASKS };
};

/**
 * Satisfaction with the resolution: of the customers asked "is your problem solved?" about tasks
 * of these weeks, the share who said yes (the handbooks' target: 90 %).
 */
export const resolutionSatisfied = (weeks: ReadonlyArray<Readonly<Record<string, number>>>): Metric => {
  const { yes, no } = satisfactionOf(weeks);
  return share(yes, no);
};

const windowOf = (weeks: readonly string[]) => {
  const sorted = [...weeks].sort();
  return { first: sorted[0] as string, last: sorted[sorted.length - 1] as string, weeks: sorted.length };
};

/**
 * The digest's closing-the-loop section from the week's loop counters, today's overdue count and,
 * for recovery, the loop counters of the week and the weeks before it (newest first); satisfaction
 * with the resolution over the first RESOLUTION_SATISFACTION_WEEKS of them (answers come days after
 * a resolution, so one week alone would be mostly empty).
 */
export const loopSummary = (
  counts: Readonly<Record<string, number>>,
  overdueNow: number,
  recoveryWeeks: ReadonlyArray<Readonly<Record<string, number>>> = [counts],
  /** The ISO weeks those counters are of (any order): the window the email states beside the figure. */
  window?: readonly string[],
): LoopSummary => ({
  opened: counts.opened ?? 0,
  firstResponseWithinSla: share(counts.respondedInSla ?? 0, counts.respondedLate ?? 0),
  resolvedWithinSla: share(counts.resolvedInSla ?? 0, counts.resolvedLate ?? 0),
  overdueNow,
  recovered: recoveryRate(recoveryWeeks),
  ...(window !== undefined && window.length > 0 && { recoveryWindow: windowOf(window) }),
  resolutionSatisfied: resolutionSatisfied(recoveryWeeks.slice(0, RESOLUTION_SATISFACTION_WEEKS)),
});
