import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countdownText as countdown,
  countdownJs,
  formatDuration as format,
} from "#shared/follow-up/views/triage-countdown";
import { WORKBENCH_TEXT } from "#shared/follow-up/views/workbench-text";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";

const en = WORKBENCH_TEXT.en.countdown;
const formatDuration = (ms: number) => format(ms, en);
const countdownText = (ms: number) => countdown(ms, en);

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

  it("speaks the lead's language", () => {
    expect(countdown(65 * 60_000, WORKBENCH_TEXT["zh-Hans"].countdown)).toBe("剩余 1 小时 05 分钟");
    expect(countdown(-(26 * 60) * 60_000, WORKBENCH_TEXT["zh-Hant"].countdown)).toBe("已逾時 1 天 2 小時");
    expect(countdown(-20_000, WORKBENCH_TEXT["zh-Hans"].countdown)).toBe("已超时 不到 1 分钟");
  });

  it.each(SUPPORTED_LOCALES)("matches the browser's copy used for the live countdowns (%s)", (locale) => {
    const w = WORKBENCH_TEXT[locale].countdown;
    const browser = new Function(`${countdownJs(w)}return {fmt:fmt,cd:cd};`)() as {
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
          expect(browser.fmt(ms)).toBe(format(ms, w));
          expect(browser.cd(ms)).toBe(countdown(ms, w));
        },
      ),
    );
  });
});
