import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIsoWeek, isoWeek } from "#shared/kernel/time";

describe("isIsoWeek", () => {
  it("accepts the week of every instant from 2000 to 2999", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-03T00:00:00Z"), max: new Date("2999-12-25T00:00:00Z"), noInvalidDate: true }),
        (d) => {
          expect(isIsoWeek(isoWeek(d))).toBe(true);
        },
      ),
    );
  });

  it("refuses weeks that do not exist and anything shaped otherwise", () => {
    for (const week of [
      "2026-W00",
      "2026-W54",
      "2026-W99",
      "2025-W53",
      "2027-W53",
      "2026-W1",
      "26-W10",
      "2026W10",
      "",
    ]) {
      expect(isIsoWeek(week), week).toBe(false);
    }
    expect(isIsoWeek("2026-W53")).toBe(true);
    expect(isIsoWeek("2020-W53")).toBe(true);
  });
});
