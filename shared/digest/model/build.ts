import { ALL_THEMES } from "#shared/feedback/model/counters";
import { Channel } from "#shared/feedback/model/schema";
import { npsMarginOfError, proportionMarginOfError } from "#shared/kernel/statistics";
import { previousWeeks, utcDay, weekStart } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { CounterIndex, get } from "./counter-index.ts";
import type {
  Digest,
  DigestLocale,
  DigestSampleItem,
  LoopSummary,
  Metric,
  NpsSummary,
  ThemeLine,
  TrendPoint,
  TrendSignal,
  Verbatim,
  WeekCounters,
} from "./digest.ts";
import { digestFixEffects, type ThemeFix } from "./fixes.ts";
import { countMetric, csatFromBuckets, npsFromBuckets, scoreMetric } from "./scores.ts";
import { NEGATIVE_ATTRS, paretoRank, SENTIMENTS, themeInfo, trendSignal } from "./theme-ranking.ts";
import { pickVerbatims, type QuoteWork, quoteReader } from "./verbatims.ts";
import { ALL_TEAMS, headline, methodLines, testWords } from "./words.ts";

/**
 * Builds the weekly voice-of-customer digest from weekly counters and a bounded sample of the
 * week's feedback. Pure: no I/O, no clock. Its cost depends on the number of counter rows (weeks x
 * channels x themes) and on the sample size, never on how many responses the week had, nor on what
 * the sampled comments say: the quote picker's per-comment work is capped (see verbatims.ts).
 *
 * The parts live beside it: counter-index.ts (the counters), scores.ts (NPS, CSAT, volume),
 * theme-ranking.ts (Pareto and trend tests), verbatims.ts (quotes) and words.ts (headline, method).
 */

export const TRAILING_WEEKS = 8;
/** Quotes come from this many top themes, this many each: the quote picker runs at most 3 times. */
export const QUOTED_THEMES = 3;
export const QUOTES_PER_THEME = 3;
export const DEFAULT_MIN_RESPONSES = 30;

export interface DigestInput {
  week: string;
  /** This week and up to 8 trailing weeks, any order. */
  weeks: readonly WeekCounters[];
  /** A bounded sample of this week's stored feedback, for quotes. */
  sample: readonly DigestSampleItem[];
  taxonomy: Taxonomy;
  /**
   * Only this team's themes. Volume then counts the team's theme mentions per channel; NPS and CSAT
   * stay organization-wide, because theme rows carry no score buckets (see `method`).
   */
  team?: string | undefined;
  /** Only these themes (a subscription that follows a few themes); with `team`, both apply. */
  themes?: readonly string[] | undefined;
  /**
   * Only answers given at these touchpoints (counted ones, see the taxonomy): NPS, CSAT, volume
   * and quotes follow them; the themes follow `team`/`themes`.
   */
  touchpoints?: readonly string[] | undefined;
  locale: DigestLocale;
  linkFor: (feedbackId: string) => string;
  loop?: LoopSummary | undefined;
  /** When given, counts the quote picker's work (for tests and the bench); the digest is the same. */
  quoteWork?: QuoteWork | undefined;
  /** Below this many responses a score is shown as "not enough responses yet". Default 30. */
  minResponses?: number | undefined;
  /**
   * Recorded fixes of the digest's themes, and the counters of the weeks they are judged on
   * (digestFixWeeks) that `weeks` lacks: each theme line shows its latest fix's effect.
   */
  fixes?: readonly ThemeFix[] | undefined;
  fixCounters?: readonly WeekCounters[] | undefined;
}

/**
 * The theme lines with their latest fix's effect (the monthly report's and the explorer's test);
 * `counters` must hold the weeks digestFixWeeks(fixes, digest.week) names (a week given twice counts once).
 */
export const withFixEffects = <D extends Pick<Digest, "week" | "themes">>(
  digest: D,
  fixes: readonly ThemeFix[],
  counters: readonly WeekCounters[],
): D => {
  const shown = new Set(digest.themes.map((t) => t.theme));
  // A week given twice (the digest's own and the fixes') counts once.
  const byWeek = new Map<string, WeekCounters>();
  for (const c of counters) if (!byWeek.has(c.week)) byWeek.set(c.week, c);
  const effects = digestFixEffects(
    fixes.filter((f) => shown.has(f.theme)),
    [...byWeek.values()],
    digest.week,
  );
  if (effects.size === 0) return digest;
  return { ...digest, themes: digest.themes.map((t) => ({ ...t, fix: effects.get(t.theme) ?? t.fix })) };
};

/** One value for each channel of the feedback schema, in its order. */
const perChannel = <T>(f: (channel: Channel) => T): Record<Channel, T> =>
  Object.fromEntries(Channel.options.map((c) => [c, f(c)])) as Record<Channel, T>;

export const buildDigest = (input: DigestInput): Digest => {
  const { week, locale, team, themes: followed, touchpoints } = input;
  const minResponses = input.minResponses ?? DEFAULT_MIN_RESPONSES;
  const index = new CounterIndex(input.weeks);
  const [previousWeek] = previousWeeks(week, 1);
  const trailingWeeks = previousWeeks(week, TRAILING_WEEKS).filter((w) => index.hasData(w));
  const hasPrevious = previousWeek !== undefined && index.hasData(previousWeek);
  const info = themeInfo(input.taxonomy, locale);
  const taxonomyById = new Map(input.taxonomy.themes.map((t) => [t.id, t]));
  const inTeam = (id: string): boolean =>
    (team === undefined || info(id).team === team) && (followed === undefined || followed.includes(id));

  // NPS and CSAT: organization-wide, or the followed touchpoints' answers.
  const scoreRow = (w: string, channel: Channel) =>
    touchpoints === undefined ? index.row(w, channel, ALL_THEMES) : index.touchpointSum(w, channel, touchpoints);
  const npsOf = (w: string) => npsFromBuckets(scoreRow(w, "nps"));
  const csatOf = (w: string) => csatFromBuckets(scoreRow(w, "csat"));
  const npsNow = npsOf(week);
  const nps: NpsSummary = {
    ...scoreMetric(
      npsNow,
      npsMarginOfError(npsNow.promoters, npsNow.detractors, npsNow.n),
      hasPrevious && previousWeek ? npsOf(previousWeek) : undefined,
      trailingWeeks.map(npsOf),
      minResponses,
    ),
    promoters: npsNow.promoters,
    passives: npsNow.passives,
    detractors: npsNow.detractors,
  };
  const csatNow = csatOf(week);
  const csat = scoreMetric(
    csatNow,
    proportionMarginOfError(csatNow.satisfied, csatNow.n),
    hasPrevious && previousWeek ? csatOf(previousWeek) : undefined,
    trailingWeeks.map(csatOf),
    minResponses,
  );

  // Volume: the channel's _all row, or the team's theme rows.
  const teamThemeIds = (w: string) => index.themes(w).filter(inTeam);
  const volumeOf = (w: string, channel: Channel): number =>
    touchpoints !== undefined
      ? get(scoreRow(w, channel), "n")
      : team === undefined && followed === undefined
        ? get(index.row(w, channel, ALL_THEMES), "n")
        : teamThemeIds(w).reduce((s, id) => s + get(index.row(w, channel, id), "n"), 0);
  const volumeMetric = (f: (w: string) => number): Metric =>
    countMetric(f(week), hasPrevious && previousWeek ? f(previousWeek) : undefined, trailingWeeks.map(f));
  const byChannel = perChannel((c) => volumeMetric((w) => volumeOf(w, c)));
  const totalOf = (w: string) => Channel.options.reduce((s, c) => s + volumeOf(w, c), 0);
  const total = volumeMetric(totalOf);

  // The nine-week series, oldest first, from the same counters; scores only where they are enough.
  const trend: TrendPoint[] = [...previousWeeks(week, TRAILING_WEEKS).reverse(), week].map((w) => {
    const n = npsOf(w);
    const c = csatOf(w);
    return {
      week: w,
      nps: n.n >= minResponses ? n.value : undefined,
      csat: c.n >= minResponses ? c.value : undefined,
      volume: totalOf(w),
    };
  });

  // Themes.
  const negativeOf = (w: string, id: string) => index.themeSum(w, id, NEGATIVE_ATTRS);
  const candidateIds = new Set([...index.themes(week), ...(previousWeek ? index.themes(previousWeek) : [])]);
  const lines = [...candidateIds].filter(inTeam).flatMap((id) => {
    const negative = negativeOf(week, id);
    const totalMentions = index.themeSum(week, id, ["n"]);
    const previousNegative = previousWeek ? negativeOf(previousWeek, id) : 0;
    if (totalMentions === 0 && negative === 0 && previousNegative === 0) return [];
    const sentiment = Object.fromEntries(
      SENTIMENTS.map((s) => [s, index.themeSum(week, id, [s])]),
    ) as ThemeLine["sentiment"];
    const { label, team: owner } = info(id);
    return [
      {
        theme: id,
        label,
        team: owner,
        negative,
        total: totalMentions,
        sentiment,
        previousNegative,
        change: previousNegative === 0 ? undefined : (negative - previousNegative) / previousNegative,
      },
    ];
  });
  const themes = input.fixes
    ? withFixEffects({ week, themes: paretoRank(lines) }, input.fixes, [...input.weeks, ...(input.fixCounters ?? [])])
        .themes
    : paretoRank(lines);

  // Emerging and falling themes.
  const trendIds = new Set([...candidateIds, ...trailingWeeks.flatMap((w) => index.themes(w))]);
  const emerging: TrendSignal[] = [...trendIds]
    .filter(inTeam)
    .flatMap((id) => {
      const thisWeek = negativeOf(week, id);
      const signal = trendSignal(
        thisWeek,
        trailingWeeks.map((w) => negativeOf(w, id)),
      );
      if (!signal) return [];
      return [
        {
          theme: id,
          label: info(id).label,
          direction: signal.direction,
          thisWeek,
          baseline: signal.baseline,
          test: testWords(locale, thisWeek, signal.baseline),
          pValue: signal.pValue,
        },
      ];
    })
    .sort(
      (a, b) =>
        (a.direction === b.direction ? 0 : a.direction === "rising" ? -1 : 1) ||
        a.pValue - b.pValue ||
        (a.theme < b.theme ? -1 : 1),
    );

  // Quotes for the top 3 vital themes (from the followed touchpoints, when there are some).
  const sample =
    touchpoints === undefined
      ? input.sample
      : input.sample.filter((f) => f.touchpoint !== undefined && touchpoints.includes(f.touchpoint));
  const verbatims: Verbatim[] = [];
  const reader = quoteReader(input.quoteWork);
  for (const line of themes.filter((t) => t.vital).slice(0, QUOTED_THEMES)) {
    verbatims.push(
      ...pickVerbatims(
        line.theme,
        sample,
        taxonomyById.get(line.theme),
        input.linkFor,
        QUOTES_PER_THEME,
        verbatims,
        input.quoteWork,
        reader,
      ),
    );
  }

  const start = weekStart(week);
  // What the digest follows, by the names its readers use (the taxonomy's labels; an unknown id stands for itself).
  const teamName = team && (input.taxonomy.teams?.find((t) => t.id === team)?.labels[locale] ?? team);
  const followedNames = followed?.map((id) => info(id).label);
  const touchpointNames = touchpoints?.map(
    (id) => input.taxonomy.touchpoints.find((t) => t.id === id)?.labels[locale] ?? id,
  );
  return {
    week,
    from: utcDay(start),
    to: utcDay(new Date(start.getTime() + 6 * 86_400_000)),
    team,
    ...(followed !== undefined && { followedThemes: followed }),
    ...(touchpoints !== undefined && { followedTouchpoints: touchpoints }),
    teamLabel: [
      teamName ?? (followed === undefined && touchpoints === undefined ? ALL_TEAMS[locale] : undefined),
      ...(followedNames ?? []),
      ...(touchpointNames ?? []),
    ]
      .filter((part): part is string => part !== undefined)
      .join(" · "),
    locale,
    headline: headline(locale, nps, themes, emerging),
    nps,
    csat,
    volume: { total, byChannel },
    trend,
    themes,
    emerging,
    verbatims,
    ...(input.loop !== undefined && { loop: input.loop }),
    method: methodLines(locale, minResponses, { team: teamName, themes: followedNames, touchpoints: touchpointNames }),
  };
};
