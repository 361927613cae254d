import type { Channel, Sentiment } from "#shared/feedback/model/schema";
import type { SupportedLocale } from "#shared/kernel/locale";
import type { FixEffect } from "./fixes.ts";

/**
 * The weekly voice-of-customer digest, as numbers and words: what the email (views/render.ts)
 * shows and what the preview API returns. Built by build.ts from weekly counters and a bounded sample.
 */

export type DigestLocale = SupportedLocale;

/** A metric for this week with its comparison points; `enough` false below the minimum count. */
export interface Metric {
  value: number | undefined;
  /** Responses behind the value. */
  n: number;
  enough: boolean;
  /** 95 % margin of error, in the metric's own units (points of NPS, percentage points of CSAT). */
  marginOfError?: number | undefined;
  previous?: number | undefined;
  /** value - previous, when both are known. */
  change?: number | undefined;
  /** Mean of the trailing 8 weeks that had enough responses. */
  trailingAverage?: number | undefined;
}

export interface NpsSummary extends Metric {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface ThemeLine {
  theme: string;
  label: string;
  team: string;
  /** Negative (incl. mixed) mentions this week: the Pareto ranking key. */
  negative: number;
  total: number;
  sentiment: Record<Sentiment, number>;
  previousNegative: number;
  /** Relative change of negative mentions vs the previous week, e.g. 0.38 for +38 %; undefined from 0. */
  change?: number | undefined;
  /** Share of all negative mentions this week, 0..1. */
  shareOfComplaints: number;
  /** Running share including this theme, 0..1 (the Pareto curve). */
  cumulativeShare: number;
  /** True for the themes that together make up the first 80 % of complaints. */
  vital: boolean;
  /**
   * The theme's latest recorded fix (POST /v1/themes/{id}/fixes) and its complaint rate before and
   * after, with the test (model/fixes.ts), once it can be stated.
   */
  fix?: FixEffect | undefined;
}

export interface TrendSignal {
  theme: string;
  label: string;
  direction: "rising" | "falling";
  thisWeek: number;
  /** Mean weekly negative mentions over the trailing weeks. */
  baseline: number;
  /** The test and its result, in words a product manager can repeat. */
  test: string;
  pValue: number;
}

export interface Verbatim {
  feedbackId: string;
  theme: string;
  text: string;
  language: string;
  channel: Channel;
  score?: number | undefined;
  sentiment: string;
  /** Deep link to the feedback (API or triage). */
  link: string;
}

export interface LoopSummary {
  opened: number;
  firstResponseWithinSla: Metric;
  resolvedWithinSla: Metric;
  overdueNow: number;
  /** Detractors this week whose later answer scored higher (recovered). */
  recovered?: Metric | undefined;
  /** The weeks recovery is counted over (ISO weeks, oldest and newest, and how many), said wherever it is shown. */
  recoveryWindow?: { first: string; last: string; weeks: number } | undefined;
  /** Customers who said "yes" to "is your problem solved?" (recent weeks; target 90 %). */
  resolutionSatisfied?: Metric | undefined;
}

/** One week of the trend series (the digest's week and the 8 before it, oldest first). */
export interface TrendPoint {
  week: string;
  /** NPS of that week; undefined below the minimum number of responses. */
  nps: number | undefined;
  /** CSAT of that week in percent; undefined below the minimum number of responses. */
  csat: number | undefined;
  /** Feedback received that week (for a team: mentions of its themes), 0 for a week without data. */
  volume: number;
}

export interface Digest {
  week: string;
  /** ISO dates of the week's Monday and Sunday. */
  from: string;
  to: string;
  team?: string | undefined;
  /** The themes and touchpoints it follows, when narrower than the team or organization. */
  followedThemes?: readonly string[] | undefined;
  followedTouchpoints?: readonly string[] | undefined;
  teamLabel: string;
  locale: DigestLocale;
  headline: string;
  nps: NpsSummary;
  csat: Metric;
  volume: { total: Metric; byChannel: Record<Channel, Metric> };
  /** The digest's week and the 8 before it, oldest first: what the NPS trend chart draws. */
  trend: TrendPoint[];
  themes: ThemeLine[];
  emerging: TrendSignal[];
  verbatims: Verbatim[];
  loop?: LoopSummary | undefined;
  /** Where the numbers come from, for the footnote. */
  method: string[];
}

/** One week of counters, as the store keeps them: per channel x theme row, attribute -> count. */
export interface WeekCounters {
  week: string;
  rows: Array<{ channel: Channel; theme: string; counts: Record<string, number> }>;
}

/** One stored feedback item of the week, as much as the digest needs (texts already masked). */
export interface DigestSampleItem {
  id: string;
  channel: Channel;
  score?: number | undefined;
  text?: string | undefined;
  language: string;
  sentiment: string;
  themes: readonly string[];
  occurredAt: string;
  touchpoint?: string | undefined;
  /** Set when a person corrected the reading: their themes are quoted without a second guess. */
  correction?: { themes?: readonly string[] | undefined } | undefined;
}
