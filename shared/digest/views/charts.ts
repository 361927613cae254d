import type { Digest, DigestLocale, ThemeLine, TrendPoint } from "../model/digest.ts";
import { PARETO_CUT } from "../model/theme-ranking.ts";
import { Canvas, INK, SCALE } from "./canvas.ts";
import { altFor, int, npsTrendAlt, pct } from "./chart-words.ts";

/**
 * The digest's charts as small PNG images: drawn pixel by pixel on a canvas (canvas.ts) and encoded
 * by a minimal PNG writer (png.ts), so no native module and no script is needed anywhere. Images
 * hold no text: the week and theme labels stay in the HTML next to them, and each image's alt text
 * (chart-words.ts) carries its numbers in the digest's language for screen readers and for mail
 * clients that block images. Pure: the same digest gives the same bytes.
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
  c.dashedHLine(SCALE, c.width - SCALE, y(PARETO_CUT), 2 * SCALE, INK.bad);
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
