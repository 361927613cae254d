import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { ComprehendAnalyzer } from "#shared/analysis/adapters/comprehend-analyzer";
import { comprehendCostUsd, comprehendUnits } from "#shared/analysis/model/comprehend-cost";
import { HybridAnalyzer } from "#shared/analysis/model/hybrid-analyzer";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { AnalysisRequest, AnalysisResult, Analyzer } from "#shared/analysis/ports/analyzer";

class FakeRemote implements Analyzer {
  readonly name = "comprehend";
  readonly calls: AnalysisRequest[][] = [];
  constructor(private readonly fail = false) {}
  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    this.calls.push([...requests]);
    if (this.fail) throw new Error("ThrottlingException");
    return requests.map((r) => ({
      id: r.id,
      language: r.localeHint ?? "und",
      sentiment: "NEGATIVE" as const,
      scores: { positive: 0.01, negative: 0.97, neutral: 0.01, mixed: 0.01 },
      engine: "comprehend",
    }));
  }
}

const texts: AnalysisRequest[] = [
  { id: "clear", text: "Absolutely love it, best delivery ever, thank you so much!" },
  { id: "doubtful", text: "ok" },
  { id: "zh", text: "还行吧" },
];

describe("hybrid analyzer", () => {
  it("keeps confident local results and sends only doubtful ones, with the local language as a hint", async () => {
    const remote = new FakeRemote();
    const hybrid = new HybridAnalyzer(new LocalAnalyzer(), remote, 0.75);
    const results = await hybrid.analyze(texts);
    const sent = remote.calls.flat().map((r) => r.id);
    expect(sent).not.toContain("clear");
    expect(sent.length).toBeGreaterThan(0);
    expect(remote.calls).toHaveLength(1);
    expect(results.map((r) => r.id)).toEqual(["clear", "doubtful", "zh"]);
    expect(results[0]).toMatchObject({ sentiment: "POSITIVE", engine: "local-lexicon@1" });
    const zh = remote.calls.flat().find((r) => r.id === "zh");
    if (zh) expect(zh.localeHint).toBe("zh-Hans");
    expect(hybrid.stats).toEqual({ texts: 3, sentToComprehend: sent.length });
  });

  it("sends everything at threshold 1 and nothing at threshold 0", async () => {
    const all = new FakeRemote();
    await new HybridAnalyzer(new LocalAnalyzer(), all, 1.01).analyze(texts);
    expect(all.calls.flat()).toHaveLength(3);
    const none = new FakeRemote();
    await new HybridAnalyzer(new LocalAnalyzer(), none, 0).analyze(texts);
    expect(none.calls).toHaveLength(0);
  });

  it("falls back to the local answer when Comprehend fails, so nothing waits on it", async () => {
    const results = await new HybridAnalyzer(new LocalAnalyzer(), new FakeRemote(true), 1.01).analyze(texts);
    expect(results.every((r) => "sentiment" in r && r.engine === "local-lexicon@1")).toBe(true);
    // Marked, so the worker counts it as a fallback (the AnalyzerFallbacks metric).
    expect(results.every((r) => "sentiment" in r && r.fallbackFrom === "comprehend")).toBe(true);
  });
});

describe("Comprehend with a trusted language hint", () => {
  it("skips BatchDetectDominantLanguage for texts whose language is already known", async () => {
    const comprehend = mockClient(ComprehendClient);
    comprehend.on(BatchDetectSentimentCommand).callsFake((input: { TextList: string[] }) => ({
      ResultList: input.TextList.map((_, Index) => ({ Index, Sentiment: "NEUTRAL", SentimentScore: { Neutral: 1 } })),
      ErrorList: [],
    }));
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({ ResultList: [], ErrorList: [] });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({ region: "us-east-1" }), { trustLocaleHint: true });
    const results = await analyzer.analyze([
      { id: "a", text: "还行吧，一般般", localeHint: "zh-Hans" },
      { id: "b", text: "meh", localeHint: "en" },
    ]);
    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)).toHaveLength(0);
    expect(
      comprehend
        .commandCalls(BatchDetectSentimentCommand)
        .map((c) => c.args[0].input.LanguageCode)
        .sort(),
    ).toEqual(["en", "zh"]);
    expect(results.map((r) => ("language" in r ? r.language : r.error.code))).toEqual(["zh-Hans", "en"]);
    comprehend.restore();
  });
});

describe("Comprehend cost arithmetic", () => {
  it("bills units of 100 characters with a 3-unit minimum, twice when the language is detected too", () => {
    expect(comprehendUnits("short")).toBe(3);
    expect(comprehendUnits("x".repeat(301))).toBe(4);
    expect(comprehendUnits("好".repeat(250))).toBe(3);
    expect(comprehendCostUsd(["short", "x".repeat(1000)], { detectLanguage: false })).toBeCloseTo(0.0013, 10);
    expect(comprehendCostUsd(["short"], { detectLanguage: true })).toBeCloseTo(0.0006, 10);
  });
});
