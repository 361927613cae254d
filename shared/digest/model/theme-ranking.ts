import { Sentiment } from "#shared/feedback/model/schema";
import { poissonLowerTail, poissonUpperTail } from "#shared/kernel/statistics";
import type { Taxonomy, Theme } from "#shared/taxonomy/taxonomy";
import type { DigestLocale, ThemeLine } from "./digest.ts";

/** Where it hurts: themes ranked Pareto-style by complaints, and the themes whose complaints moved. */

/** Share of complaints covered by the "vital few" themes. */
export const PARETO_CUT = 0.8;
/** Significance level of the trend tests, and the smallest count they act on. */
export const SIGNIFICANCE = 0.05;
export const MIN_MENTIONS = 5;

/** The counter attributes that count as a complaint. */
export const NEGATIVE_ATTRS = ["NEGATIVE", "MIXED"] as const satisfies readonly Sentiment[];
export const SENTIMENTS: readonly Sentiment[] = Sentiment.options;

/** True for a negative or mixed item: what the Pareto ranking counts and quotes are drawn from. */
export const isComplaint = (sentiment: string): boolean => NEGATIVE_ATTRS.some((s) => s === sentiment);

export interface ThemeInfo {
  label: string;
  team: string;
}

/** A theme's label in the locale and its owning team; an unknown id stands for itself, without a team. */
export const themeInfo = (taxonomy: Taxonomy, locale: DigestLocale): ((id: string) => ThemeInfo) => {
  const byId = new Map<string, Theme>(taxonomy.themes.map((t) => [t.id, t]));
  return (id) => {
    const t = byId.get(id);
    return t ? { label: t.labels[locale], team: t.team } : { label: id, team: "" };
  };
};

/** Sorts theme lines Pareto-style and fills in shares, the cumulative curve and the vital few. */
export const paretoRank = <L extends { theme: string; negative: number; total: number }>(
  lines: readonly L[],
): Array<L & Pick<ThemeLine, "shareOfComplaints" | "cumulativeShare" | "vital">> => {
  const sorted = [...lines].sort(
    (a, b) => b.negative - a.negative || b.total - a.total || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0),
  );
  const total = sorted.reduce((s, l) => s + l.negative, 0);
  let running = 0;
  return sorted.map((line) => {
    const before = running;
    running += line.negative;
    return {
      ...line,
      shareOfComplaints: total === 0 ? 0 : line.negative / total,
      cumulativeShare: total === 0 ? 0 : running / total,
      vital: total > 0 && line.negative > 0 && before / total < PARETO_CUT,
    };
  });
};

/**
 * Poisson test of one theme's negative mentions this week against the mean of the trailing weeks
 * taken as the Poisson rate. Rising: P(X >= k) < 0.05 with k >= 5. Falling: P(X <= k) < 0.05 with
 * a baseline of at least 5. A theme never seen before is tested against half a mention over the
 * trailing weeks, so a brand-new theme needs a handful of mentions to be flagged.
 */
export const trendSignal = (
  thisWeek: number,
  trailing: readonly number[],
): { direction: "rising" | "falling"; baseline: number; pValue: number } | undefined => {
  if (trailing.length === 0) return undefined;
  const baseline = trailing.reduce((a, b) => a + b, 0) / trailing.length;
  const rate = Math.max(baseline, 0.5 / trailing.length);
  if (thisWeek >= MIN_MENTIONS && thisWeek > rate) {
    const pValue = poissonUpperTail(thisWeek, rate);
    if (pValue < SIGNIFICANCE) return { direction: "rising", baseline, pValue };
  }
  if (baseline >= MIN_MENTIONS && thisWeek < baseline) {
    const pValue = poissonLowerTail(thisWeek, baseline);
    if (pValue < SIGNIFICANCE) return { direction: "falling", baseline, pValue };
  }
  return undefined;
};
