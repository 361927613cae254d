import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "#shared/platform/config";
import {
  attemptsOf,
  DEFAULT_RETRY_SECONDS,
  failedTooLong,
  nextAttemptAt,
  outcomeOf,
  queueDelaySeconds,
} from "#shared/webhooks/model/retry";

const t0 = new Date("2026-12-04T00:00:00.000Z");

describe("webhook retries", () => {
  it("follow the Standard Webhooks schedule by default, spanning more than a day in eight attempts", () => {
    expect(loadConfig({ TABLE_NAME: "t" }).WEBHOOK_RETRY_SECONDS).toEqual(DEFAULT_RETRY_SECONDS);
    expect(attemptsOf(DEFAULT_RETRY_SECONDS)).toBe(8);
    let at = t0;
    for (let attempt = 1; attempt < 8; attempt++) at = nextAttemptAt(DEFAULT_RETRY_SECONDS, attempt, at, () => 0) ?? at;
    expect((at.getTime() - t0.getTime()) / 3_600_000).toBeCloseTo(99_305 / 3600, 6);
    expect(nextAttemptAt(DEFAULT_RETRY_SECONDS, 8, at)).toBeUndefined();
  });

  it("back off exponentially: each wait at least the one before", () => {
    for (let i = 1; i < DEFAULT_RETRY_SECONDS.length; i++)
      expect(DEFAULT_RETRY_SECONDS[i]).toBeGreaterThanOrEqual(DEFAULT_RETRY_SECONDS[i - 1] ?? 0);
  });

  it("jitter each wait by at most 10%, never shortening it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempt, r) => {
        const wait = (DEFAULT_RETRY_SECONDS[attempt - 1] ?? 0) * 1000;
        const due = (nextAttemptAt(DEFAULT_RETRY_SECONDS, attempt, t0, () => r)?.getTime() ?? 0) - t0.getTime();
        expect(due).toBeGreaterThanOrEqual(wait);
        expect(due).toBeLessThanOrEqual(Math.round(wait * 1.1));
      }),
    );
  });

  it("wait on the queue at most SQS's 15 minutes a hop, so a 10-hour wait is several hops", () => {
    expect(queueDelaySeconds(new Date(t0.getTime() + 36_000_000), t0)).toBe(900);
    expect(queueDelaySeconds(new Date(t0.getTime() + 4_500), t0)).toBe(5);
    expect(queueDelaySeconds(new Date(t0.getTime() - 1_000), t0)).toBe(0);
  });

  it("count 2xx as delivered, 410 as gone for good, anything else (or no answer) as a retry", () => {
    expect([200, 204, 299].map(outcomeOf)).toEqual(["delivered", "delivered", "delivered"]);
    expect(outcomeOf(410)).toBe("gone");
    expect([301, 400, 404, 429, 500, 503, undefined].map(outcomeOf)).toEqual(Array(7).fill("retry"));
  });

  it("disable an endpoint only after it has failed every attempt for the configured hours", () => {
    expect(failedTooLong(undefined, t0, 72)).toBe(false);
    expect(failedTooLong("2026-12-01T00:00:01.000Z", t0, 72)).toBe(false);
    expect(failedTooLong("2026-12-01T00:00:00.000Z", t0, 72)).toBe(true);
  });

  it("refuses a malformed schedule at start", () => {
    expect(() => loadConfig({ TABLE_NAME: "t", WEBHOOK_RETRY_SECONDS: "5,soon" })).toThrow(/WEBHOOK_RETRY_SECONDS/);
    expect(loadConfig({ TABLE_NAME: "t", WEBHOOK_RETRY_SECONDS: "1, 2,3" }).WEBHOOK_RETRY_SECONDS).toEqual([1, 2, 3]);
  });
});
