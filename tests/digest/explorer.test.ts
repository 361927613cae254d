import { describe, expect, it } from "vitest";
import type { WeekCounters } from "#shared/digest/model/digest";
import { explorerWeeks, pareto, themeHistory, trend } from "#shared/digest/model/explorer";
import { renderExplorerOverview, renderExplorerTheme } from "#shared/digest/views/explorer-page";
import { taskWords } from "#shared/follow-up/views/task-words";
import type { SupportedLocale } from "#shared/kernel/locale";

/** The explorer (issue 15, item 2): trends with margins, the Pareto of a week, a theme's weeks, in three languages. */

const weeks = explorerWeeks("2026-W48");
const row = (channel: "nps" | "csat" | "social", theme: string, counts: Record<string, number>) => ({
  channel,
  theme,
  counts,
});
const counters: WeekCounters[] = weeks.map((week, i) => ({
  week,
  rows: [
    row("nps", "_all", { n: 40, s10: 20, s8: 10, s3: 10 }),
    row("csat", "_all", { n: 40, s5: 30, s2: 10 }),
    row("nps", "@delivery", { n: 10, s10: 2, s2: 8 }),
    // Delivery complaints jump in the last week; refunds stay low.
    row("nps", "delivery", { n: 10, NEGATIVE: i === weeks.length - 1 ? 30 : 4, POSITIVE: 6 }),
    row("nps", "refund", { n: 3, NEGATIVE: 2, NEUTRAL: 1 }),
  ],
}));

const context = (locale: SupportedLocale) => {
  const words = taskWords(locale);
  return {
    locale,
    nonce: "n0nce",
    basePath: "/explore",
    workbenchPath: "/triage",
    viewer: "mei",
    labels: {
      theme: words.theme,
      channel: words.channel,
      touchpoint: (id: string) => (id === "delivery" ? "配送" : "–"),
      dateTime: (iso: string) => words.dateTime(iso, "Asia/Shanghai"),
    },
    channels: ["nps", "csat", "social"] as const,
    touchpoints: ["delivery"],
    filter: {},
    themeIds: ["delivery", "refund"],
    correctionUrl: (id: string) => `/triage/feedback/${id}/corrections`,
    minResponses: 30,
  };
};

describe("explorer model", () => {
  it("gives 26 weeks, oldest first, with NPS, CSAT, volume and their margins", () => {
    expect(weeks).toHaveLength(26);
    expect(weeks[25]).toBe("2026-W48");
    const t = trend(counters, weeks);
    expect(t[25]).toMatchObject({
      week: "2026-W48",
      nps: { value: 25, n: 40 },
      csat: { value: 75, n: 40 },
      volume: 80,
    });
    expect(t[25]?.nps.margin).toBeGreaterThan(0);
    // A touchpoint narrows scores and volume to the answers given there.
    expect(trend(counters, weeks, { touchpoint: "delivery" })[25]).toMatchObject({ nps: { value: -60, n: 10 } });
  });

  it("ranks a week's themes by complaints and flags the one that rose", () => {
    const lines = pareto(counters, "2026-W48");
    expect(lines.map((l) => l.theme)).toEqual(["delivery", "refund"]);
    expect(lines[0]).toMatchObject({ negative: 30, vital: true, trend: { direction: "rising" } });
    expect(lines[1]?.trend).toBeUndefined();
  });

  it("follows one theme week by week", () => {
    const history = themeHistory(counters, weeks, "delivery");
    expect(history.series[0]).toMatchObject({ mentions: 10, negative: 4, negativeShare: 0.4 });
    expect(history.trend?.direction).toBe("rising");
  });
});

describe("explorer pages", () => {
  it("show the trend and the Pareto with theme names in the reader's language, no ids", () => {
    const html = renderExplorerOverview({
      ...context("zh-Hant"),
      weeks,
      current: "2026-W49",
      week: "2026-W48",
      trend: trend(counters, weeks),
      pareto: pareto(counters, "2026-W48"),
    });
    expect(html).toContain('<html lang="zh-Hant">');
    expect(html).toContain("客戶在說什麼");
    expect(html).toMatch(/<svg [^>]*role="img"/);
    // A theme opens at the week the Pareto shows (the digest's week when it came from one).
    expect(html).toContain('href="/explore/themes/delivery?week=2026-W48"');
    expect(html).toMatch(/上升（p (=|&lt;) /);
    // p below 0.001 reads "p < 0.001", never "p = 0.001"; weeks are named as the digest names them.
    expect(html).not.toContain("p = 0.001");
    expect(html).toContain("2026 年第 48 週");
    expect(html).toContain("2026 年第 49 週（本週至今）");
    expect(html).not.toMatch(/<th scope="row">2026-W/);
    expect(html.replace(/(href|value|id)="[^"]*"/g, "")).not.toMatch(/>\s*(delivery|refund)\s*</);
  });

  it("shows a theme's comments, a search and the next page", () => {
    const html = renderExplorerTheme({
      ...context("en"),
      theme: "delivery",
      weeks,
      current: "2026-W49",
      touchpointMentions: [{ touchpoint: "delivery", mentions: 12, negative: 8 }],
      ...themeHistory(counters, weeks, "delivery"),
      comments: [
        {
          id: "fb_1",
          channel: "nps",
          score: 2,
          sentiment: "NEGATIVE",
          themes: ["delivery"],
          occurredAt: "2026-11-27T02:00:00Z",
          text: "<script>late</script> again, call [phone]",
          url: "/explore/themes/delivery?comment=fb_1",
        },
      ],
      q: "late",
      fixes: [
        {
          id: "fix_1",
          theme: "delivery",
          date: "2026-10-05",
          note: "New courier in Shanghai",
          by: "api:ops",
          at: "2026-10-05T10:00:00Z",
          effect: {
            fix: { id: "fix_1", theme: "delivery", date: "2026-10-05", note: "", by: "", at: "" },
            weeksBefore: 8,
            weeksAfter: 4,
            rateBefore: 12.5,
            rateAfter: 8.25,
            change: -0.34,
            pValue: 0.003,
            significant: true,
          },
        },
      ],
      scanned: 500,
      nextCursor: "abc",
    });
    expect(html).toContain("&lt;script&gt;late&lt;/script&gt; again, call [phone hidden]");
    expect(html).toContain('<a href="/explore/themes/delivery?comment=fb_1">Open</a>');
    expect(html).toContain("Week 48, 2026");
    expect(html).toMatch(/By touchpoint[\s\S]*配送<\/th><td class="n">12<\/td><td class="n">8<\/td>/);
    expect(html).toContain("Fri 27 Nov, 10:00");
    expect(html).toContain("Searched the newest 500 comments");
    expect(html).toContain("New courier in Shanghai");
    // A staff reader can correct a wrong reading, and comes back to this theme.
    expect(html).toContain('action="/triage/feedback/fb_1/corrections"');
    expect(html).toContain('<input type="hidden" name="explore" value="delivery">');
    expect(html).toContain('<input type="checkbox" name="themes" value="delivery" checked>');
    expect(html).toContain(
      "complaints −34% since (12.5 → 8.3 per 100 responses; 8 weeks before, 4 after; exact rate test p = 0.003)",
    );
    expect(html).toContain('href="/explore/themes/delivery?q=late&amp;cursor=abc"');
  });
});
