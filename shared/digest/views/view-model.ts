import type {
  Digest,
  DigestLocale,
  LoopSummary,
  Metric,
  NpsSummary,
  ThemeLine,
  TrendSignal,
  Verbatim,
} from "../model/digest.ts";
import { DASH, num, percentages, signed } from "./format.ts";
import type { Labels } from "./labels.ts";
import { monthlyLabelsFor } from "./monthly-labels.ts";

/** What both parts of the email show of each number, formatted in the reader's words. */

export type Tone = "good" | "bad" | "neutral";
export interface Change {
  arrow: string;
  text: string;
  tone: Tone;
}

/** Direction arrow, signed figure and whether it is good news; `upIsGood` undefined = neither. */
export const changeOf = (value: number, formatted: string, upIsGood: boolean | undefined): Change => {
  const zero = formatted === "0";
  const up = !zero && value > 0;
  const arrow = zero ? "=" : up ? "▲" : "▼";
  const tone: Tone = zero || upIsGood === undefined ? "neutral" : up === upIsGood ? "good" : "bad";
  return { arrow, text: formatted, tone };
};

export interface MetricView {
  /** Formatted value, or the "not enough responses" sentence. */
  value: string;
  enough: boolean;
  margin?: string;
  n: string;
  change?: Change;
  average?: string;
}

export interface MetricStyle {
  decimals: number;
  percent: boolean;
  changeUnit: string;
  upIsGood: boolean | undefined;
}

export const metricView = (m: Metric, style: MetricStyle, l: Labels): MetricView => {
  const fmt = (v: number | undefined) => (style.percent ? l.pct(num(v, style.decimals)) : num(v, style.decimals));
  const enough = m.enough && m.value !== undefined && Number.isFinite(m.value);
  const view: MetricView = { value: enough ? fmt(m.value) : l.notEnough(m.n), enough, n: l.responses(m.n) };
  if (enough && m.marginOfError !== undefined && Number.isFinite(m.marginOfError)) {
    view.margin = `±${num(Math.abs(m.marginOfError), 1)}${style.changeUnit === "" ? "" : ` ${style.changeUnit}`}`;
  }
  if (enough && m.change !== undefined && Number.isFinite(m.change)) {
    const s = signed(m.change, style.decimals);
    view.change = changeOf(
      m.change,
      style.changeUnit === "" || s === "0" ? s : `${s} ${style.changeUnit}`,
      style.upIsGood,
    );
  }
  if (m.trailingAverage !== undefined && Number.isFinite(m.trailingAverage)) view.average = fmt(m.trailingAverage);
  return view;
};

export const styles = (l: Labels) => ({
  nps: { decimals: 0, percent: false, changeUnit: "", upIsGood: true } satisfies MetricStyle,
  csat: { decimals: 1, percent: true, changeUnit: l.ppUnit, upIsGood: true } satisfies MetricStyle,
  volume: { decimals: 0, percent: false, changeUnit: "", upIsGood: undefined } satisfies MetricStyle,
  rate: { decimals: 0, percent: true, changeUnit: l.ppUnit, upIsGood: true } satisfies MetricStyle,
});

/**
 * A theme's latest fix on its line: "complaints −34 % since the 12 Nov fix (p = 0.003)", in the
 * monthly report's words; good news when the rate fell significantly, bad when it rose.
 */
export const fixView = (t: ThemeLine, locale: DigestLocale): { text: string; tone: Tone } | undefined => {
  const effect = t.fix;
  if (effect === undefined) return undefined;
  const text = monthlyLabelsFor(locale).m.fixSince(effect.fix.date, effect.change, effect.pValue);
  return { text, tone: !effect.significant ? "neutral" : effect.change < 0 ? "good" : "bad" };
};

export const themeChange = (t: ThemeLine, l: Labels): Change | undefined => {
  if (t.change !== undefined && Number.isFinite(t.change)) {
    const s = signed(t.change * 100, 0);
    return changeOf(t.change, s === "0" ? s : l.pct(s), false);
  }
  if (t.previousNegative === 0 && t.negative > 0) return { arrow: "▲", text: l.newTheme, tone: "bad" };
  return undefined;
};

export const trendView = (s: TrendSignal, l: Labels) => ({
  arrow: s.direction === "rising" ? "▲" : "▼",
  tone: (s.direction === "rising" ? "bad" : "good") as Tone,
  direction: s.direction === "rising" ? l.rising : l.falling,
  counts: l.trendCounts(num(s.thisWeek, 0), num(s.baseline, 1)),
  p: Number.isFinite(s.pValue) ? (s.pValue < 0.001 ? "p < 0.001" : `p = ${num(s.pValue, 3)}`) : `p = ${DASH}`,
});

export const verbatimMeta = (v: Verbatim, l: Labels): string => {
  const channel = l.channel[v.channel] ?? v.channel;
  const score =
    v.score === undefined || !Number.isFinite(v.score) ? "" : ` · ${num(v.score, 0)}/${v.channel === "nps" ? 10 : 5}`;
  // A verbatim's sentiment is any string; only the four known ones have a label.
  const names: Readonly<Record<string, string>> = l.sentiment;
  const sentiment = names[v.sentiment] ?? v.sentiment;
  return `${channel}${score}${sentiment ? ` · ${sentiment}` : ""}`;
};

/** Verbatims grouped by theme, in the order of the Pareto table, then any other theme. */
export const verbatimGroups = (d: Digest): Array<{ label: string; items: Verbatim[] }> => {
  const labels = new Map<string, string>();
  for (const s of d.emerging) labels.set(s.theme, s.label);
  for (const t of d.themes) labels.set(t.theme, t.label);
  const order = [...d.themes.map((t) => t.theme), ...d.verbatims.map((v) => v.theme)];
  const seen = new Set<string>();
  const groups: Array<{ label: string; items: Verbatim[] }> = [];
  for (const theme of order) {
    if (seen.has(theme)) continue;
    seen.add(theme);
    const items = d.verbatims.filter((v) => v.theme === theme);
    if (items.length > 0) groups.push({ label: labels.get(theme) ?? theme, items });
  }
  return groups;
};

export const npsSplit = (nps: NpsSummary, l: Labels) => {
  const [p = 0, pa = 0, de = 0] = percentages([nps.promoters, nps.passives, nps.detractors]);
  // They key the legend too: each at least 3:1 against the tile in light and dark mode.
  return [
    { label: l.promoters, pct: p, colour: "#059669" },
    { label: l.passives, pct: pa, colour: "#6b7280" },
    { label: l.detractors, pct: de, colour: "#dc2626" },
  ];
};

export const loopRows = (loop: LoopSummary, l: Labels): Array<{ label: string; view: MetricView }> => {
  const st = styles(l);
  const count = (value: number): MetricView => ({ value: num(value, 0), enough: true, n: "" });
  const rows = [
    { label: l.opened, view: count(loop.opened) },
    { label: l.firstResponse, view: metricView(loop.firstResponseWithinSla, st.rate, l) },
    { label: l.resolved, view: metricView(loop.resolvedWithinSla, st.rate, l) },
    { label: l.overdue, view: count(loop.overdueNow) },
  ];
  if (loop.recovered) {
    const w = loop.recoveryWindow;
    // The window beside the figure: the workbench's header counts the current weeks, the digest its own.
    const label = w ? l.recoveredOver(w.weeks, w.first, w.last) : l.recovered;
    rows.push({ label, view: metricView(loop.recovered, st.rate, l) });
  }
  if (loop.resolutionSatisfied) {
    rows.push({ label: l.resolutionSatisfied, view: metricView(loop.resolutionSatisfied, st.rate, l) });
  }
  return rows;
};
