/** What a soak run does: how many items, and when the application is killed and which faults are injected. */
import type { AnalyzerFault, FaultPlan, StoreFault } from "#shared/local/chaos";

/** A fault window: opens when this share of the items has been answered, lasts `seconds`. */
export interface FaultWindow<K extends string> {
  at: number;
  seconds: number;
  plan: FaultPlan<K>;
}

export interface SoakOptions {
  /** Items sent, duplicates and invalid ones included. */
  items: number;
  seed?: number;
  /** Shares of items answered at which the application is killed with SIGKILL (and restarted). */
  kills: readonly number[];
  /**
   * Shares of items answered at which the whole local stack (the application and the engines: DynamoDB
   * Local's JVM and the journaled queues) is killed with SIGKILL and started again on the same data.
   */
  stackKills?: readonly number[];
  storeFaults: ReadonlyArray<FaultWindow<StoreFault>>;
  analyzerFaults: ReadonlyArray<FaultWindow<AnalyzerFault>>;
  duplicateRate?: number;
  invalidRate?: number;
  /** Requests the client keeps in flight (default 6). */
  concurrency?: number;
  /** The client waits while the queue holds more than this (default 2,000): arrival and processing overlap. */
  maxBacklog?: number;
  /** Of the ingest queue; short, so messages of a killed worker come back soon (default 10 s). */
  visibilityTimeoutSeconds?: number;
  workerConcurrency?: number;
  /** How long the queue may take to empty after the last item is answered (default 180 s). */
  drainTimeoutMs?: number;
  /** How long a transaction holds its items in the conflict proxy (default 25 ms; 0: none, as DynamoDB Local). */
  conflictHoldMs?: number;
  /** How long a held Comprehend request waits before its connection is dropped (default 2 s). */
  analyzerTimeoutMs?: number;
  log?: (line: string) => void;
}

/** `npm run soak`: three application kills, a whole-stack kill, store and analyzer faults of every kind. */
export const defaultSoak = (items = 20_000): SoakOptions => ({
  items,
  kills: [0.3, 0.62, 0.9],
  stackKills: [0.8],
  storeFaults: [
    // Flaky: a third of writes fail in one of the ways DynamoDB fails, some answers lost after the write.
    {
      at: 0.1,
      seconds: 8,
      plan: {
        rate: 0.35,
        kinds: ["throughput", "throttling", "internal", "transaction-throttled", "unprocessed", "lost-response"],
        latencyMs: 80,
      },
    },
    // Down: every write rejected for a while.
    {
      at: 0.45,
      seconds: 5,
      plan: { rate: 1, kinds: ["throughput", "throttling", "internal", "transaction-throttled", "unprocessed"] },
    },
    // Ambiguous: writes applied, answers lost.
    { at: 0.75, seconds: 6, plan: { rate: 0.25, kinds: ["lost-response"], latencyMs: 40 } },
  ],
  analyzerFaults: [
    {
      at: 0.2,
      seconds: 8,
      plan: { rate: 0.5, kinds: ["throttled", "internal", "slow", "timeout", "item-errors"] },
    },
    // Comprehend throttles everything for a while.
    { at: 0.55, seconds: 5, plan: { rate: 1, kinds: ["throttled"] } },
  ],
});

/** The CI-sized soak: one application kill, one whole-stack kill, one store- and one analyzer-fault window. */
export const ciSoak = (items = 2_000): SoakOptions => ({
  items,
  kills: [0.55],
  stackKills: [0.8],
  storeFaults: [
    {
      at: 0.15,
      seconds: 4,
      plan: {
        rate: 0.5,
        kinds: ["throughput", "throttling", "internal", "transaction-throttled", "unprocessed", "lost-response"],
      },
    },
  ],
  analyzerFaults: [
    { at: 0.35, seconds: 4, plan: { rate: 0.6, kinds: ["throttled", "internal", "timeout", "item-errors"] } },
  ],
  maxBacklog: 600,
  visibilityTimeoutSeconds: 5,
  drainTimeoutMs: 60_000,
  analyzerTimeoutMs: 1_000,
});
