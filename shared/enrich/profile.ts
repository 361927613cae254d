import type { EnrichDeps } from "./enrich-batch.ts";

/**
 * Where a batch's time goes, step by step (`npm run bench -- --only enrich --profile`). Nothing
 * here runs unless a profile is asked for: the worker's ports are wrapped only then, and the
 * use cases' own steps cost one `undefined` check each without it.
 */
export const ENRICH_STEPS = [
  /** JSON and schema parsing of every message, survey answers decided included. */
  "parse",
  /** Survey reads and the answer's save (shared/surveys/): part of "parse". */
  "surveys",
  /** BatchGetItem of the records already stored (redeliveries, replaced answers). */
  "stored-records",
  /** The erasure register's BatchGetItem. */
  "erasures",
  "analysis",
  "pii-detection",
  /** Theme tagging, masking and counters: the pure enrichment of every record. */
  "enrich",
  /** planFollowUps as a whole; the next four are inside it. */
  "follow-up",
  /** Open-task pointers and tasks read. */
  "task-reads",
  /** Tasks opened or joined (a transaction each, with their loop counters). */
  "task-writes",
  /** Recovery watches read, started and counted. */
  "recovery-watches",
  /** Task emails and events. */
  "notify",
  /** The TransactWriteItems of records, originals and counters. */
  "store",
  "dead-letters",
] as const;
export type EnrichStep = (typeof ENRICH_STEPS)[number];

/** One batch's profile: wall milliseconds per step, and the whole batch in the handler. */
export interface BatchProfile {
  records: number;
  ms: number;
  steps: Partial<Record<EnrichStep, number>>;
}

/**
 * Times the steps of one batch. A step's time is wall time while at least one call of it is in
 * flight, so concurrent calls of one step (a survey read per message) are not counted twice;
 * different steps that run concurrently each count their own, so the steps may add up to more
 * than the batch.
 */
export class BatchTimer {
  private readonly started = performance.now();
  private readonly open = new Map<EnrichStep, { calls: number; since: number }>();
  private readonly totals: Partial<Record<EnrichStep, number>> = {};

  async time<T>(step: EnrichStep, work: () => Promise<T> | T): Promise<T> {
    const open = this.open.get(step) ?? { calls: 0, since: 0 };
    if (open.calls++ === 0) open.since = performance.now();
    this.open.set(step, open);
    try {
      return await work();
    } finally {
      if (--open.calls === 0) this.totals[step] = (this.totals[step] ?? 0) + performance.now() - open.since;
    }
  }

  finish(records: number): BatchProfile {
    return { records, ms: performance.now() - this.started, steps: { ...this.totals } };
  }
}

/** Runs `work` as `step` of the batch being profiled, or just runs it. */
export const timed = <T>(deps: Pick<EnrichDeps, "profile">, step: EnrichStep, work: () => Promise<T>): Promise<T> =>
  deps.profile ? deps.profile.time(step, work) : work();

/** The same object, with the named methods timed as their step (other members untouched). */
const timedPort = <T extends object>(port: T, timer: BatchTimer, steps: Partial<Record<keyof T, EnrichStep>>): T =>
  new Proxy(port, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver);
      if (typeof member !== "function") return member;
      const step = steps[name as keyof T];
      if (step === undefined) return member.bind(target);
      return (...args: unknown[]) => timer.time(step, () => member.apply(target, args));
    },
  });

/** The worker's dependencies with every port it calls timed by `timer`. */
export const profiledDeps = (deps: EnrichDeps, timer: BatchTimer): EnrichDeps => ({
  ...deps,
  profile: timer,
  store: timedPort(deps.store, timer, { storedRecords: "stored-records", saveEnrichedBatch: "store" }),
  queue: timedPort(deps.queue, timer, { deadLetter: "dead-letters" }),
  analyzer: timedPort(deps.analyzer, timer, { analyze: "analysis" }),
  ...(deps.fallbackAnalyzer && { fallbackAnalyzer: timedPort(deps.fallbackAnalyzer, timer, { analyze: "analysis" }) }),
  ...(deps.piiDetector && { piiDetector: timedPort(deps.piiDetector, timer, { detect: "pii-detection" }) }),
  ...(deps.erasures && { erasures: timedPort(deps.erasures, timer, { erasedAt: "erasures", horizon: "erasures" }) }),
  ...(deps.surveys && {
    surveys: timedPort(deps.surveys, timer, { getSurvey: "surveys", recentAttempts: "surveys", saveAnswer: "surveys" }),
  }),
  ...(deps.followUp && {
    followUp: {
      ...deps.followUp,
      tasks: timedPort(deps.followUp.tasks, timer, {
        // The pointers and the watches are read together: the read is the task read's.
        contactStates: "task-reads",
        openTaskIds: "task-reads",
        getTask: "task-reads",
        getTasks: "task-reads",
        saveTask: "task-writes",
        saveTasks: "task-writes",
        recoveryWatches: "recovery-watches",
        watchRecovery: "recovery-watches",
        recordRecovery: "recovery-watches",
        recordRecoveries: "recovery-watches",
      }),
      ...(deps.followUp.mailer && { mailer: timedPort(deps.followUp.mailer, timer, { send: "notify" }) }),
      ...(deps.followUp.events && { events: timedPort(deps.followUp.events, timer, { publish: "notify" }) }),
    },
  }),
});
