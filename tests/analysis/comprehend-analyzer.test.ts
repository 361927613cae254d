import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageCommandInput,
  type BatchDetectDominantLanguageItemResult,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandInput,
  type BatchDetectSentimentItemResult,
  ComprehendClient,
  ComprehendServiceException,
  InternalServerException,
  TooManyRequestsException,
} from "@aws-sdk/client-comprehend";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ComprehendAnalyzer,
  reportedLanguage,
  toSentimentLanguage,
  truncateUtf8,
} from "#shared/analysis/adapters/comprehend-analyzer";
import {
  type AnalysisFailure,
  type AnalysisResult,
  isAnalysisFailure,
  type TextAnalysis,
} from "#shared/analysis/ports/analyzer";

const client = new ComprehendClient({
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const comprehend = mockClient(client);

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Language is read from a "[xx]" prefix in the test text, e.g. "[es] hola"; no prefix means English. */
const languageOf = (text: string): string => /^\[([A-Za-z-]+)\]/.exec(text)?.[1] ?? "en";

/** Sentiment is read from a keyword in the test text. */
const sentimentOf = (text: string): BatchDetectSentimentItemResult["Sentiment"] =>
  text.includes("love") ? "POSITIVE" : text.includes("hate") ? "NEGATIVE" : text.includes("but") ? "MIXED" : "NEUTRAL";

const fakeDetect = (input: BatchDetectDominantLanguageCommandInput) => ({
  ResultList: (input.TextList ?? []).map(
    (text, Index): BatchDetectDominantLanguageItemResult => ({
      Index,
      Languages: [{ LanguageCode: languageOf(text), Score: 0.99 }],
    }),
  ),
  ErrorList: [],
});

const fakeSentiment = (input: BatchDetectSentimentCommandInput) => ({
  ResultList: (input.TextList ?? []).map(
    (text, Index): BatchDetectSentimentItemResult => ({
      Index,
      Sentiment: sentimentOf(text),
      SentimentScore: { Positive: 0.7, Negative: 0.1, Neutral: 0.15, Mixed: 0.05 },
    }),
  ),
  ErrorList: [],
});

const detectInputs = () =>
  comprehend
    .commandCalls(BatchDetectDominantLanguageCommand)
    .map((c) => c.args[0].input as BatchDetectDominantLanguageCommandInput);
const sentimentInputs = () =>
  comprehend.commandCalls(BatchDetectSentimentCommand).map((c) => c.args[0].input as BatchDetectSentimentCommandInput);

const ok = (r: AnalysisResult | undefined): TextAnalysis => {
  if (!r || isAnalysisFailure(r)) throw new Error(`expected an analysis, got ${JSON.stringify(r)}`);
  return r;
};
const failed = (r: AnalysisResult | undefined): AnalysisFailure => {
  if (!r || !isAnalysisFailure(r)) throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r;
};

const throttling = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

let sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;
let analyzer: ComprehendAnalyzer;

beforeEach(() => {
  comprehend.reset();
  comprehend.on(BatchDetectDominantLanguageCommand).callsFake(fakeDetect);
  comprehend.on(BatchDetectSentimentCommand).callsFake(fakeSentiment);
  sleep = vi.fn<(ms: number) => Promise<void>>(async () => {});
  analyzer = new ComprehendAnalyzer(client, { sleep, baseDelayMs: 100 });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ComprehendAnalyzer request shapes", () => {
  it("is named comprehend", () => {
    expect(analyzer.name).toBe("comprehend");
  });

  it("detects languages in chunks of 25 and sentiment in chunks of 25 per language", async () => {
    const requests = Array.from({ length: 60 }, (_, i) => ({ id: `r${i}`, text: `feedback number ${i}, I love it` }));
    const results = await analyzer.analyze(requests);

    expect(detectInputs().map((i) => i.TextList?.length)).toEqual([25, 25, 10]);
    expect(detectInputs().flatMap((i) => i.TextList)).toEqual(requests.map((r) => r.text));
    expect(sentimentInputs().map((i) => [i.LanguageCode, i.TextList?.length])).toEqual([
      ["en", 25],
      ["en", 25],
      ["en", 10],
    ]);
    expect(results.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(results.every((r) => !isAnalysisFailure(r))).toBe(true);
  });

  it("groups texts by language into separate sentiment calls with the right LanguageCode", async () => {
    const results = await analyzer.analyze([
      { id: "en1", text: "I love the new checkout" },
      { id: "es1", text: "[es] me encanta, love" },
      { id: "zh1", text: "[zh] 我很喜欢 love" },
      { id: "tw1", text: "[zh-TW] 我很喜歡 but slow" },
      { id: "es2", text: "[es] lo odio, hate" },
      { id: "en2", text: "I hate waiting" },
      { id: "pt1", text: "[pt-BR] adorei, love" },
    ]);

    const calls = sentimentInputs();
    expect(calls).toEqual([
      { LanguageCode: "en", TextList: ["I love the new checkout", "I hate waiting"] },
      { LanguageCode: "es", TextList: ["[es] me encanta, love", "[es] lo odio, hate"] },
      { LanguageCode: "zh", TextList: ["[zh] 我很喜欢 love"] },
      { LanguageCode: "zh-TW", TextList: ["[zh-TW] 我很喜歡 but slow"] },
      { LanguageCode: "pt", TextList: ["[pt-BR] adorei, love"] },
    ]);
    expect(results.map((r) => [r.id, ok(r).language, ok(r).sentiment])).toEqual([
      ["en1", "en", "POSITIVE"],
      ["es1", "es", "POSITIVE"],
      ["zh1", "zh-Hans", "POSITIVE"],
      ["tw1", "zh-Hant", "MIXED"],
      ["es2", "es", "NEGATIVE"],
      ["en2", "en", "NEGATIVE"],
      ["pt1", "pt", "POSITIVE"],
    ]);
  });

  it("truncates texts to 5,000 UTF-8 bytes without breaking a Chinese character or an emoji", async () => {
    const chinese = `[zh] ${"好".repeat(2_000)}`; // 5 + 6,000 bytes
    const emoji = `a${"😀".repeat(1_500)}`; // 1 + 6,000 bytes, each emoji a surrogate pair
    const mixed = `${"x".repeat(4_998)}é😀`; // the 2-byte é fits exactly, the emoji does not
    const short = "short and fine";
    await analyzer.analyze([
      { id: "zh", text: chinese },
      { id: "emoji", text: emoji },
      { id: "mixed", text: mixed },
      { id: "short", text: short },
    ]);

    const sent = [
      ...detectInputs().flatMap((i) => i.TextList ?? []),
      ...sentimentInputs().flatMap((i) => i.TextList ?? []),
    ];
    expect(sent).toHaveLength(8);
    for (const text of sent) {
      expect(bytes(text)).toBeLessThanOrEqual(5_000);
      expect(text).not.toMatch(LONE_SURROGATE);
      expect(text).not.toContain("\uFFFD");
    }

    const [detected] = detectInputs();
    expect(detected?.TextList).toEqual([
      `[zh] ${"好".repeat(1_665)}`, // 5 + 4,995 bytes
      `a${"😀".repeat(1_249)}`, // 1 + 4,996 bytes
      `${"x".repeat(4_998)}é`,
      short,
    ]);
    // Sentiment gets the same truncated texts as detection.
    expect(
      sentimentInputs()
        .flatMap((i) => i.TextList ?? [])
        .sort(),
    ).toEqual([...(detected?.TextList ?? [])].sort());
  });

  it("does not send empty or whitespace-only texts and reports them NEUTRAL", async () => {
    const results = await analyzer.analyze([
      { id: "blank", text: "   \n\t " },
      { id: "real", text: "I love it" },
      { id: "empty", text: "", localeHint: "zh-Hant" },
    ]);

    expect(detectInputs()).toEqual([{ TextList: ["I love it"] }]);
    expect(sentimentInputs()).toEqual([{ LanguageCode: "en", TextList: ["I love it"] }]);
    expect(ok(results[0])).toEqual({
      id: "blank",
      language: "und",
      sentiment: "NEUTRAL",
      scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
      engine: "comprehend",
    });
    expect(ok(results[1]).sentiment).toBe("POSITIVE");
    expect(ok(results[2])).toMatchObject({ id: "empty", language: "zh-Hant", sentiment: "NEUTRAL" });
  });

  it("makes no calls when every text is blank", async () => {
    const results = await analyzer.analyze([{ id: "a", text: " " }]);
    expect(comprehend.calls()).toHaveLength(0);
    expect(ok(results[0]).sentiment).toBe("NEUTRAL");
    expect(await analyzer.analyze([])).toEqual([]);
  });
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

describe("ComprehendAnalyzer retries", () => {
  it("retries a throttled call with backoff and full jitter, then succeeds", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(new TooManyRequestsException({ message: "too many", $metadata: {} }))
      .callsFake(fakeSentiment);

    const results = await analyzer.analyze([
      { id: "a", text: "I love it" },
      { id: "b", text: "I hate it" },
    ]);

    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100]); // random * 100 * 2^(n-1)
    expect(results.map((r) => ok(r).sentiment)).toEqual(["POSITIVE", "NEGATIVE"]);
  });

  it("keeps every jittered delay within 0..base*2^(attempt-1)", async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).rejects(throttling());
    await new ComprehendAnalyzer(client, { sleep, baseDelayMs: 200, maxAttempts: 5 }).analyze([
      { id: "a", text: "text" },
    ]);
    const delays = sleep.mock.calls.map(([ms]) => ms);
    expect(delays).toHaveLength(4);
    delays.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(200 * 2 ** i);
    });
  });

  it("retries errors the SDK marks $retryable", async () => {
    const retryable = Object.assign(new Error("connection reset"), { name: "SomethingOdd", $retryable: {} });
    comprehend.on(BatchDetectDominantLanguageCommand).rejectsOnce(retryable).callsFake(fakeDetect);
    const [result] = await analyzer.analyze([{ id: "a", text: "I love it" }]);
    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)).toHaveLength(2);
    expect(ok(result).sentiment).toBe("POSITIVE");
  });

  it("after maxAttempts of throttling, fails every item in that chunk retryably and leaves others alone", async () => {
    comprehend.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentCommandInput) => {
      if (input.LanguageCode === "es") throw throttling();
      return fakeSentiment(input);
    });

    const results = await analyzer.analyze([
      { id: "es1", text: "[es] hola" },
      { id: "en1", text: "I love it" },
      { id: "es2", text: "[es] adiós" },
    ]);

    const esCalls = sentimentInputs().filter((i) => i.LanguageCode === "es");
    expect(esCalls).toHaveLength(4); // default maxAttempts
    expect(sleep).toHaveBeenCalledTimes(3);
    expect(failed(results[0])).toEqual({
      id: "es1",
      error: { code: "ThrottlingException", message: "Rate exceeded", retryable: true },
    });
    expect(ok(results[1]).sentiment).toBe("POSITIVE");
    expect(failed(results[2]).error.retryable).toBe(true);
  });

  it("honours a custom maxAttempts", async () => {
    comprehend.on(BatchDetectSentimentCommand).rejects(new InternalServerException({ message: "boom", $metadata: {} }));
    const results = await new ComprehendAnalyzer(client, { sleep, maxAttempts: 2 }).analyze([{ id: "a", text: "x y" }]);
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(2);
    expect(failed(results[0]).error).toEqual({ code: "InternalServerException", message: "boom", retryable: true });
  });

  it("does not retry a non-retryable call error and fails the chunk non-retryably", async () => {
    comprehend.on(BatchDetectSentimentCommand).rejects(
      // IAM denials arrive as the service's base exception, named by the error code.
      new ComprehendServiceException({
        name: "AccessDeniedException",
        $fault: "client",
        message: "not authorized",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const results = await analyzer.analyze([
      { id: "a", text: "I love it" },
      { id: "b", text: "I hate it" },
    ]);
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
    for (const r of results) {
      expect(failed(r).error).toEqual({ code: "AccessDeniedException", message: "not authorized", retryable: false });
    }
  });

  it("when a whole detection chunk fails, hinted items still get analyzed and unhinted ones carry the error", async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).rejects(throttling());
    const results = await analyzer.analyze([
      { id: "hinted", text: "Das ist toll", localeHint: "de-DE" },
      { id: "unhinted", text: "I love it" },
    ]);
    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)).toHaveLength(4);
    expect(sentimentInputs()).toEqual([{ LanguageCode: "de", TextList: ["Das ist toll"] }]);
    expect(ok(results[0]).language).toBe("de");
    expect(failed(results[1]).error).toMatchObject({ code: "ThrottlingException", retryable: true });
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

describe("ComprehendAnalyzer ordering", () => {
  it("returns one result per request in input order across languages, blanks, failures and chunks", async () => {
    const languages = ["en", "es", "zh", "nl", "ja", "zh-TW", "fr"];
    const requests = Array.from({ length: 80 }, (_, i) => {
      const lang = languages[i % languages.length] ?? "en";
      return { id: `id-${i}`, text: i % 11 === 0 ? "  " : `[${lang}] text ${i} love` };
    });
    const results = await analyzer.analyze(requests);

    expect(results).toHaveLength(requests.length);
    expect(results.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    results.forEach((r, i) => {
      const lang = languages[i % languages.length];
      if (i % 11 === 0) expect(ok(r).sentiment).toBe("NEUTRAL");
      else if (lang === "nl") expect(failed(r).error.code).toBe("UnsupportedLanguage");
      else expect(ok(r).language).toBe(reportedLanguage(toSentimentLanguage(lang ?? "") ?? "en"));
    });
    for (const call of sentimentInputs()) expect(call.TextList?.length).toBeLessThanOrEqual(25);
  });
});

describe("helpers", () => {
  it("truncateUtf8 cuts between code points", () => {
    expect(truncateUtf8("abc", 5)).toBe("abc");
    expect(truncateUtf8("ab😀", 5)).toBe("ab"); // the 4-byte emoji would make 6
    expect(truncateUtf8("ab😀", 6)).toBe("ab😀");
    expect(truncateUtf8("中文字", 8)).toBe("中文");
    expect(truncateUtf8("é".repeat(3), 5)).toBe("éé");
  });

  it("toSentimentLanguage maps BCP 47 tags to Comprehend sentiment codes", () => {
    expect(toSentimentLanguage("en-US")).toBe("en");
    expect(toSentimentLanguage("pt_BR")).toBe("pt");
    expect(toSentimentLanguage("zh")).toBe("zh");
    expect(toSentimentLanguage("zh-CN")).toBe("zh");
    expect(toSentimentLanguage("zh-Hans")).toBe("zh");
    expect(toSentimentLanguage("zh-Hans-HK")).toBe("zh");
    expect(toSentimentLanguage("zh-TW")).toBe("zh-TW");
    expect(toSentimentLanguage("zh-Hant")).toBe("zh-TW");
    expect(toSentimentLanguage("zh-HK")).toBe("zh-TW");
    expect(toSentimentLanguage("nl")).toBeUndefined();
    expect(toSentimentLanguage("")).toBeUndefined();
  });
});
