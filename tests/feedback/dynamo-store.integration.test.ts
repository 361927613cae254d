import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnrichedFeedback, enrichFeedback } from "#shared/enrich/model/enrich";
import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { type Engines, startEngines } from "../support/engines.ts";

/** The DynamoDB adapter against Amazon's DynamoDB Local: behaviour, not request shapes. */
let engines: Engines;
beforeAll(async () => {
  engines = await startEngines("hearback-store-test");
});
afterAll(async () => {
  await engines?.stop();
});

const NOW = new Date("2026-11-25T09:00:00Z");
let n = 0;
const enriched = (
  over: Partial<Extract<FeedbackInput, { channel: "nps" }>> = {},
  sourceId = `s-${++n}`,
): EnrichedFeedback =>
  enrichFeedback(
    {
      id: feedbackId("nps", sourceId),
      receivedAt: "2026-11-24T08:00:00.000Z",
      input: { channel: "nps", score: 3, customer: { id: `c-${sourceId}` }, sourceId, ...over },
    },
    { analysis: undefined, themes: ["delivery"], taxonomyVersion: "t1", now: NOW },
  );

const counts = async (week: string, key: string) =>
  (await engines.stores.counters.weeklyCounters(week)).find((c) => `${c.channel}#${c.theme}` === key)?.counts;

describe("sampleDay", () => {
  it("spreads the digest's sample over the whole day, a bounded number from each window", async () => {
    const day = "2026-03-03";
    // A busy morning (60 items before 06:00) and a few in each later hour.
    const items = [
      ...Array.from({ length: 60 }, (_, i) =>
        enriched({ occurredAt: `${day}T0${i % 6}:${String(i).padStart(2, "0")}:00.000Z` }),
      ),
      ...Array.from({ length: 18 }, (_, i) =>
        enriched({ occurredAt: `${day}T${String(6 + i).padStart(2, "0")}:30:00.000Z` }),
      ),
    ];
    for (let i = 0; i < items.length; i += 25) await engines.stores.enriched.saveEnrichedBatch(items.slice(i, i + 25));
    const sample = await engines.stores.feedback.sampleDay(day, 4, 5);
    const windows = sample.map((f) => Math.floor(Number(f.occurredAt.slice(11, 13)) / 6));
    expect(sample).toHaveLength(20);
    expect([0, 1, 2, 3].map((w) => windows.filter((x) => x === w).length)).toEqual([5, 5, 5, 5]);
    expect(sample.every((f) => f.occurredAt.startsWith(day))).toBe(true);
    expect(sample.some((f) => "originalText" in f)).toBe(false);
  });
});

describe("saveEnrichedBatch", () => {
  it("stores a batch with counters summed per row and detractors marked", async () => {
    const week = "2026-W48";
    const items = [enriched({ score: 2 }), enriched({ score: 9 }), enriched({ score: 2 })];
    const outcomes = await engines.stores.enriched.saveEnrichedBatch(items);
    expect([...outcomes.values()]).toEqual(["stored", "stored", "stored"]);
    expect(await counts(week, "nps#_all")).toMatchObject({
      n: 3,
      NEGATIVE: 2,
      POSITIVE: 1,
      detractors: 2,
      s2: 2,
      s9: 1,
    });
    expect(await counts(week, "nps#delivery")).toMatchObject({ n: 3 });
    const stored = await engines.stores.feedback.status(items[0]?.record.id ?? "");
    expect(stored?.status === "stored" && stored.feedback.detractor).toBe(true);
  });

  it("reports redelivered records as duplicates and still stores the new ones, counting only those", async () => {
    const old = enriched({ score: 6 }, "redelivered");
    await engines.stores.enriched.saveEnrichedBatch([old]);
    const before = await counts("2026-W48", "nps#_all");
    const fresh = enriched({ score: 10 }, "fresh-one");
    const outcomes = await engines.stores.enriched.saveEnrichedBatch([old, fresh, fresh]);
    expect(outcomes.get(old.record.id)).toBe("duplicate");
    expect(outcomes.get(fresh.record.id)).toBe("stored");
    const after = await counts("2026-W48", "nps#_all");
    expect(after?.n).toBe((before?.n ?? 0) + 1);
    expect(after?.s6).toBe(before?.s6);
    expect(after?.s10).toBe((before?.s10 ?? 0) + 1);
  });

  it("splits batches that exceed one transaction's 100 actions without losing a record", async () => {
    // 60 detractors = 120 puts: at least two transactions.
    const items = Array.from({ length: 60 }, (_, i) =>
      enriched({ score: 1, occurredAt: "2026-06-01T10:00:00.000Z" }, `bulk-split-${i}`),
    );
    const outcomes = await engines.stores.enriched.saveEnrichedBatch(items);
    expect([...outcomes.values()].filter((o) => o === "stored")).toHaveLength(60);
    expect(await counts("2026-W23", "nps#_all")).toMatchObject({ n: 60, detractors: 60, s1: 60 });
    expect((await engines.stores.feedback.storedRecords(items.map((i) => i.record.id))).size).toBe(60);
  });
});

describe("list", () => {
  it("pages newest first across days with a cursor, and rejects a forged cursor", async () => {
    const items = Array.from({ length: 5 }, (_, i) =>
      enriched({ score: 8, occurredAt: new Date(Date.UTC(2026, 0, 10 + i, 12)).toISOString() }, `list-${i}`),
    );
    await engines.stores.enriched.saveEnrichedBatch(items);
    const query = { from: new Date("2026-01-09T00:00:00Z"), to: new Date("2026-01-20T00:00:00Z"), limit: 2 };
    const first = await engines.stores.feedback.list(query);
    expect(first.items.map((i) => i.occurredAt.slice(0, 10))).toEqual(["2026-01-14", "2026-01-13"]);
    const second = await engines.stores.feedback.list({ ...query, cursor: first.cursor });
    const third = await engines.stores.feedback.list({ ...query, cursor: second.cursor });
    expect([...second.items, ...third.items].map((i) => i.occurredAt.slice(0, 10))).toEqual([
      "2026-01-12",
      "2026-01-11",
      "2026-01-10",
    ]);
    expect(third.cursor).toBeUndefined();
    await expect(engines.stores.feedback.list({ ...query, cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(/cursor/);
  });
});

describe("retag", () => {
  it("moves counts to the new themes, stamps the new version, and changes nothing when run again", async () => {
    const { retagFeedback } = await import("#shared/analysis/retag");
    const { defaultTaxonomy } = await import("#shared/taxonomy/taxonomy");
    const occurredAt = "2026-08-05T10:00:00.000Z";
    const items = [
      enrichFeedback(
        {
          id: feedbackId("nps", "retag-1"),
          receivedAt: occurredAt,
          input: {
            channel: "nps",
            score: 2,
            comment: "退款两周了还没到账",
            customer: { id: "r" },
            sourceId: "retag-1",
            occurredAt,
          },
        },
        // Tagged by an older taxonomy that filed it under delivery.
        { analysis: undefined, themes: ["delivery"], taxonomyVersion: "old", now: NOW },
      ),
    ];
    await engines.stores.enriched.saveEnrichedBatch(items);
    const week = "2026-W32";
    expect(await counts(week, "nps#delivery")).toMatchObject({ n: 1, detractors: 1 });

    const range = { since: new Date("2026-08-01T00:00:00Z"), until: new Date("2026-08-10T00:00:00Z") };
    const report = await retagFeedback({ store: engines.stores.feedback, taxonomy: defaultTaxonomy }, range);
    expect(report).toMatchObject({ read: 1, retagged: 1, stale: 0 });
    const stored = await engines.stores.feedback.status(items[0]?.record.id ?? "");
    expect(stored?.status === "stored" && stored.feedback).toMatchObject({
      taxonomyVersion: defaultTaxonomy.version,
      themes: expect.arrayContaining(["refund"]),
    });
    expect(await counts(week, "nps#delivery")).toMatchObject({ n: 0, NEGATIVE: 0, detractors: 0 });
    expect(await counts(week, "nps#refund")).toMatchObject({ n: 1, NEGATIVE: 1, detractors: 1 });
    expect(await counts(week, "nps#_all")).toMatchObject({ n: 1 });

    const again = await retagFeedback({ store: engines.stores.feedback, taxonomy: defaultTaxonomy }, range);
    expect(again).toMatchObject({ read: 1, retagged: 0, unchanged: 1 });
    expect(await counts(week, "nps#refund")).toMatchObject({ n: 1 });
  });
});

describe("learning from scored comments", () => {
  it("trains a model from stored NPS/CSAT comments, stores it, and warm workers pick it up", async () => {
    const { trainFromScoredFeedback } = await import("#shared/analysis/train-model");
    const { ModelCache } = await import("#shared/analysis/model-cache");
    const { BlendedAnalyzer } = await import("#shared/analysis/model/blended-analyzer");
    const { LocalAnalyzer } = await import("#shared/analysis/model/local-analyzer");
    const now = new Date("2026-09-30T12:00:00Z");
    const complaints = ["转了三个部门都没人处理", "transferred between departments again", "客服让我一直等回电"];
    const praise = ["小哥很准时，东西完好", "quick and friendly, sorted in minutes", "包装仔细，下次还买"];
    const items = Array.from({ length: 100 }, (_, i) =>
      enriched(
        {
          score: i % 2 ? 1 : 10,
          comment: (i % 2 ? complaints : praise)[i % 3],
          occurredAt: new Date(now.getTime() - (i + 1) * 1_200_000).toISOString(),
        },
        `train-${i}`,
      ),
    );
    await engines.stores.enriched.saveEnrichedBatch(items);
    const deps = { feedback: engines.stores.feedback, models: engines.stores.models, now: () => now };
    const skipped = await trainFromScoredFeedback(deps, { days: 3, minExamples: 200 });
    expect(skipped.status).toBe("skipped");
    expect(await engines.stores.models.currentModelVersion()).toBeUndefined();
    // About 40 of each are trained on (a fifth is held back): fewer than 60 of each is too thin.
    const thin = await trainFromScoredFeedback(deps, { days: 3, minExamples: 20, minPerClass: 60 });
    expect(thin).toMatchObject({ status: "skipped", reason: expect.stringMatching(/need at least 60 of each/) });

    const result = await trainFromScoredFeedback(deps, { days: 3, minExamples: 20, minPerClass: 10 });
    if (result.status !== "trained") throw new Error(`not promoted: ${JSON.stringify(result)}`);
    // Judged on the fifth it did not train on, against the lexicon alone (there is no model yet).
    expect(result.examples + result.comparison.comments).toBe(100);
    expect(result.comparison.candidate).toBeGreaterThanOrEqual(result.comparison.lexicon);
    const version = await engines.stores.models.currentModelVersion();
    expect(version).toBe(result.version);

    // The same comments again: the new model cannot beat the current one, which stays.
    const later = { ...deps, now: () => new Date(now.getTime() + 60_000) };
    const again = await trainFromScoredFeedback(later, { days: 3, minExamples: 20, minPerClass: 10 });
    expect(again).toMatchObject({ status: "kept", reason: expect.stringMatching(/does not beat the current model/) });
    expect(await engines.stores.models.currentModelVersion()).toBe(version);

    const analyzer = new BlendedAnalyzer(new LocalAnalyzer());
    await new ModelCache(engines.stores.models, analyzer, 60_000).refresh();
    const [analysis] = await analyzer.analyze([{ id: "x", text: "又被转到别的部门，没人处理" }]);
    expect(analysis && "engine" in analysis ? analysis.engine : "").toContain(`nb@${version}`);
  });
});

describe("changed answers", () => {
  it("replaces the record and moves its counts when a newer revision arrives, keeps the task, and refuses a stale one", async () => {
    const id = feedbackId("nps", "survey-changed");
    const at = "2026-04-07T10:00:00.000Z";
    const queued = (score: number, revision: number, comment?: string) => ({
      id,
      receivedAt: at,
      revision,
      input: {
        channel: "nps" as const,
        score,
        customer: { id: "c-changed" },
        sourceId: "survey-changed",
        occurredAt: at,
        ...(comment && { comment }),
      },
    });
    const ctx = { analysis: undefined, themes: [], taxonomyVersion: "t1", now: NOW };
    const first = enrichFeedback(queued(3, 1), ctx);
    // The follow-up planner stamps the task before storing; a replacement must keep it.
    first.record.taskId = "task_changed";
    expect((await engines.stores.enriched.saveEnrichedBatch([first])).get(id)).toBe("stored");
    const week = "2026-W15";
    expect(await counts(week, "nps#_all")).toMatchObject({ n: 1, s3: 1, NEGATIVE: 1, detractors: 1 });

    const stored = (await engines.stores.feedback.storedRecords([id])).get(id);
    const second = enrichFeedback(queued(9, 2, "其实挺好的"), { ...ctx, previous: stored });
    expect((await engines.stores.enriched.saveEnrichedBatch([second])).get(id)).toBe("stored");
    expect(await counts(week, "nps#_all")).toMatchObject({
      n: 1,
      s3: 0,
      s9: 1,
      NEGATIVE: 0,
      POSITIVE: 1,
      detractors: 0,
    });
    const now = (await engines.stores.feedback.storedRecords([id])).get(id);
    expect(now).toMatchObject({ score: 9, revision: 2, detractor: false, text: "其实挺好的", taskId: stored?.taskId });

    // Computed from revision 1, which is no longer what is stored: must not double-move the counts.
    const stale = enrichFeedback(queued(0, 3), { ...ctx, previous: stored });
    expect((await engines.stores.enriched.saveEnrichedBatch([stale])).get(id)).toBe("stale");
    const after = await counts(week, "nps#_all");
    expect(after).toMatchObject({ n: 1, s9: 1 });
    expect(after).not.toHaveProperty("s0");
  });
});
