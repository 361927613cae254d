import { describe, expect, it } from "vitest";
import { costPer1000Items } from "../../tools/bench/cost-model.ts";
import type { MeteredWrite } from "../../tools/bench/metered-aws.ts";
import type { PipelineUsage } from "../../tools/bench/pipeline-usage.ts";
import { SCALE_ASSUMPTIONS, type ScaleSettings, scalePoint } from "../../tools/bench/scale-model.ts";
import { scaleReport } from "../../tools/bench/scale-scenarios.ts";
import { measureWriteProfile, profileFromWrites, type WriteProfile } from "../../tools/bench/write-profile.ts";

// A hand-made profile: the model's behaviour, not the demo week's numbers, is under test here.
const profile = (overrides: Partial<WriteProfile> = {}): WriteProfile => ({
  items: 100,
  batchSize: 25,
  requestsPerBatch: { transactions: 2, other: 10 },
  recordTransactions: { perBatch: 1, meanActions: 70, maxActions: 80, wru: 150 },
  loopTransactionsPerItem: 0.2,
  loopTransactionWru: 6,
  tasksOpenedPerItem: 0.25,
  recoveriesPerItem: 0.05,
  counterRowShares: [
    { row: "nps#_all", share: 0.6 },
    { row: "csat#_all", share: 0.4 },
    { row: "nps#delivery", share: 0.2 },
  ],
  counterRowWcu: 2,
  counterWcuPerItem: 2.5,
  sharedPartitions: [
    { where: "table", key: "AGG#<week>", wcuPerItem: 2.5, timeOrderedSortKey: false },
    { where: "GSI1", key: "FEED#<day>", wcuPerItem: 1, timeOrderedSortKey: true },
  ],
  wruPerItem: 11,
  rruPerItem: 1.2,
  ...overrides,
});

const usage: PipelineUsage = {
  items: 100,
  itemsPerPost: 1,
  textShare: 1,
  edge: { rruPerItem: 0.5, wruPerItem: 1, sqsSendRequestsPerItem: 1, dynamoRoundTripsPerPost: 2 },
  worker: {
    batchSize: 25,
    dynamoRequestsPerBatch: 12,
    rruPerItem: 0.7,
    wruPerItem: 10,
    wruPerItemByKind: { record: 2, "index entries": 2, "weekly counters": 2.5, "follow-up tasks": 3.5 },
    transactionsPerItem: 0.24,
    emailsPerItem: 0,
    eventsPerItem: 0,
    requests: {},
  },
  messageBytes: 400,
  comprehend: {
    comprehend: { callsPerBatch: 2, languageUnitsPerItem: 3, sentimentUnitsPerItem: 3, textsSentShare: 1 },
    hybrid: { callsPerBatch: 1, languageUnitsPerItem: 0, sentimentUnitsPerItem: 1.5, textsSentShare: 0.5 },
  },
};

const settings = (overrides: Partial<ScaleSettings> = {}): ScaleSettings => ({
  workers: 1,
  batchSize: 25,
  batchWindowSeconds: 2,
  counterShards: 1,
  shardsInPartitionKey: false,
  measuredBatchMs: 300,
  ...overrides,
});

const at = (workers: number, s: Partial<ScaleSettings> = {}, p: WriteProfile = profile()) =>
  scalePoint(p, usage, settings({ ...s, workers }));

describe("scale model: workers and Lambda", () => {
  it("stores a batch per cycle per worker when nothing is shared, and one worker never conflicts with itself", () => {
    const one = at(1);
    const cycleSeconds = (300 + SCALE_ASSUMPTIONS.invokeOverheadMs) / 1000;
    expect(one.itemsPerSecond).toBe(Math.round(25 / cycleSeconds));
    expect(one.bottleneck).toBe("Lambda (workers)");
    expect(one.conflictRate).toBe(0);
    expect(one.failedDeliveryRate).toBe(0);
    const alone = at(40, { counterShards: 16, loopTransactionRetries: 5 }, profile({ loopTransactionsPerItem: 0 }));
    expect(alone.lambdaItemsPerSecond).toBe(Math.round((40 * 25) / cycleSeconds));
  });

  it("grows with workers until a limit binds, and never passes that limit", () => {
    const sharded = { counterShards: 16, loopShards: 16, loopTransactionRetries: 5 };
    const rates = [1, 2, 3, 5, 8, 10, 15, 20].map((w) => at(w, sharded).itemsPerSecond);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1] as number);
    const many = at(200, sharded);
    // The day's feed index takes 1,000 WCU/s at 1 WCU an item: no worker count passes it.
    expect(many.itemsPerSecond).toBeLessThanOrEqual(1000);
    expect(many.bottleneck).toBe("hot index partition");
    expect(many.throttledRate).toBeGreaterThan(0);
  });

  it("is capped by the account's Lambda concurrency", () => {
    const a = { ...SCALE_ASSUMPTIONS, lambdaConcurrency: 8 };
    const s = settings({ counterShards: 16, loopTransactionRetries: 5 });
    const capped = scalePoint(profile(), usage, { ...s, workers: 50 }, a);
    const atCap = scalePoint(profile(), usage, { ...s, workers: 8 }, a);
    expect(capped.itemsPerSecond).toBe(atCap.itemsPerSecond);
  });

  it("gives the same answer for the same inputs, and the batch window does not change a backlog's numbers", () => {
    expect(at(20)).toEqual(at(20));
    expect(at(20, { batchWindowSeconds: 0 })).toEqual(at(20, { batchWindowSeconds: 20 }));
  });
});

describe("scale model: shared counter rows", () => {
  it("binds on counter-row conflicts with one row per counter, and the limit moves up with the shards", () => {
    const peak = (k: number) =>
      Math.max(
        ...[1, 2, 5, 10, 20, 50, 100].map((w) => at(w, { counterShards: k, loopTransactionRetries: 5 }).itemsPerSecond),
      );
    expect(at(50, { loopTransactionRetries: 5 }).bottleneck).toBe("counter-row conflicts");
    expect(peak(4)).toBeGreaterThan(1.5 * peak(1));
    expect(peak(16)).toBeGreaterThan(peak(4));
    // Shards thin out the collisions at the same concurrency.
    const conflicts = [1, 4, 16].map((k) => at(10, { counterShards: k, loopTransactionRetries: 5 }).conflictRate);
    expect(conflicts[0]).toBeGreaterThan(conflicts[1] as number);
    expect(conflicts[1]).toBeGreaterThan(conflicts[2] as number);
  });

  it("cancels a loop-row transaction as often as the other workers keep the row held (Erlang, one server)", () => {
    // Only the loop row is shared here (no record rows), and nothing fails, so finished = stored.
    const p = profile({ counterRowShares: [], sharedPartitions: [] });
    const point = at(4, { loopTransactionRetries: 5, counterShards: 2 }, p);
    const hold = SCALE_ASSUMPTIONS.transactionMs / 1000;
    const expected = (point.itemsPerSecond * 0.2 * hold * (3 / 4)) / 2;
    expect(point.loopConflict).toBeCloseTo(expected, 2);
  });

  it("fails whole batches when the task store does not retry a conflict, and parks messages after 5 receives", () => {
    const notRetried = at(10, { loopTransactionRetries: 0 });
    const retried = at(10, { loopTransactionRetries: 5 });
    expect(notRetried.failedDeliveryRate).toBeGreaterThan(retried.failedDeliveryRate);
    // Reported rates are rounded to four places.
    expect(notRetried.deadLetterShare).toBeCloseTo(notRetried.failedDeliveryRate ** 5, 3);
    expect(notRetried.deadLetterShare).toBeGreaterThan(retried.deadLetterShare);
  });

  it("splits the week's counter partition at once only when shards have their own partition keys", () => {
    const inSortKey = at(20, { counterShards: 16, loopTransactionRetries: 5 });
    const inPartitionKey = at(20, { counterShards: 16, loopTransactionRetries: 5, shardsInPartitionKey: true });
    // Before split for heat, 1,000 WCU/s for the whole week's counters at 2.5 WCU an item.
    expect(inSortKey.beforeSplitItemsPerSecond).toBeLessThanOrEqual(400);
    expect(inPartitionKey.beforeSplitItemsPerSecond).toBeGreaterThan(inSortKey.beforeSplitItemsPerSecond);
  });

  it("lets an index partition split for heat when its sort key is not a timestamp", () => {
    const sharded = { counterShards: 64, loopShards: 64, loopTransactionRetries: 5 };
    const timeOrdered = at(200, sharded);
    const splittable = at(
      200,
      sharded,
      profile({
        sharedPartitions: [{ where: "GSI1", key: "FEED#<day>", wcuPerItem: 1, timeOrderedSortKey: false }],
      }),
    );
    expect(timeOrdered.bottleneck).toBe("hot index partition");
    expect(splittable.bottleneck).not.toBe("hot index partition");
    expect(splittable.itemsPerSecond).toBeGreaterThan(timeOrdered.itemsPerSecond);
  });
});

describe("scale model: cost per 1,000 items", () => {
  it("equals the cost model's at one worker, where nothing is retried", () => {
    const one = at(1);
    const base = costPer1000Items("local", usage, {
      enrichMsPerBatch: 300 - SCALE_ASSUMPTIONS.cpuMsPerInvocation,
    }).totalUsd;
    expect(one.scaleOverheadUsd).toBe(0);
    expect(one.costPer1000ItemsUsd).toBeCloseTo(base, 5);
  });

  it("rises as conflicts fail batches, and sharding keeps it down at the same concurrency", () => {
    const costs = [1, 2, 10, 50].map((w) => at(w).costPer1000ItemsUsd as number);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeGreaterThan(costs[i - 1] as number);
    const sharded = at(50, { counterShards: 16, loopTransactionRetries: 5 }).costPer1000ItemsUsd as number;
    expect(sharded).toBeLessThan(costs[3] as number);
  });

  it("charges the workers a ceiling leaves waiting on throttling", () => {
    const sharded = { counterShards: 16, loopTransactionRetries: 5 };
    const atCeiling = at(50, sharded);
    const farPast = at(200, sharded);
    expect(farPast.itemsPerSecond).toBeLessThanOrEqual(atCeiling.itemsPerSecond);
    expect(farPast.costPer1000ItemsUsd as number).toBeGreaterThan(atCeiling.costPer1000ItemsUsd as number);
  });
});

describe("scale report", () => {
  it("finds safe settings only where few messages are parked, and none it cannot keep safe", () => {
    const report = scaleReport(profile(), usage, {
      batchSize: 25,
      batchWindowSeconds: 2,
      shardedK: 16,
      measuredBatchMs: 300,
      scanUpTo: 50,
    });
    expect(report.scenarios.map((s) => s.counterShards)).toEqual([1, 16, 1]);
    // The design before item 2: a loop-row transaction per task opened and per recovery, none retried.
    expect(report.scenarios[0]).toMatchObject({ loopTransactionsPerItem: 0.3, loopTransactionRetries: 0 });
    for (const s of report.scenarios) {
      expect(s.points.map((p) => p.workers)).toEqual([1, 2, 5, 10, 20, 50, 100, 200]);
      if (s.safe) expect(s.safe.point.deadLetterShare).toBeLessThanOrEqual(report.safety.maxDeadLetterShare);
    }
    const sharded = report.scenarios[1];
    expect(sharded?.safe?.point.itemsPerSecond).toBeGreaterThan(report.scenarios[0]?.safe?.point.itemsPerSecond ?? 0);
    expect(report.sensitivity.map((t) => t.transactionMs)).toEqual([
      SCALE_ASSUMPTIONS.transactionMs / 2,
      SCALE_ASSUMPTIONS.transactionMs * 2,
    ]);
  });
});

describe("write profile", () => {
  const write = (
    request: number,
    PK: string,
    SK: string,
    units: number,
    index: MeteredWrite["indexEntries"] = [],
    change: MeteredWrite["change"] = "create",
  ) =>
    ({
      request,
      operation: "TransactWriteItems",
      key: { PK, SK },
      change,
      units,
      transactional: true,
      indexEntries: index,
    }) satisfies MeteredWrite;

  it("sorts writes into record and loop transactions, counter rows and shared partitions", () => {
    const records = Array.from({ length: 10 }, (_, i) => ({
      channel: i < 6 ? ("nps" as const) : ("csat" as const),
      week: "2026-W48",
      sentiment: "NEGATIVE" as const,
      detractor: true,
      themes: i < 3 ? ["delivery"] : [],
      score: 2,
      touchpoint: undefined,
    }));
    const writes: MeteredWrite[] = [
      ...records.map((_, i) =>
        write(0, `FB#f${i}`, "FEEDBACK", 2, [
          { index: "GSI1", partitionKey: `FEED#2026-11-2${i % 2}`, sortKey: "2026-11-20T10:00:00Z#f", units: 1 },
          { index: "GSI2", partitionKey: `CUSTOMER#customer:c${i}`, sortKey: "2026-11-20T10:00:00Z#f", units: 1 },
        ]),
      ),
      write(0, "AGG#2026-W48", "nps#_all", 2),
      write(0, "AGG#2026-W48", "csat#_all#3", 2),
      write(1, "TASK#t1", "TASK", 2),
      write(1, "AGG#2026-W48", "loop#all#5", 2),
      write(2, "TASK#t2", "TASK", 2, [], "update"),
      write(2, "AGG#2026-W48", "loop#all", 2),
      write(3, "CUSTOMER#customer:c1", "RECOVERY", 2, [], "delete"),
      write(3, "AGG#2026-W48", "loop#all#2", 2),
    ];
    const p = profileFromWrites({
      writes,
      records,
      usage: { ...usage, worker: { ...usage.worker, batchSize: 10, requests: { TransactWriteItems: 4, GetItem: 2 } } },
    });
    expect(p.recordTransactions).toMatchObject({ perBatch: 1, maxActions: 12 });
    // Three loop transactions (two on shards of the row) for ten items: a task opened, one joined, a recovery.
    expect(p.loopTransactionsPerItem).toBeCloseTo(0.3, 6);
    expect(p.tasksOpenedPerItem).toBeCloseTo(0.1, 6);
    expect(p.recoveriesPerItem).toBeCloseTo(0.1, 6);
    expect(p.counterRowShares.find((r) => r.row === "nps#_all")?.share).toBeCloseTo(0.6, 6);
    expect(p.counterRowShares.find((r) => r.row === "nps#delivery")?.share).toBeCloseTo(0.3, 6);
    const feed = p.sharedPartitions.find((s) => s.key === "FEED#<day>");
    expect(feed).toMatchObject({ where: "GSI1", wcuPerItem: 1, timeOrderedSortKey: true });
    expect(p.sharedPartitions.some((s) => s.key.startsWith("CUSTOMER#"))).toBe(false);
    expect(p.requestsPerBatch).toEqual({ transactions: 4, other: 2 });
  });

  it("reads the worker's real writes: transactions within DynamoDB's 100 actions, and the shared keys every item hits", async () => {
    const { profile: real } = await measureWriteProfile();
    expect(real.recordTransactions.maxActions).toBeLessThanOrEqual(100);
    expect(real.recordTransactions.perBatch).toBeGreaterThan(0);
    expect(real.counterRowShares.length).toBeGreaterThan(0);
    for (const r of real.counterRowShares) {
      expect(r.share).toBeGreaterThan(0);
      expect(r.share).toBeLessThanOrEqual(1);
    }
    // Every record lands on the day's feed index, whose sort key is a timestamp.
    expect(real.sharedPartitions).toContainEqual(
      expect.objectContaining({ where: "GSI1", key: "FEED#<day>", timeOrderedSortKey: true }),
    );
    expect(real.sharedPartitions).toContainEqual(expect.objectContaining({ where: "table", key: "AGG#<week>" }));
  });
});
