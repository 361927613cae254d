import { inflateSync, crc32 as zlibCrc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ThemeLine, TrendPoint } from "#shared/digest/model/digest";
import { SCALE } from "#shared/digest/views/canvas";
import {
  NPS_TREND_SIZE,
  npsDomain,
  npsTrendChart,
  PARETO_MAX_BARS,
  PARETO_SIZE,
  paretoChart,
} from "#shared/digest/views/charts";
import { encodePng } from "#shared/digest/views/png";

// A PNG reader written from the specification, independent of the encoder: chunks, CRCs, IHDR,
// and the pixels of 8-bit indexed or RGBA images with filter 0 (the only ones the encoder writes).

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface Chunk {
  type: string;
  data: Uint8Array;
  crc: number;
  /** The bytes the CRC covers: type and data. */
  covered: Uint8Array;
}

const chunksOf = (png: Uint8Array): Chunk[] => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    chunks.push({
      type: String.fromCharCode(...png.subarray(at + 4, at + 8)),
      data: png.subarray(at + 8, at + 8 + length),
      crc: view.getUint32(at + 8 + length),
      covered: png.subarray(at + 4, at + 8 + length),
    });
    at += 12 + length;
  }
  return chunks;
};

type Rgba = [number, number, number, number];

const decode = (png: Uint8Array) => {
  expect([...png.subarray(0, 8)]).toEqual(SIGNATURE);
  const chunks = chunksOf(png);
  const header = chunks[0];
  if (header?.type !== "IHDR") throw new Error("IHDR must come first");
  const h = new DataView(header.data.buffer, header.data.byteOffset, header.data.byteLength);
  const width = h.getUint32(0);
  const height = h.getUint32(4);
  const [bitDepth, colourType, compression, filter, interlace] = header.data.subarray(8);
  expect({ bitDepth, compression, filter, interlace }).toEqual({
    bitDepth: 8,
    compression: 0,
    filter: 0,
    interlace: 0,
  });
  const plte = chunks.find((c) => c.type === "PLTE")?.data;
  const trns = chunks.find((c) => c.type === "tRNS")?.data;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const bpp = colourType === 3 ? 1 : 4;
  expect(raw.length).toBe(height * (width * bpp + 1));
  const pixel = (x: number, y: number): Rgba => {
    const row = y * (width * bpp + 1);
    expect(raw[row]).toBe(0); // filter type 0 (None)
    if (colourType === 6) return [...raw.subarray(row + 1 + x * 4, row + 5 + x * 4)] as Rgba;
    const i = raw[row + 1 + x] ?? 0;
    return [plte?.[i * 3] ?? -1, plte?.[i * 3 + 1] ?? -1, plte?.[i * 3 + 2] ?? -1, trns?.[i] ?? 255];
  };
  return { width, height, colourType, chunks, pixel };
};

const rgb = (hex: string): Rgba => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, 255];
};

describe("encodePng", () => {
  it("writes a valid PNG: signature, IHDR first, IEND last, every chunk's CRC right", () => {
    const rgba = new Uint8Array(3 * 2 * 4).fill(255);
    rgba.set([255, 0, 0, 255], 0);
    rgba.set([0, 0, 255, 128], 5 * 4);
    const png = encodePng({ width: 3, height: 2, rgba });
    const { width, height, colourType, chunks, pixel } = decode(png);
    expect({ width, height, colourType }).toEqual({ width: 3, height: 2, colourType: 3 });
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
    for (const c of chunks) expect(c.crc).toBe(zlibCrc32(c.covered));
    expect(pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(1, 0)).toEqual([255, 255, 255, 255]);
    expect(pixel(2, 1)).toEqual([0, 0, 255, 128]);
  });

  it("leaves out tRNS for an opaque image and falls back to RGBA above 256 colours", () => {
    expect(chunksOf(encodePng({ width: 1, height: 1, rgba: Uint8Array.of(1, 2, 3, 255) })).map((c) => c.type)).toEqual([
      "IHDR",
      "PLTE",
      "IDAT",
      "IEND",
    ]);
    const width = 20;
    const height = 15;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([i & 0xff, i >> 8, 7, 255 - (i % 3)], i * 4);
    const { colourType, pixel } = decode(encodePng({ width, height, rgba }));
    expect(colourType).toBe(6);
    expect(pixel(19, 14)).toEqual([299 & 0xff, 1, 7, 255 - (299 % 3)]);
    expect(pixel(0, 0)).toEqual([0, 0, 7, 255]);
  });

  it("round-trips any small image (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), { minLength: 1, maxLength: 300 }),
        (width, height, colours) => {
          const rgba = new Uint8Array(width * height * 4);
          for (let i = 0; i < width * height; i++) rgba.set(colours[i % colours.length] ?? [0, 0, 0, 0], i * 4);
          const { pixel } = decode(encodePng({ width, height, rgba }));
          for (let y = 0; y < height; y++)
            for (let x = 0; x < width; x++)
              expect(pixel(x, y)).toEqual([...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("refuses pixel data that does not match the size", () => {
    expect(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(12) })).toThrow(RangeError);
    expect(() => encodePng({ width: 0, height: 2, rgba: new Uint8Array(0) })).toThrow(RangeError);
  });
});

const trendOf = (scores: ReadonlyArray<number | undefined>): TrendPoint[] =>
  scores.map((nps, i) => ({ week: `2026-W${String(39 + i).padStart(2, "0")}`, nps, csat: 80, volume: 500 }));

const SCORES = [31, 35, undefined, 40, -12, 0, 38, 37, 42];

describe("npsTrendChart", () => {
  const chart = npsTrendChart(trendOf(SCORES), "en", "2026-W47");
  const image = decode(chart.png);
  const slot = (NPS_TREND_SIZE.width * SCALE) / SCORES.length;
  // Domain -20..60 (the scores rounded out to steps of 20), plot from y = 28 to y = 332.
  const y = (v: number) => 28 + ((60 - v) / 80) * 304;

  it("is a small 2x PNG with its display size, content id and file name", () => {
    expect(chart).toMatchObject({
      cid: "nps-trend-2026-W47@hearback",
      filename: "nps-trend-2026-W47.png",
      contentType: "image/png",
      width: 560,
      height: 180,
    });
    expect({ width: image.width, height: image.height }).toEqual({ width: 1120, height: 360 });
    expect(chart.png.length).toBeLessThan(15 * 1024);
    expect(npsDomain(SCORES.filter((s) => s !== undefined))).toEqual({ lo: -20, hi: 60 });
  });

  it("draws this week strong, earlier weeks light, negatives red, and a hatched placeholder for a missing week", () => {
    const centre = (i: number) => Math.round(i * slot + slot / 2);
    expect(image.pixel(centre(8), Math.round(y(20)))).toEqual(rgb("#1d4ed8"));
    expect(image.pixel(centre(0), Math.round(y(20)))).toEqual(rgb("#93c5fd"));
    expect(image.pixel(centre(4), Math.round(y(-6)))).toEqual(rgb("#fca5a5"));
    // Above the 31 bar: the card (grid lines aside).
    expect(image.pixel(centre(0), Math.round(y(50)))).toEqual(rgb("#f9fafb"));
    // The missing week: diagonal stripes from top to bottom of the plot.
    const column = Array.from({ length: 28 }, (_, k) => image.pixel(centre(2), Math.round(y(45)) + k).join());
    expect(column).toContain(rgb("#d1d5db").join());
    expect(column).toContain(rgb("#f9fafb").join());
    // The zero baseline runs across.
    expect(image.pixel(centre(2) + 50, Math.floor(y(0)))).toEqual(rgb("#6b7280"));
  });

  it("says every week's score in the alt text, in three languages", () => {
    expect(chart.alt).toBe(
      "NPS, last 9 weeks (weeks 39–47, 2026), oldest first: 31, 35, –, 40, −12, 0, 38, 37, 42. – = not enough responses.",
    );
    expect(npsTrendChart(trendOf(SCORES), "zh-Hans").alt).toBe(
      "近 9 周 NPS（2026 年第 39 周 至 2026 年第 47 周，由远及近）：31、35、–、40、−12、0、38、37、42。– 表示回复数不足。",
    );
    expect(npsTrendChart(trendOf(SCORES), "zh-Hant").alt).toMatch(/^近 9 週 NPS（2026 年第 39 週 至 2026 年第 47 週，/);
    expect(npsTrendChart(trendOf([41.6, 42.4]), "en").alt).toBe(
      "NPS, last 2 weeks (weeks 39–40, 2026), oldest first: 42, 42.",
    );
  });

  it("draws a week with no scores at all as placeholders only, and keeps ids safe", () => {
    const empty = npsTrendChart(trendOf(Array.from({ length: 9 }, () => undefined)), "en", 'W"<x>');
    expect(empty.alt).toContain(": –, –, –, –, –, –, –, –, –.");
    expect(empty.cid).toBe("nps-trend-Wx@hearback");
    expect(empty.png.length).toBeLessThan(15 * 1024);
    const { pixel } = decode(empty.png);
    const colours = new Set(Array.from({ length: 40 }, (_, k) => pixel(Math.round(slot / 2), 100 + k).join()));
    expect(colours).toContain(rgb("#d1d5db").join());
    expect(colours).not.toContain(rgb("#93c5fd").join());
  });

  it("gives the same bytes for the same numbers, each caller its own copy", () => {
    const again = npsTrendChart(trendOf(SCORES), "zh-Hant", "2026-W47");
    expect(Buffer.from(again.png).equals(Buffer.from(chart.png))).toBe(true);
    again.png.fill(0);
    expect(npsTrendChart(trendOf(SCORES), "en").png[1]).toBe(0x50);
  });

  it("keeps zero inside the range and at least 40 points tall", () => {
    expect(npsDomain([])).toEqual({ lo: 0, hi: 100 });
    expect(npsDomain([0])).toEqual({ lo: 0, hi: 40 });
    expect(npsDomain([-5, -12])).toEqual({ lo: -40, hi: 0 });
    expect(npsDomain([-100, 100])).toEqual({ lo: -100, hi: 100 });
    expect(npsDomain([55, 71])).toEqual({ lo: 0, hi: 80 });
  });
});

const line = (i: number, label: string, negative: number, share: number, cumulative: number): ThemeLine => ({
  theme: `theme-${i}`,
  label,
  team: "ops",
  negative,
  total: negative,
  sentiment: { POSITIVE: 0, NEGATIVE: negative, NEUTRAL: 0, MIXED: 0 },
  previousNegative: negative,
  change: 0,
  shareOfComplaints: share,
  cumulativeShare: cumulative,
  vital: cumulative - share < 0.8,
});

const THEMES = [
  line(1, "Delivery", 120, 0.4, 0.4),
  line(2, "Product quality", 75, 0.25, 0.65),
  line(3, "Refunds & returns", 45, 0.15, 0.8),
  line(4, "App / website", 30, 0.1, 0.9),
  line(5, "Service attitude", 30, 0.1, 1),
];

describe("paretoChart", () => {
  const chart = paretoChart(THEMES, "en", "2026-W47");
  if (!chart) throw new Error("a week with complaints has a Pareto chart");
  const image = decode(chart.png);
  const slot = (PARETO_SIZE.width * SCALE) / 5;
  const centre = (i: number) => Math.round(i * slot + slot / 2);
  // 0-100 % from y = 384 up to y = 24.
  const y = (share: number) => 384 - share * 360;

  it("is a small 2x PNG with its display size", () => {
    expect(chart).toMatchObject({ cid: "complaint-themes-2026-W47@hearback", width: 560, height: 200 });
    expect({ width: image.width, height: image.height }).toEqual({ width: 1120, height: 400 });
    expect(chart.png.length).toBeLessThan(15 * 1024);
  });

  it("draws the vital few strong, the rest light, the running share in orange and the 80 % cut dashed", () => {
    expect(image.pixel(centre(0) - 30, Math.round(y(0.2)))).toEqual(rgb("#1d4ed8"));
    expect(image.pixel(centre(3), Math.round(y(0.05)))).toEqual(rgb("#93c5fd"));
    // The line's dots sit on the running share: 40 %, 65 %, 80 %, 90 %, 100 %.
    for (const [i, share] of [0.4, 0.65, 0.8, 0.9, 1].entries())
      expect(image.pixel(centre(i), Math.round(y(share)))).toEqual(rgb("#ea580c"));
    const cut = Array.from({ length: 200 }, (_, x) => image.pixel(x + 4, Math.round(y(0.8))).join());
    expect(cut).toContain(rgb("#b91c1c").join());
    expect(cut).toContain(rgb("#f9fafb").join());
  });

  it("says each theme's mentions and running share in the alt text, in three languages", () => {
    expect(chart.alt).toBe(
      "Complaint themes by negative mentions, with the running share: Delivery 120 (40 %), Product quality 75 (65 %), " +
        "Refunds & returns 45 (80 %), App / website 30 (90 %), Service attitude 30 (100 %). " +
        "The first 3 themes make up 80 % of complaints.",
    );
    expect(paretoChart(THEMES, "zh-Hans")?.alt).toBe(
      "投诉主题（按负面提及数，括号内为累计占比）：Delivery 120（40%）、Product quality 75（65%）、" +
        "Refunds & returns 45（80%）、App / website 30（90%）、Service attitude 30（100%）。前 3 个主题占投诉的 80%。",
    );
    expect(paretoChart(THEMES, "zh-Hant")?.alt).toContain("前 3 個主題佔投訴的 80%。");
    expect(paretoChart([line(1, "Delivery", 7, 1, 1)], "en")?.alt).toContain(
      "The first theme makes up 100 % of complaints.",
    );
  });

  it("draws at most 10 bars and says how many more the table has", () => {
    const many = Array.from({ length: 14 }, (_, i) => line(i, `T${i}`, 10, 1 / 14, (i + 1) / 14));
    const big = paretoChart(many, "en");
    expect(big?.alt).toContain(`T${PARETO_MAX_BARS - 1} 10 (71 %), and 4 more.`);
    expect(big?.alt).toContain("The first 12 themes make up 86 % of complaints.");
    expect(big?.png.length).toBeLessThan(15 * 1024);
  });

  it("has no chart for a week without complaints", () => {
    expect(paretoChart([], "en")).toBeUndefined();
    expect(paretoChart([{ ...line(1, "Delivery", 0, 0, 0), vital: false, total: 4 }], "en")).toBeUndefined();
  });
});
