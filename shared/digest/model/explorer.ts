import { ALL_THEMES } from "#shared/feedback/model/counters";
import { Channel } from "#shared/feedback/model/schema";
import { npsMarginOfError, proportionMarginOfError } from "#shared/kernel/statistics";
import { previousWeeks } from "#shared/kernel/time";
import { CounterIndex, type Counts, get } from "./counter-index.ts";
import type { WeekCounters } from "./digest.ts";
import { csatFromBuckets, npsFromBuckets } from "./scores.ts";
import { NEGATIVE_ATTRS, paretoRank, SENTIMENTS, trendSignal } from "./theme-ranking.ts";

/**
 * What the explorer shows, from the weekly counters alone (never the items): NPS, CSAT and volume
 * week by week with their margins, the theme Pareto of any week with each theme's trend test, and
 * one theme's weekly mentions and negative share. Pure; the reads are one Query per week.
 */

/** Weeks the explorer looks back, the week asked for included. */
export const EXPLORER_WEEKS = 26;
/** Weeks a theme's week is tested against (as the digest does). */
export const TREND_BASELINE_WEEKS = 8;

export interface ExplorerFilter {
  /** Only this channel's counts (scores come from nps and csat anyway). */
  channel?: Channel | undefined;
  /** Only answers given at this counted touchpoint: scores, volume and theme mentions. */
  touchpoint?: string | undefined;
  /**
   * A digest reader's touchpoints (their subscription's), when no single one is picked: every
   * figure is counted over these touchpoints only, never over the whole organization.
   */
  touchpoints?: readonly string[] | undefined;
  /**
   * A digest reader's themes (their team's or the followed ones), when the subscription has some:
   * only these themes are ranked and counted, volume is their mentions (as the digest counts a
   * team's volume), and NPS and CSAT are not told, since theme counters carry no scores.
   */
  themes?: ReadonlySet<string> | undefined;
}

/** The touchpoints a filter counts over; undefined: all answers, wherever given. */
export const filterTouchpoints = (filter: ExplorerFilter): readonly string[] | undefined =>
  filter.touchpoint !== undefined ? [filter.touchpoint] : filter.touchpoints;

export interface ScorePoint {
  value: number | undefined;
  n: number;
  /** 95 % margin of error, in points. */
  margin: number | undefined;
}

export interface WeekPoint {
  week: string;
  nps: ScorePoint;
  csat: ScorePoint;
  volume: number;
}

/** The weeks from oldest to `week`, EXPLORER_WEEKS of them. */
export const explorerWeeks = (week: string, count = EXPLORER_WEEKS): string[] =>
  [week, ...previousWeeks(week, count - 1)].reverse();

/**
 * The weeks from the first one with any counted feedback (at most the EXPLORER_WEEKS given): a
 * system with nine weeks of data draws nine weeks, not a chart two-thirds empty. All of them when
 * none has data yet.
 */
export const weeksFromFirstData = (counters: readonly WeekCounters[], weeks: readonly string[]): string[] => {
  const counted = new Set(counters.filter((c) => c.rows.length > 0).map((c) => c.week));
  const first = weeks.findIndex((w) => counted.has(w));
  return first <= 0 ? [...weeks] : weeks.slice(first);
};

const channels = (filter: ExplorerFilter): readonly Channel[] => (filter.channel ? [filter.channel] : Channel.options);

const scoreRow = (index: CounterIndex, week: string, channel: Channel, filter: ExplorerFilter): Counts => {
  const tps = filterTouchpoints(filter);
  return tps ? index.touchpointSum(week, channel, tps) : index.row(week, channel, ALL_THEMES);
};

/** The mentions of the filter's themes in the channel (a team's volume, as the digest counts it). */
const themeVolume = (index: CounterIndex, week: string, channel: Channel, filter: ExplorerFilter): number => {
  const tps = filterTouchpoints(filter);
  let sum = 0;
  for (const theme of filter.themes ?? []) sum += get(index.themeRow(week, channel, theme, tps), "n");
  return sum;
};

/**
 * NPS, CSAT and volume for each week, oldest first. With themes in the filter, volume is their
 * mentions and the scores are not told (n = 0): theme counters carry no score buckets.
 */
export const trend = (counters: readonly WeekCounters[], weeks: readonly string[], filter: ExplorerFilter = {}) => {
  const index = new CounterIndex(counters);
  const scored = filter.themes === undefined;
  return weeks.map((week): WeekPoint => {
    const wants = (c: Channel) => scored && (filter.channel === undefined || filter.channel === c);
    const nps = wants("nps") ? npsFromBuckets(scoreRow(index, week, "nps", filter)) : undefined;
    const csat = wants("csat") ? csatFromBuckets(scoreRow(index, week, "csat", filter)) : undefined;
    const volume = channels(filter).reduce(
      (sum, c) => sum + (scored ? get(scoreRow(index, week, c, filter), "n") : themeVolume(index, week, c, filter)),
      0,
    );
    return {
      week,
      nps: {
        value: nps?.value,
        n: nps?.n ?? 0,
        margin: nps ? npsMarginOfError(nps.promoters, nps.detractors, nps.n) : undefined,
      },
      csat: {
        value: csat?.value,
        n: csat?.n ?? 0,
        margin: csat?.value === undefined ? undefined : proportionMarginOfError(csat.satisfied, csat.n),
      },
      volume,
    };
  });
};

export interface ParetoLine {
  theme: string;
  /** Negative and mixed mentions this week. */
  negative: number;
  total: number;
  shareOfComplaints: number;
  cumulativeShare: number;
  vital: boolean;
  /** Against the TREND_BASELINE_WEEKS before (Poisson test, as in the digest). */
  trend?: { direction: "rising" | "falling"; pValue: number; baseline: number } | undefined;
}

const themeCounts = (index: CounterIndex, week: string, theme: string, filter: ExplorerFilter) => {
  const tps = filterTouchpoints(filter);
  let negative = 0;
  let total = 0;
  for (const c of channels(filter)) {
    const row = index.themeRow(week, c, theme, tps);
    for (const s of NEGATIVE_ATTRS) negative += get(row, s);
    for (const s of SENTIMENTS) total += get(row, s);
  }
  return { negative, total };
};

/** The week's themes by complaints, with the Pareto cut and each theme's trend. */
export const pareto = (counters: readonly WeekCounters[], week: string, filter: ExplorerFilter = {}): ParetoLine[] => {
  const index = new CounterIndex(counters);
  const baseline = previousWeeks(week, TREND_BASELINE_WEEKS);
  const lines = index
    .themes(week)
    .filter((theme) => filter.themes === undefined || filter.themes.has(theme))
    .map((theme) => ({ theme, ...themeCounts(index, week, theme, filter) }));
  return paretoRank(lines.filter((l) => l.total > 0)).map((line) => ({
    theme: line.theme,
    negative: line.negative,
    total: line.total,
    shareOfComplaints: line.shareOfComplaints,
    cumulativeShare: line.cumulativeShare,
    vital: line.vital,
    trend: trendSignal(
      line.negative,
      baseline.map((w) => themeCounts(index, w, line.theme, filter).negative),
    ),
  }));
};

export interface ThemeWeek {
  week: string;
  mentions: number;
  negative: number;
  /** Negative and mixed share of the mentions, 0..1; undefined without mentions. */
  negativeShare: number | undefined;
}

/** One theme, week by week (oldest first), and its latest week's trend test. */
export const themeHistory = (
  counters: readonly WeekCounters[],
  weeks: readonly string[],
  theme: string,
  filter: ExplorerFilter = {},
) => {
  const index = new CounterIndex(counters);
  const series = weeks.map((week): ThemeWeek => {
    const { negative, total } = themeCounts(index, week, theme, filter);
    return { week, mentions: total, negative, negativeShare: total === 0 ? undefined : negative / total };
  });
  const last = series[series.length - 1];
  const before = series.slice(-1 - TREND_BASELINE_WEEKS, -1).map((w) => w.negative);
  return { series, trend: last ? trendSignal(last.negative, before) : undefined };
};

export interface TouchpointMentions {
  /** A counted touchpoint, or undefined for answers given elsewhere or nowhere in particular. */
  touchpoint: string | undefined;
  mentions: number;
  negative: number;
}

/**
 * One theme's mentions and complaints per touchpoint over `weeks` (the channel filter applies),
 * from the "@<touchpoint>/<theme>" counters; with `rest`, the mentions at no counted touchpoint
 * as one more line (the theme's total less the touchpoints'). Touchpoints without mentions are left out.
 */
export const themeTouchpoints = (
  counters: readonly WeekCounters[],
  weeks: readonly string[],
  theme: string,
  touchpoints: readonly string[],
  filter: ExplorerFilter = {},
  rest = false,
): TouchpointMentions[] => {
  const index = new CounterIndex(counters);
  const sum = (tps: readonly string[] | undefined) =>
    weeks.reduce(
      (acc, week) => {
        const c = themeCounts(index, week, theme, { ...filter, touchpoint: undefined, touchpoints: tps });
        return { mentions: acc.mentions + c.total, negative: acc.negative + c.negative };
      },
      { mentions: 0, negative: 0 },
    );
  const lines: TouchpointMentions[] = touchpoints.map((touchpoint) => ({ touchpoint, ...sum([touchpoint]) }));
  if (rest) {
    const all = sum(undefined);
    const counted = sum(touchpoints);
    lines.push({
      touchpoint: undefined,
      mentions: Math.max(0, all.mentions - counted.mentions),
      negative: Math.max(0, all.negative - counted.negative),
    });
  }
  return lines.filter((l) => l.mentions > 0).sort((a, b) => b.mentions - a.mentions);
};
