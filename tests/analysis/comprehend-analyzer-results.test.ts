import { BatchDetectDominantLanguageCommand, BatchDetectSentimentCommand } from "@aws-sdk/client-comprehend";
import { beforeEach, describe, expect, it } from "vitest";
import type { ComprehendAnalyzer } from "#shared/analysis/adapters/comprehend-analyzer";
import { comprehend, failed, ok, resetComprehend, type Sleep, sentimentInputs } from "./fake-comprehend.ts";

/** How ComprehendAnalyzer maps Comprehend's answers: results, per-item errors, unsupported languages. */

let sleep: Sleep;
let analyzer: ComprehendAnalyzer;

beforeEach(() => {
  ({ sleep, analyzer } = resetComprehend());
});

describe("ComprehendAnalyzer mapping", () => {
  it("maps sentiment, scores, language and engine", async () => {
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [
        {
          Index: 0,
          Sentiment: "MIXED",
          SentimentScore: { Positive: 0.31, Negative: 0.29, Neutral: 0.1, Mixed: 0.3 },
        },
      ],
      ErrorList: [],
    });
    const [result] = await analyzer.analyze([{ id: "x", text: "Great product but shipping was slow" }]);
    expect(result).toEqual({
      id: "x",
      language: "en",
      sentiment: "MIXED",
      scores: { positive: 0.31, negative: 0.29, neutral: 0.1, mixed: 0.3 },
      engine: "comprehend",
    });
  });

  it("uses the highest-scoring detected language", async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [
        {
          Index: 0,
          Languages: [
            { LanguageCode: "en", Score: 0.2 },
            { LanguageCode: "fr", Score: 0.75 },
          ],
        },
      ],
      ErrorList: [],
    });
    const [result] = await analyzer.analyze([{ id: "x", text: "C'est super, vraiment", localeHint: "en-GB" }]);
    expect(sentimentInputs()[0]?.LanguageCode).toBe("fr");
    expect(ok(result).language).toBe("fr");
  });

  it("falls back to the locale hint when detection is low-confidence", async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [
        { Index: 0, Languages: [{ LanguageCode: "en", Score: 0.3 }] },
        { Index: 1, Languages: [{ LanguageCode: "it", Score: 0.4 }] },
        { Index: 2, Languages: [{ LanguageCode: "en", Score: 0.35 }] },
      ],
      ErrorList: [],
    });
    const results = await analyzer.analyze([
      { id: "hinted", text: "ok ok", localeHint: "zh-Hant-TW" },
      { id: "unhinted", text: "ciao ok" },
      { id: "hint-unsupported", text: "ok dan", localeHint: "nl-NL" },
    ]);
    expect(sentimentInputs()).toEqual([
      { LanguageCode: "zh-TW", TextList: ["ok ok"] },
      { LanguageCode: "it", TextList: ["ciao ok"] },
      { LanguageCode: "en", TextList: ["ok dan"] },
    ]);
    expect(results.map((r) => ok(r).language)).toEqual(["zh-Hant", "it", "en"]);
  });
});

describe("ComprehendAnalyzer per-item errors", () => {
  it("turns sentiment ErrorList entries into failures for those items only", async () => {
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [
        { Index: 0, Sentiment: "POSITIVE", SentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 } },
        { Index: 3, Sentiment: "NEGATIVE", SentimentScore: { Positive: 0, Negative: 0.9, Neutral: 0.1, Mixed: 0 } },
      ],
      ErrorList: [
        { Index: 1, ErrorCode: "INTERNAL_SERVER_ERROR", ErrorMessage: "Internal server error" },
        { Index: 2, ErrorCode: "TEXT_SIZE_LIMIT_EXCEEDED", ErrorMessage: "Too big" },
      ],
    });
    const results = await analyzer.analyze([
      { id: "a", text: "one text here" },
      { id: "b", text: "two text here" },
      { id: "c", text: "three text here" },
      { id: "d", text: "four text here" },
    ]);
    expect(ok(results[0]).sentiment).toBe("POSITIVE");
    expect(failed(results[1])).toEqual({
      id: "b",
      error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error", retryable: true },
    });
    expect(failed(results[2])).toEqual({
      id: "c",
      error: { code: "TEXT_SIZE_LIMIT_EXCEEDED", message: "Too big", retryable: false },
    });
    expect(ok(results[3]).sentiment).toBe("NEGATIVE");
    expect(sleep).not.toHaveBeenCalled();
  });

  it("treats a throttling-like per-item error code as retryable", async () => {
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [],
      ErrorList: [{ Index: 0, ErrorCode: "ThrottlingException", ErrorMessage: "slow down" }],
    });
    const [result] = await analyzer.analyze([{ id: "a", text: "some text" }]);
    expect(failed(result).error).toMatchObject({ code: "ThrottlingException", retryable: true });
  });

  it("uses the locale hint for an item whose language detection errored, and fails an unhinted one", async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [{ Index: 2, Languages: [{ LanguageCode: "en", Score: 0.98 }] }],
      ErrorList: [
        { Index: 0, ErrorCode: "INTERNAL_SERVER_ERROR", ErrorMessage: "Internal server error" },
        { Index: 1, ErrorCode: "INVALID_REQUEST", ErrorMessage: "Bad document" },
      ],
    });
    const results = await analyzer.analyze([
      { id: "hinted", text: "bonjour à tous", localeHint: "fr-CA" },
      { id: "unhinted", text: "???? !!!!" },
      { id: "fine", text: "all good here" },
    ]);
    expect(sentimentInputs()).toEqual([
      { LanguageCode: "fr", TextList: ["bonjour à tous"] },
      { LanguageCode: "en", TextList: ["all good here"] },
    ]);
    expect(ok(results[0]).language).toBe("fr");
    expect(failed(results[1])).toEqual({
      id: "unhinted",
      error: { code: "INVALID_REQUEST", message: "Bad document", retryable: false },
    });
    expect(ok(results[2]).language).toBe("en");
  });

  it("fails an item Comprehend answered for neither in ResultList nor in ErrorList, retryably", async () => {
    comprehend.on(BatchDetectSentimentCommand).resolves({ ResultList: [], ErrorList: [] });
    const [result] = await analyzer.analyze([{ id: "a", text: "lost text" }]);
    expect(failed(result).error).toMatchObject({ code: "MissingResult", retryable: true });
  });
});

describe("ComprehendAnalyzer unsupported languages", () => {
  it("returns a non-retryable UnsupportedLanguage failure and never sends the text for sentiment", async () => {
    const results = await analyzer.analyze([
      { id: "nl", text: "[nl] Ik vind het geweldig", localeHint: "en" },
      { id: "en", text: "I love it" },
      { id: "sv", text: "[sv] Jag älskar det" },
    ]);
    expect(sentimentInputs()).toEqual([{ LanguageCode: "en", TextList: ["I love it"] }]);
    expect(failed(results[0])).toEqual({
      id: "nl",
      error: { code: "UnsupportedLanguage", message: expect.stringContaining('"nl"'), retryable: false },
    });
    expect(ok(results[1]).sentiment).toBe("POSITIVE");
    expect(failed(results[2]).error).toMatchObject({ code: "UnsupportedLanguage", retryable: false });
  });

  it("makes no sentiment call when nothing is supported", async () => {
    const results = await analyzer.analyze([{ id: "fi", text: "[fi] Rakastan tätä" }]);
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(0);
    expect(failed(results[0]).error.code).toBe("UnsupportedLanguage");
  });

  it("normalizes a whole-call UnsupportedLanguageException to UnsupportedLanguage", async () => {
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejects(Object.assign(new Error("unsupported"), { name: "UnsupportedLanguageException" }));
    const [result] = await analyzer.analyze([{ id: "a", text: "I love it" }]);
    expect(failed(result).error).toEqual({ code: "UnsupportedLanguage", message: "unsupported", retryable: false });
  });
});
