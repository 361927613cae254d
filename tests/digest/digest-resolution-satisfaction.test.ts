import { describe, expect, it } from "vitest";
import type { DigestLocale } from "#shared/digest/model/digest";
import { loopSummary } from "#shared/digest/model/loop-summary";
import { renderDigestEmail } from "#shared/digest/views/render";
import { fixture, opts } from "./digest-fixtures.ts";

/**
 * The closing-the-loop section reports satisfaction with the resolution (customers who said "yes,
 * it is solved") next to recovery, with n and the 90 % target, in every locale and both parts.
 */
const weeks: Array<Record<string, number>> = [
  { opened: 20, resolutionYes: 9, resolutionNo: 1, detractorTasks: 6, recovered: 2 },
  { resolutionYes: 8 },
  { resolutionYes: 1, resolutionNo: 1 },
  {},
  // Five weeks back: outside the four weeks satisfaction is reported over.
  { resolutionNo: 40 },
];

const expected: Record<DigestLocale, { line: string; value: string; colon: string }> = {
  en: { line: "Customers who confirm it is solved (target 90 %)", value: "90 %", colon: ": " },
  "zh-Hans": { line: "客户确认问题已解决（目标 90%）", value: "90%", colon: "：" },
  "zh-Hant": { line: "客戶確認問題已解決（目標 90%）", value: "90%", colon: "：" },
};

describe("the digest's satisfaction with the resolution", () => {
  for (const locale of ["en", "zh-Hans", "zh-Hant"] as const) {
    it(`shows the share of yes with n and the target, after recovery, in ${locale}`, () => {
      const loop = loopSummary(weeks[0] ?? {}, 3, weeks);
      expect(loop.resolutionSatisfied).toEqual({ value: 90, n: 20, enough: true });
      const { html, text } = renderDigestEmail(fixture({ locale, loop }), opts);
      const { line, value, colon } = expected[locale];
      expect(text).toContain(`${line}${colon}${value} (n = 20)`);
      expect(html).toContain(line);
      const row = html.slice(html.indexOf(line), html.indexOf(line) + 1_000);
      expect(row).toContain(`>${value}</span>`);
      expect(row).toContain("n = 20");
      // Next to recovery, below it.
      const recovered =
        locale === "en" ? "Detractors recovered" : locale === "zh-Hans" ? "挽回的贬损者" : "挽回的貶損者";
      expect(text.indexOf(recovered)).toBeGreaterThan(-1);
      expect(text.indexOf(recovered)).toBeLessThan(text.indexOf(line));
    });
  }

  it("says 'not enough answers yet' below five answers rather than a shaky share", () => {
    const loop = loopSummary({ resolutionYes: 2, resolutionNo: 1 }, 0);
    const { text } = renderDigestEmail(fixture({ loop }), opts);
    // The plain-text part wraps at 80 columns.
    expect(text.replace(/\n\s*/g, " ")).toContain(
      "Customers who confirm it is solved (target 90 %): not enough responses yet (n = 3)",
    );
    expect(text).not.toContain("67 %");
  });
});
