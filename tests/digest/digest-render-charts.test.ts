import { describe, expect, it } from "vitest";
import { renderDigestEmail } from "#shared/digest/views/render";
import { fixture, opts, theme } from "./digest-fixtures.ts";

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
      // Outlook for Windows takes the width attribute; elsewhere the image (or its alt text) fits a phone.
      expect(attr(tag, "style")).toMatch(
        new RegExp(`^display:block;width:100%;max-width:${image.width}px;height:auto;`),
      );
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
        "NPS, last 9 weeks (weeks 39–47, 2026), oldest first: 31, 35, –, 40, −12, 0, 38, 37, 42. – = not enough responses.",
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
    expect(images[0]?.alt).toMatch(/^近 9 週 NPS（2026 年第 39 週 至 2026 年第 47 週，由遠及近）：31、35、–/);
    expect(images[1]?.alt).toContain("前 3 個主題佔投訴的 80%。");
    expect(html).toContain("近 9 週 NPS</div>");
    // The weeks under the trend's bars in the reader's words too.
    const trend = html.slice(html.indexOf("cid:nps-trend"), html.indexOf("cid:complaint-themes"));
    expect([...trend.matchAll(/>(第\d+週)<\/div>/g)].map((m) => m[1])).toEqual(
      Array.from({ length: 9 }, (_, i) => `第${39 + i}週`),
    );
  });
});

describe("renderDigestEmail: the Pareto chart's axis", () => {
  /** The labels in the row under the Pareto chart, each as its lines. */
  const axis = (html: string) => {
    const row = html.slice(html.indexOf("cid:complaint-themes"), html.indexOf('scope="col"'));
    return [...row.matchAll(/<td align="center"[^>]*><div[^>]*>(.*?)<\/div>/g)].map((m) => (m[1] ?? "").split("<br>"));
  };
  const named = (labels: string[]) =>
    fixture({
      locale: "zh-Hans",
      themes: labels.map((label, i) => theme(i + 1, label, 100 - i * 5, 0.1, (i + 1) / labels.length)),
    });

  it("names each bar's theme under it, in the order of the bars", () => {
    expect(axis(renderDigestEmail(fixture(), opts).html)).toEqual([
      ["Delivery"],
      ["Product quality"],
      ["Refunds &amp; returns"],
      ["App / website"],
      ["Service attitude"],
    ]);
  });

  it("breaks a long Chinese name after its conjunction, and cuts one that cannot fit with “…”, naming it in full", () => {
    // Ten bars: 56 px columns, eight columns of text (four CJK characters) a line.
    const labels = [
      "物流配送与等待",
      "服务与态度",
      "价格与优惠",
      "产品质量与功能可用性以及售后安装服务",
      "退款",
      "A",
      "B",
      "C",
      "D",
      "E",
    ];
    const { html } = renderDigestEmail(named(labels), opts);
    const lines = axis(html);
    expect(lines).toHaveLength(10);
    expect(lines[1]).toEqual(["服务与", "态度"]);
    expect(lines[2]).toEqual(["价格与", "优惠"]);
    expect(lines[4]).toEqual(["退款"]);
    for (const l of lines) for (const line of l) expect(line.length).toBeLessThanOrEqual(4);
    const cut = lines[3] ?? [];
    expect(cut.at(-1)).toMatch(/…$/);
    expect(html).toContain('title="产品质量与功能可用性以及售后安装服务"');
    expect(html).not.toContain('title="服务与态度"');
  });
});
