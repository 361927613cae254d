import { isoWeek, previousWeeks } from "#shared/kernel/time";
import {
  RECOVERY_WEEKS,
  RESOLUTION_SATISFACTION_WEEKS,
  type Recovery,
  type ResolutionSatisfaction,
  recoveryOf,
  resolutionSatisfaction,
} from "./model/loop.ts";
import type { TaskStore } from "./ports/task-store.ts";

export type { Recovery, ResolutionSatisfaction } from "./model/loop.ts";

/** The loop counters of the week of `now` and the weeks before it, `weeks` in all, newest first. */
const readWeeks = async (
  tasks: Pick<TaskStore, "loopCounts">,
  now: Date,
  weeks: number,
): Promise<Array<Readonly<Record<string, number>>>> => {
  const current = isoWeek(now);
  const span = [current, ...previousWeeks(current, Math.max(0, Math.floor(weeks) - 1))];
  const counts = await tasks.loopCounts(span);
  return span.map((w) => counts.get(w) ?? {});
};

/**
 * Satisfaction with the resolution for a header or a report: the customers' yes and no to "is
 * your problem solved?" over the week of `now` and the weeks before it (4 in all by default), read
 * from the weekly loop counters (one BatchGetItem, no Scan). Each answer is counted under its
 * task's week, like every loop count.
 */
export const readResolutionSatisfaction = async (
  tasks: Pick<TaskStore, "loopCounts">,
  now: Date,
  weeks: number = RESOLUTION_SATISFACTION_WEEKS,
): Promise<ResolutionSatisfaction> => resolutionSatisfaction(await readWeeks(tasks, now, weeks));

/**
 * What the queue's header reports of closing the loop, from one read of the loop counters:
 * satisfaction with the resolution over its 4 weeks and recovery over the digest's span.
 */
export const readLoopFigures = async (
  tasks: Pick<TaskStore, "loopCounts">,
  now: Date,
): Promise<{ satisfaction: ResolutionSatisfaction; recovery: Recovery }> => {
  const weeks = await readWeeks(tasks, now, Math.max(RESOLUTION_SATISFACTION_WEEKS, RECOVERY_WEEKS));
  return {
    satisfaction: resolutionSatisfaction(weeks.slice(0, RESOLUTION_SATISFACTION_WEEKS)),
    recovery: recoveryOf(weeks.slice(0, RECOVERY_WEEKS)),
  };
};
