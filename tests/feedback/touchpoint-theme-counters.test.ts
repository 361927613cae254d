import { describe, expect, it } from "vitest";
import {
  COUNTERS_VERSION,
  counterChange,
  countersOf,
  mergeCounters,
  retagCounterDeltas,
} from "#shared/feedback/model/counters";

/**
 * A theme's mentions per touchpoint (issue 15: a reader scoped to some touchpoints sees their Pareto) come from rows
 * that records stored before them never added to. Moving such a record's counts (re-tag, correction, a changed
 * answer) must not take from rows it is not in: the counts would go below zero.
 */
const stored = {
  channel: "nps" as const,
  week: "2026-W48",
  sentiment: "NEGATIVE" as const,
  detractor: true,
  themes: ["delivery"],
  score: 3,
  touchpoint: "delivery",
};
const rows = (counters: ReturnType<typeof countersOf>) =>
  Object.fromEntries(mergeCounters(counters).map((c) => [c.key, c.add]));

describe("touchpoint x theme counter rows", () => {
  it("count a record stored now under its touchpoint for each of its themes", () => {
    const now = rows(countersOf({ ...stored, countersVersion: COUNTERS_VERSION }));
    expect(now["nps#@delivery/delivery"]).toEqual({ n: 1, NEGATIVE: 1, detractors: 1 });
    expect(now["nps#delivery"]).toEqual({ n: 1, NEGATIVE: 1, detractors: 1 });
  });

  it("leave a record stored before them out of them, and out of what a re-tag or a correction moves", () => {
    expect(Object.keys(rows(countersOf(stored)))).not.toContain("nps#@delivery/delivery");
    const retag = rows(retagCounterDeltas(stored, ["service"]));
    expect(retag).toEqual({
      "nps#delivery": { n: -1, NEGATIVE: -1, detractors: -1 },
      "nps#service": { n: 1, NEGATIVE: 1, detractors: 1 },
    });
    const corrected = rows(counterChange(stored, { ...stored, sentiment: "POSITIVE" }));
    expect(Object.keys(corrected).some((key) => key.includes("/"))).toBe(false);
  });

  it("move a record stored now between touchpoint x theme rows when its themes change", () => {
    const now = { ...stored, countersVersion: COUNTERS_VERSION };
    expect(rows(retagCounterDeltas(now, ["service"]))).toMatchObject({
      "nps#@delivery/delivery": { n: -1, NEGATIVE: -1, detractors: -1 },
      "nps#@delivery/service": { n: 1, NEGATIVE: 1, detractors: 1 },
    });
  });

  it("add a changed answer stored before them to them once, taking nothing from them", () => {
    const change = rows(
      counterChange(stored, {
        ...stored,
        score: 9,
        sentiment: "POSITIVE",
        detractor: false,
        countersVersion: COUNTERS_VERSION,
      }),
    );
    expect(change["nps#@delivery/delivery"]).toEqual({ n: 1, POSITIVE: 1 });
  });
});
