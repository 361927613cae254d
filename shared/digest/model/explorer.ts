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
  /** Scores and volume of answers given at this counted touchpoint. */
  touchpoint?: string | undefined;
}

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

const channels = (filter: ExplorerFilter): readonly Channel[] => (filter.channel ? [filter.channel] : Channel.options);

const scoreRow = (index: CounterIndex, week: string, channel: Channel, filter: ExplorerFilter): Counts =>
  filter.touchpoint ? index.touchpointSum(week, channel, [filter.touchpoint]) : index.row(week, channel, "_all");

/** NPS, CSAT and volume for each week, oldest first. */
export const trend = (counters: readonly WeekCounters[], weeks: readonly string[], filter: ExplorerFilter = {}) => {
  const index = new CounterIndex(counters);
  return weeks.map((week): WeekPoint => {
    const wants = (c: Channel) => filter.channel === undefined || filter.channel === c;
    const nps = wants("nps") ? npsFromBuckets(scoreRow(index, week, "nps", filter)) : undefined;
    const csat = wants("csat") ? csatFromBuckets(scoreRow(index, week, "csat", filter)) : undefined;
    const volume = channels(filter).reduce((sum, c) => sum + get(scoreRow(index, week, c, filter), "n"), 0);
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
  let negative = 0;
  let total = 0;
  for (const c of channels(filter)) {
    const row = index.row(week, c, theme);
    for (const s of NEGATIVE_ATTRS) negative += get(row, s);
    for (const s of SENTIMENTS) total += get(row, s);
  }
  return { negative, total };
};

/** The week's themes by complaints, with the Pareto cut and each theme's trend. */
export const pareto = (counters: readonly WeekCounters[], week: string, filter: ExplorerFilter = {}): ParetoLine[] => {
  const index = new CounterIndex(counters);
  const baseline = previousWeeks(week, TREND_BASELINE_WEEKS);
  const lines = index.themes(week).map((theme) => ({ theme, ...themeCounts(index, week, theme, filter) }));
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
