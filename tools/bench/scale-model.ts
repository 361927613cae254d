/**
 * A model of hearback's worker on AWS at scale: the items/s it stores draining a backlog as the event source's
 * maximum concurrency grows, what stops it, and what 1,000 items cost there. Pure and deterministic: the write
 * profile (bench/write-profile.ts, read off the code), the settings and the assumptions come in, numbers come out.
 * docs/scaling.md explains it with its sources; in short:
 * - Each worker runs one batch after another: the measured or estimated batch time plus the hand-over between
 *   invocations. That alone gives the Lambda-bound rate, workers x batch / cycle.
 * - A transaction is cancelled (TransactionConflict) when it reaches a counter row that another worker's transaction
 *   holds. Each row is a server with no queue, held for one transaction's latency; the chance of finding it held is
 *   the other workers' committed transactions per second on it times that hold (Erlang's loss formula for one
 *   server). K shards, one chosen per invocation, split the rows K ways.
 * - What a cancellation costs is read off the code: the record store retries its transaction 5 times with backoff,
 *   then the whole batch goes back to the queue. Before issue 17 item 2 the task store did not retry the transaction
 *   that adds to the week's follow-up loop row, so one conflict there sent the whole batch back; it retries like the
 *   record store since (a setting here). Tasks already saved stay saved, so a redelivery redoes only what failed.
 *   After 5 receives a message is parked in the dead-letter queue.
 * - Rates and conflicts depend on each other; each conflict probability is the root of a decreasing function,
 *   found by bisection.
 * - Then the ceilings no number of workers passes: index partitions whose sort key is a timestamp (the day's feed,
 *   the active tasks) cannot split for heat, so 1,000 WCU/s each; a counter row is one item, 1,000 WCU/s a shard;
 *   the table's on-demand quota; the account's Lambda concurrency. The lowest one binds.
 */
import { functions } from "#shared/platform/resources";
import { costPer1000Items } from "./cost-model.ts";
import type { PipelineUsage } from "./pipeline-usage.ts";
import { ASSUMPTIONS, PRICES, type Prices } from "./prices.ts";
import {
  type Bottleneck,
  SCALE_ASSUMPTIONS,
  type ScaleAssumptions,
  type ScalePoint,
  type ScaleSettings,
} from "./scale-types.ts";
import type { WriteProfile } from "./write-profile.ts";

export { type Bottleneck, SCALE_ASSUMPTIONS, type ScaleAssumptions, type ScalePoint, type ScaleSettings };

const ITEMS = 1_000;

interface Shape {
  batch: number;
  recordTx: number;
  /** Loop transactions per item. */
  loopPerItem: number;
  /** The chance that two record transactions add to at least one common counter row. */
  recordOverlap: number;
  /** The counter row most record transactions add to, and that share. */
  hottestRow: { row: string; reach: number };
  /** Counter rows a record transaction adds to, per item in it (rows are summed per transaction). */
  counterUpdatesPerItem: number;
  itemsPerTx: number;
  baseBatchMs: number;
}

/** The profile scaled to the batch size asked for (it was measured at its own). */
const shapeOf = (p: WriteProfile, s: ScaleSettings, a: ScaleAssumptions): Shape => {
  const scale = s.batchSize / p.batchSize;
  const actionsPerItem = (p.recordTransactions.meanActions * p.recordTransactions.perBatch) / p.batchSize;
  // The store splits a batch into transactions of at most 100 actions (shared/platform/dynamo.ts).
  const recordTx = Math.max(1, Math.ceil((s.batchSize * actionsPerItem) / MAX_TRANSACTION_ACTIONS));
  const otherTx = Math.max(0, p.requestsPerBatch.transactions - p.recordTransactions.perBatch) * scale;
  const estimate =
    p.requestsPerBatch.other * scale * a.dynamoRoundTripMs +
    (recordTx + otherTx) * a.transactionMs +
    a.cpuMsPerInvocation;
  const itemsPerTx = s.batchSize / recordTx;
  // A record transaction adds to a row when any of its items does (items in random order).
  const reach = p.counterRowShares.map((r) => ({ row: r.row, reach: 1 - (1 - r.share) ** itemsPerTx }));
  return {
    batch: s.batchSize,
    recordTx,
    loopPerItem: s.loopTransactionsPerItem ?? p.loopTransactionsPerItem,
    recordOverlap: 1 - reach.reduce((q, r) => q * (1 - r.reach * r.reach), 1),
    hottestRow: reach.reduce((m, r) => (r.reach > m.reach ? r : m), { row: "none", reach: 0 }),
    counterUpdatesPerItem: reach.reduce((sum, r) => sum + r.reach, 0) / itemsPerTx,
    itemsPerTx,
    baseBatchMs: s.measuredBatchMs !== undefined ? s.measuredBatchMs * scale : estimate,
  };
};

interface Flow {
  /** Messages that finish per second (stored, or dead-lettered after their last receive). */
  itemsPerSecond: number;
  deliveriesPerSecond: number;
  batchMs: number;
  cycleMs: number;
  recordConflict: number;
  loopConflict: number;
  recordAttemptsPerTx: number;
  loopAttemptsPerTx: number;
  /** The chance that a delivery's record stage, or one loop transaction, gives up and fails the batch. */
  recordStageFails: number;
  loopGivesUp: number;
}

/**
 * The conflict model at `c` concurrent workers. A transaction is cancelled when it reaches a row that another
 * worker's transaction holds; the chance of that is the other workers' committed transactions per second on the
 * rows it shares, times how long each holds them (a one-server loss system: Erlang's formula when every transaction
 * shares the row). Each conflict probability is the root of a decreasing function (more conflicts, fewer items,
 * fewer conflicts), found by bisection, the loop row's inside the record rows'. `throttled` is the share of record
 * transaction attempts a ceiling turns away.
 */
const flowAt = (c: number, shape: Shape, s: ScaleSettings, a: ScaleAssumptions, throttled = 0): Flow => {
  const hold = a.transactionMs / 1_000;
  // A worker's own transactions run one after another and never cancel each other.
  const others = c <= 1 ? 0 : (c - 1) / c;
  const backoff = (n: number) => Math.min(a.backoffCapMs, a.backoffBaseMs * 2 ** n);
  const retrying = (conflict: number, retries: number) => {
    let attempts = 0;
    let waitMs = 0;
    for (let n = 0; n <= retries; n++) attempts += conflict ** n;
    for (let n = 1; n <= retries; n++) waitMs += conflict ** n * (backoff(n) + a.transactionMs);
    return { attempts, waitMs, givesUp: conflict ** (retries + 1) };
  };
  const evaluate = (recordConflict: number, loopConflict: number): Flow => {
    // A throttled attempt is cancelled and retried like a conflicting one (both stores treat them alike).
    const record = retrying(1 - (1 - recordConflict) * (1 - throttled), a.transactionRetries);
    const loop = retrying(loopConflict, s.loopTransactionRetries ?? 0);
    const recordStageFails = 1 - (1 - record.givesUp) ** shape.recordTx;
    const batchMs = shape.baseBatchMs + shape.recordTx * record.waitMs + shape.loopPerItem * shape.batch * loop.waitMs;
    const cycleMs = batchMs + a.invokeOverheadMs;
    const deliveries = c / (cycleMs / 1_000);
    // Deliveries per finished item: the record stage (done again when it fails) and those a loop give-up ends.
    // Tasks saved before a failure stay saved, so a redelivery redoes only what failed.
    const perItem =
      1 / (shape.batch * (1 - recordStageFails)) + (shape.loopPerItem * loop.givesUp) / (1 - loop.givesUp);
    return {
      itemsPerSecond: deliveries / perItem,
      deliveriesPerSecond: deliveries,
      batchMs,
      cycleMs,
      recordConflict,
      loopConflict,
      recordAttemptsPerTx: record.attempts,
      loopAttemptsPerTx: loop.attempts,
      recordStageFails,
      loopGivesUp: loop.givesUp,
    };
  };
  // Committed transactions of the other workers, times their hold, over the shards that split them.
  const loopTarget = (f: Flow) =>
    Math.min(
      MAX_CONFLICT,
      ((f.itemsPerSecond * shape.loopPerItem * hold) / (s.loopShards ?? s.counterShards)) * others,
    );
  const recordTarget = (f: Flow) =>
    Math.min(
      MAX_CONFLICT,
      (((f.itemsPerSecond / shape.batch) * shape.recordTx * hold * shape.recordOverlap) / s.counterShards) * others,
    );
  const root = (g: (x: number) => number) => {
    let low = 0;
    let high = MAX_CONFLICT;
    for (let i = 0; i < 30; i++) {
      const mid = (low + high) / 2;
      if (g(mid) > 0) low = mid;
      else high = mid;
    }
    return (low + high) / 2;
  };
  const loopFor = (recordConflict: number) => root((p) => loopTarget(evaluate(recordConflict, p)) - p);
  const recordConflict = root((p) => recordTarget(evaluate(p, loopFor(p))) - p);
  return evaluate(recordConflict, loopFor(recordConflict));
};

/** A row is never held more than all the time; this keeps the arithmetic finite where it would be. */
const MAX_CONFLICT = 0.999;
const MAX_TRANSACTION_ACTIONS = 100;

interface Ceiling {
  bottleneck: Bottleneck;
  limit: string;
  itemsPerSecond: number;
}

/** Ceilings no number of workers can pass, at these settings. */
const ceilings = (p: WriteProfile, shape: Shape, s: ScaleSettings, a: ScaleAssumptions): Ceiling[] => {
  const kLoop = s.loopShards ?? s.counterShards;
  const out: Ceiling[] = [];
  for (const part of p.sharedPartitions) {
    if (!part.timeOrderedSortKey || part.wcuPerItem <= 0) continue;
    out.push({
      bottleneck: "hot index partition",
      limit: `${part.where} ${part.key}: ${a.partitionWcu} WCU/s at ${part.wcuPerItem} WCU an item (timestamp sort key: no split for heat)`,
      itemsPerSecond: a.partitionWcu / part.wcuPerItem,
    });
  }
  // Once the week's partition has split for heat, each counter row is an item on its own: 1,000 WCU/s a shard.
  if (shape.hottestRow.reach > 0) {
    const updatesPerItem = (shape.recordTx * shape.hottestRow.reach) / shape.batch / s.counterShards;
    out.push({
      bottleneck: "hot counter row (WCU)",
      limit: `${shape.hottestRow.row}: ${a.partitionWcu} WCU/s a shard, ${p.counterRowWcu} WCU an update in a transaction`,
      itemsPerSecond: a.partitionWcu / (p.counterRowWcu * updatesPerItem),
    });
  }
  if (shape.loopPerItem > 0) {
    out.push({
      bottleneck: "hot counter row (WCU)",
      limit: `${LOOP_ROW}: ${a.partitionWcu} WCU/s a shard`,
      itemsPerSecond: (a.partitionWcu * kLoop) / (p.counterRowWcu * shape.loopPerItem),
    });
  }
  out.push({
    bottleneck: "table write quota",
    limit: `${a.tableWruQuota} WRU/s an on-demand table, ${p.wruPerItem} WRU an item`,
    itemsPerSecond: Math.min(a.tableWruQuota / p.wruPerItem, a.tableRruQuota / Math.max(1e-9, p.rruPerItem)),
  });
  return out;
};

const LOOP_ROW = "loop#all";

/** One point of the table: `settings.workers` workers draining a backlog. */
export const scalePoint = (
  profile: WriteProfile,
  usage: PipelineUsage,
  settings: ScaleSettings,
  a: ScaleAssumptions = SCALE_ASSUMPTIONS,
  prices: Prices = PRICES,
): ScalePoint => {
  const shape = shapeOf(profile, settings, a);
  const workers = Math.min(settings.workers, a.lambdaConcurrency);
  const unlimited = flowAt(workers, shape, settings, a);
  // The workers alone: every batch stored the first time, nothing shared.
  const lambdaItemsPerSecond = (workers * shape.batch) / ((shape.baseBatchMs + a.invokeOverheadMs) / 1_000);
  const ceiling = ceilings(profile, shape, settings, a).reduce((m, x) => (x.itemsPerSecond < m.itemsPerSecond ? x : m));

  let throttled = 0;
  let flow = unlimited;
  if (ceiling.itemsPerSecond < unlimited.itemsPerSecond) {
    // Past a ceiling DynamoDB throttles the record transactions (the index or the rows they write are full): find
    // the share it turns away so that what gets through is the ceiling. Those attempts are retried with backoff
    // like conflicts, and fail their batch after the last retry.
    let low = 0;
    let high = MAX_CONFLICT;
    for (let i = 0; i < 30; i++) {
      const mid = (low + high) / 2;
      if (flowAt(workers, shape, settings, a, mid).itemsPerSecond > ceiling.itemsPerSecond) low = mid;
      else high = mid;
    }
    throttled = high;
    flow = flowAt(workers, shape, settings, a, throttled);
  }
  const finished = Math.min(flow.itemsPerSecond, ceiling.itemsPerSecond);
  const deliveries = flow.deliveriesPerSecond;
  const failedDeliveryRate = finished > 0 ? Math.min(1, Math.max(0, 1 - finished / shape.batch / deliveries)) : 1;
  // A message fails with its batch; after its fifth receive the worker parks it in the dead-letter queue.
  const deadLetterShare = failedDeliveryRate ** a.maxReceiveCount;
  const stored = finished * (1 - deadLetterShare);

  let bottleneck: Bottleneck;
  let limit: string;
  if (ceiling.itemsPerSecond < unlimited.itemsPerSecond) {
    bottleneck = ceiling.bottleneck;
    limit = ceiling.limit;
  } else if (stored < 0.9 * lambdaItemsPerSecond) {
    bottleneck = "counter-row conflicts";
    const onLoop = flow.loopGivesUp * shape.loopPerItem * shape.batch >= flow.recordStageFails;
    limit = onLoop
      ? `${LOOP_ROW}: ${pct(flow.loopConflict)} of task transactions cancelled, ${(settings.loopTransactionRetries ?? 0) === 0 ? "each failing its batch" : `failing the batch after ${settings.loopTransactionRetries} retries`}`
      : `${shape.hottestRow.row} and the rows beside it: ${pct(flow.recordConflict)} of record transactions cancelled`;
  } else if (settings.workers > a.lambdaConcurrency) {
    bottleneck = "Lambda (account concurrency)";
    limit = `${a.lambdaConcurrency} concurrent executions`;
  } else {
    bottleneck = "Lambda (workers)";
    limit = `${workers} workers x ${shape.batch} items / ${(shape.baseBatchMs + a.invokeOverheadMs).toFixed(0)} ms`;
  }

  // Transaction attempts per second on shared rows at the binding point.
  const recordTxStarted = (finished / shape.batch / (1 - flow.recordStageFails)) * shape.recordTx;
  const recordAttempts = recordTxStarted * flow.recordAttemptsPerTx;
  // Each attempt meets a conflict or, past a ceiling, throttling (which bills nothing).
  const recordCancelled = recordAttempts * flow.recordConflict;
  const loopTxStarted = (finished * shape.loopPerItem) / (1 - flow.loopGivesUp);
  const loopAttempts = loopTxStarted * flow.loopAttemptsPerTx;
  const loopCancelled = loopAttempts - finished * shape.loopPerItem;

  const kPartitions = settings.shardsInPartitionKey ? settings.counterShards : 1;
  return {
    workers: settings.workers,
    throttledRate: round(throttled, 4),
    itemsPerSecond: round(stored, 0),
    deadLetteredPerSecond: round(finished * deadLetterShare, 1),
    bottleneck,
    limit,
    lambdaItemsPerSecond: round(lambdaItemsPerSecond, 0),
    conflictRate: round((recordCancelled + loopCancelled) / Math.max(1e-12, recordAttempts + loopAttempts), 4),
    recordConflict: round(flow.recordConflict, 4),
    loopConflict: round(flow.loopConflict, 4),
    failedDeliveryRate: round(failedDeliveryRate, 4),
    receivesPerMessage: round(1 / (1 - Math.min(MAX_CONFLICT, failedDeliveryRate)), 3),
    deadLetterShare,
    sqsInFlight: round(
      workers * shape.batch + deliveries * failedDeliveryRate * shape.batch * a.visibilityTimeoutSeconds,
      0,
    ),
    rampSeconds: round((Math.max(0, settings.workers - a.pollersAtStart) / a.pollersAddedPerMinute) * 60, 0),
    tableWruPerSecond: round(finished * profile.wruPerItem, 0),
    beforeSplitItemsPerSecond: round(Math.min(stored, (a.partitionWcu * kPartitions) / profile.counterWcuPerItem), 0),
    newTableItemsPerSecond: round(Math.min(stored, a.newTableWru / profile.wruPerItem), 0),
    batchMs: round(flow.batchMs, 1),
    ...costAt({
      profile,
      usage,
      settings,
      a,
      prices,
      shape,
      flow,
      workers,
      stored,
      deliveries,
      recordCancelled,
      loopCancelled,
    }),
  };
};

/** USD per 1,000 stored items: the cost model's lines at this batch time, plus what scale adds. */
const costAt = (x: {
  profile: WriteProfile;
  usage: PipelineUsage;
  settings: ScaleSettings;
  a: ScaleAssumptions;
  prices: Prices;
  shape: Shape;
  flow: Flow;
  workers: number;
  /** Items stored per second: the cost is per stored item, so dead-lettered work is overhead. */
  stored: number;
  deliveries: number;
  recordCancelled: number;
  loopCancelled: number;
}): Pick<ScalePoint, "costPer1000ItemsUsd" | "scaleOverheadUsd"> => {
  const { profile, usage, a, prices, shape, flow, workers, stored: items, deliveries } = x;
  if (items < 0.5) return { costPer1000ItemsUsd: null, scaleOverheadUsd: null };
  // The cost model adds its CPU assumption to the worker time it is given.
  const base = costPer1000Items(
    "local",
    { ...usage, worker: { ...usage.worker, batchSize: shape.batch } },
    { enrichMsPerBatch: shape.baseBatchMs - ASSUMPTIONS.cpuMsPerInvocation },
    prices,
  );
  const memoryGb = functions["enrich-feedback"].memoryMb / 1024;
  const baseWorkerGbs = (ITEMS / shape.batch) * (shape.baseBatchMs / 1_000) * memoryGb;
  // While a backlog lasts every worker is busy: billed for its batches, its retries and its throttled waits.
  const workerGbs = ((workers * (flow.batchMs / flow.cycleMs)) / items) * ITEMS * memoryGb;
  const extraDeliveries = Math.max(0, (deliveries * ITEMS) / items - ITEMS / shape.batch);
  const usd = (p: Prices[keyof Prices], n: number) => (n * p.usd) / p.per;
  // Smaller transactions sum fewer items per counter row: more row updates per item than where usage was measured.
  const measured = shapeOf(profile, { ...x.settings, batchSize: profile.batchSize }, a);
  const counterWru = (shape.counterUpdatesPerItem - measured.counterUpdatesPerItem) * profile.counterRowWcu * ITEMS;
  const recordTxWru = (profile.recordTransactions.wru * shape.itemsPerTx) / measured.itemsPerTx;
  const cancelledWru = a.cancelledAttemptsBilled
    ? ((x.recordCancelled * recordTxWru + x.loopCancelled * profile.loopTransactionWru) / items) * ITEMS
    : 0;
  const overhead =
    usd(prices.lambdaArmGbSecond, Math.max(0, workerGbs - baseWorkerGbs)) +
    usd(prices.lambdaRequests, extraDeliveries) +
    usd(prices.sqsStandardRequests, extraDeliveries * Math.ceil(shape.batch / ASSUMPTIONS.messagesPerReceive)) +
    usd(prices.dynamoReadUnits, extraDeliveries * shape.batch * usage.worker.rruPerItem) +
    usd(prices.dynamoWriteUnits, cancelledWru + counterWru) +
    usd(prices.cloudWatchLogsGb, (extraDeliveries * ASSUMPTIONS.logBytesPerInvocation) / 1024 ** 3);
  return { costPer1000ItemsUsd: round(base.totalUsd + overhead, 5), scaleOverheadUsd: round(overhead, 5) };
};

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)} %`;
const round = (x: number, digits: number) => Number(x.toFixed(digits));
