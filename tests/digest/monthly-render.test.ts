import { describe, expect, it } from "vitest";
import type { DigestLocale } from "#shared/digest/model/digest";
import { buildMonthlyReport, weeksToRead } from "#shared/digest/model/monthly";
import { renderMonthlyEmail } from "#shared/digest/views/monthly-render";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { FIXES, LOOP, MONTH, monthlyCounters } from "./monthly-fixtures.ts";
import { englishWords } from "./reader-fixtures.ts";

const UNSUBSCRIBE = "https://voc.example.com/digests/unsubscribe?s=after-sales&e=a%40example.com&sig=abc";

const render = (locale: DigestLocale) =>
  renderMonthlyEmail(
    buildMonthlyReport({
      month: MONTH,
      locale,
      taxonomy: defaultTaxonomy,
      weeks: weeksToRead(MONTH, FIXES).map((week) => ({ week, rows: monthlyCounters(week) })),
      fixes: FIXES,
      loop: { counts: LOOP, overdueNow: 3 },
    }),
    { unsubscribeUrl: UNSUBSCRIBE },
  );

/** The plain text without links and the quoted notes ("  > ..."). */
const textWords = (text: string) =>
  englishWords(
    text
      .split("\n")
      .filter((line) => !/^\s*> /.test(line))
      .join("\n")
      .replace(/https?:\/\/\S+/g, ""),
  );

describe("the monthly report as an email", () => {
  it("says the month and the report in the subject, in each language", () => {
    expect(render("en").subject).toBe("hearback · Top 5 after-sales problems, November 2026");
    expect(render("zh-Hans").subject).toBe("hearback · 2026 年 11 月售后问题前 5 名");
    expect(render("zh-Hant").subject).toBe("hearback · 2026 年 11 月售後問題前 5 名");
  });

  it("lists the top 5 in order with their trend and test, the fix that worked and the month's loop figures", () => {
    const { html, text } = render("en");
    const order = [
      "Delivery &amp; waiting",
      "Service &amp; staff",
      "Booking, app &amp; how-to",
      "Refunds &amp; returns",
    ].map((label) => html.indexOf(label));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > (order[k - 1] ?? 0)))).toBe(true);
    expect(text).toContain("1. Delivery & waiting: Complaints 80, Share 63 %");
    expect(text).toContain("Per 100 responses rising · 20 vs 10 (+100 %, p < 0.0001)");
    expect(text).toMatch(
      /Refunds & returns: complaints −50 % since the fix of October 14 \(8 → 4 per 100 responses; 8 weeks before, 6 after; p = 0\.\d{3,4}\)/,
    );
    expect(text).toContain("  > Refunds approved by the agent, no second review");
    expect(text).toContain("Also falling:\n- Payment & billing: Per 100 responses falling");
    expect(text).toContain("Follow-up tasks opened: 40");
    expect(text).toContain("The month is the weeks whose Thursday falls in it (weeks 45–48, 2026)");
    expect(html).toContain('<th scope="col"');
    expect(html).toContain(UNSUBSCRIBE.replace(/&/g, "&amp;"));
  });

  it("has no English in the Chinese reports outside the team's quoted notes and NPS/CSAT/SLA", () => {
    // The check finds English where there is some.
    expect(englishWords(render("en").html)).toContain("Complaints");
    expect(textWords(render("en").text)).toContain("Complaints");
    for (const locale of ["zh-Hans", "zh-Hant"] as const) {
      const { subject, html, text } = render(locale);
      expect(englishWords(subject), `${locale} subject`).toEqual([]);
      expect(englishWords(html), `${locale} html`).toEqual([]);
      expect(textWords(text), `${locale} text`).toEqual([]);
    }
    expect(render("zh-Hant").text).toContain("見效的改善");
    expect(render("zh-Hans").text).toContain("本月按周计：周四落在本月的周（2026 年第 45 周 至 2026 年第 48 周）");
    // Dates in words, never ISO: the month's span and the day of a fix.
    for (const locale of ["zh-Hans", "zh-Hant", "en"] as const) {
      expect(render(locale).text, locale).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    }
    expect(render("zh-Hans").text).toContain("自 10 月 14 日改进以来投诉");
  });
});
