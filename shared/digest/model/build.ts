import { stemTokens } from "#shared/analysis/model/themes";
import { ALL_THEMES, TOUCHPOINT_PREFIX, UNTAGGED } from "#shared/feedback/model/counters";
import { toSimplified } from "#shared/kernel/chinese";
import { previousWeeks, utcDay, weekStart } from "#shared/kernel/time";
import type { Taxonomy, Theme } from "#shared/taxonomy/taxonomy";
import type {
  Digest,
  DigestLocale,
  LoopSummary,
  Metric,
  NpsSummary,
  ThemeLine,
  TrendPoint,
  TrendSignal,
  Verbatim,
  WeekCounters,
} from "./digest.ts";

/**
 * Builds the weekly voice-of-customer digest from weekly counters and a bounded sample of the
 * week's feedback. Pure: no I/O, no clock. Its cost depends on the number of counter rows (weeks x
 * channels x themes) and on the sample size, never on how many responses the week had.
 */

export type Channel = "nps" | "csat" | "social";
export const CHANNELS: readonly Channel[] = ["nps", "csat", "social"];
export const TRAILING_WEEKS = 8;
export const DEFAULT_MIN_RESPONSES = 30;
/** Significance level of the trend tests, and the smallest count they act on. */
export const SIGNIFICANCE = 0.05;
export const MIN_MENTIONS = 5;
/** Near-duplicate quotes: character-trigram Jaccard similarity at or above this. */
export const DUPLICATE_SIMILARITY = 0.6;
/** Share of complaints covered by the "vital few" themes. */
export const PARETO_CUT = 0.8;

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
}

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
  /** Below this many responses a score is shown as "not enough responses yet". Default 30. */
  minResponses?: number | undefined;
}

// ---------------------------------------------------------------------------------------------
// Counters

type Counts = Readonly<Record<string, number>>;

/** Counter rows indexed by week, then by "<channel>#<theme>"; duplicate rows are summed. */
export class CounterIndex {
  private readonly byWeek = new Map<string, Map<string, Record<string, number>>>();

  constructor(weeks: readonly WeekCounters[]) {
    for (const w of weeks) {
      const rows = this.byWeek.get(w.week) ?? new Map<string, Record<string, number>>();
      this.byWeek.set(w.week, rows);
      for (const row of w.rows) {
        const key = `${row.channel}#${row.theme}`;
        const into = rows.get(key) ?? {};
        rows.set(key, into);
        for (const [attr, v] of Object.entries(row.counts)) into[attr] = (into[attr] ?? 0) + (Number(v) || 0);
      }
    }
  }

  /** True when the week was given and has at least one row (the store had data that week). */
  hasData(week: string): boolean {
    return (this.byWeek.get(week)?.size ?? 0) > 0;
  }

  row(week: string, channel: Channel, theme: string): Counts {
    return this.byWeek.get(week)?.get(`${channel}#${theme}`) ?? {};
  }

  /** Theme ids with a row in the week (excluding "_all", "_untagged" and touchpoint rows). */
  themes(week: string): string[] {
    const ids = new Set<string>();
    for (const key of this.byWeek.get(week)?.keys() ?? []) {
      const theme = key.slice(key.indexOf("#") + 1);
      if (theme !== ALL_THEMES && theme !== UNTAGGED && !theme.startsWith(TOUCHPOINT_PREFIX)) ids.add(theme);
    }
    return [...ids];
  }

  /** The channel's rows of these touchpoints, summed attribute by attribute. */
  touchpointSum(week: string, channel: Channel, touchpoints: readonly string[]): Counts {
    const sum: Record<string, number> = {};
    for (const tp of touchpoints) {
      for (const [attr, v] of Object.entries(this.row(week, channel, `${TOUCHPOINT_PREFIX}${tp}`))) {
        sum[attr] = (sum[attr] ?? 0) + v;
      }
    }
    return sum;
  }

  /** An attribute of one theme summed over the channels. */
  themeSum(week: string, theme: string, attrs: readonly string[]): number {
    let sum = 0;
    for (const channel of CHANNELS) {
      const row = this.row(week, channel, theme);
      for (const a of attrs) sum += row[a] ?? 0;
    }
    return sum;
  }
}

const get = (counts: Counts, attr: string): number => counts[attr] ?? 0;

// ---------------------------------------------------------------------------------------------
// Scores and their margins of error

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
  n: number;
  value: number | undefined;
}

/** Promoters (s9-s10), passives (s7-s8) and detractors (s0-s6) from the score buckets of nps#_all. */
export const npsFromBuckets = (counts: Counts): NpsCounts => {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (let s = 0; s <= 10; s++) {
    const c = get(counts, `s${s}`);
    if (s >= 9) promoters += c;
    else if (s >= 7) passives += c;
    else detractors += c;
  }
  const n = promoters + passives + detractors;
  return { promoters, passives, detractors, n, value: n === 0 ? undefined : (100 * (promoters - detractors)) / n };
};

/** 95 % margin of error of an NPS, in NPS points: 1.96 * 100 * sqrt((p + d - (p - d)^2) / n). */
export const npsMarginOfError = (promoters: number, detractors: number, n: number): number | undefined => {
  if (n <= 0) return undefined;
  const p = promoters / n;
  const d = detractors / n;
  return 1.96 * 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
};

export interface CsatCounts {
  satisfied: number;
  n: number;
  value: number | undefined;
}

/** CSAT = share of 4-5 ratings (buckets s1..s5 of csat#_all), in percent. */
export const csatFromBuckets = (counts: Counts): CsatCounts => {
  let satisfied = 0;
  let n = 0;
  for (let s = 1; s <= 5; s++) {
    const c = get(counts, `s${s}`);
    n += c;
    if (s >= 4) satisfied += c;
  }
  return { satisfied, n, value: n === 0 ? undefined : (100 * satisfied) / n };
};

/** 95 % margin of error of a percentage by the normal approximation: 1.96 * 100 * sqrt(p (1 - p) / n). */
export const proportionMarginOfError = (successes: number, n: number): number | undefined =>
  n <= 0 ? undefined : 1.96 * 100 * Math.sqrt(((successes / n) * (1 - successes / n)) / n);

const mean = (xs: readonly number[]): number | undefined =>
  xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * A score metric with its comparison points. `previous` and `trailingAverage` use only weeks with
 * enough responses; `change` is given only when this week has enough responses too.
 */
const scoreMetric = (
  current: { value: number | undefined; n: number },
  marginOfError: number | undefined,
  previous: { value: number | undefined; n: number } | undefined,
  trailing: ReadonlyArray<{ value: number | undefined; n: number }>,
  minResponses: number,
): Metric => {
  const enough = current.n >= minResponses && current.value !== undefined;
  const prev = previous && previous.n >= minResponses ? previous.value : undefined;
  const trailingValues = trailing.filter((t) => t.n >= minResponses && t.value !== undefined).map((t) => t.value ?? 0);
  return {
    value: current.value,
    n: current.n,
    enough,
    marginOfError,
    previous: prev,
    change: enough && current.value !== undefined && prev !== undefined ? current.value - prev : undefined,
    trailingAverage: mean(trailingValues),
  };
};

/** A count metric (volume): always "enough"; compared with the weeks that had data. */
const countMetric = (value: number, previous: number | undefined, trailing: readonly number[]): Metric => ({
  value,
  n: value,
  enough: true,
  previous,
  change: previous === undefined ? undefined : value - previous,
  trailingAverage: mean(trailing),
});

// ---------------------------------------------------------------------------------------------
// Poisson tails (regularized incomplete gamma: cost independent of the counts)

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7). */
export const lnGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (const [i, c] of LANCZOS.entries()) a += c / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
};

const EPS = 1e-15;
const MAX_ITER = 10_000;

/** Regularized lower incomplete gamma P(a, x) by its series (good for x < a + 1). */
const gammaSeries = (a: number, x: number): number => {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - lnGamma(a)));
};

/** Regularized upper incomplete gamma Q(a, x) by its continued fraction (good for x >= a + 1). */
const gammaContinuedFraction = (a: number, x: number): number => {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h);
};

const lowerGamma = (a: number, x: number): number =>
  x <= 0 ? 0 : x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
const upperGamma = (a: number, x: number): number =>
  x <= 0 ? 1 : x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);

/** P(X >= k) for X ~ Poisson(rate): the one-sided p-value of a rise to k. */
export const poissonUpperTail = (k: number, rate: number): number => {
  if (k <= 0) return 1;
  if (rate <= 0) return 0;
  return lowerGamma(Math.floor(k), rate);
};

/** P(X <= k) for X ~ Poisson(rate): the one-sided p-value of a drop to k. */
export const poissonLowerTail = (k: number, rate: number): number => {
  if (k < 0) return 0;
  if (rate <= 0) return 1;
  return upperGamma(Math.floor(k) + 1, rate);
};

// ---------------------------------------------------------------------------------------------
// Themes: Pareto and trend

const NEGATIVE_ATTRS = ["NEGATIVE", "MIXED"] as const;
const SENTIMENTS = ["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"] as const;

interface ThemeInfo {
  label: string;
  team: string;
}

const themeInfo = (taxonomy: Taxonomy, locale: DigestLocale): ((id: string) => ThemeInfo) => {
  const byId = new Map<string, Theme>(taxonomy.themes.map((t) => [t.id, t]));
  return (id) => {
    const t = byId.get(id);
    return t ? { label: t.labels[locale], team: t.team } : { label: id, team: "" };
  };
};

/** Sorts theme lines Pareto-style and fills in shares, the cumulative curve and the vital few. */
export const paretoRank = (
  lines: ReadonlyArray<Omit<ThemeLine, "shareOfComplaints" | "cumulativeShare" | "vital">>,
): ThemeLine[] => {
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

const formatP = (p: number): string =>
  p < 0.0001 ? "p < 0.0001" : p < 0.001 ? `p = ${p.toFixed(4)}` : `p = ${p.toFixed(3)}`;

const formatBaseline = (b: number): string => (b >= 10 ? String(Math.round(b)) : String(Math.round(b * 10) / 10));

const testWords = (locale: DigestLocale, thisWeek: number, baseline: number, p: number): string => {
  const b = formatBaseline(baseline);
  switch (locale) {
    case "zh-Hans":
      return `泊松检验：本周 ${thisWeek} 次，此前每周约 ${b} 次，${formatP(p)}`;
    case "zh-Hant":
      return `卜瓦松檢定：本週 ${thisWeek} 次，此前每週約 ${b} 次，${formatP(p)}`;
    default:
      return `Poisson test: ${thisWeek} vs about ${b} a week, ${formatP(p)}`;
  }
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

// ---------------------------------------------------------------------------------------------
// Verbatims

/** Character trigrams of a text, whitespace collapsed and lower-cased. */
export const trigrams = (text: string): Set<string> => {
  const s = ` ${text.toLowerCase().replace(/\s+/g, " ").trim()} `;
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return out;
};

/** Jaccard similarity of the character-trigram sets of two texts, 0..1. */
export const trigramJaccard = (a: string, b: string): number => {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 && tb.size === 0) return 1;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
};

const HAN = /\p{Script=Han}+/gu;

/** Words for comparing quotes: English stems and Chinese character bigrams (in simplified). */
const wordsOf = (text: string): Set<string> => {
  const out = new Set(stemTokens(text));
  for (const run of toSimplified(text).match(HAN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.add(run);
    for (let i = 0; i + 2 <= chars.length; i++) out.add(chars.slice(i, i + 2).join(""));
  }
  return out;
};

/** 1 inside 30-280 characters, falling off linearly outside. */
export const lengthScore = (length: number): number =>
  length < 30 ? Math.max(0, length / 30) : length <= 280 ? 1 : Math.max(0, 1 - (length - 280) / 280);

const keywordScore = (text: string, theme: Theme | undefined): number => {
  if (!theme) return 0;
  const stems = new Set(stemTokens(text));
  const simplified = toSimplified(text).toLowerCase();
  let hits = 0;
  for (const k of theme.keywords.en) {
    const kw = stemTokens(k);
    if (kw.length > 0 && kw.every((w) => stems.has(w))) hits++;
  }
  for (const k of theme.keywords.zh) if (simplified.includes(toSimplified(k))) hits++;
  return Math.min(1, hits / 2);
};

/**
 * Up to `perTheme` quotes of one theme: its negative and mixed items, scored by keyword hits
 * (0..1), closeness to the other quotes' words (cosine to their centroid, 0..1) and moderate length
 * (0..1), equally weighted; near-duplicates of a chosen quote (or of `already`) are skipped.
 */
export const pickVerbatims = (
  themeId: string,
  sample: readonly DigestSampleItem[],
  theme: Theme | undefined,
  linkFor: (id: string) => string,
  perTheme = 3,
  already: readonly Verbatim[] = [],
): Verbatim[] => {
  const candidates = sample.filter(
    (s) =>
      s.themes.includes(themeId) &&
      (s.sentiment === "NEGATIVE" || s.sentiment === "MIXED") &&
      s.text !== undefined &&
      s.text.trim().length > 0,
  );
  const words = candidates.map((c) => wordsOf(c.text ?? ""));
  const centroid = new Map<string, number>();
  for (const ws of words) for (const w of ws) centroid.set(w, (centroid.get(w) ?? 0) + 1);
  const scored = candidates.map((c, i) => {
    const own = words[i] ?? new Set<string>();
    // Cosine between this quote's word set and the sum of the others' word sets.
    let dot = 0;
    let norm = 0;
    for (const [w, count] of centroid) {
      const others = count - (own.has(w) ? 1 : 0);
      norm += others * others;
      if (own.has(w)) dot += others;
    }
    const closeness = own.size === 0 || norm === 0 ? 0 : dot / Math.sqrt(own.size * norm);
    const text = c.text ?? "";
    const score = keywordScore(text, theme) + closeness + lengthScore([...text.trim()].length);
    return { c, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  const chosen: Verbatim[] = [];
  for (const { c } of scored) {
    if (chosen.length >= perTheme) break;
    const text = c.text ?? "";
    const taken = [...already, ...chosen];
    if (taken.some((v) => v.feedbackId === c.id || trigramJaccard(v.text, text) >= DUPLICATE_SIMILARITY)) continue;
    chosen.push({
      feedbackId: c.id,
      theme: themeId,
      text,
      language: c.language,
      channel: c.channel,
      ...(c.score !== undefined && { score: c.score }),
      sentiment: c.sentiment,
      link: linkFor(c.id),
    });
  }
  return chosen;
};

// ---------------------------------------------------------------------------------------------
// Words

const roundSigned = (x: number): string => {
  const r = Math.round(x);
  return r > 0 ? `+${r}` : r < 0 ? `${r}` : "±0";
};

/** The one-line summary: the NPS and its change, then the theme that moved most. */
export const headline = (
  locale: DigestLocale,
  nps: NpsSummary,
  themes: readonly ThemeLine[],
  emerging: readonly TrendSignal[],
): string => {
  const zh = locale !== "en";
  const npsPart = !nps.enough
    ? { en: "NPS: not enough responses yet", "zh-Hans": "NPS：回复数尚不足", "zh-Hant": "NPS：回覆數尚不足" }[locale]
    : `NPS ${Math.round(nps.value ?? 0)}${nps.change === undefined ? "" : zh ? `（${roundSigned(nps.change)}）` : ` (${roundSigned(nps.change)})`}`;
  const rising = emerging.find((e) => e.direction === "rising");
  const line = (rising && themes.find((t) => t.theme === rising.theme)) ?? themes.find((t) => t.negative > 0);
  let themePart: string;
  if (!line) {
    themePart = { en: "no complaints this week", "zh-Hans": "本周无投诉", "zh-Hant": "本週無投訴" }[locale];
  } else if (line.change === undefined) {
    themePart = {
      en: `${line.label}: ${line.negative} new complaints`,
      "zh-Hans": `${line.label}新增投诉 ${line.negative} 条`,
      "zh-Hant": `${line.label}新增投訴 ${line.negative} 則`,
    }[locale];
  } else {
    const pct = Math.round(Math.abs(line.change) * 100);
    const up = line.change > 0;
    themePart =
      line.change === 0
        ? {
            en: `${line.label} complaints unchanged`,
            "zh-Hans": `${line.label}投诉持平`,
            "zh-Hant": `${line.label}投訴持平`,
          }[locale]
        : {
            en: `${line.label} complaints ${up ? "up" : "down"} ${pct} %`,
            "zh-Hans": `${line.label}投诉${up ? "上升" : "下降"} ${pct}%`,
            "zh-Hant": `${line.label}投訴${up ? "上升" : "下降"} ${pct}%`,
          }[locale];
  }
  return `${npsPart} · ${themePart}`;
};

const ALL_TEAMS: Record<DigestLocale, string> = { en: "All teams", "zh-Hans": "全部团队", "zh-Hant": "全部團隊" };

/** Plain-words explanation of each number (English; quoted by the README). */
export const methodLines = (
  minResponses: number,
  team: string | undefined,
  themes?: readonly string[] | undefined,
): string[] => [
  "NPS = % promoters (9-10) - % detractors (0-6) of this week's NPS answers; margin of error at 95 %: 1.96 x 100 x sqrt((p + d - (p - d)^2) / n), p and d being the promoter and detractor shares.",
  "CSAT = % of 4-5 ratings among this week's ratings; margin of error at 95 % by the normal approximation: 1.96 x 100 x sqrt(p (1 - p) / n).",
  `A score from fewer than ${minResponses} responses is shown as "not enough responses yet"; the previous week and the 8-week average only use weeks with at least ${minResponses} responses.`,
  team === undefined && themes === undefined
    ? "Volume = feedback received per channel this week, compared with the previous week and the average of the trailing 8 weeks that had data."
    : `Volume = mentions of ${themes === undefined ? `the ${team} team's themes` : `the followed themes (${themes.join(", ")})${team === undefined ? "" : ` of the ${team} team`}`} per channel (an item tagged with two of them counts twice). NPS and CSAT stay organization-wide: theme rows carry no score buckets.`,
  "Themes are ranked by negative and mixed mentions this week (Pareto); the vital few are the themes that together make up the first 80 % of complaints. An item tagged with several themes counts for each.",
  "Emerging and falling themes: Poisson test of this week's negative mentions against the average of the trailing weeks that had data (one-sided, p < 0.05; at least 5 mentions for a rise, a baseline of at least 5 for a drop).",
  "Quotes: for the top 3 vital themes, up to 3 negative or mixed comments from a sample of the week, chosen for the theme's keywords, closeness to the other comments and moderate length; near-duplicates removed. Texts are masked and shown as written.",
];

// ---------------------------------------------------------------------------------------------
// The digest

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
  const byChannel = {
    nps: volumeMetric((w) => volumeOf(w, "nps")),
    csat: volumeMetric((w) => volumeOf(w, "csat")),
    social: volumeMetric((w) => volumeOf(w, "social")),
  };
  const totalOf = (w: string) => CHANNELS.reduce((s, c) => s + volumeOf(w, c), 0);
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
  const themes = paretoRank(lines);

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
          test: testWords(locale, thisWeek, signal.baseline, signal.pValue),
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
  for (const line of themes.filter((t) => t.vital).slice(0, 3)) {
    verbatims.push(...pickVerbatims(line.theme, sample, taxonomyById.get(line.theme), input.linkFor, 3, verbatims));
  }

  const start = weekStart(week);
  return {
    week,
    from: utcDay(start),
    to: utcDay(new Date(start.getTime() + 6 * 86_400_000)),
    team,
    ...(followed !== undefined && { followedThemes: followed }),
    ...(touchpoints !== undefined && { followedTouchpoints: touchpoints }),
    teamLabel: [
      team ?? (followed === undefined && touchpoints === undefined ? ALL_TEAMS[locale] : undefined),
      ...(followed ?? []).map((id) => info(id).label),
      ...(touchpoints ?? []).map((id) => input.taxonomy.touchpoints.find((t) => t.id === id)?.labels[locale] ?? id),
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
    method: [
      ...methodLines(minResponses, team, followed),
      ...(touchpoints === undefined
        ? []
        : [
            `NPS, CSAT, volume and quotes count only answers given at ${touchpoints.join(", ")}; themes are ranked over all of ${team === undefined && followed === undefined ? "the organization's feedback" : "the followed team or themes"}.`,
          ]),
    ],
  };
};
