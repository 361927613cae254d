import { ALL_THEMES } from "#shared/feedback/model/counters";
import { Channel } from "#shared/feedback/model/schema";
import { rateRatioPValue } from "#shared/kernel/statistics";
import { isoWeek, utcDay, weekStart } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { CounterIndex, get } from "./counter-index.ts";
import type { DigestLocale, LoopSummary, WeekCounters } from "./digest.ts";
import { complaintSeries, type FixEffect, fixEffect, fixWeeks, type ThemeFix } from "./fixes.ts";
import { loopSummary } from "./loop-summary.ts";
import { NEGATIVE_ATTRS, SIGNIFICANCE, themeInfo } from "./theme-ranking.ts";
import { ALL_TEAMS } from "./words.ts";

/**
 * The monthly "top 5 after-sales problems" report the service handbooks ask for (issue 15, item 5):
 * the month's top themes by complaints with their trend against the three months before, the fixes
 * that worked, and the month's loop figures. Built from weekly counters only: a month is the ISO
 * weeks whose Thursday falls in it (so every week belongs to exactly one month, as to one ISO year).
 */

export const TOP_THEMES = 5;
export const BASELINE_MONTHS = 3;
/** Themes listed as falling besides the fixes: the strongest few. */
export const MAX_FALLING = 5;

/** "2026-11": a calendar month. */
export const isMonth = (month: string): boolean => /^2\d{3}-(0[1-9]|1[0-2])$/.test(month);

/** The ISO weeks whose Thursday falls in the month, oldest first (four or five). */
export const monthWeeks = (month: string): string[] => {
  const [y, m] = month.split("-").map(Number);
  const first = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1));
  // The month's first Thursday (getUTCDay: Thursday is 4).
  const thursday = new Date(first.getTime() + ((4 - first.getUTCDay() + 7) % 7) * 86_400_000);
  const weeks: string[] = [];
  for (let t = thursday; t.getUTCMonth() === first.getUTCMonth(); t = new Date(t.getTime() + 7 * 86_400_000)) {
    weeks.push(isoWeek(t));
  }
  return weeks;
};

/** The `count` months before `month`, nearest first: "2026-11", 3 -> ["2026-10", "2026-09", "2026-08"]. */
export const previousMonths = (month: string, count: number): string[] => {
  const [y, m] = month.split("-").map(Number);
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(y ?? 2000, (m ?? 1) - 2 - i, 1)).toISOString().slice(0, 7),
  );
};

/** The instant a month's report judges fixes at: the Monday after its last week. */
export const monthEnd = (month: string): Date => {
  const weeks = monthWeeks(month);
  return new Date(weekStart(weeks[weeks.length - 1] ?? "2000-W01").getTime() + 7 * 86_400_000);
};

/** Every week a month's report reads: its own, the three months before, and the windows of the fixes it judges. */
export const weeksToRead = (month: string, fixes: readonly Pick<ThemeFix, "date">[] = []): string[] => {
  const end = monthEnd(month);
  return [
    ...new Set([
      ...monthWeeks(month),
      ...previousMonths(month, BASELINE_MONTHS).flatMap(monthWeeks),
      ...fixes.filter((f) => judged(f, month)).flatMap((f) => fixWeeks(f, end)),
    ]),
  ].sort();
};

/** Fixes dated in the month or the three months before it are judged; older ones are history. */
const judged = (fix: Pick<ThemeFix, "date">, month: string): boolean => {
  const earliest = previousMonths(month, BASELINE_MONTHS).at(-1) ?? month;
  const last = monthWeeks(month).at(-1);
  const to = last ? utcDay(new Date(weekStart(last).getTime() + 6 * 86_400_000)) : `${month}-31`;
  return fix.date >= `${earliest}-01` && fix.date <= to;
};

export interface MonthlyThemeLine {
  theme: string;
  label: string;
  /** Negative and mixed mentions in the month. */
  complaints: number;
  /** Share of the month's complaints (of the themes followed), 0..1. */
  share: number;
  /** Complaints per 100 responses in the month, and in the three months before. */
  rate: number;
  baselineRate: number | undefined;
  /** Mean complaints a month over the three months before. */
  baselineMonthly: number;
  /** Relative change of the rate, e.g. -0.3; undefined without a baseline. */
  change: number | undefined;
  /** Exact test of equal rates (rateRatioPValue); undefined without responses before. */
  pValue: number | undefined;
  direction: "rising" | "falling" | "steady";
}

export interface FixThatWorked extends FixEffect {
  label: string;
}

export interface MonthlyReport {
  month: string;
  weeks: string[];
  /** Monday of the first week and Sunday of the last. */
  from: string;
  to: string;
  locale: DigestLocale;
  teamLabel: string;
  team?: string | undefined;
  responses: number;
  complaints: number;
  top: MonthlyThemeLine[];
  /** Fixes recorded in the month or the three before whose complaint rate fell significantly. */
  fixesThatWorked: FixThatWorked[];
  /** Other themes whose complaint rate fell significantly against the three months before. */
  falling: MonthlyThemeLine[];
  loop?: LoopSummary | undefined;
}

export interface MonthlyInput {
  month: string;
  locale: DigestLocale;
  taxonomy: Taxonomy;
  team?: string | undefined;
  themes?: readonly string[] | undefined;
  /** The counters of weeksToRead(month, fixes). */
  weeks: readonly WeekCounters[];
  /** Loop counters per week (the follow-up's), and tasks overdue now; no loop section without them. */
  loop?: { counts: ReadonlyMap<string, Readonly<Record<string, number>>>; overdueNow: number } | undefined;
  /** Recorded fixes of the themes followed. */
  fixes?: readonly ThemeFix[] | undefined;
}

const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export const buildMonthlyReport = (input: MonthlyInput): MonthlyReport => {
  const { month, locale, team, themes: followed } = input;
  const index = new CounterIndex(input.weeks);
  const info = themeInfo(input.taxonomy, locale);
  const inScope = (id: string) =>
    (team === undefined || info(id).team === team) && (followed === undefined || followed.includes(id));
  const weeks = monthWeeks(month);
  const before = previousMonths(month, BASELINE_MONTHS).flatMap(monthWeeks);
  const responses = (ws: readonly string[]) =>
    sumOf(ws.flatMap((w) => Channel.options.map((c) => get(index.row(w, c, ALL_THEMES), "n"))));
  const complaints = (ws: readonly string[], id: string) => sumOf(ws.map((w) => index.themeSum(w, id, NEGATIVE_ATTRS)));
  const [nowResponses, beforeResponses] = [responses(weeks), responses(before)];
  const beforeMonths = previousMonths(month, BASELINE_MONTHS).filter((m) =>
    monthWeeks(m).some((w) => index.hasData(w)),
  );

  const ids = [...new Set([...weeks, ...before].flatMap((w) => index.themes(w)))].filter(inScope);
  const lines = ids.map((id): MonthlyThemeLine => {
    const k2 = complaints(weeks, id);
    const k1 = complaints(before, id);
    const rate = nowResponses === 0 ? 0 : (100 * k2) / nowResponses;
    const baselineRate = beforeResponses === 0 ? undefined : (100 * k1) / beforeResponses;
    const pValue = rateRatioPValue(k1, beforeResponses, k2, nowResponses);
    const change = baselineRate ? rate / baselineRate - 1 : undefined;
    const significant = pValue !== undefined && pValue < SIGNIFICANCE && baselineRate !== undefined;
    return {
      theme: id,
      label: info(id).label,
      complaints: k2,
      share: 0,
      rate,
      baselineRate,
      baselineMonthly: beforeMonths.length === 0 ? 0 : k1 / beforeMonths.length,
      change,
      pValue,
      direction: !significant ? "steady" : rate > (baselineRate ?? 0) ? "rising" : "falling",
    };
  });
  const total = sumOf(lines.map((l) => l.complaints));
  const ranked = lines
    .map((l) => ({ ...l, share: total === 0 ? 0 : l.complaints / total }))
    .sort((a, b) => b.complaints - a.complaints || (a.theme < b.theme ? -1 : 1));
  const top = ranked.filter((l) => l.complaints > 0).slice(0, TOP_THEMES);

  const end = monthEnd(month);
  const fixesThatWorked = (input.fixes ?? [])
    .filter((f) => inScope(f.theme) && judged(f, month))
    .flatMap((fix): FixThatWorked[] => {
      const effect = fixEffect(fix, complaintSeries(input.weeks, fixWeeks(fix, end), fix.theme));
      return effect?.significant && effect.change < 0 ? [{ ...effect, label: info(fix.theme).label }] : [];
    })
    .sort((a, b) => a.pValue - b.pValue);
  const fixed = new Set(fixesThatWorked.map((f) => f.fix.theme));
  const falling = ranked
    .filter((l) => l.direction === "falling" && !fixed.has(l.theme))
    .sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1))
    .slice(0, MAX_FALLING);

  const loop = input.loop && monthLoop(weeks, input.loop.counts, input.loop.overdueNow);
  const teamName = team && (input.taxonomy.teams?.find((t) => t.id === team)?.labels[locale] ?? team);
  const first = weekStart(weeks[0] ?? "2000-W01");
  const last = weekStart(weeks[weeks.length - 1] ?? "2000-W01");
  return {
    month,
    weeks,
    from: utcDay(first),
    to: utcDay(new Date(last.getTime() + 6 * 86_400_000)),
    locale,
    teamLabel: [
      teamName ?? (followed === undefined ? ALL_TEAMS[locale] : undefined),
      ...(followed ?? []).map((id) => info(id).label),
    ]
      .filter((p): p is string => p !== undefined)
      .join(" · "),
    ...(team !== undefined && { team }),
    responses: nowResponses,
    complaints: total,
    top,
    fixesThatWorked,
    falling,
    loop,
  };
};

/** The month's loop figures: the weekly loop counters of its weeks summed, attribute by attribute. */
export const monthLoop = (
  weeks: readonly string[],
  counts: ReadonlyMap<string, Readonly<Record<string, number>>>,
  overdueNow: number,
): LoopSummary => {
  const sum: Record<string, number> = {};
  for (const w of weeks) {
    for (const [attr, v] of Object.entries(counts.get(w) ?? {})) sum[attr] = (sum[attr] ?? 0) + v;
  }
  return loopSummary(sum, overdueNow, [sum], weeks);
};
