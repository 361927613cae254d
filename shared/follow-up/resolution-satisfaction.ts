import { isoWeek, previousWeeks } from "#shared/kernel/time";
import { RESOLUTION_SATISFACTION_WEEKS, type ResolutionSatisfaction, resolutionSatisfaction } from "./model/loop.ts";
import type { TaskStore } from "./ports/task-store.ts";

export type { ResolutionSatisfaction } from "./model/loop.ts";

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
): Promise<ResolutionSatisfaction> => {
  const current = isoWeek(now);
  const span = [current, ...previousWeeks(current, Math.max(0, Math.floor(weeks) - 1))];
  const counts = await tasks.loopCounts(span);
  return resolutionSatisfaction(span.map((w) => counts.get(w) ?? {}));
};
