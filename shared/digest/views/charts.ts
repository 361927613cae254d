import { deflateSync } from "node:zlib";
import type { Digest, DigestLocale, ThemeLine, TrendPoint } from "../model/digest.ts";

/**
 * The digest's charts as small PNG images: drawn here, pixel by pixel, and encoded by a minimal PNG
 * writer (IHDR, PLTE, IDAT, IEND; filter 0; zlib from Node), so no native module and no script is
 * needed anywhere. Images hold no text: the week and theme labels stay in the HTML next to them, and
 * each image's alt text carries its numbers in the digest's language for screen readers and for
 * mail clients that block images. Pure: the same digest gives the same bytes.
 *
 * Drawn at twice the display size so they stay sharp on high-density screens, on an opaque light
 * card (the colours are chosen for it), which reads the same in light and dark mail clients.
 */

export interface DigestImage {
  /** Content-ID of the inline attachment; the HTML refers to it as `cid:<cid>`. */
  cid: string;
  filename: string;
  contentType: "image/png";
  png: Uint8Array;
  alt: string;
  /** Display size in CSS pixels; the PNG has SCALE times as many pixels each way. */
  width: number;
  height: number;
}

export const SCALE = 2;

// ---------------------------------------------------------------------------------------------
// PNG

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG uses it) over the concatenation of `parts`. */
export const crc32 = (...parts: readonly Uint8Array[]): number => {
  let c = 0xffffffff;
  for (const bytes of parts) for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const chunk = (type: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  const name = new TextEncoder().encode(type);
  view.setUint32(0, data.length);
  out.set(name, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(name, data));
  return out;
};

export interface RgbaImage {
  width: number;
  height: number;
  /** width x height pixels, 4 bytes each (R, G, B, A), row by row from the top. */
  rgba: Uint8Array;
}

/**
 * A PNG of 8-bit samples: indexed colour (with transparency when needed) if the image has at most
 * 256 colours, as charts do, otherwise RGBA. Every row uses filter 0; deflate does the rest.
 */
export const encodePng = ({ width, height, rgba }: RgbaImage): Uint8Array => {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid PNG size ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError("pixel data does not match the size");
  // One 32-bit word per pixel (platform byte order: only used as a key; the bytes give the colour).
  const words =
    rgba.byteOffset % 4 === 0
      ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height)
      : new Uint32Array(rgba.slice().buffer);
  const palette = new Map<number, number>();
  const firstAt: number[] = [];
  let previous = -1;
  for (let p = 0; p < words.length && palette.size <= 256; p++) {
    const word = words[p] ?? 0;
    if (word !== previous && !palette.has(word)) {
      palette.set(word, palette.size);
      firstAt.push(p * 4);
    }
    previous = word;
  }
  const indexed = palette.size <= 256;
  const header = new Uint8Array(13);
  const h = new DataView(header.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = indexed ? 3 : 6; // colour type: palette, or RGBA
  // compression 0 (deflate), filter method 0, no interlace: already zero.
  const chunks = [chunk("IHDR", header)];
  let raw: Uint8Array;
  if (indexed) {
    const plte = new Uint8Array(palette.size * 3);
    const alpha = new Uint8Array(palette.size);
    firstAt.forEach((at, i) => {
      plte.set(rgba.subarray(at, at + 3), i * 3);
      alpha[i] = rgba[at + 3] ?? 255;
    });
    chunks.push(chunk("PLTE", plte));
    if (alpha.some((a) => a !== 255)) chunks.push(chunk("tRNS", alpha));
    raw = new Uint8Array(height * (width + 1));
    let last = -1;
    let lastIndex = 0;
    for (let y = 0; y < height; y++) {
      const row = y * (width + 1); // the row's filter byte stays 0
      for (let x = 0; x < width; x++) {
        const word = words[y * width + x] ?? 0;
        if (word !== last) {
          last = word;
          lastIndex = palette.get(word) ?? 0;
        }
        raw[row + 1 + x] = lastIndex;
      }
    }
  } else {
    raw = new Uint8Array(height * (width * 4 + 1));
    for (let y = 0; y < height; y++)
      raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  chunks.push(chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(PNG_SIGNATURE.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Drawing

type Rgb = readonly [number, number, number];

const hex = (value: string): Rgb => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
};

// The email's own palette (render.ts): Tailwind grays, blue-700/300, red-700/300, orange-600.
const INK = {
  card: hex("#f9fafb"),
  border: hex("#e5e7eb"),
  grid: hex("#e5e7eb"),
  axis: hex("#6b7280"),
  highlight: hex("#e0e7ff"),
  bar: hex("#1d4ed8"),
  barLight: hex("#93c5fd"),
  bad: hex("#b91c1c"),
  badLight: hex("#fca5a5"),
  hatch: hex("#d1d5db"),
  hatchStrong: hex("#9ca3af"),
  line: hex("#ea580c"),
} as const;

/** Anti-aliasing in quarter steps: smooth enough at 2x, and few colours, so the palette PNG stays small. */
const AA_STEPS = 4;

class Canvas {
  readonly rgba: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    this.fill(0, 0, width, height, background);
  }

  private put(x: number, y: number, c: Rgb, alpha = 1): void {
    const i = (y * this.width + x) * 4;
    if (alpha >= 1) {
      this.rgba[i] = c[0];
      this.rgba[i + 1] = c[1];
      this.rgba[i + 2] = c[2];
      this.rgba[i + 3] = 255;
      return;
    }
    for (let k = 0; k < 3; k++) {
      const under = this.rgba[i + k] ?? 0;
      this.rgba[i + k] = Math.round(under + ((c[k] ?? 0) - under) * alpha);
    }
    this.rgba[i + 3] = 255;
  }

  /** Fills [x0, x1) x [y0, y1), rounded to whole pixels and clipped to the canvas. */
  fill(x0: number, y0: number, x1: number, y1: number, c: Rgb, pattern?: (x: number, y: number) => boolean): void {
    const xa = Math.max(0, Math.round(x0));
    const xb = Math.min(this.width, Math.round(x1));
    const ya = Math.max(0, Math.round(y0));
    const yb = Math.min(this.height, Math.round(y1));
    for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) if (!pattern || pattern(x, y)) this.put(x, y, c);
  }

  /** Diagonal stripes: the "no value" placeholder. */
  hatch(x0: number, y0: number, x1: number, y1: number, c: Rgb, stripe = 4 * SCALE, period = 7 * SCALE): void {
    this.fill(x0, y0, x1, y1, c, (x, y) => (x + y) % period < stripe);
  }

  dashedHLine(x0: number, x1: number, y: number, thickness: number, c: Rgb, dash = 6 * SCALE, gap = 4 * SCALE): void {
    const top = y - thickness / 2;
    this.fill(x0, top, x1, top + thickness, c, (x) => (x - Math.round(x0)) % (dash + gap) < dash);
  }

  /**
   * Blends `c` over the pixels of a coverage mask (0..1 per pixel, quantized to AA_STEPS) drawn by
   * `shapes`, each of which may only raise a pixel's coverage: overlapping shapes blend once.
   */
  private covered(c: Rgb, shapes: ReadonlyArray<(mask: Float32Array) => void>): void {
    const mask = new Float32Array(this.width * this.height);
    for (const draw of shapes) draw(mask);
    for (let i = 0; i < mask.length; i++) {
      const m = mask[i] ?? 0;
      if (m <= 0) continue;
      const a = Math.round(Math.min(1, m) * AA_STEPS) / AA_STEPS;
      if (a > 0) this.put(i % this.width, Math.floor(i / this.width), c, a);
    }
  }

  /** Raises the mask to `coverage(px, py)` at pixel centres inside the box. */
  private shape(
    box: readonly [number, number, number, number],
    coverage: (px: number, py: number) => number,
  ): (mask: Float32Array) => void {
    return (mask) => {
      const [x0, y0, x1, y1] = box;
      for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y++) {
        for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x1)); x++) {
          const v = coverage(x + 0.5, y + 0.5);
          const i = y * this.width + x;
          if (v > (mask[i] ?? 0)) mask[i] = v;
        }
      }
    };
  }

  /** A polyline of the given width with round joins, and round dots on it, in one colour. */
  polyline(points: ReadonlyArray<readonly [number, number]>, width: number, dotRadius: number, c: Rgb): void {
    const r = width / 2;
    const shapes: Array<(mask: Float32Array) => void> = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i] ?? [0, 0];
      const [bx, by] = points[i + 1] ?? [0, 0];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      shapes.push(
        this.shape(
          [Math.min(ax, bx) - r - 1, Math.min(ay, by) - r - 1, Math.max(ax, bx) + r + 1, Math.max(ay, by) + r + 1],
          (px, py) => {
            const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
            return r + 0.5 - Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
          },
        ),
      );
    }
    for (const [cx, cy] of points) {
      shapes.push(
        this.shape(
          [cx - dotRadius - 1, cy - dotRadius - 1, cx + dotRadius + 1, cy + dotRadius + 1],
          (px, py) => dotRadius + 0.5 - Math.hypot(px - cx, py - cy),
        ),
      );
    }
    this.covered(c, shapes);
  }

  /** A one-pixel-per-SCALE frame inside the edge, like the email's tiles. */
  frame(c: Rgb): void {
    this.fill(0, 0, this.width, SCALE, c);
    this.fill(0, this.height - SCALE, this.width, this.height, c);
    this.fill(0, 0, SCALE, this.height, c);
    this.fill(this.width - SCALE, 0, this.width, this.height, c);
  }

  png(): Uint8Array {
    return encodePng({ width: this.width, height: this.height, rgba: this.rgba });
  }
}

// ---------------------------------------------------------------------------------------------
// Words for the alt texts

const DASH = "–";
const MINUS = "−";

const int = (value: number): string => {
  const r = Math.round(value);
  return r < 0 ? `${MINUS}${-r}` : String(r);
};

const pct = (locale: DigestLocale, share: number): string => {
  const v = String(Math.round(Math.max(0, Math.min(1, share)) * 100));
  return locale === "en" ? `${v} %` : `${v}%`;
};

const ALT = {
  en: {
    npsTrend: (n: number, from: string, to: string, values: string[], missing: boolean) =>
      `NPS, last ${n} weeks (${from} to ${to}), oldest first: ${values.join(", ")}.${missing ? ` ${DASH} = not enough responses.` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `Complaint themes by negative mentions, with the running share: ${items.join(", ")}${more > 0 ? `, and ${more} more` : ""}. ` +
      `The first ${vital === 1 ? "theme makes" : `${vital} themes make`} up ${share} of complaints.`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count} (${cumulative})`,
  },
  "zh-Hans": {
    npsTrend: (n: number, from: string, to: string, values: string[], missing: boolean) =>
      `近 ${n} 周 NPS（${from} 至 ${to}，由远及近）：${values.join("、")}。${missing ? `${DASH} 表示回复数不足。` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `投诉主题（按负面提及数，括号内为累计占比）：${items.join("、")}${more > 0 ? `，另有 ${more} 个主题` : ""}。` +
      `前 ${vital} 个主题占投诉的 ${share}。`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count}（${cumulative}）`,
  },
  "zh-Hant": {
    npsTrend: (n: number, from: string, to: string, values: string[], missing: boolean) =>
      `近 ${n} 週 NPS（${from} 至 ${to}，由遠及近）：${values.join("、")}。${missing ? `${DASH} 表示回覆數不足。` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `投訴主題（依負面提及數，括號內為累計佔比）：${items.join("、")}${more > 0 ? `，另有 ${more} 個主題` : ""}。` +
      `前 ${vital} 個主題佔投訴的 ${share}。`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count}（${cumulative}）`,
  },
} as const;

const altFor = (locale: DigestLocale) => ALT[locale] ?? ALT.en;

/** "NPS, last 9 weeks (2026-W39 to 2026-W47), oldest first: 31, 35, –, 40, …": also the text part's line. */
export const npsTrendAlt = (trend: readonly TrendPoint[], locale: DigestLocale): string => {
  const values = trend.map((p) => (p.nps === undefined || !Number.isFinite(p.nps) ? DASH : int(p.nps)));
  return altFor(locale).npsTrend(
    trend.length,
    trend[0]?.week ?? DASH,
    trend.at(-1)?.week ?? DASH,
    values,
    values.includes(DASH),
  );
};

// ---------------------------------------------------------------------------------------------
// Drawn once

/**
 * The last few PNGs drawn, keyed by exactly what they show. A digest is built once and rendered
 * once per reader: its charts are drawn once. Callers get their own copy of the bytes.
 */
const drawn = new Map<string, Uint8Array>();
const DRAWN_KEPT = 16;

const once = (key: string, draw: () => Uint8Array): Uint8Array => {
  let png = drawn.get(key);
  if (png) drawn.delete(key);
  else {
    png = draw();
    const oldest = drawn.keys().next();
    if (drawn.size >= DRAWN_KEPT && !oldest.done) drawn.delete(oldest.value);
  }
  drawn.set(key, png);
  return png.slice();
};

/** Only characters that are safe in a Content-ID and a file name. */
const idPart = (value: string): string => value.replace(/[^A-Za-z0-9-]/g, "") || "digest";

// ---------------------------------------------------------------------------------------------
// The NPS trend

export const NPS_TREND_SIZE = { width: 560, height: 180 } as const;
const GRID_STEP = 20;

/** The NPS range drawn: always includes zero, in steps of 20, at least 40 points tall, within ±100. */
export const npsDomain = (values: readonly number[]): { lo: number; hi: number } => {
  if (values.length === 0) return { lo: 0, hi: 100 };
  let lo = Math.max(-100, Math.min(0, Math.floor(Math.min(...values) / GRID_STEP) * GRID_STEP));
  let hi = Math.min(100, Math.max(0, Math.ceil(Math.max(...values) / GRID_STEP) * GRID_STEP));
  if (hi - lo < 2 * GRID_STEP) {
    if (hi > 0 || lo === 0) hi = Math.min(100, lo + 2 * GRID_STEP);
    else lo = Math.max(-100, hi - 2 * GRID_STEP);
  }
  return { lo, hi };
};

/**
 * NPS of each week as a bar from a zero baseline, oldest left, this week (the last) strong and on a
 * light band; weeks without enough responses as a hatched placeholder. Columns are equally wide, so
 * an HTML table of as many equal cells lines up with them.
 */
export const npsTrendChart = (trend: readonly TrendPoint[], locale: DigestLocale, week = "digest"): DigestImage => {
  const { width, height } = NPS_TREND_SIZE;
  const scores = trend.map((p) => (p.nps !== undefined && Number.isFinite(p.nps) ? p.nps : undefined));
  const id = idPart(week);
  return {
    cid: `nps-trend-${id}@hearback`,
    filename: `nps-trend-${id}.png`,
    contentType: "image/png",
    png: once(`nps:${JSON.stringify(scores)}`, () => drawNpsTrend(scores)),
    alt: npsTrendAlt(trend, locale),
    width,
    height,
  };
};

const drawNpsTrend = (scores: ReadonlyArray<number | undefined>): Uint8Array => {
  const { width, height } = NPS_TREND_SIZE;
  const c = new Canvas(width * SCALE, height * SCALE, INK.card);
  const top = 14 * SCALE;
  const bottom = c.height - 14 * SCALE;
  const { lo, hi } = npsDomain(scores.filter((v) => v !== undefined));
  const y = (v: number) => top + ((hi - Math.max(lo, Math.min(hi, v))) / (hi - lo)) * (bottom - top);
  const zero = y(0);
  const columns = Math.max(1, scores.length);
  const slot = c.width / columns;
  const barWidth = slot * 0.56;

  const last = scores.length - 1;
  if (last >= 0) c.fill(last * slot + SCALE, SCALE, (last + 1) * slot - SCALE, c.height - SCALE, INK.highlight);
  for (let g = lo; g <= hi; g += GRID_STEP)
    if (g !== 0) c.fill(SCALE, y(g) - SCALE / 2, c.width - SCALE, y(g) + SCALE / 2, INK.grid);

  scores.forEach((score, i) => {
    const x0 = i * slot + (slot - barWidth) / 2;
    const current = i === last;
    if (score === undefined) {
      c.hatch(x0, top, x0 + barWidth, bottom, current ? INK.hatchStrong : INK.hatch);
      return;
    }
    const negative = score < 0;
    const colour = negative ? (current ? INK.bad : INK.badLight) : current ? INK.bar : INK.barLight;
    const end = y(score);
    // A score of (about) zero still gets a visible stub on both sides of the baseline.
    const stub = 3 * SCALE;
    const [ya, yb] =
      Math.abs(end - zero) < stub ? [zero - stub, zero + stub] : [Math.min(end, zero), Math.max(end, zero)];
    c.fill(x0, ya, x0 + barWidth, yb, colour);
  });
  c.fill(SCALE, zero - SCALE / 2, c.width - SCALE, zero + SCALE / 2, INK.axis);
  c.frame(INK.border);
  return c.png();
};

// ---------------------------------------------------------------------------------------------
// The Pareto chart

export const PARETO_SIZE = { width: 560, height: 200 } as const;
/** At most this many bars (the table lists every theme). */
export const PARETO_MAX_BARS = 10;
/** Never fewer columns than this, so two themes do not make two slabs. */
export const PARETO_MIN_COLUMNS = 5;
const CUT = 0.8;

/** The themes the Pareto chart draws, in table order: those with negative mentions, at most 10. */
export const paretoBars = (themes: readonly ThemeLine[]): ThemeLine[] =>
  themes.filter((t) => Number.isFinite(t.negative) && t.negative > 0).slice(0, PARETO_MAX_BARS);

/** Columns of the Pareto chart: one per bar, at least PARETO_MIN_COLUMNS (the rest stay empty). */
export const paretoColumns = (bars: number): number => Math.max(PARETO_MIN_COLUMNS, bars);

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0);

/**
 * Bars of each theme's share of complaints (the vital few strong), the running share as a line with
 * dots, and the 80 % cut as a dashed red line; bars and line share one 0-100 % scale, so the first
 * dot sits on the first bar. Undefined when the week had no complaints.
 */
export const paretoChart = (
  themes: readonly ThemeLine[],
  locale: DigestLocale,
  week = "digest",
): DigestImage | undefined => {
  const bars = paretoBars(themes);
  if (bars.length === 0) return undefined;
  const { width, height } = PARETO_SIZE;
  const drawnBars = bars.map((t) => ({
    share: clamp01(t.shareOfComplaints),
    cumulative: clamp01(t.cumulativeShare),
    vital: t.vital,
  }));
  const words = altFor(locale);
  const vital = themes.filter((t) => t.vital);
  const more = themes.filter((t) => Number.isFinite(t.negative) && t.negative > 0).length - bars.length;
  const id = idPart(week);
  return {
    cid: `complaint-themes-${id}@hearback`,
    filename: `complaint-themes-${id}.png`,
    contentType: "image/png",
    png: once(`pareto:${JSON.stringify(drawnBars)}`, () => drawPareto(drawnBars)),
    alt: words.pareto(
      bars.map((t) => words.item(t.label, int(t.negative), pct(locale, t.cumulativeShare))),
      more,
      vital.length,
      pct(locale, vital.at(-1)?.cumulativeShare ?? 0),
    ),
    width,
    height,
  };
};

const drawPareto = (bars: ReadonlyArray<{ share: number; cumulative: number; vital: boolean }>): Uint8Array => {
  const { width, height } = PARETO_SIZE;
  const c = new Canvas(width * SCALE, height * SCALE, INK.card);
  const top = 12 * SCALE;
  const bottom = c.height - 8 * SCALE;
  const y = (share: number) => bottom - share * (bottom - top);
  const slot = c.width / paretoColumns(bars.length);
  const barWidth = slot * 0.56;
  const centre = (i: number) => i * slot + slot / 2;

  for (const g of [0.2, 0.4, 0.6, 1]) c.fill(SCALE, y(g) - SCALE / 2, c.width - SCALE, y(g) + SCALE / 2, INK.grid);
  bars.forEach((t, i) => {
    const x0 = centre(i) - barWidth / 2;
    c.fill(x0, Math.min(y(t.share), bottom - SCALE), x0 + barWidth, bottom, t.vital ? INK.bar : INK.barLight);
  });
  c.dashedHLine(SCALE, c.width - SCALE, y(CUT), 2 * SCALE, INK.bad);
  c.fill(SCALE, bottom - SCALE / 2, c.width - SCALE, bottom + SCALE / 2, INK.axis);
  c.polyline(
    bars.map((t, i) => [centre(i), y(t.cumulative)] as const),
    3 * SCALE,
    4.5 * SCALE,
    INK.line,
  );
  c.frame(INK.border);
  return c.png();
};

/** The charts of a digest: the NPS trend when there is a trend, the Pareto chart when there were complaints. */
export const digestCharts = (d: Digest): { npsTrend: DigestImage | undefined; pareto: DigestImage | undefined } => ({
  npsTrend: d.trend.length > 0 ? npsTrendChart(d.trend, d.locale, d.week) : undefined,
  pareto: paretoChart(d.themes, d.locale, d.week),
});
