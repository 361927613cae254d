import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COUNTDOWN_JS, countdownText, formatDuration } from "#shared/follow-up/views/triage-countdown";

describe("formatDuration", () => {
  it("writes minutes, hours with padded minutes, and days with hours", () => {
    expect(formatDuration(23 * 60_000)).toBe("23 min");
    expect(formatDuration(65 * 60_000)).toBe("1 h 05 min");
    expect(formatDuration((2 * 24 + 3) * 3_600_000 + 17 * 60_000)).toBe("2 d 3 h");
    expect(formatDuration(-23 * 60_000)).toBe("-23 min");
    expect(formatDuration(-(25 * 60 + 1) * 60_000)).toBe("-1 d 1 h");
    expect(formatDuration(30_000)).toBe("0 min");
    expect(formatDuration(-30_000)).toBe("0 min");
    expect(formatDuration(Number.NaN)).toBe("–");
  });

  it("floors to the whole minute", () => {
    expect(formatDuration(59_999)).toBe("0 min");
    expect(formatDuration(60 * 60_000 - 1)).toBe("59 min");
    expect(formatDuration(24 * 3_600_000 - 1)).toBe("23 h 59 min");
  });

  it("says due in / overdue by in the countdown", () => {
    expect(countdownText(65 * 60_000)).toBe("due in 1 h 05 min");
    expect(countdownText(-23 * 60_000)).toBe("overdue by 23 min");
    expect(countdownText(20_000)).toBe("due in under 1 min");
    expect(countdownText(-20_000)).toBe("overdue by under 1 min");
  });

  it("matches the browser's copy used for the live countdowns", () => {
    const browser = new Function(`${COUNTDOWN_JS}return {fmt:fmt,cd:cd};`)() as {
      fmt: (ms: number) => string;
      cd: (ms: number) => string;
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }),
          fc.double({ noNaN: false }),
          fc.constantFrom(0, -0, 59_999, 60_000, -60_000, 3_600_000, 86_400_000),
        ),
        (ms) => {
          expect(browser.fmt(ms)).toBe(formatDuration(ms));
          expect(browser.cd(ms)).toBe(countdownText(ms));
        },
      ),
    );
  });
});
