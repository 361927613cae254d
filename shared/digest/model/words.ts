import type { DigestLocale, NpsSummary, ThemeLine, TrendSignal } from "./digest.ts";

/** The digest's sentences: the headline, the trend tests in words, and how each number is made. */

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

/** What the digest is about when it follows no team, theme or touchpoint. */
export const ALL_TEAMS: Readonly<Record<DigestLocale, string>> = {
  en: "All teams",
  "zh-Hans": "全部团队",
  "zh-Hant": "全部團隊",
};

const formatP = (p: number): string =>
  p < 0.0001 ? "p < 0.0001" : p < 0.001 ? `p = ${p.toFixed(4)}` : `p = ${p.toFixed(3)}`;

const formatBaseline = (b: number): string => (b >= 10 ? String(Math.round(b)) : String(Math.round(b * 10) / 10));

/** A trend test and its result, in words a product manager can repeat. */
export const testWords = (locale: DigestLocale, thisWeek: number, baseline: number, p: number): string => {
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

/** The method note of a digest that follows touchpoints: which numbers they narrow. */
export const touchpointsLine = (
  touchpoints: readonly string[],
  team: string | undefined,
  themes: readonly string[] | undefined,
): string =>
  `NPS, CSAT, volume and quotes count only answers given at ${touchpoints.join(", ")}; themes are ranked over all of ${team === undefined && themes === undefined ? "the organization's feedback" : "the followed team or themes"}.`;
