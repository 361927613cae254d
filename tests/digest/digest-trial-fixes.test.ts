import { describe, expect, it } from "vitest";
import { explorer } from "#shared/digest/explorer-http";
import { explorerWeeks, weeksFromFirstData } from "#shared/digest/model/explorer";
import { loopSummary } from "#shared/digest/model/loop-summary";
import { unsubscribeSignature } from "#shared/digest/model/subscriptions";
import { readerPage } from "#shared/digest/read-digest";
import { unsubscribeRequest } from "#shared/digest/unsubscribe";
import { renderExplorerComment, renderExplorerOverview } from "#shared/digest/views/explorer-page";
import { renderDigestEmail } from "#shared/digest/views/render";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { httpEvent } from "../support/fixtures.ts";
import { fixture, opts } from "./digest-fixtures.ts";
import { BASE, linksFor, NOW, readerDeps, subscriptions, tokenOf } from "./reader-fixtures.ts";

/** What the user trial found, as a reader notices it. */

const SECRET = new TextEncoder().encode("unsubscribe-secret-".repeat(2));
const unsubscribe = async (sub: string, method = "GET", acceptLanguage?: string) => {
  const done: string[] = [];
  const email = "pm@example.com";
  const result = await unsubscribeRequest(
    {
      secret: SECRET,
      ledger: { unsubscribe: async (s, e) => void done.push(`${s}/${e}`) },
      subscription: async (id) => subscriptions.find((s) => s.id === id),
    },
    { method, query: { s: sub, e: email, sig: unsubscribeSignature(SECRET, sub, email) }, acceptLanguage },
    NOW,
  );
  return { ...result, done };
};
const h1 = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const button = (html: string) => /<button[^>]*>([^<]*)<\/button>/.exec(html)?.[1];

describe("the unsubscribe page speaks the subscription's language only", () => {
  it.each([
    ["org-hans", "zh-Hans", "退订周报？", "退订", "已退订"],
    ["logistics-tw", "zh-Hant", "取消訂閱週報？", "取消訂閱", "已取消訂閱"],
    ["delivery-en", "en", "Unsubscribe from the weekly digest?", "Unsubscribe", "You are unsubscribed"],
  ])("%s: asks and confirms in %s", async (sub, lang, title, label, done) => {
    const asked = await unsubscribe(sub, "GET", "en-US,en;q=0.9");
    expect(asked.html).toContain(`<html lang="${lang}"`);
    expect(h1(asked.html)).toBe(title);
    expect(button(asked.html)).toBe(label);
    expect(asked.done).toEqual([]);
    const after = await unsubscribe(sub, "POST", "en-US");
    expect(after.status).toBe(200);
    expect(h1(after.html)).toBe(done);
    expect(after.html).toContain("pm@example.com");
    expect(after.done).toEqual([`${sub}/pm@example.com`]);
    // Never the other language beside it.
    if (lang !== "en") expect(after.html + asked.html).not.toMatch(/unsubscribe|digest/i);
    else expect(after.html + asked.html).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("falls back to the browser's language for a subscription since removed, and refuses a forged link", async () => {
    const gone = await unsubscribe("removed-sub", "GET", "zh-TW,zh;q=0.9");
    expect(h1(gone.html)).toBe("取消訂閱週報？");
    const forged = await unsubscribeRequest(
      { secret: SECRET, ledger: { unsubscribe: async () => {} }, subscription: async () => undefined },
      { method: "POST", query: { s: "org-hans", e: "x@example.com", sig: "nope" }, acceptLanguage: "zh-CN" },
      NOW,
    );
    expect(forged.status).toBe(403);
    expect(h1(forged.html)).toBe("退订链接无效");
  });
});

describe("the digest email", () => {
  it("keeps Outlook's width attribute on chart images but makes them fluid elsewhere", () => {
    const { html } = renderDigestEmail(fixture(), opts);
    const imgs = html.match(/<img\b[^>]*>/g) ?? [];
    expect(imgs.length).toBe(2);
    for (const img of imgs) {
      expect(img).toMatch(/ width="560"/);
      expect(img).toMatch(/style="display:block;width:100%;max-width:560px;height:auto;/);
    }
  });

  it("never cuts a Chinese word at the end of a plain-text line, and says the week in the reader's words", () => {
    const team = "全部团队".repeat(1);
    const d = fixture({ locale: "zh-Hans", teamLabel: team, from: "2026-11-23", to: "2026-11-29", week: "2026-W48" });
    const text = renderDigestEmail(d, { ...opts, previewUrl: "https://voc.example.com/d/1" }).text;
    const lines = text.split("\n");
    expect(lines.some((l) => l.endsWith("全部团") || l.startsWith("队"))).toBe(false);
    expect(text).toContain("2026 年第 48 周（11月23日至29日）");
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2} 至/);
    expect(text).toContain("在浏览器中查看：https://voc.example.com/d/1");
    // Chinese punctuation on the HTML page too ("NPS 问卷：45", never "NPS 问卷: 45").
    const zhHtml = renderDigestEmail(d, { ...opts, previewUrl: "https://voc.example.com/d/1" }).html;
    const zhVisible = zhHtml.replace(/<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]+>/g, " ");
    expect(zhVisible).toContain("NPS 问卷：");
    expect(zhVisible).not.toMatch(/[\u4e00-\u9fff]: /u);
    // A trend's test with its p-value once, as an aside in Chinese brackets.
    const trend = fixture({ locale: "zh-Hans" });
    trend.emerging = (trend.emerging ?? []).map((e) => ({ ...e, test: "泊松检验：本周 13 次，此前每周约 5 次" }));
    const trendText = renderDigestEmail(trend, opts).text;
    expect(trendText).toContain("泊松检验：本周 13 次，此前每周约 5 次（p < 0.001）");
    expect(trendText).not.toMatch(/次 \(p/u);
    expect(text).not.toContain("在浏览器中查看: ");
    const en = renderDigestEmail(fixture({ from: "2026-11-23", to: "2026-11-29", week: "2026-W48" }), {
      ...opts,
      previewUrl: "https://voc.example.com/d/1",
    });
    expect(en.text).toContain("Week 48 (Nov 23–29, 2026)");
    expect(en.text).toContain("View in browser: https://voc.example.com/d/1");
    expect(en.html).toContain("Week 48 (Nov 23–29, 2026)");
    // Nowhere a reader looks (links and image ids aside) is a week an ISO id.
    expect(en.subject).toContain("Week 48, 2026");
    expect(en.text.replace(/https?:\S+/g, "")).not.toMatch(/\d{4}-W\d{2}/);
    const visible = en.html.replace(/<[^>]*\balt="([^"]*)"[^>]*>/g, " $1 ").replace(/<[^>]+>/g, " ");
    expect(visible).not.toMatch(/\d{4}-W\d{2}/);
    const hant = renderDigestEmail(
      fixture({ locale: "zh-Hant", from: "2026-11-30", to: "2026-12-06", week: "2026-W49" }),
      opts,
    );
    expect(hant.html).toContain("2026 年第 49 週（11月30日至12月6日）");
  });

  it("states the weeks recovery is counted over, wherever it is shown", () => {
    const weeks = Array.from({ length: 9 }, (_, i) => `2026-W${String(48 - i).padStart(2, "0")}`);
    const counts = weeks.map((_, i) => (i === 0 ? { opened: 30, recovered: 6 } : { opened: 6, recovered: 0 }));
    const loop = loopSummary(counts[0] ?? {}, 0, counts, weeks);
    const words = {
      "zh-Hans": "挽回的贬损者（近 9 周，第 40–48 周）",
      "zh-Hant": "挽回的貶損者（近 9 週，第 40–48 週）",
      en: "Detractors recovered, last 9 weeks (weeks 40–48, 2026)",
    } as const;
    for (const locale of ["zh-Hans", "zh-Hant", "en"] as const) {
      const { html, text } = renderDigestEmail(fixture({ locale, loop, week: "2026-W48" }), opts);
      expect(html).toContain(words[locale]);
      expect(text).toContain(words[locale]);
    }
  });
});

describe("the digest in the browser", () => {
  it("offers the explorer's language switch, in the subscription's language unless ?lang= picks another", async () => {
    const link = linksFor("logistics-tw", "pm@example.com").digest;
    const open = (lang?: string) =>
      readerPage(readerDeps(), { token: tokenOf(link), baseUrl: BASE, nonce: "n", lang }, NOW);
    const page = await open();
    expect(page.html).toContain('<html lang="zh-Hant"');
    const nav = /<nav aria-label="語言"[\s\S]*?<\/nav>/.exec(page.html)?.[0] ?? "";
    expect(nav).toContain('<strong lang="zh-Hant" aria-current="true"');
    expect(nav).toContain(`href="${link}?lang=en"`);
    expect(nav).toContain(`href="${link}?lang=zh-Hans"`);
    const en = await open("en");
    expect(en.html).toContain('<html lang="en"');
    expect(en.html).toContain("Weekly voice of customer");
    expect(en.html).toContain('<nav aria-label="Language"');
    // The explorer opens at the digest's week, in the language read.
    expect(en.html).toContain(`${link}/explore?week=2026-W47&amp;lang=en`);
    expect(page.html).toContain(`${link}/explore?week=2026-W47"`);
  });
});

describe("the explorer", () => {
  const ctx = {
    locale: "zh-Hans" as const,
    nonce: "n",
    basePath: "/explore",
    viewer: "PM",
    themeIds: ["delivery"],
    labels: { theme: () => "物流配送", channel: () => "NPS", touchpoint: (t: string) => t, dateTime: (i: string) => i },
    channels: ["nps" as const],
    touchpoints: [],
    filter: {},
    minResponses: 30,
  };
  it("says where the trend starts when data starts later, and links themes at the week shown", () => {
    const html = renderExplorerOverview({
      ...ctx,
      weeks: ["2026-W47", "2026-W48"],
      since: "2026-W47",
      current: "2026-W49",
      week: "2026-W48",
      trend: [],
      pareto: [{ theme: "delivery", negative: 3, total: 5, shareOfComplaints: 1, cumulativeShare: 1, vital: true }],
    } as never);
    expect(html).toMatch(/最近 \d+ 个完整周（自2026 年第 47 周有数据起）/);
    expect(html).toContain('href="/explore/themes/delivery?week=2026-W48"');
  });

  it("starts the trend at the first week with data, at most 26 weeks back", () => {
    const weeks = explorerWeeks("2026-W48");
    const counters = weeks.map((week, i) => ({
      week,
      rows: i < 17 ? [] : [{ channel: "nps" as const, theme: "_all", counts: { n: 1 } }],
    }));
    expect(weeksFromFirstData(counters, weeks)).toEqual(weeks.slice(17));
    expect(weeksFromFirstData(counters, weeks)).toHaveLength(9);
    expect(weeksFromFirstData([], weeks)).toHaveLength(26);
  });

  it("lists the picked week's comments only, reading one week of the day index", async () => {
    const asked: Array<{ from: Date; to: Date }> = [];
    const pages = explorer({
      counters: { weeklyCounters: async () => [] },
      fixes: { record: async () => {}, forTheme: async () => [] },
      feedback: {
        list: async (q: { from: Date; to: Date }) => {
          asked.push({ from: q.from, to: q.to });
          return { items: [] };
        },
        storedRecords: async () => new Map(),
      },
      taxonomy: defaultTaxonomy,
      staff: { locale: "zh-Hans", timeZone: "UTC" },
      basePath: "/explore",
      workbenchPath: "/triage",
      secret: "s".repeat(32),
    } as never);
    const e = httpEvent("get-feedback");
    e.queryStringParameters = { week: "2026-W47", lang: "zh-Hans" };
    e.pathParameters = { id: "delivery" };
    e.headers = { host: "localhost" };
    e.cookies = [];
    const res = await pages.theme(
      e,
      { name: "PM", locale: "zh-Hans", timeZone: "UTC" },
      "n",
      new Date("2026-12-02T10:00:00Z"),
    );
    expect(asked).toEqual([{ from: new Date("2026-11-16T00:00:00Z"), to: new Date("2026-11-22T23:59:59.999Z") }]);
    expect(String(res.body)).toContain("2026 年第 47 周的客户原话，最新的在前。");
  });

  it("does not say 'newest first' about a single comment", () => {
    const comment = {
      id: "c1",
      channel: "nps" as const,
      sentiment: "NEGATIVE" as const,
      themes: ["delivery"],
      occurredAt: "2026-11-25T03:00:00Z",
      text: "太慢了",
      language: "zh",
    };
    const html = renderExplorerComment({ ...ctx, theme: "delivery", comment } as never);
    expect(html).not.toContain("最新的在前");
    expect(html).toContain("个人信息已遮盖。");
  });
});
