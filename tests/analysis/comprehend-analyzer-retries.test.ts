import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandInput,
  ComprehendServiceException,
  InternalServerException,
  TooManyRequestsException,
} from "@aws-sdk/client-comprehend";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ComprehendAnalyzer } from "#shared/analysis/adapters/comprehend-analyzer";
import {
  client,
  comprehend,
  failed,
  fakeDetect,
  fakeSentiment,
  ok,
  resetComprehend,
  type Sleep,
  sentimentInputs,
  throttling,
} from "./fake-comprehend.ts";

/** ComprehendAnalyzer's retries: which call errors it retries, its backoff, and what fails when it gives up. */

let sleep: Sleep;
let analyzer: ComprehendAnalyzer;

beforeEach(() => {
  ({ sleep, analyzer } = resetComprehend());
});

afterEach(() => {
  vi.restoreAllMocks();
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
