import type { CounterIncrement } from "#shared/feedback/model/counters";
import { isoWeek } from "#shared/kernel/time";
import type { FollowUpTaskV2 } from "./task.ts";

/** The weekly counter row that closes the loop: key "loop#all" under the week of the task's feedback. */
export const LOOP_KEY = "loop#all";

/** The loop counters of the customers' answers to "is your problem solved?". */
export const RESOLUTION_YES = "resolutionYes";
export const RESOLUTION_NO = "resolutionNo";

/** The week a task's loop counts belong to: its feedback's week, or (older tasks) its opening week. */
export const loopWeek = (task: Pick<FollowUpTaskV2, "feedbackWeek" | "openedAt">): string =>
  task.feedbackWeek ?? isoWeek(task.openedAt);

/**
 * What one task change adds to its week's loop counters: opened, first response in or out of SLA,
 * resolved in or out of SLA, the customer's yes or no to "is your problem solved?". Counted on the
 * transition, so saving the same task twice adds nothing.
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
  // The customer's answer to "is your problem solved?", once per resolution round.
  const answeredBefore = new Set((before?.confirmations ?? []).filter((c) => c.answer).map((c) => c.round));
  for (const c of after.confirmations ?? []) {
    if (c.answer === undefined || answeredBefore.has(c.round)) continue;
    const name = c.answer.solved ? RESOLUTION_YES : RESOLUTION_NO;
    add[name] = (add[name] ?? 0) + 1;
  }
  return Object.keys(add).length === 0 ? undefined : { week: loopWeek(after), key: LOOP_KEY, add };
};

/** The handbooks' target for satisfaction with the resolution, in percent. */
export const RESOLUTION_SATISFACTION_TARGET = 90;
/** Answers trickle in for days after a resolution: the share is reported over this many weeks. */
export const RESOLUTION_SATISFACTION_WEEKS = 4;

export interface ResolutionSatisfaction {
  /** Customers who said their problem is solved. */
  yes: number;
  /** Customers who said it is not. */
  no: number;
  /** yes + no. */
  n: number;
  /** Percent of answers that were "yes" (0-100), undefined without answers. */
  share: number | undefined;
  /** RESOLUTION_SATISFACTION_TARGET (90). */
  target: number;
  /** share >= target; undefined without answers. */
  meetsTarget: boolean | undefined;
}

/**
 * Satisfaction with the resolution over a span of weeks' loop counters (each counted under its
 * task's week, like every loop count): the share of customers who said "yes, it is solved".
 */
export const resolutionSatisfaction = (
  weeks: ReadonlyArray<Readonly<Record<string, number>>>,
): ResolutionSatisfaction => {
  const yes = weeks.reduce((sum, c) => sum + (c[RESOLUTION_YES] ?? 0), 0);
  const no = weeks.reduce((sum, c) => sum + (c[RESOLUTION_NO] ?? 0), 0);
  const n = yes + no;
  const share = n === 0 ? undefined : (100 * yes) / n;
  return {
    yes,
    no,
    n,
    share,
    target: RESOLUTION_SATISFACTION_TARGET,
    meetsTarget: share === undefined ? undefined : share >= RESOLUTION_SATISFACTION_TARGET,
  };
};

/**
 * Below this many answers (or tasks) a share says nothing yet: the count is shown with "too few to
 * say" instead of a percentage. The digest's closing-the-loop section has the same minimum
 * (MIN_LOOP_TASKS, shared/digest/model/loop-summary.ts; tests/follow-up/loop-figures.test.ts holds
 * them equal).
 */
export const MIN_LOOP_ANSWERS = 5;

/** The loop counters of recovery: tasks a detractor's score opened, and those whose customer later answered better. */
export const DETRACTOR_TASKS = "detractorTasks";
export const RECOVERED = "recovered";

/**
 * Recovery is read over the digest's span: its week and the 8 weeks before it (a detractor needs
 * time to answer again).
 */
export const RECOVERY_WEEKS = 9;

export interface Recovery {
  /** Tasks a detractor's score opened in the weeks read. */
  n: number;
  /** Of them, the customers who later answered better (./recovery.ts). */
  recovered: number;
  /** Percent recovered (0-100), undefined without such tasks. */
  share: number | undefined;
}

/**
 * Recovery over a span of weeks' loop counters, the figure the digest's closing-the-loop section
 * reports (recoveryRate there): of the tasks a detractor's score opened, the share whose customer
 * later answered better.
 */
export const recoveryOf = (weeks: ReadonlyArray<Readonly<Record<string, number>>>): Recovery => {
  const n = weeks.reduce((sum, c) => sum + (c[DETRACTOR_TASKS] ?? 0), 0);
  const recovered = weeks.reduce((sum, c) => sum + (c[RECOVERED] ?? 0), 0);
  return { n, recovered, share: n === 0 ? undefined : (100 * recovered) / n };
};
