import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoEnrichedStore } from "#shared/enrich/adapters/dynamo-enriched-store";
import { type EnrichedFeedback, enrichFeedback } from "#shared/enrich/model/enrich";
import { applyCorrection } from "#shared/feedback/model/corrections";
import { countersOf, mergeCounters } from "#shared/feedback/model/counters";
import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput, StoredFeedback } from "#shared/feedback/model/schema";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { LOOP_KEY, loopCounterChange } from "#shared/follow-up/model/loop";
import { priorityOf } from "#shared/follow-up/model/priority";
import { followUpRules } from "#shared/follow-up/model/rules";
import { openTask } from "#shared/follow-up/model/transitions";
import { weekStart } from "#shared/kernel/time";
import { counterShards } from "#shared/platform/resources";
import { counterKey, counterRowOf, weekPartition } from "#shared/platform/table-keys";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * Weekly counters split into shards (shared/platform/resources.ts: counterShards), against DynamoDB Local: writers
 * add to whichever shard they picked, readers sum every shard of a row, and the counts stay exactly-once because
 * each shard update commits or not with its record's conditional write.
 */
let engines: Engines;
beforeAll(async () => {
  engines = await startEngines("hearback-counter-shards");
});
afterAll(async () => {
  await engines?.stop();
});

const NOW = new Date("2026-11-25T09:00:00Z");
/** Tuesday noon of an ISO week. */
const at = (week: string) => new Date(weekStart(week).getTime() + 36 * 3_600_000).toISOString();
let n = 0;
const enriched = (
  week: string,
  over: Partial<Extract<FeedbackInput, { channel: "nps" }>> = {},
  extra: { revision?: number; previous?: StoredFeedback; themes?: string[] } = {},
): EnrichedFeedback => {
  const sourceId = `shard-${++n}`;
  return enrichFeedback(
    {
      id: feedbackId("nps", sourceId),
      receivedAt: "2026-11-24T08:00:00.000Z",
      input: { channel: "nps", score: 3, customer: { id: `c-${sourceId}` }, sourceId, occurredAt: at(week), ...over },
      ...(extra.revision !== undefined && { revision: extra.revision }),
    },
    {
      analysis: undefined,
      themes: extra.themes ?? ["delivery"],
      taxonomyVersion: "t1",
      now: NOW,
      ...(extra.previous && { previous: extra.previous }),
    },
  );
};

/** A store whose batches go to the shards given, in turn. */
const storeOnShards = (...shards: number[]) => {
  let i = 0;
  return new DynamoEnrichedStore(engines.db, engines.tableName, undefined, {
    counterShard: () => shards[i++ % shards.length] as number,
  });
};

const row = async (week: string, key: string) =>
  (await engines.stores.counters.weeklyCounters(week)).find((c) => `${c.channel}#${c.theme}` === key)?.counts;

/** The week's items as stored: sort key -> attributes. */
const shardItems = async (week: string) => {
  const out = await engines.db.send(
    new QueryCommand({
      TableName: engines.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": weekPartition(week) },
    }),
  );
  return new Map((out.Items ?? []).map(({ PK: _pk, SK, ...counts }) => [String(SK), counts]));
};

/** Counts without the attributes that sum to zero, which a recount leaves out (as the soak's check does). */
const nonZero = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));

/** What the reader returns, as a recount states it: "channel#theme" -> counts. */
const readBack = async (week: string) =>
  new Map(
    (await engines.stores.counters.weeklyCounters(week)).map((c) => [`${c.channel}#${c.theme}`, nonZero(c.counts)]),
  );

const recount = (records: readonly StoredFeedback[]) =>
  new Map(mergeCounters(records.flatMap((r) => countersOf(r))).map((c) => [c.key, c.add]));

describe("sharded weekly counters", () => {
  it("keys shard 0 as the unsharded row and the others with their number", () => {
    expect(counterKey("2026-W48", "nps#_all")).toEqual({ PK: "AGG#2026-W48", SK: "nps#_all" });
    expect(counterKey("2026-W48", "nps#_all", 0)).toEqual({ PK: "AGG#2026-W48", SK: "nps#_all" });
    expect(counterKey("2026-W48", "nps#@support-chat", 7)).toEqual({ PK: "AGG#2026-W48", SK: "nps#@support-chat#7" });
    expect(counterRowOf("nps#@support-chat#7")).toBe("nps#@support-chat");
    expect(counterRowOf("loop#all#15")).toBe(LOOP_KEY);
    expect(counterRowOf("csat#_untagged")).toBe("csat#_untagged");
  });

  it("sums a row's shards on read, whichever shards the batches took", async () => {
    const week = "2026-W10";
    const batches = [
      [enriched(week, { score: 2 }), enriched(week, { score: 9 })],
      [enriched(week, { score: 2 })],
      [enriched(week, { score: 10 }), enriched(week, { score: 7 })],
    ];
    const store = storeOnShards(0, 5, counterShards - 1);
    for (const batch of batches) await store.saveEnrichedBatch(batch);

    const items = await shardItems(week);
    expect([...items.keys()].filter((sk) => counterRowOf(sk) === "nps#_all").sort()).toEqual(
      ["nps#_all", "nps#_all#5", `nps#_all#${counterShards - 1}`].sort(),
    );
    expect(await row(week, "nps#_all")).toEqual({
      n: 5,
      NEGATIVE: 2,
      NEUTRAL: 1,
      POSITIVE: 2,
      detractors: 2,
      s2: 2,
      s7: 1,
      s9: 1,
      s10: 1,
    });
    expect(await readBack(week)).toEqual(recount(batches.flat().map((b) => b.record)));
  });

  it("keeps counting on a row written before counters were sharded, as its shard 0", async () => {
    const week = "2026-W11";
    // What the worker wrote before shards: one item per row, no suffix.
    await engines.db.send(
      new PutCommand({
        TableName: engines.tableName,
        Item: { ...counterKey(week, "nps#_all"), n: 40, NEGATIVE: 10, POSITIVE: 30 },
      }),
    );
    await storeOnShards(3).saveEnrichedBatch([enriched(week, { score: 9 })]);
    await storeOnShards(0).saveEnrichedBatch([enriched(week, { score: 9 })]);
    expect(await row(week, "nps#_all")).toMatchObject({ n: 42, NEGATIVE: 10, POSITIVE: 32, s9: 2 });
    expect((await shardItems(week)).get("nps#_all")).toMatchObject({ n: 41, POSITIVE: 31 });
  });

  it("counts a redelivered batch once, even when the retry picks another shard", async () => {
    const week = "2026-W12";
    const batch = [enriched(week, { score: 1 }), enriched(week, { score: 8 })];
    expect([...(await storeOnShards(2).saveEnrichedBatch(batch)).values()]).toEqual(["stored", "stored"]);
    const before = await readBack(week);
    expect([...(await storeOnShards(9).saveEnrichedBatch(batch)).values()]).toEqual(["duplicate", "duplicate"]);
    expect(await readBack(week)).toEqual(before);
    // Nothing was written to the retry's shard: the whole transaction was cancelled with the records' conditions.
    expect([...(await shardItems(week)).keys()].some((sk) => sk.endsWith("#9"))).toBe(false);
  });

  it("takes a replaced answer's counts back from another shard than the one that added them: only the sum is read", async () => {
    const week = "2026-W13";
    const first = enriched(week, { score: 2 }, { revision: 1 });
    await storeOnShards(4).saveEnrichedBatch([first]);
    const sourceId = first.record.sourceId as string;
    const changed = enrichFeedback(
      {
        id: first.record.id,
        receivedAt: "2026-11-24T08:00:00.000Z",
        input: { channel: "nps", score: 9, customer: { id: `c-${sourceId}` }, sourceId, occurredAt: at(week) },
        revision: 2,
      },
      { analysis: undefined, themes: ["delivery"], taxonomyVersion: "t1", now: NOW, previous: first.record },
    );
    await storeOnShards(11).saveEnrichedBatch([changed]);

    expect(await row(week, "nps#_all")).toEqual({
      n: 1,
      NEGATIVE: 0,
      POSITIVE: 1,
      detractors: 0,
      s2: 0,
      s9: 1,
    });
    // The shard that took the change alone is below zero where the answer moved away: never read on its own.
    expect((await shardItems(week)).get("nps#_all#11")).toMatchObject({ NEGATIVE: -1, s2: -1, s9: 1 });
    expect(await readBack(week)).toEqual(recount([changed.record]));
  });

  it("moves a correction's counts on any shard and still sums to a recount", async () => {
    const week = "2026-W14";
    const items = [enriched(week, { score: 5 }, { themes: ["delivery"] }), enriched(week, { score: 6 })];
    await storeOnShards(6).saveEnrichedBatch(items);
    const target = items[0]?.record as StoredFeedback;
    const corrected = applyCorrection(target, { themes: ["price"] }, "lead", NOW.toISOString(), ["delivery", "price"]);
    expect(await engines.stores.feedback.correct(target, corrected.record, corrected.counters)).toBe(true);
    const counts = await readBack(week);
    expect(counts.get("nps#delivery")?.n).toBe(1);
    expect(counts.get("nps#price")?.n).toBe(1);
    expect(counts.get("nps#_all")?.n).toBe(2);
  });

  it("keeps exactly-once counts under concurrent writers racing for the same shards, conflicts retried", async () => {
    const week = "2026-W15";
    let conflicts = 0;
    // Eight writers, two shards: they must collide, and DynamoDB Local cancels the loser with TransactionConflict.
    const writers = Array.from(
      { length: 8 },
      (_, w) =>
        new DynamoEnrichedStore(engines.db, engines.tableName, undefined, {
          counterShard: () => w % 2,
          onConflict: () => {
            conflicts++;
          },
        }),
    );
    const batches = Array.from({ length: 40 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => enriched(week, { score: (b + i) % 11 })),
    );
    const outcomes = await Promise.all(
      writers.map(async (store, w) => {
        const mine: string[] = [];
        for (let b = w; b < batches.length; b += writers.length)
          mine.push(...(await store.saveEnrichedBatch(batches[b] ?? [])).values());
        return mine;
      }),
    );
    expect(outcomes.flat()).toEqual(Array(200).fill("stored"));
    expect(await readBack(week)).toEqual(recount(batches.flat().map((b) => b.record)));
    // Conflicts there may be (how many depends on timing); none of them added or lost a count.
    expect(Number.isInteger(conflicts)).toBe(true);
  });
});

describe("sharded loop counters", () => {
  const rules = followUpRules();
  const task = (id: string, week: string) =>
    openTask({
      id,
      contact: { kind: "customer", id: `c-${id}` },
      channel: "nps",
      feedbackId: `fb-${id}`,
      feedbackWeek: week,
      themes: ["delivery"],
      team: "logistics",
      priority: priorityOf({
        channel: "nps",
        score: 2,
        hasText: false,
        sentiment: "NEGATIVE",
        sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
        themes: [],
        urgentThemes: new Set(),
      }),
      reasons: ["NPS 2 of 10"],
      sla: { firstResponseHours: 2, resolveHours: 24 },
      openedAt: NOW,
    });

  it("sums every shard of the week's loop row, the unsharded one included, and counts each task once", async () => {
    const week = "2026-W20";
    const tasks = new DynamoTaskStore(engines.db, engines.tableName, rules.closeAfterResolvedDays);
    await engines.db.send(
      new PutCommand({ TableName: engines.tableName, Item: { ...counterKey(week, LOOP_KEY), opened: 3 } }),
    );
    const opened = Array.from({ length: 12 }, (_, i) => task(`task_shard_${i}`, week));
    await Promise.all(
      opened.map(async (t) => {
        const loop = loopCounterChange(undefined, t);
        expect(await tasks.saveTask(t, undefined, loop ? [loop] : [])).toBe("saved");
      }),
    );
    // Saving one again (a redelivery) is a conflict on the task's own condition and counts nothing.
    const again = opened[0] as ReturnType<typeof task>;
    const loop = loopCounterChange(undefined, again);
    expect(await tasks.saveTask(again, undefined, loop ? [loop] : [])).toBe("conflict");

    const counts = await tasks.loopCounts([week, "2026-W21"]);
    expect(counts.get(week)).toEqual({ opened: 15 });
    expect(counts.has("2026-W21")).toBe(false);
    // The weekly feedback counters never mistake the loop's shards for a channel's row.
    expect(await engines.stores.counters.weeklyCounters(week)).toEqual([]);
  });
});
