import { describe, expect, it } from "vitest";
import { FixBody, fixEffect, fixWeeks, type ThemeFix, type WeekComplaints } from "#shared/digest/model/fixes";
import { rateRatioPValue } from "#shared/kernel/statistics";
import { previousWeeks } from "#shared/kernel/time";

/** Verified improvement (issue 15, item 6): a theme's complaint rate before and after a fix, with an exact test. */

const fix = (date: string): ThemeFix => ({ id: "fix_1", theme: "delivery", date, note: "n", by: "api:x", at: date });

/** Weeks around 2026-W40 (the fix's week): `before` complaints per 100 answers, then `after`. */
const series = (before: number, after: number, weeksAfter = 8): WeekComplaints[] => {
  const fixWeek = "2026-W40";
  const prior = previousWeeks(fixWeek, 8).reverse();
  const later = Array.from({ length: weeksAfter }, (_, i) => `2026-W${41 + i}`);
  return [
    ...prior.map((week) => ({ week, complaints: before, volume: 100 })),
    { week: fixWeek, complaints: 99, volume: 100 },
    ...later.map((week) => ({ week, complaints: after, volume: 100 })),
  ];
};

describe("rateRatioPValue", () => {
  it("is 1 for equal rates and small for a clear drop, symmetric in the two sides", () => {
    expect(rateRatioPValue(10, 100, 10, 100)).toBeCloseTo(1, 6);
    const drop = rateRatioPValue(96, 800, 40, 800) ?? 1;
    expect(drop).toBeLessThan(0.001);
    expect(rateRatioPValue(40, 800, 96, 800)).toBeCloseTo(drop, 12);
    expect(rateRatioPValue(0, 100, 0, 100)).toBeUndefined();
  });
});

describe("fixEffect", () => {
  it("states a clear drop with its test, leaving the fix's own week out", () => {
    const e = fixEffect(fix("2026-10-01"), series(12, 5));
    expect(e).toMatchObject({ weeksBefore: 8, weeksAfter: 8, rateBefore: 12, rateAfter: 5, significant: true });
    expect(e?.change).toBeCloseTo(5 / 12 - 1, 6);
  });

  it("calls a small wobble no clear change", () => {
    expect(fixEffect(fix("2026-10-01"), series(10, 9))?.significant).toBe(false);
  });

  it("waits for two weeks of answers after the fix", () => {
    expect(fixEffect(fix("2026-10-01"), series(12, 5, 1))).toBeUndefined();
    expect(fixEffect(fix("2026-10-01"), series(12, 5, 2))).toBeDefined();
  });

  it("judges the weeks around the fix that have passed", () => {
    const weeks = fixWeeks(fix("2026-10-01"), new Date("2026-10-29T00:00:00Z"));
    expect(weeks[0]).toBe("2026-W32");
    expect(weeks).toContain("2026-W40");
    expect(weeks[weeks.length - 1]).toBe("2026-W43");
  });
});

describe("FixBody", () => {
  it("names the field that is wrong", () => {
    const bad = FixBody.safeParse({ date: "2026-13-01", note: "" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(["date", "note"]);
    expect(FixBody.safeParse({ date: "2999-01-01", note: "x" }).success).toBe(false);
    expect(FixBody.safeParse({ date: "2026-11-12", note: "New courier" }).success).toBe(true);
    expect(FixBody.safeParse({ date: "2026-11-12", note: "x", extra: 1 }).success).toBe(false);
  });
});
