import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET_PERIODS, quietPeriodDecision } from "#shared/surveys/model/quiet-period";

const now = new Date("2026-11-25T08:00:00Z");

describe("quietPeriodDecision", () => {
  const sent = new Date("2026-10-01T09:30:00Z");

  it("suppresses a second NPS survey within 90 days, with a reason an integrator can read", () => {
    const decision = quietPeriodDecision({ kind: "nps", lastSurveyedAt: sent, now: new Date("2026-11-25T00:00:00Z") });
    expect(decision).toEqual({
      status: "suppressed",
      reason: "customer was sent an NPS survey on 2026-10-01; quiet period is 90 days",
      nextAllowedAt: "2026-12-30T09:30:00.000Z",
    });
  });

  it("allows NPS again once the quiet period is over, and first surveys always", () => {
    expect(quietPeriodDecision({ kind: "nps", lastSurveyedAt: sent, now: new Date("2026-12-30T09:30:00Z") })).toEqual({
      status: "allowed",
    });
    expect(quietPeriodDecision({ kind: "nps", now })).toEqual({ status: "allowed" });
  });

  it("never suppresses CSAT by default, and honours a configured period per kind", () => {
    expect(DEFAULT_QUIET_PERIODS).toEqual({ nps: 90, csat: 0 });
    expect(quietPeriodDecision({ kind: "csat", lastSurveyedAt: now, now })).toEqual({ status: "allowed" });
    const decision = quietPeriodDecision({ kind: "csat", lastSurveyedAt: sent, now: sent, periods: { csat: 1 } });
    expect(decision).toMatchObject({
      status: "suppressed",
      reason: "customer was sent a CSAT survey on 2026-10-01; quiet period is 1 day",
    });
    expect(quietPeriodDecision({ kind: "nps", lastSurveyedAt: sent, now, periods: { nps: 30 } })).toEqual({
      status: "allowed",
    });
  });

  it("rejects a negative period", () => {
    expect(() => quietPeriodDecision({ kind: "nps", lastSurveyedAt: sent, now, periods: { nps: -1 } })).toThrow();
  });
});
