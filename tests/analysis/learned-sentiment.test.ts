import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combine, modelWeight } from "#shared/analysis/model/blend";
import { BlendedAnalyzer } from "#shared/analysis/model/blended-analyzer";
import {
  deserializeModel,
  type LearnedLabel,
  labelFromScore,
  predict,
  serializeModel,
  type TrainingExample,
  tokenize,
  trainModel,
} from "#shared/analysis/model/learned-sentiment";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type AnalysisRequest, isAnalysisFailure, type TextAnalysis } from "#shared/analysis/ports/analyzer";

const NOW = new Date("2025-03-01T10:00:00.000Z");

const en = (label: LearnedLabel, ...texts: string[]): TrainingExample[] =>
  texts.map((text) => ({ text, language: "en", label }));
const zh = (label: LearnedLabel, ...texts: string[]): TrainingExample[] =>
  texts.map((text) => ({ text, language: "zh-Hans", label }));

/** A hand-written corpus of scored comments, the kind a deployment collects in its first weeks. */
const CORPUS: TrainingExample[] = [
  ...en(
    "NEGATIVE",
    "I was transferred to another department three times and nobody fixed it",
    "transferred again and the line went silent",
    "they transferred me to billing and then hung the call",
    "my refund has not arrived after two weeks",
    "the parcel arrived damaged and the box was torn",
    "support transferred me around for an hour",
    "the app logs me out every time I pay",
    "the courier left the parcel in the rain",
    "transferred between teams, still no answer",
    "the invoice was wrong twice this month",
  ),
  ...en(
    "POSITIVE",
    "the agent fixed my exchange in five minutes, great service",
    "fast delivery and the product works great",
    "friendly staff, quick answer, thank you",
    "great app, paying takes one tap",
    "the courier was friendly and on time",
    "thank you for the quick refund",
    "great support, solved in one call",
  ),
  ...en(
    "NEUTRAL",
    "I ordered the blue one",
    "the delivery came on tuesday",
    "I called about my invoice this morning",
    "I used the app to book",
    "the parcel came in a box",
  ),
  ...zh(
    "NEGATIVE",
    "客服电话一直转接，转了三个部门也没人处理",
    "退款两个星期了还没到账",
    "送来的时候包装破了，汤洒了一半",
    "等了一个小时还没送到",
    "转接了好几次，最后电话断了",
    "菜是凉的，而且少了一份",
    "客服不回复，转来转去",
  ),
  ...zh(
    "POSITIVE",
    "送餐很快，味道很好，谢谢",
    "客服态度很好，马上就解决了",
    "包装很好，菜很新鲜，好吃",
    "味道很好，下次还点",
    "快递员很热情，送得很快",
    "很好吃，分量足，推荐",
  ),
  ...zh("NEUTRAL", "我点了一份米饭", "今天中午送到的", "我在应用里下的单"),
];

describe("labelFromScore", () => {
  it.each([
    ["nps", 0, "NEGATIVE"],
    ["nps", 6, "NEGATIVE"],
    ["nps", 7, "NEUTRAL"],
    ["nps", 8, "NEUTRAL"],
    ["nps", 9, "POSITIVE"],
    ["nps", 10, "POSITIVE"],
    ["csat", 1, "NEGATIVE"],
    ["csat", 2, "NEGATIVE"],
    ["csat", 3, "NEUTRAL"],
    ["csat", 4, "POSITIVE"],
    ["csat", 5, "POSITIVE"],
  ] as const)("%s %i is %s", (channel, score, label) => {
    expect(labelFromScore(channel, score)).toBe(label);
  });

  it("rejects scores outside the channel's scale", () => {
    expect(() => labelFromScore("nps", 11)).toThrow(RangeError);
    expect(() => labelFromScore("csat", 0)).toThrow(RangeError);
    expect(() => labelFromScore("csat", Number.NaN)).toThrow(RangeError);
  });
});

describe("tokenize", () => {
  it("scopes English negation up to punctuation and adds bigrams", () => {
    const tokens = tokenize("I didn't like the food, but great staff", "en");
    expect(tokens).toContain("not_like");
    expect(tokens).toContain("not_the");
    expect(tokens).toContain("not_food");
    expect(tokens).toContain("great");
    expect(tokens).not.toContain("not_great");
    expect(tokens).toContain("great staff");
  });

  it("reads traditional Chinese as simplified, with character bigrams and negation", () => {
    const tokens = tokenize("這家不好吃", "zh-Hant");
    expect(tokens).toEqual(expect.arrayContaining(["这", "这家", "不好", "not_好", "not_吃", "好吃"]));
    expect(tokenize("這家不好吃", "zh-Hant")).toEqual(tokenize("这家不好吃", "zh-Hans"));
  });

  it("keeps emoji and drops links and handles", () => {
    const tokens = tokenize("@acme thanks 👍 https://example.com/x", "en");
    expect(tokens).toContain("👍");
    expect(tokens.some((t) => t.includes("acme") || t.includes("example"))).toBe(false);
  });
});

describe("trainModel and predict", () => {
  const model = trainModel(CORPUS, { now: NOW });

  it("records the classes it learned from and a version", () => {
    expect(model.trainedOn).toEqual({ NEGATIVE: 17, POSITIVE: 13, NEUTRAL: 8 });
    expect(model.version).toBe(`2025-03-01T10:00:00.000Z+${CORPUS.length}`);
  });

  it.each([
    ["they transferred me to another department again", "en", "NEGATIVE"],
    ["great service and a friendly agent, thank you", "en", "POSITIVE"],
    ["转接了三次还没人处理", "zh-Hans", "NEGATIVE"],
    ["味道很好，送餐很快", "zh-Hans", "POSITIVE"],
    ["味道很好，送餐很快", "zh-Hant", "POSITIVE"],
  ])("predicts %s as %s", (text, language, label) => {
    const p = predict(model, text, language);
    expect(p.label).toBe(label);
    expect(p.confidence).toBe(p.probabilities[p.label]);
    expect(p.probabilities.POSITIVE + p.probabilities.NEGATIVE + p.probabilities.NEUTRAL).toBeCloseTo(1, 9);
    expect(p.evidence).toBeGreaterThan(0);
  });

  it("gives a class it never saw no probability", () => {
    const binary = trainModel(
      CORPUS.filter((e) => e.label !== "NEUTRAL"),
      { now: NOW },
    );
    expect(binary.trainedOn.NEUTRAL).toBeUndefined();
    expect(predict(binary, "I ordered the blue one", "en").probabilities.NEUTRAL).toBe(0);
  });

  it("falls back to the prior, with no evidence, for text it has no features for", () => {
    const p = predict(model, "xyzzy plugh", "en");
    expect(p.evidence).toBe(0);
    expect(p.label).toBe("NEGATIVE");
  });

  it("is deterministic: the same examples in any order give the same model", () => {
    const again = trainModel([...CORPUS].reverse(), { now: NOW });
    expect(again).toEqual(model);
    expect(serializeModel(again)).toBe(serializeModel(model));
  });

  it("survives a serialize/deserialize round trip with identical predictions", () => {
    const json = serializeModel(model);
    const back = deserializeModel(json);
    expect(back).toEqual(model);
    for (const text of ["transferred again", "送餐很快", "the box", "👍 thanks", ""]) {
      expect(predict(back, text, "en")).toEqual(predict(model, text, "en"));
    }
  });

  it("rejects what is not a model", () => {
    expect(() => deserializeModel("{}")).toThrow();
    expect(() => deserializeModel("not json")).toThrow();
    const broken = JSON.parse(serializeModel(model));
    broken.counts.NEGATIVE.pop();
    expect(() => deserializeModel(JSON.stringify(broken))).toThrow(/counts/);
  });

  it("keeps at most maxFeatures features, each seen in at least two texts", () => {
    const labels: LearnedLabel[] = ["POSITIVE", "NEGATIVE", "NEUTRAL"];
    const example = fc.record({
      text: fc.oneof(
        fc
          .array(fc.constantFrom("good", "bad", "late", "refund", "great", "not", "box", "!", "好", "差", "不", "慢"), {
            maxLength: 12,
          })
          .map((w) => w.join(" ")),
        fc.string({ maxLength: 30 }),
      ),
      language: fc.constantFrom("en", "zh-Hans"),
      label: fc.constantFrom(...labels),
    });
    fc.assert(
      fc.property(fc.array(example, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 50 }), (ex, cap) => {
        const m = trainModel(ex, { maxFeatures: cap, now: NOW });
        expect(m.features.length).toBeLessThanOrEqual(cap);
        expect(new Set(m.features).size).toBe(m.features.length);
        for (const label of labels) {
          const counts = m.counts[label];
          if (counts) expect(counts).toHaveLength(m.features.length);
        }
        const df = m.features.map((_, i) => labels.reduce((s, l) => s + (m.counts[l]?.[i] ?? 0), 0));
        expect(df.every((n) => n >= 2)).toBe(true);
        expect(deserializeModel(serializeModel(m))).toEqual(m);
      }),
      { numRuns: 60 },
    );
  });

  it("weights a model more as it learns from more texts, never above 0.8", () => {
    const small = modelWeight(model);
    const big = modelWeight({ ...model, trainedOn: { NEGATIVE: 5000, POSITIVE: 5000 } });
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(big);
    expect(big).toBeLessThanOrEqual(0.8);
  });
});

describe("combine", () => {
  const neutral = { sentiment: "NEUTRAL" as const, scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 } };
  const negative = {
    label: "NEGATIVE" as const,
    probabilities: { POSITIVE: 0.05, NEGATIVE: 0.9, NEUTRAL: 0.05 },
    confidence: 0.9,
    evidence: 8,
  };

  it("leaves the lexicon alone at weight 0 or without evidence", () => {
    expect(combine(neutral, negative, 0)).toEqual(neutral);
    expect(combine(neutral, { ...negative, evidence: 0 }, 0.8)).toEqual(neutral);
  });

  it("lets a confident model outvote a neutral lexicon, and scores sum to 1", () => {
    const c = combine(neutral, negative, 0.7);
    expect(c.sentiment).toBe("NEGATIVE");
    expect(c.scores.positive + c.scores.negative + c.scores.neutral + c.scores.mixed).toBeCloseTo(1, 3);
  });

  it("keeps a MIXED lexicon verdict MIXED", () => {
    const mixed = { sentiment: "MIXED" as const, scores: { positive: 0.25, negative: 0.2, neutral: 0.05, mixed: 0.5 } };
    const c = combine(mixed, negative, 0.7);
    expect(c.sentiment).toBe("MIXED");
    expect(c.scores.negative).toBeGreaterThan(c.scores.positive);
    expect(c.scores.mixed).toBe(Math.max(...Object.values(c.scores)));
  });
});

describe("BlendedAnalyzer", () => {
  const base = new LocalAnalyzer();
  const requests: AnalysisRequest[] = [
    { id: "1", text: "The agent fixed my exchange in five minutes" },
    { id: "2", text: "订单三天了还没发货，客服也不回复", localeHint: "zh-CN" },
    { id: "3", text: "I was transferred to another department for the third time" },
    { id: "4", text: "" },
  ];

  it("is named local and, without a model, answers exactly as the base analyzer", async () => {
    const blended = new BlendedAnalyzer(base);
    expect(blended.name).toBe("local");
    expect(await blended.analyze(requests)).toEqual(await base.analyze(requests));
  });

  it("turns a complaint the lexicon reads as neutral negative once it has learned the pattern", async () => {
    const complaint = { id: "c", text: "they transferred me between departments and the line went silent" };
    const [lexicon] = (await base.analyze([complaint])) as TextAnalysis[];
    expect(lexicon?.sentiment).toBe("NEUTRAL");

    const blended = new BlendedAnalyzer(base, undefined, { weight: 0.8 });
    const model = trainModel(CORPUS, { now: NOW });
    blended.useModel(model);
    const [result] = await blended.analyze([complaint]);
    if (!result || isAnalysisFailure(result)) throw new Error("expected an analysis");
    expect(result.sentiment).toBe("NEGATIVE");
    expect(result.engine).toBe(`local-lexicon@1+nb@${model.version}`);
    expect(result.language).toBe("en");

    blended.useModel(undefined);
    expect(await blended.analyze([complaint])).toEqual(await base.analyze([complaint]));
  });

  it("passes base failures through and keeps input order", async () => {
    const failing = {
      name: "stub",
      analyze: async (rs: readonly AnalysisRequest[]) =>
        rs.map((r) => ({ id: r.id, error: { code: "X", message: "down", retryable: true } })),
    };
    const blended = new BlendedAnalyzer(failing, trainModel(CORPUS, { now: NOW }));
    const results = await blended.analyze(requests);
    expect(results.map((r) => r.id)).toEqual(["1", "2", "3", "4"]);
    expect(results.every(isAnalysisFailure)).toBe(true);
  });
});
