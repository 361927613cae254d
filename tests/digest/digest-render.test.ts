import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DigestLocale } from "#shared/digest/model/digest";
import { safeUrl } from "#shared/digest/views/format";
import { renderDigestEmail } from "#shared/digest/views/render";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { fixture, opts, tagNames, theme, verbatim, withSpaces, XSS } from "./digest-fixtures.ts";

describe("renderDigestEmail: subject", () => {
  it("carries the brand, the week and the headline on one line", () => {
    const { subject } = renderDigestEmail(fixture(), opts);
    expect(subject).toBe("hearback Week 47, 2026 · NPS 42 (+5) · Delivery complaints up 38 %");
    const branded = renderDigestEmail(fixture({ headline: "Line\r\nBcc: x@example.com" }), { ...opts, brand: "Acme" });
    expect(branded.subject).toBe("Acme Week 47, 2026 · Line Bcc: x@example.com");
    expect(branded.subject).not.toMatch(/[\r\n]/);
  });
});

describe("renderDigestEmail: HTML", () => {
  // Short figures ("▲ +38 %") are held together by no-break spaces; the assertions read them as spaces.
  const { html } = withSpaces(
    renderDigestEmail(fixture(), { ...opts, previewUrl: "https://hearback.example.com/d/2026-W47" }),
  );

  it("is an email-safe document: lang, presentation tables, max width, preheader, no script", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("max-width:640px");
    expect(html).not.toMatch(/<script/i);
    for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/^<img src="cid:/);
    const tables = html.match(/<table\b[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(5);
    // Layout tables are presentation; the two data tables (themes, closing the loop) have headers with a scope.
    const data = tables.filter((t) => !t.includes('role="presentation"'));
    expect(data).toHaveLength(2);
    const headers = html.match(/<th\b[^>]*>/g) ?? [];
    expect(headers.length).toBe(6 + 5 + 5); // the themes' column headers, a header per theme row, per loop row
    for (const th of headers) expect(th).toMatch(/ scope="(col|row)"/);
    expect(html).not.toMatch(/white-space|table-layout|outline|opacity|overflow|target=/);
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
    expect(html).toContain('width="28%" height="10" bgcolor="#6b7280"');
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
    // Line breaks are the one element data adds (a quote's, a long theme name's on the chart axis).
    const tags = (html: string) => tagNames(html).filter((t) => t !== "br");
    const baseline = tags(renderDigestEmail(fixture(), opts).html);
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
          expect(tags(out.html)).toEqual(baseline);
          expect(out.html).not.toMatch(/<script/i);
          expect(out.text).not.toMatch(/<blockquote|<table/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("renderDigestEmail: not enough responses", () => {
  it("shows the sentence instead of the number, without change or split", () => {
    const d = fixture({
      nps: { value: undefined, n: 12, enough: false, promoters: 5, passives: 3, detractors: 4, trailingAverage: 38 },
      csat: { value: 77.7, n: 9, enough: false, change: 4 },
    });
    const { html, text } = withSpaces(renderDigestEmail(d, opts));
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
  for (const locale of SUPPORTED_LOCALES) {
    it(`renders ${locale} labels in both parts`, () => {
      const { html, text } = withSpaces(renderDigestEmail(fixture({ locale }), opts));
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
