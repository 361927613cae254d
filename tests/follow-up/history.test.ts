import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, followUpRules, isHistory } from "#shared/follow-up/model/rules";
import { rulesFrom } from "#shared/follow-up/wiring";
import { loadConfig } from "#shared/platform/config";

/**
 * History (old feedback imported now) fills counters and trends but opens no follow-up task: a call
 * about an answer from last quarter helps nobody. The age runs from when it happened to when it
 * reached us, so a redelivery decides the same way.
 */
const DAY = 86_400_000;
const at = (receivedAt: string, daysBefore: number) => ({
  receivedAt,
  occurredAt: new Date(Date.parse(receivedAt) - daysBefore * DAY).toISOString(),
});

describe("history", () => {
  it("is feedback that happened more than 14 days before it arrived, by default", () => {
    expect(DEFAULT_RULES.maxAgeDays).toBe(14);
    const rules = followUpRules();
    expect(isHistory(at("2026-12-01T00:00:00Z", 14), rules)).toBe(false);
    expect(isHistory(at("2026-12-01T00:00:00Z", 14.01), rules)).toBe(true);
    expect(isHistory(at("2026-12-01T00:00:00Z", 0), rules)).toBe(false);
  });

  it("is measured at arrival, not when the worker reads it: a late redelivery still follows up", () => {
    const recent = at("2026-11-01T00:00:00Z", 1);
    expect(isHistory(recent, followUpRules())).toBe(false);
  });

  it("takes its age from FOLLOW_UP_MAX_AGE_DAYS, or from FOLLOW_UP_RULES", () => {
    const config = (env: Record<string, string>) => loadConfig({ TABLE_NAME: "t", ...env });
    expect(rulesFrom(config({})).maxAgeDays).toBe(14);
    expect(rulesFrom(config({ FOLLOW_UP_MAX_AGE_DAYS: "90" })).maxAgeDays).toBe(90);
    expect(rulesFrom(config({ FOLLOW_UP_RULES: '{"maxAgeDays": 30}' })).maxAgeDays).toBe(30);
    expect(rulesFrom(config({ FOLLOW_UP_RULES: '{"maxAgeDays": 30}', FOLLOW_UP_MAX_AGE_DAYS: "7" })).maxAgeDays).toBe(
      7,
    );
    expect(() => config({ FOLLOW_UP_MAX_AGE_DAYS: "0" })).toThrow(/FOLLOW_UP_MAX_AGE_DAYS/);
  });
});
