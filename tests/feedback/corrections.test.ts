import { describe, expect, it } from "vitest";
import { suggestKeywords } from "#shared/analysis/model/keyword-suggestions";
import { retagFeedback } from "#shared/analysis/retag";
import { CORRECTION_WEIGHT, trainFromScoredFeedback } from "#shared/analysis/train-model";
import { applyCorrection, CorrectionBody } from "#shared/feedback/model/corrections";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const ORDER = defaultTaxonomy.themes.map((t) => t.id);
const record = (over: Partial<StoredFeedback> = {}): StoredFeedback => ({
  id: "fb_1",
  channel: "social",
  receivedAt: "2026-12-01T10:00:00.000Z",
  occurredAt: "2026-12-01T10:00:00.000Z",
  week: "2026-W49",
  text: "送得真快，好吃到哭",
  language: "zh-Hans",
  sentiment: "NEGATIVE",
  sentimentScores: { positive: 0.2, negative: 0.7, neutral: 0.1, mixed: 0 },
  sentimentSource: "text",
  themes: ["environment"],
  taxonomyVersion: defaultTaxonomy.version,
  analyzer: "local-lexicon@1",
  detractor: true,
  platform: "weibo",
  authorHandle: "foodie",
  storedAt: "2026-12-01T10:00:01.000Z",
  ...over,
});

describe("a correction", () => {
  it("sets the reading, keeps what the analysis said first, and moves the counts between rows", () => {
    const first = applyCorrection(
      record(),
      { sentiment: "POSITIVE", themes: ["product_quality", "delivery"] },
      "mei",
      "t1",
      ORDER,
    );
    expect(first.record).toMatchObject({
      sentiment: "POSITIVE",
      themes: ["delivery", "product_quality"],
      detractor: false,
      correction: { by: "mei", at: "t1", was: { sentiment: "NEGATIVE", themes: ["environment"] } },
    });
    expect(first.counters).toEqual(
      expect.arrayContaining([
        { week: "2026-W49", key: "social#_all", add: { NEGATIVE: -1, detractors: -1, POSITIVE: 1 } },
        { week: "2026-W49", key: "social#environment", add: { n: -1, NEGATIVE: -1, detractors: -1 } },
        { week: "2026-W49", key: "social#delivery", add: { n: 1, POSITIVE: 1 } },
      ]),
    );
    const second = applyCorrection(first.record, { sentiment: "MIXED" }, "li", "t2", ORDER);
    expect(second.record.correction?.was).toEqual({ sentiment: "NEGATIVE", themes: ["environment"] });
    expect(second.record.themes).toEqual(["delivery", "product_quality"]);
  });

  it("accepts only known themes, a known sentiment and at least one of them", () => {
    const body = CorrectionBody(new Set(ORDER));
    expect(body.safeParse({ themes: ["delivery"] }).success).toBe(true);
    expect(body.safeParse({}).success).toBe(false);
    expect(body.safeParse({ themes: ["nope"] }).success).toBe(false);
    expect(body.safeParse({ note: "only a note" }).success).toBe(false);
  });

  it("outweighs the score in training, teaches from social posts, and is left alone by retag", async () => {
    const corrected = applyCorrection(
      record(),
      { sentiment: "POSITIVE", themes: ["delivery"] },
      "mei",
      "t",
      ORDER,
    ).record;
    const scored = (i: number, score: number): StoredFeedback =>
      record({
        id: `fb_s${i}`,
        channel: "nps",
        score,
        platform: undefined,
        authorHandle: undefined,
        text: `第${i}条评论`,
      });
    const items = [corrected, ...Array.from({ length: 80 }, (_, i) => scored(i, i % 2 ? 1 : 10))];
    const result = await trainFromScoredFeedback(
      {
        feedback: { day: async (day) => ({ items: day === "2026-12-01" ? items : [] }) },
        models: { saveModel: async () => undefined, loadModel: async () => undefined },
        now: () => new Date("2026-12-02T00:00:00Z"),
      },
      { days: 2, minExamples: 10, minPerClass: 5 },
    );
    expect(result.status).not.toBe("skipped");
    const trainedOrHeld = result.status === "skipped" ? 0 : result.examples + result.comparison.comments;
    // 80 scored comments, and the corrected post counted CORRECTION_WEIGHT times.
    expect(trainedOrHeld).toBe(80 + CORRECTION_WEIGHT);

    const retagged: string[] = [];
    const report = await retagFeedback(
      {
        store: {
          day: async (day) => ({ items: day === "2026-12-01" ? [corrected] : [] }),
          retag: async (changes) => {
            retagged.push(...changes.map((c) => c.id));
            return { retagged: changes.length, stale: 0 };
          },
        },
        taxonomy: { ...defaultTaxonomy, version: "next" },
      },
      { since: new Date("2026-12-01T00:00:00Z"), until: new Date("2026-12-01T23:00:00Z") },
    );
    expect(retagged).toEqual([]);
    expect(report.unchanged).toBe(1);
  });
});

describe("hearback themes suggest", () => {
  it("proposes the words people's corrections into a theme share, not the theme's keywords or everyday words", () => {
    const item = (text: string, correctedTo?: string[]) => ({
      text,
      language: "zh-Hans",
      themes: correctedTo ?? [],
      ...(correctedTo && {
        correction: { themes: correctedTo, by: "mei", at: "t", was: { sentiment: "NEUTRAL" as const, themes: [] } },
      }),
    });
    const items = [
      item("导航一直绕路，绕了好久", ["delivery"]),
      item("导航把人带到小区后门", ["delivery"]),
      item("导航定位不准，找不到", ["delivery"]),
      ...Array.from({ length: 30 }, (_, i) => item(`今天的饭还行${i}`)),
    ];
    const [suggestion] = suggestKeywords(items, defaultTaxonomy);
    expect(suggestion?.theme).toBe("delivery");
    expect(suggestion?.items).toBe(3);
    expect(suggestion?.words[0]).toEqual({ word: "导航", inCorrected: 3, inAll: 3 });
    expect(suggestion?.words.map((w) => w.word)).not.toContain("今天");
  });
});
