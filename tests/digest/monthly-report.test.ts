import { describe, expect, it } from "vitest";
import {
  buildMonthlyReport,
  type MonthlyInput,
  monthEnd,
  monthWeeks,
  previousMonths,
  weeksToRead,
} from "#shared/digest/model/monthly";
import { rateRatioPValue } from "#shared/kernel/statistics";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { FIXES, LOOP, MONTH, monthlyCounters } from "./monthly-fixtures.ts";

const report = (over: Partial<MonthlyInput> = {}) =>
  buildMonthlyReport({
    month: MONTH,
    locale: "en",
    taxonomy: defaultTaxonomy,
    weeks: weeksToRead(MONTH, FIXES).map((week) => ({ week, rows: monthlyCounters(week) })),
    fixes: FIXES,
    loop: { counts: LOOP, overdueNow: 3 },
    ...over,
  });

describe("the month of a monthly report", () => {
  it("is the ISO weeks whose Thursday falls in it, so every week belongs to one month", () => {
    // 1 October 2026 is a Thursday: W40 (28 Sep - 4 Oct) is October's; 1 November is a Sunday: W44 is October's too.
    expect(monthWeeks("2026-10")).toEqual(["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]);
    expect(monthWeeks("2026-11")).toEqual(["2026-W45", "2026-W46", "2026-W47", "2026-W48"]);
    // 1 January 2027 (a Friday) lies in 2026-W53, which is December's; January starts with 2027-W01.
    expect(monthWeeks("2026-12").at(-1)).toBe("2026-W53");
    expect(monthWeeks("2027-01")[0]).toBe("2027-W01");
    expect(previousMonths("2027-01", 3)).toEqual(["2026-12", "2026-11", "2026-10"]);
    expect(monthEnd("2026-11").toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("reads the month, the three months before and the weeks around the fixes it judges, each week once", () => {
    const weeks = weeksToRead(MONTH, FIXES);
    expect(weeks[0]).toBe("2026-W32");
    expect(weeks.at(-1)).toBe("2026-W48");
    expect(new Set(weeks).size).toBe(weeks.length);
    // The May fix is history: none of its weeks is read.
    expect(weeks.some((w) => w < "2026-W32")).toBe(false);
  });
});

describe("the monthly report's top 5", () => {
  it("ranks the month's themes by complaints (negative and mixed) with their share, five at most", () => {
    const r = report();
    expect(r.top.map((t) => [t.theme, t.complaints])).toEqual([
      ["delivery", 80],
      ["service", 20],
      ["usability", 12],
      ["refund", 8],
      ["price", 6],
    ]);
    expect(r.complaints).toBe(127);
    expect(r.responses).toBe(400);
    expect(r.top[0]?.share).toBeCloseTo(80 / 127, 6);
    expect(r.top[0]?.label).toBe("Delivery & waiting");
    expect([r.from, r.to]).toEqual(["2026-11-02", "2026-11-29"]);
  });

  it("tests each theme's complaints per response against the three months before, by the exact rate test", () => {
    const r = report();
    const delivery = r.top.find((t) => t.theme === "delivery");
    // 130 complaints in 1,300 responses before (13 weeks), 80 in 400 this month.
    expect(delivery).toMatchObject({ rate: 20, baselineRate: 10, direction: "rising" });
    expect(delivery?.change).toBeCloseTo(1, 6);
    expect(delivery?.baselineMonthly).toBeCloseTo(130 / 3, 6);
    expect(delivery?.pValue).toBe(rateRatioPValue(130, 1300, 80, 400));
    expect(delivery?.pValue).toBeLessThan(0.001);
    expect(r.top.find((t) => t.theme === "service")).toMatchObject({ rate: 5, baselineRate: 5, direction: "steady" });
    // Nothing in the three months before: a new theme, and 6 complaints are not yet a significant rise.
    expect(r.top.find((t) => t.theme === "price")).toMatchObject({ baselineRate: 0, change: undefined });
  });

  it("follows the subscription's team: only its themes, their shares among themselves", () => {
    const r = report({ team: "after_sales", locale: "zh-Hans" });
    expect(r.top.map((t) => t.theme)).toEqual(["refund"]);
    expect(r.top[0]?.share).toBe(1);
    expect(r.teamLabel).toBe("售后团队");
    expect(r.fixesThatWorked.map((f) => f.fix.theme)).toEqual(["refund"]);
  });
});

describe("fixes that worked and falling themes", () => {
  it("names a fix whose theme's complaint rate fell significantly, with its test, and not the ones that did not work", () => {
    const [worked, ...others] = report().fixesThatWorked;
    expect(others).toEqual([]);
    // 8 weeks before the fix's week (W34-W41): 64 in 800; after it (W43-W48): 2 weeks at 8, 4 at 2 = 24 in 600.
    expect(worked).toMatchObject({
      label: "Refunds & returns",
      weeksBefore: 8,
      weeksAfter: 6,
      rateBefore: 8,
      rateAfter: 4,
    });
    expect(worked?.change).toBeCloseTo(-0.5, 6);
    expect(worked?.pValue).toBe(rateRatioPValue(64, 800, 24, 600));
    expect(worked?.pValue).toBeLessThan(0.05);
  });

  it("lists other significantly falling themes, without the one a fix already explains", () => {
    const r = report();
    expect(r.falling.map((t) => t.theme)).toEqual(["payment"]);
    expect(r.falling[0]).toMatchObject({ complaints: 0, baselineRate: 6, rate: 0, direction: "falling" });
    expect(report({ fixes: [] }).falling.map((t) => t.theme)).toEqual(["payment", "refund"]);
  });
});

describe("the month's loop figures", () => {
  it("sums the loop counters of the month's weeks, and of no other week", () => {
    const loop = report().loop;
    expect(loop?.opened).toBe(40);
    expect(loop?.firstResponseWithinSla).toMatchObject({ value: 80, n: 40 });
    expect(loop?.resolvedWithinSla).toMatchObject({ value: 60, n: 40 });
    expect(loop?.recovered).toMatchObject({ value: 20, n: 20 });
    expect(loop?.resolutionSatisfied?.n).toBe(12);
    expect(loop?.resolutionSatisfied?.value).toBeCloseTo(200 / 3, 6);
    expect(loop?.overdueNow).toBe(3);
    expect(report({ loop: undefined }).loop).toBeUndefined();
  });
});
