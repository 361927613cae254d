import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Digest, DigestLocale, Metric, ThemeLine, Verbatim } from "#shared/digest/model/digest";
import { renderDigestEmail, safeUrl } from "#shared/digest/views/render";

const metric = (value: number, n: number, extra: Partial<Metric> = {}): Metric => ({
  value,
  n,
  enough: true,
  marginOfError: 5.8,
  previous: value - 5,
  change: 5,
  trailingAverage: value - 2,
  ...extra,
});

const theme = (i: number, label: string, negative: number, share: number, cumulative: number): ThemeLine => ({
  theme: `theme-${i}`,
  label,
  team: "ops",
  negative,
  total: negative + 10,
  sentiment: { POSITIVE: 5, NEGATIVE: negative, NEUTRAL: 5, MIXED: 0 },
  previousNegative: Math.round(negative / 1.38),
  change: 0.38,
  shareOfComplaints: share,
  cumulativeShare: cumulative,
  vital: cumulative <= 0.8,
});

const verbatim = (i: number, themeId: string, text: string, extra: Partial<Verbatim> = {}): Verbatim => ({
  feedbackId: `fb-${i}`,
  theme: themeId,
  text,
  language: "en",
  channel: "nps",
  score: 3,
  sentiment: "NEGATIVE",
  link: `https://triage.example.com/feedback/fb-${i}`,
  ...extra,
});

const XSS = "<script>alert(1)</script>";

const fixture = (over: Partial<Digest> = {}): Digest => ({
  week: "2026-W47",
  from: "2026-11-16",
  to: "2026-11-22",
  teamLabel: "All teams",
  locale: "en",
  headline: "NPS 42 (+5) · Delivery complaints up 38 %",
  nps: { ...metric(42, 310), promoters: 160, passives: 86, detractors: 64 },
  csat: metric(86.4, 220, { change: -1.2, marginOfError: 4.1 }),
  volume: {
    total: metric(780, 780, { change: 40, marginOfError: undefined }),
    byChannel: {
      nps: metric(310, 310, { marginOfError: undefined }),
      csat: metric(220, 220, { marginOfError: undefined }),
      social: metric(250, 250, { change: -12, marginOfError: undefined }),
    },
  },
  trend: [31, 35, undefined, 40, -12, 0, 38, 37, 42].map((nps, i) => ({
    week: `2026-W${39 + i}`,
    nps,
    csat: 85,
    volume: 700 + i * 10,
  })),
  themes: [
    theme(1, "Delivery", 120, 0.4, 0.4),
    theme(2, "Product quality", 75, 0.25, 0.65),
    theme(3, "Refunds & returns", 45, 0.15, 0.8),
    theme(4, "App / website", 30, 0.1, 0.9),
    theme(5, "Service attitude", 30, 0.1, 1),
  ],
  emerging: [
    {
      theme: "theme-1",
      label: "Delivery",
      direction: "rising",
      thisWeek: 120,
      baseline: 80.5,
      test: "120 complaints against about 80 a week: that many by chance happens less than once in 1,000 weeks.",
      pValue: 0.0004,
    },
    {
      theme: "theme-4",
      label: "App / website",
      direction: "falling",
      thisWeek: 30,
      baseline: 55,
      test: "30 against about 55 a week: a real drop (Poisson test).",
      pValue: 0.002,
    },
  ],
  verbatims: [
    verbatim(1, "theme-1", "The parcel arrived two weeks late & the box was crushed."),
    verbatim(2, "theme-1", "快递太慢了，等了十天才到！", { language: "zh-Hans", channel: "csat", score: 1 }),
    verbatim(3, "theme-2", "螢幕有刮痕，顏色和照片不一樣", {
      language: "zh-Hant",
      channel: "social",
      score: undefined,
    }),
    verbatim(4, "theme-3", `Refund never came ${XSS} "quoted" 'single'`, { link: "javascript:alert(2)" }),
  ],
  loop: {
    opened: 64,
    firstResponseWithinSla: metric(91, 64, { change: 3, marginOfError: 7 }),
    resolvedWithinSla: metric(78, 50, { change: -4, marginOfError: 11 }),
    overdueNow: 5,
    recovered: { value: undefined, n: 12, enough: false },
  },
  method: [
    "NPS = % promoters (9-10) − % detractors (0-6); margin of error at 95 %.",
    "Themes ranked by negative and mixed mentions; trends by a Poisson test against the trailing 8 weeks.",
  ],
  ...over,
});

const opts = { unsubscribeUrl: "https://hearback.example.com/unsubscribe?t=abc&x=1" };
const tagNames = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]);

describe("renderDigestEmail: subject", () => {
  it("carries the brand, the week and the headline on one line", () => {
    const { subject } = renderDigestEmail(fixture(), opts);
    expect(subject).toBe("hearback 2026-W47 · NPS 42 (+5) · Delivery complaints up 38 %");
    const branded = renderDigestEmail(fixture({ headline: "Line\r\nBcc: x@example.com" }), { ...opts, brand: "Acme" });
    expect(branded.subject).toBe("Acme 2026-W47 · Line Bcc: x@example.com");
    expect(branded.subject).not.toMatch(/[\r\n]/);
  });
});

describe("renderDigestEmail: HTML", () => {
  const { html } = renderDigestEmail(fixture(), { ...opts, previewUrl: "https://hearback.example.com/d/2026-W47" });

  it("is an email-safe document: lang, presentation tables, max width, preheader, no script", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("max-width:640px");
    expect(html).not.toMatch(/<script/i);
    for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/^<img src="cid:/);
    const tables = html.match(/<table\b[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) expect(t).toContain('role="presentation"');
    expect(html).toMatch(/<div style="display:none;[^"]*">NPS 42 \(\+5\) · Delivery complaints up 38 %/);
    expect(html).toContain("PingFang SC");
    expect(html).toContain("@media (prefers-color-scheme:dark)");
  });

  it("shows the KPIs with change, 8-week average, margin of error and the NPS split bar", () => {
    expect(html).toContain("±5.8");
    expect(html).toContain("▲ +5");
    expect(html).toContain("▼ −1.2 pp");
    expect(html).toContain("8-week average 40");
    // 160 / 86 / 64 of 310 -> 51.6 / 27.7 / 20.6 %, largest remainder -> 51 / 28 / 21, drawn as cells of those widths
    expect(html).toContain('width="51%" height="10" bgcolor="#059669"');
    expect(html).toContain('width="28%" height="10" bgcolor="#9ca3af"');
    expect(html).toContain('width="21%" height="10" bgcolor="#dc2626"');
    expect(html).toContain("Social mentions: 250");
  });

  it("draws the Pareto table with vital themes marked and emerging themes with their test", () => {
    expect(html).toContain("Refunds &amp; returns");
    expect(html.match(/top 80 %/g)?.length).toBe(3 + 1); // three vital themes + the intro sentence
    expect(html).toContain("▲ +38 %");
    expect(html).toContain("40 %");
    expect(html).toContain("less than once in 1,000 weeks");
    expect(html).toContain("(p &lt; 0.001)");
    expect(html).toContain("(p = 0.002)");
  });

  it("escapes every quote and keeps only http(s) links", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39;");
    expect(html).not.toContain(XSS);
    expect(html).not.toContain("javascript:");
    expect(html).toContain('href="https://triage.example.com/feedback/fb-1"');
    expect(html).toContain("「螢幕有刮痕，顏色和照片不一樣」");
    expect(html).toContain("“快递太慢了，等了十天才到！”");
    expect(html).toMatch(/<blockquote lang="zh-Hant"/);
    expect(html).toContain("CSAT"); // channel label of the second quote
    expect(html).toContain("Service rating · 1/5");
  });

  it("shows closing the loop, the method footnote, unsubscribe and view in browser", () => {
    expect(html).toContain("Follow-up tasks opened");
    expect(html).toContain("91 %");
    expect(html).toContain("Overdue now");
    expect(html).toContain("not enough responses yet (n = 12)");
    expect(html).toContain("margin of error at 95 %");
    expect(html).toContain('href="https://hearback.example.com/unsubscribe?t=abc&amp;x=1"');
    expect(html).toContain('href="https://hearback.example.com/d/2026-W47"');
    expect(html).toContain("View in browser");
  });

  it("leaves out the loop section without loop data and a view link that is not http(s)", () => {
    const out = renderDigestEmail(fixture({ loop: undefined }), { ...opts, previewUrl: "data:text/html,hi" });
    expect(out.html).not.toContain("Closing the loop");
    expect(out.html).not.toContain("View in browser");
    expect(out.html).not.toContain("data:text");
  });

  it("refuses an unsubscribe link that is not http(s)", () => {
    expect(() => renderDigestEmail(fixture(), { unsubscribeUrl: "javascript:alert(1)" })).toThrow(RangeError);
    expect(safeUrl(" https://x.example/a?b=1 ")).toBe("https://x.example/a?b=1");
    expect(safeUrl("mailto:x@example.com")).toBeUndefined();
    expect(safeUrl('https://x.example/"><script>')).toBeUndefined();
  });

  it("never lets data inject a tag (property)", () => {
    const baseline = tagNames(renderDigestEmail(fixture(), opts).html);
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.constantFrom("", "<", "</blockquote>", "<script>", '"><img src=x onerror=alert(1)>', "<!--", "]]>"),
        fc.string({ maxLength: 20 }),
        (a, b, c) => {
          const text = `${a}${b}${c}`;
          const d = fixture();
          d.verbatims = d.verbatims.map((v, i) => ({ ...v, text: i === 3 ? `${XSS} ${text}` : text }));
          d.themes = d.themes.map((t, i) => (i === 1 ? { ...t, label: text } : t));
          d.headline = text;
          d.teamLabel = text;
          d.method = [text, text];
          const out = renderDigestEmail(d, { ...opts, brand: text });
          expect(tagNames(out.html)).toEqual(baseline);
          expect(out.html).not.toMatch(/<script/i);
          expect(out.text).not.toMatch(/<blockquote|<table/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("renderDigestEmail: charts", () => {
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const imgs = (html: string) => html.match(/<img\b[^>]*>/g) ?? [];
  const attr = (tag: string, name: string) => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];

  it("attaches the NPS trend and the Pareto chart inline and refers to each by its cid", () => {
    const { html, images } = renderDigestEmail(fixture(), opts);
    expect(images.map((i) => i.cid)).toEqual(["nps-trend-2026-W47@hearback", "complaint-themes-2026-W47@hearback"]);
    expect(imgs(html).map((t) => attr(t, "src"))).toEqual(images.map((i) => `cid:${i.cid}`));
    for (const [i, image] of images.entries()) {
      const tag = imgs(html)[i] ?? "";
      expect(image.contentType).toBe("image/png");
      expect(image.filename).toMatch(/^[a-z-]+-2026-W47\.png$/);
      expect([...image.png.subarray(0, 8)]).toEqual(PNG);
      expect(attr(tag, "width")).toBe(String(image.width));
      expect(attr(tag, "height")).toBe(String(image.height));
      expect(attr(tag, "style")).toMatch(/^display:block;max-width:100%;height:auto;/);
      expect(attr(tag, "alt")).toBe(image.alt.replace(/&/g, "&amp;"));
    }
    expect(images[0]?.alt).toContain("oldest first: 31, 35, –, 40, −12, 0, 38, 37, 42.");
    expect(images[1]?.alt).toContain("Refunds & returns 45 (80 %)");
  });

  it("puts the trend under the KPI tiles with each week's score under its bar, and the Pareto chart above the table", () => {
    const { html } = renderDigestEmail(fixture(), opts);
    const trend = html.indexOf("cid:nps-trend");
    const pareto = html.indexOf("cid:complaint-themes");
    expect(html.indexOf("Social mentions: 250")).toBeLessThan(trend);
    expect(trend).toBeLessThan(html.indexOf("Where it hurts"));
    expect(html.indexOf("Where it hurts")).toBeLessThan(pareto);
    expect(pareto).toBeLessThan(html.indexOf("Refunds &amp; returns"));
    expect(html).toContain("NPS, last 9 weeks</div>");
    const labels = html.slice(trend, html.indexOf("Where it hurts"));
    expect([...labels.matchAll(/>(W\d\d)<\/div>/g)].map((m) => m[1])).toEqual(
      Array.from({ length: 9 }, (_, i) => `W${39 + i}`),
    );
    expect(labels).toContain(">−12</div>");
    expect(labels).toMatch(/font-weight:bold">42<\/div>/);
    // The table-cell bars stay for clients that block images.
    expect(html).toContain('width="51%" height="10" bgcolor="#059669"');
  });

  it("embeds the images as data: URLs for a browser, attaching nothing", () => {
    const cid = renderDigestEmail(fixture(), opts);
    const { html, images } = renderDigestEmail(fixture(), { ...opts, images: "inline-data" });
    expect(images).toEqual([]);
    expect(html).not.toContain("cid:");
    const sources = imgs(html).map((t) => attr(t, "src") ?? "");
    expect(sources).toHaveLength(2);
    for (const [i, src] of sources.entries()) {
      expect(src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(src.slice(src.indexOf(",") + 1), "base64").equals(Buffer.from(cid.images[i]?.png ?? []))).toBe(
        true,
      );
    }
  });

  it("keeps the plain-text part free of images, with the trend's numbers in words", () => {
    for (const mode of ["cid", "inline-data"] as const) {
      const { text } = renderDigestEmail(fixture(), { ...opts, images: mode });
      expect(text).not.toMatch(/<img|cid:|data:image/);
      expect(text.replace(/\s+/g, " ")).toContain(
        "NPS, last 9 weeks (2026-W39 to 2026-W47), oldest first: 31, 35, –, 40, −12, 0, 38, 37, 42. – = not enough responses.",
      );
    }
  });

  it("has no Pareto chart in a week without complaints and no trend chart without a trend", () => {
    const quiet = renderDigestEmail(fixture({ themes: [] }), opts);
    expect(quiet.images.map((i) => i.cid)).toEqual(["nps-trend-2026-W47@hearback"]);
    expect(imgs(quiet.html)).toHaveLength(1);
    expect(quiet.html).toContain("No complaints this week.");
    const bare = renderDigestEmail(fixture({ themes: [], trend: [] }), opts);
    expect(bare.images).toEqual([]);
    expect(bare.html).not.toMatch(/<img/i);
    expect(bare.text).not.toContain("last 9 weeks");
  });

  it("says the chart's numbers in the digest's language", () => {
    const { images, html } = renderDigestEmail(fixture({ locale: "zh-Hant" }), opts);
    expect(images[0]?.alt).toMatch(/^近 9 週 NPS（2026-W39 至 2026-W47，由遠及近）：31、35、–/);
    expect(images[1]?.alt).toContain("前 3 個主題佔投訴的 80%。");
    expect(html).toContain("近 9 週 NPS</div>");
  });
});

describe("renderDigestEmail: not enough responses", () => {
  it("shows the sentence instead of the number, without change or split", () => {
    const d = fixture({
      nps: { value: undefined, n: 12, enough: false, promoters: 5, passives: 3, detractors: 4, trailingAverage: 38 },
      csat: { value: 77.7, n: 9, enough: false, change: 4 },
    });
    const { html, text } = renderDigestEmail(d, opts);
    expect(html).toContain("not enough responses yet (n = 12)");
    expect(html).toContain("not enough responses yet (n = 9)");
    expect(html).not.toContain('bgcolor="#059669"');
    expect(text).toContain("not enough responses yet (n = 12)");
    expect(text).toContain("8-week average 38");
    expect(text).not.toContain("77.7");
    expect(html).not.toContain("77.7");
  });
});

describe("renderDigestEmail: locales", () => {
  const expectations: Record<DigestLocale, string[]> = {
    en: ["Weekly voice of customer", "Closing the loop", "In their words", "Unsubscribe", "top 80 %", "vs last week"],
    "zh-Hans": ["每周客户之声", "闭环跟进", "客户原话", "退订", "前 80%", "较上周", "样本不足"],
    "zh-Hant": ["每週客戶之聲", "閉環跟進", "客戶原話", "取消訂閱", "前 80%", "較上週", "樣本不足"],
  };
  for (const locale of Object.keys(expectations) as DigestLocale[]) {
    it(`renders ${locale} labels in both parts`, () => {
      const { html, text } = renderDigestEmail(fixture({ locale }), opts);
      expect(html).toContain(`<html lang="${locale}"`);
      for (const label of expectations[locale]) {
        expect(html).toContain(label);
        expect(text).toContain(label);
      }
    });
  }
  it("uses traditional-Chinese fonts first for zh-Hant", () => {
    const { html } = renderDigestEmail(fixture({ locale: "zh-Hant" }), opts);
    expect(html.indexOf("PingFang TC")).toBeLessThan(html.indexOf("PingFang SC"));
  });
});

describe("renderDigestEmail: plain text", () => {
  const { text } = renderDigestEmail(fixture(), { ...opts, previewUrl: "https://hearback.example.com/d/2026-W47" });

  it("has the NPS, themes, trends, quotes, loop, method and unsubscribe link, without HTML", () => {
    expect(text).toContain("NPS 42 (+5) · Delivery complaints up 38 %");
    expect(text).toContain("42 ±5.8 (n = 310)");
    expect(text).toContain("Promoters 51 % · Passives 28 % · Detractors 21 %");
    expect(text).toContain("1. Delivery [top 80 %]");
    expect(text).toContain("5. Service attitude");
    expect(text).toContain("▲ Delivery · rising");
    expect(text).toContain("“The parcel arrived two weeks late & the box was crushed.”");
    expect(text).toContain("「螢幕有刮痕，顏色和照片不一樣」");
    expect(text).toContain(`Refund never came ${XSS}`);
    expect(text).toContain("view: https://triage.example.com/feedback/fb-1");
    expect(text).not.toContain("javascript:");
    expect(text).toContain("Overdue now: 5");
    expect(text).toContain("- NPS = % promoters");
    expect(text).toContain("Unsubscribe: https://hearback.example.com/unsubscribe?t=abc&x=1");
    expect(text).toContain("View in browser: https://hearback.example.com/d/2026-W47");
    expect(text).not.toMatch(/<(table|td|div|span|a|blockquote|br)\b/);
    expect(text).not.toContain("&amp;");
  });

  it("wraps at about 80 columns, URLs excepted", () => {
    const long = fixture({
      verbatims: [verbatim(9, "theme-1", "word ".repeat(80)), verbatim(10, "theme-1", "慢".repeat(100))],
    });
    const lines = renderDigestEmail(long, opts).text.split("\n");
    const width = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
    for (const line of lines.filter((l) => !/https?:\/\//.test(l))) expect(width(line)).toBeLessThanOrEqual(80);
  });
});

describe("renderDigestEmail: size", () => {
  it("stays under 100 KB for a full digest", () => {
    const themes = Array.from({ length: 15 }, (_, i) => theme(i, `Theme number ${i}`, 100 - i * 5, 0.06, (i + 1) / 15));
    const verbatims = Array.from({ length: 30 }, (_, i) =>
      verbatim(i, `theme-${i % 15}`, `${"A long and detailed complaint about what went wrong. ".repeat(4)}${i}`),
    );
    const { html, text } = renderDigestEmail(fixture({ themes, verbatims }), opts);
    expect(Buffer.byteLength(html, "utf8")).toBeLessThan(100 * 1024);
    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(100 * 1024);
  });
});
