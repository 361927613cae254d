import { escapeHtml } from "#shared/kernel/html";

/**
 * Small inline SVG charts for the explorer: no script, no library, a few hundred bytes each, with a
 * title for screen readers (each chart also comes with its numbers as a table). Colours pass WCAG
 * AA on white: line #1d4ed8 (6.7:1), bars #374151 (10:1), band #bfdbfe (a fill behind the line).
 */

// About as wide as a card on a phone (one column of ~340 px) or a desktop (three of ~300-400 px),
// so the 14-unit text renders at 12-16 px, never shrunk to 6 px.
const W = 340;
const H = 170;
const FONT = 14;
const PAD = { left: 40, right: 6, top: 10, bottom: 26 };

export interface SeriesPoint {
  label: string;
  value: number | undefined;
  /** Half-width of the band around the value (a margin of error), if any. */
  band?: number | undefined;
}

const scale = (lo: number, hi: number) => (v: number) =>
  PAD.top + (H - PAD.top - PAD.bottom) * (1 - (hi === lo ? 0.5 : (v - lo) / (hi - lo)));

const xAt = (i: number, n: number) => PAD.left + (W - PAD.left - PAD.right) * (n <= 1 ? 0.5 : i / (n - 1));

const axis = (
  lo: number,
  hi: number,
  y: (v: number) => number,
  points: readonly SeriesPoint[],
  x: (i: number, n: number) => number = xAt,
): string => {
  const ticks = [lo, (lo + hi) / 2, hi]
    .map(
      (v) =>
        `<text x="${PAD.left - 4}" y="${y(v) + 5}" text-anchor="end">${Math.round(v)}</text>` +
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`,
    )
    .join("");
  // First, middle and last week under the axis.
  const n = points.length;
  const labels = [0, Math.floor((n - 1) / 2), n - 1]
    .filter((i, k, all) => i >= 0 && all.indexOf(i) === k)
    .map((i) => {
      // The first label starts at its point, the last ends there: neither runs off the chart.
      const anchor = i === 0 ? "start" : i === n - 1 ? "end" : "middle";
      return `<text x="${x(i, n)}" y="${H - 6}" text-anchor="${anchor}">${escapeHtml(points[i]?.label ?? "")}</text>`;
    })
    .join("");
  return ticks + labels;
};

const frame = (title: string, inner: string): string =>
  `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(title)}" ` +
  `font-family="system-ui,sans-serif" font-size="${FONT}" fill="#374151"><title>${escapeHtml(title)}</title>${inner}</svg>`;

/** A line over the weeks, gaps where there is no value, a band for the margin of error. */
export const lineChart = (
  title: string,
  points: readonly SeriesPoint[],
  fixed?: { lo: number; hi: number },
): string => {
  const known = points.filter((p) => p.value !== undefined);
  if (known.length === 0) return frame(title, "");
  const values = known.flatMap((p) => [(p.value as number) - (p.band ?? 0), (p.value as number) + (p.band ?? 0)]);
  const lo = fixed?.lo ?? Math.floor(Math.min(...values));
  const hi = fixed?.hi ?? Math.ceil(Math.max(...values));
  const y = scale(lo, hi);
  const n = points.length;
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  const band = points
    .map((p, i) =>
      p.value === undefined || p.band === undefined
        ? ""
        : `<rect x="${xAt(i, n) - 4}" y="${y(clamp(p.value + p.band))}" width="8" height="${Math.max(0, y(clamp(p.value - p.band)) - y(clamp(p.value + p.band)))}" fill="#bfdbfe"/>`,
    )
    .join("");
  let path = "";
  let drawing = false;
  points.forEach((p, i) => {
    if (p.value === undefined) {
      drawing = false;
      return;
    }
    path += `${drawing ? "L" : "M"}${xAt(i, n).toFixed(1)} ${y(p.value).toFixed(1)} `;
    drawing = true;
  });
  const dots = points
    .map((p, i) =>
      p.value === undefined ? "" : `<circle cx="${xAt(i, n)}" cy="${y(p.value)}" r="2.5" fill="#1d4ed8"/>`,
    )
    .join("");
  return frame(
    title,
    `${axis(lo, hi, y, points)}${band}<path d="${path.trim()}" fill="none" stroke="#1d4ed8" stroke-width="2"/>${dots}`,
  );
};

/** Bars over the weeks (counts). */
export const barChart = (title: string, points: readonly SeriesPoint[]): string => {
  const hi = Math.max(1, ...points.map((p) => p.value ?? 0));
  const y = scale(0, hi);
  const n = points.length;
  // Bars sit in equal slots across the plot, so the first and last stay inside it.
  const slot = (W - PAD.left - PAD.right) / Math.max(1, n);
  const slotX = (i: number) => PAD.left + slot * (i + 0.5);
  const width = Math.max(2, slot - 3);
  const bars = points
    .map((p, i) =>
      p.value === undefined || p.value === 0
        ? ""
        : `<rect x="${(slotX(i) - width / 2).toFixed(1)}" y="${y(p.value).toFixed(1)}" width="${width.toFixed(1)}" height="${(y(0) - y(p.value)).toFixed(1)}" fill="#374151"/>`,
    )
    .join("");
  return frame(title, `${axis(0, hi, y, points, (i) => slotX(i))}${bars}`);
};
