import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paretoRank } from "#shared/digest/model/theme-ranking";
import { poissonLowerTail, poissonUpperTail } from "#shared/kernel/statistics";
import { naiveUpper } from "./digest-fixtures.ts";

describe("digest statistics (properties)", () => {
  it("Pareto shares sum to 1 and the cumulative share never decreases", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 20 }), (negatives) => {
        const lines = paretoRank(
          negatives.map((negative, i) => ({
            theme: `t${i}`,
            label: `t${i}`,
            team: "x",
            negative,
            total: negative,
            sentiment: { POSITIVE: 0, NEGATIVE: negative, NEUTRAL: 0, MIXED: 0 },
            previousNegative: 0,
          })),
        );
        const total = negatives.reduce((a, b) => a + b, 0);
        const sum = lines.reduce((s, l) => s + l.shareOfComplaints, 0);
        if (total > 0) expect(sum).toBeCloseTo(1, 10);
        else expect(sum).toBe(0);
        for (let i = 1; i < lines.length; i++) {
          expect(lines[i]?.cumulativeShare).toBeGreaterThanOrEqual(lines[i - 1]?.cumulativeShare ?? 0);
          expect(lines[i]?.negative).toBeLessThanOrEqual(lines[i - 1]?.negative ?? 0);
        }
        if (total > 0) expect(lines[0]?.vital).toBe(true);
      }),
    );
  });

  it("Poisson tails agree with direct summation", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (k, rate) => {
        expect(poissonUpperTail(k, rate)).toBeCloseTo(naiveUpper(k, rate), 9);
        expect(poissonLowerTail(k, rate)).toBeCloseTo(1 - naiveUpper(k + 1, rate), 9);
      }),
    );
  });
});
