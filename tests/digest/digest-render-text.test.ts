import { describe, expect, it } from "vitest";
import { renderDigestEmail } from "#shared/digest/views/render";
import { fixture, opts, verbatim, XSS } from "./digest-fixtures.ts";

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
