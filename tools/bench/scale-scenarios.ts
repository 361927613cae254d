/**
 * The scale model's scenarios (issue 17 item 3): the designs compared (one counter row, K shards), the table at each
 * number of workers, and the safe settings found by sweeping them. The model itself is scale-model.ts.
 */
import type { PipelineUsage } from "./pipeline-usage.ts";
import {
  type Bottleneck,
  SCALE_ASSUMPTIONS,
  type ScaleAssumptions,
  type ScalePoint,
  type ScaleSettings,
  scalePoint,
} from "./scale-model.ts";
import type { WriteProfile } from "./write-profile.ts";

/** A design the report models: its writes (the code's profile unless its own), shards and loop-row retries. */
interface Design {
  name: string;
  counterShards: number;
  loopTransactionRetries: number;
  loopTransactionsPerItem?: number | undefined;
  profile: WriteProfile;
  usage: PipelineUsage;
}

export interface ScaleScenario {
  name: string;
  counterShards: number;
  loopTransactionRetries: number;
  loopTransactionsPerItem: number;
  /** The table: one point per worker count, at the deployed batch size and window. */
  points: ScalePoint[];
  /** The most it stores at any concurrency up to `scanUpTo` (deployed batch size; 1-20, then every 5), and where. */
  peak: { workers: number; itemsPerSecond: number; bottleneck: Bottleneck };
  /** The fewest workers at which 1 % of deliveries fail (those batches wait out the visibility timeout). */
  firstFailingDeliveriesAt: number | null;
  /**
   * The settings that store the most while parking at most 1 in 10,000 messages and keeping SQS's in-flight
   * messages under half its limit; null when no setting tried is that safe.
   */
  safe: { batchSize: number; workers: number; point: ScalePoint } | null;
  /** The same at the deployed batch size: the maximum concurrency to set without changing anything else. */
  safeAtDeployedBatch: { batchSize: number; workers: number; point: ScalePoint } | null;
  /** At the deployed batch size, the most workers (of those tried) up to which every count is still safe. */
  safeUpTo: number | null;
}

export interface ScaleReport {
  region: "us-east-1";
  batchSize: number;
  batchWindowSeconds: number;
  batchMsSource: string;
  assumptions: ScaleAssumptions;
  /** The writes read off the code, and the design before issue 17 item 2 when the report models it. */
  profile: WriteProfile;
  before?: { commit: string; profile: WriteProfile };
  /** What "safe" means in `safe`. */
  safety: { maxDeadLetterShare: number; maxInFlightShare: number; batchSizes: number[]; workers: number[] };
  scenarios: ScaleScenario[];
  /** The sharded code at other shard counts: what K buys at a few concurrencies (docs/scaling.md#counter-shards). */
  shardSweep: Array<{
    counterShards: number;
    points: Array<Pick<ScalePoint, "workers" | "itemsPerSecond" | "bottleneck" | "conflictRate" | "deadLetterShare">>;
  }>;
  /** The least certain assumption, a transaction's hold, halved and doubled: items/s and parked share per scenario. */
  sensitivity: Array<{
    transactionMs: number;
    scenarios: Array<{
      name: string;
      points: Array<Pick<ScalePoint, "workers" | "itemsPerSecond" | "deadLetterShare">>;
    }>;
  }>;
}

export const SCALE_WORKERS = [1, 2, 5, 10, 20, 50, 100, 200] as const;

const estimateSource = (p: WriteProfile, a: ScaleAssumptions, whose: string) =>
  `${whose} estimated from its requests per batch of ${p.batchSize}: ${p.requestsPerBatch.other} x ${a.dynamoRoundTripMs} ms + ${p.requestsPerBatch.transactions} transactions x ${a.transactionMs} ms + ${a.cpuMsPerInvocation} ms CPU`;
/** Where the peak and the first failing deliveries are looked for: every count to 20, then every 5. */
const SCAN_WORKERS = [
  ...Array.from({ length: 20 }, (_, i) => i + 1),
  ...Array.from({ length: 36 }, (_, i) => 25 + 5 * i),
];
/** The event source takes a maximum concurrency of 2 to 1,000 (Lambda's ScalingConfig). */
const SAFE_WORKERS = [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200];
const SAFE_BATCH_SIZES = [5, 10, 25, 50, 100];
const MAX_DEAD_LETTER_SHARE = 1e-4;
const MAX_IN_FLIGHT_SHARE = 0.5;

/** The table for each scenario, its peak, and the settings that keep it safe. */
export const scaleReport = (
  profile: WriteProfile,
  usage: PipelineUsage,
  options: {
    batchSize: number;
    batchWindowSeconds: number;
    shardedK: number;
    measuredBatchMs?: number | undefined;
    /** The design before issue 17 item 2, measured on its own tree (bench/write-profile.ts BEFORE_ITEM_2). */
    before?: { commit: string; profile: WriteProfile; usage: PipelineUsage } | undefined;
    workers?: readonly number[];
    scanUpTo?: number;
    assumptions?: ScaleAssumptions;
  },
): ScaleReport => {
  const a = options.assumptions ?? SCALE_ASSUMPTIONS;
  const scanUpTo = options.scanUpTo ?? 200;
  const settingsOf = (design: Design, workers: number, batchSize: number): ScaleSettings => ({
    workers,
    batchSize,
    batchWindowSeconds: options.batchWindowSeconds,
    counterShards: design.counterShards,
    loopTransactionRetries: design.loopTransactionRetries,
    loopTransactionsPerItem: design.loopTransactionsPerItem,
    shardsInPartitionKey: false,
    // A batch time measured on the local stack belongs to the code it ran, not to an earlier design.
    measuredBatchMs: design.profile === profile ? options.measuredBatchMs : undefined,
  });
  const scenario = (design: Design): ScaleScenario => {
    const at = (workers: number, batchSize = options.batchSize) =>
      scalePoint(design.profile, design.usage, settingsOf(design, workers, batchSize), a);
    const scan = SCAN_WORKERS.filter((w) => w <= scanUpTo).map((w) => at(w));
    const peak = scan.reduce((m, p) => (p.itemsPerSecond > m.itemsPerSecond ? p : m));
    const batchSizes = [...new Set([...SAFE_BATCH_SIZES, options.batchSize])].sort((x, y) => x - y);
    const candidates = batchSizes
      .flatMap((batchSize) => SAFE_WORKERS.map((workers) => ({ batchSize, workers, point: at(workers, batchSize) })))
      .filter(
        (c) =>
          c.point.deadLetterShare <= MAX_DEAD_LETTER_SHARE &&
          c.point.sqsInFlight <= MAX_IN_FLIGHT_SHARE * a.sqsInFlightLimit,
      );
    // Within 2 % of the best, the fewest workers (then the cheapest): more add cost and conflicts, not items.
    const pick = (among: typeof candidates) => {
      const best = Math.max(0, ...among.map((c) => c.point.itemsPerSecond));
      return (
        among
          .filter((c) => c.point.itemsPerSecond >= 0.98 * best)
          .sort(
            (x, y) =>
              x.workers - y.workers ||
              (x.point.costPer1000ItemsUsd ?? Number.POSITIVE_INFINITY) -
                (y.point.costPer1000ItemsUsd ?? Number.POSITIVE_INFINITY),
          )[0] ?? null
      );
    };
    return {
      name: design.name,
      counterShards: design.counterShards,
      loopTransactionRetries: design.loopTransactionRetries,
      loopTransactionsPerItem: design.loopTransactionsPerItem ?? design.profile.loopTransactionsPerItem,
      points: (options.workers ?? SCALE_WORKERS).map((w) => at(w)),
      peak: { workers: peak.workers, itemsPerSecond: peak.itemsPerSecond, bottleneck: peak.bottleneck },
      firstFailingDeliveriesAt: scan.find((p) => p.failedDeliveryRate >= 0.01)?.workers ?? null,
      safe: pick(candidates),
      safeAtDeployedBatch: pick(candidates.filter((c) => c.batchSize === options.batchSize)),
      safeUpTo: (() => {
        const deployed = new Set(candidates.filter((c) => c.batchSize === options.batchSize).map((c) => c.workers));
        let upTo: number | null = null;
        for (const w of SAFE_WORKERS) {
          if (!deployed.has(w)) break;
          upTo = w;
        }
        return upTo;
      })(),
    };
  };
  const k = options.shardedK;
  // The design as committed before issue 17 item 2 saved each task it opened, and each recovery it counted, in a
  // transaction of its own that added to the loop row and was not retried on a conflict. Its own profile says how
  // many per item and how long a batch took; without it, today's profile stands in with that many loop transactions.
  const before = options.before;
  const designs: Design[] = [
    {
      name: `before item 2${before ? ` (${before.commit})` : ""}: one row per counter, a transaction per task, conflicts there not retried (K = 1)`,
      counterShards: 1,
      loopTransactionRetries: 0,
      ...(before
        ? { profile: before.profile, usage: before.usage }
        : { profile, usage, loopTransactionsPerItem: profile.tasksOpenedPerItem + profile.recoveriesPerItem }),
    },
    {
      name: `sharded: ${k} shards a row, a batch's tasks in one transaction, conflicts retried on a fresh shard (K = ${k})`,
      counterShards: k,
      loopTransactionRetries: a.transactionRetries,
      profile,
      usage,
    },
    {
      name: "the same code with one row per counter (K = 1)",
      counterShards: 1,
      loopTransactionRetries: a.transactionRetries,
      profile,
      usage,
    },
  ];
  const shardSweep = [1, 2, 4, 8, 16, 32].map((counterShards) => ({
    counterShards,
    points: [10, 50, 200].map((workers) => {
      const p = scalePoint(
        profile,
        usage,
        settingsOf({ ...(designs[1] as Design), counterShards }, workers, options.batchSize),
        a,
      );
      return {
        workers,
        itemsPerSecond: p.itemsPerSecond,
        bottleneck: p.bottleneck,
        conflictRate: p.conflictRate,
        deadLetterShare: p.deadLetterShare,
      };
    }),
  }));
  const sensitivity = [a.transactionMs / 2, a.transactionMs * 2].map((transactionMs) => ({
    transactionMs,
    scenarios: designs.map((design) => ({
      name: design.name,
      points: [1, 10, 50, 200].map((workers) => {
        const p = scalePoint(design.profile, design.usage, settingsOf(design, workers, options.batchSize), {
          ...a,
          transactionMs,
        });
        return { workers, itemsPerSecond: p.itemsPerSecond, deadLetterShare: p.deadLetterShare };
      }),
    })),
  }));
  return {
    region: "us-east-1",
    batchSize: options.batchSize,
    batchWindowSeconds: options.batchWindowSeconds,
    batchMsSource: [
      options.measuredBatchMs !== undefined
        ? `${options.measuredBatchMs} ms, the p50 batch time the local stack measured in this run (DynamoDB Local on a shared machine: slower than AWS)`
        : estimateSource(profile, a, "the code's"),
      ...(before ? [estimateSource(before.profile, a, `${before.commit}'s`)] : []),
    ].join("; "),
    assumptions: a,
    profile,
    ...(before && { before: { commit: before.commit, profile: before.profile } }),
    safety: {
      maxDeadLetterShare: MAX_DEAD_LETTER_SHARE,
      maxInFlightShare: MAX_IN_FLIGHT_SHARE,
      batchSizes: [...new Set([...SAFE_BATCH_SIZES, options.batchSize])].sort((x, y) => x - y),
      workers: SAFE_WORKERS,
    },
    scenarios: designs.map(scenario),
    shardSweep,
    sensitivity,
  };
};
