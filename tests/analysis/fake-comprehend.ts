import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageCommandInput,
  type BatchDetectDominantLanguageItemResult,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandInput,
  type BatchDetectSentimentItemResult,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { mockClient } from "aws-sdk-client-mock";
import { vi } from "vitest";
import { ComprehendAnalyzer } from "#shared/analysis/adapters/comprehend-analyzer";
import {
  type AnalysisFailure,
  type AnalysisResult,
  isAnalysisFailure,
  type TextAnalysis,
} from "#shared/analysis/ports/analyzer";

/**
 * A Comprehend client answered by fakes, shared by the comprehend-analyzer-*.test.ts files. Each test
 * file calls `resetComprehend()` in its `beforeEach` for a clean mock, a recording sleep and a fresh
 * analyzer.
 */

export const client = new ComprehendClient({
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
export const comprehend = mockClient(client);

export const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Language is read from a "[xx]" prefix in the test text, e.g. "[es] hola"; no prefix means English. */
export const languageOf = (text: string): string => /^\[([A-Za-z-]+)\]/.exec(text)?.[1] ?? "en";

/** Sentiment is read from a keyword in the test text. */
export const sentimentOf = (text: string): BatchDetectSentimentItemResult["Sentiment"] =>
  text.includes("love") ? "POSITIVE" : text.includes("hate") ? "NEGATIVE" : text.includes("but") ? "MIXED" : "NEUTRAL";

export const fakeDetect = (input: BatchDetectDominantLanguageCommandInput) => ({
  ResultList: (input.TextList ?? []).map(
    (text, Index): BatchDetectDominantLanguageItemResult => ({
      Index,
      Languages: [{ LanguageCode: languageOf(text), Score: 0.99 }],
    }),
  ),
  ErrorList: [],
});

export const fakeSentiment = (input: BatchDetectSentimentCommandInput) => ({
  ResultList: (input.TextList ?? []).map(
    (text, Index): BatchDetectSentimentItemResult => ({
      Index,
      Sentiment: sentimentOf(text),
      SentimentScore: { Positive: 0.7, Negative: 0.1, Neutral: 0.15, Mixed: 0.05 },
    }),
  ),
  ErrorList: [],
});

export const detectInputs = () =>
  comprehend
    .commandCalls(BatchDetectDominantLanguageCommand)
    .map((c) => c.args[0].input as BatchDetectDominantLanguageCommandInput);
export const sentimentInputs = () =>
  comprehend.commandCalls(BatchDetectSentimentCommand).map((c) => c.args[0].input as BatchDetectSentimentCommandInput);

export const ok = (r: AnalysisResult | undefined): TextAnalysis => {
  if (!r || isAnalysisFailure(r)) throw new Error(`expected an analysis, got ${JSON.stringify(r)}`);
  return r;
};
export const failed = (r: AnalysisResult | undefined): AnalysisFailure => {
  if (!r || !isAnalysisFailure(r)) throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r;
};

export const throttling = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

export type Sleep = ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;

export const resetComprehend = (): { sleep: Sleep; analyzer: ComprehendAnalyzer } => {
  comprehend.reset();
  comprehend.on(BatchDetectDominantLanguageCommand).callsFake(fakeDetect);
  comprehend.on(BatchDetectSentimentCommand).callsFake(fakeSentiment);
  const sleep = vi.fn<(ms: number) => Promise<void>>(async () => {});
  return { sleep, analyzer: new ComprehendAnalyzer(client, { sleep, baseDelayMs: 100 }) };
};
