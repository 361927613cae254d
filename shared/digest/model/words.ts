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

const formatBaseline = (b: number): string => (b >= 10 ? String(Math.round(b)) : String(Math.round(b * 10) / 10));

/** A trend's test, in words a product manager can repeat; the pages add its p-value after it, as they write it. */
export const testWords = (locale: DigestLocale, thisWeek: number, baseline: number): string => {
  const b = formatBaseline(baseline);
  switch (locale) {
    case "zh-Hans":
      return `泊松检验：本周 ${thisWeek} 次，此前每周约 ${b} 次`;
    case "zh-Hant":
      return `卜瓦松檢定：本週 ${thisWeek} 次，此前每週約 ${b} 次`;
    default:
      return `Poisson test: ${thisWeek} vs about ${b} a week`;
  }
};

/** What a digest follows, in the reader's words (labels, not ids), for the method notes. */
export interface MethodFocus {
  /** The team's name. */
  team?: string | undefined;
  /** The followed themes' names. */
  themes?: readonly string[] | undefined;
  /** The followed touchpoints' names. */
  touchpoints?: readonly string[] | undefined;
}

interface MethodWords {
  nps: string;
  csat: string;
  minimum: (min: number) => string;
  volumeAll: string;
  volumeFocused: (followed: string) => string;
  teamThemes: (team: string) => string;
  followedThemes: (themes: string, team: string | undefined) => string;
  pareto: string;
  trends: string;
  quotes: string;
  touchpoints: (touchpoints: string, narrowed: boolean) => string;
  /** How a list of names is joined. */
  list: (items: readonly string[]) => string;
}

/** Plain-words explanation of each number, in each locale (docs/digest.md says the same at length). */
const METHOD: Readonly<Record<DigestLocale, MethodWords>> = {
  en: {
    nps: "NPS = % promoters (9-10) - % detractors (0-6) of this week's NPS answers; margin of error at 95 %: 1.96 × 100 × √((p + d − (p − d)²) / n), p and d being the promoter and detractor shares.",
    csat: "CSAT = % of 4-5 ratings among this week's ratings; margin of error at 95 % by the normal approximation: 1.96 × 100 × √(p (1 − p) / n).",
    minimum: (min) =>
      `A score from fewer than ${min} responses is shown as "not enough responses yet"; the previous week and the 8-week average only use weeks with at least ${min} responses.`,
    volumeAll:
      "Volume = feedback received per channel this week, compared with the previous week and the average of the trailing 8 weeks that had data.",
    volumeFocused: (followed) =>
      `Volume = mentions of ${followed} per channel (an item tagged with two of them counts twice). NPS and CSAT stay organization-wide: theme rows carry no score buckets.`,
    teamThemes: (team) => `the ${team} team's themes`,
    followedThemes: (themes, team) =>
      `the followed themes (${themes})${team === undefined ? "" : ` of the ${team} team`}`,
    pareto:
      "Themes are ranked by negative and mixed mentions this week (Pareto); the vital few are the themes that together make up the first 80 % of complaints. An item tagged with several themes counts for each.",
    trends:
      "Emerging and falling themes: Poisson test of this week's negative mentions against the average of the trailing weeks that had data (one-sided, p < 0.05; at least 5 mentions for a rise, a baseline of at least 5 for a drop).",
    quotes:
      "Quotes: for the top 3 vital themes, up to 3 negative or mixed comments from a sample of the week, chosen for the theme's keywords, closeness to the other comments and moderate length; near-duplicates removed. Texts are masked and shown as written.",
    touchpoints: (touchpoints, narrowed) =>
      `NPS, CSAT, volume and quotes count only answers given at ${touchpoints}; themes are ranked over all of ${narrowed ? "the followed team or themes" : "the organization's feedback"}.`,
    list: (items) => items.join(", "),
  },
  "zh-Hans": {
    nps: "NPS = 本周 NPS 回答中推荐者（9-10 分）的占比 − 贬损者（0-6 分）的占比；95% 置信水平的误差范围为 1.96 × 100 × √((p + d − (p − d)²) / n)，其中 p、d 分别为推荐者和贬损者的占比。",
    csat: "CSAT = 本周评分中 4-5 分的占比；95% 置信水平的误差范围按正态近似计算：1.96 × 100 × √(p (1 − p) / n)。",
    minimum: (min) =>
      `回复数少于 ${min} 条的分数显示为“样本不足”；与上周的比较和 8 周均值只使用回复数不少于 ${min} 条的周。`,
    volumeAll: "反馈量 = 本周各渠道收到的反馈数，与上周及此前 8 周中有数据各周的均值比较。",
    volumeFocused: (followed) =>
      `反馈量 = 本周各渠道中${followed}的提及数（一条反馈带有其中两个主题时计两次）。NPS 和 CSAT 仍按全组织计算：主题计数不含评分分布。`,
    teamThemes: (team) => `「${team}」负责的主题`,
    followedThemes: (themes, team) => `${team === undefined ? "" : `「${team}」`}所关注的主题（${themes}）`,
    pareto:
      "主题按本周负面和混合提及数排序（帕累托分析）；“前 80%”是合计占投诉前 80% 的少数关键主题。一条反馈带有多个主题时，每个主题各计一次。",
    trends:
      "上升与下降的主题：用泊松检验比较本周负面提及数与此前有数据各周的均值（单侧检验，p < 0.05；上升至少需 5 次提及，下降需基线不少于 5）。",
    quotes:
      "客户原话：为排名前 3 的关键主题各选最多 3 条负面或混合评论，取自本周样本，依据主题关键词、与其他评论的相近程度和适中的长度挑选，并去除近似重复。文字已脱敏，按原文展示。",
    touchpoints: (touchpoints, narrowed) =>
      `NPS、CSAT、反馈量和客户原话只统计在${touchpoints}给出的回答；主题排序仍覆盖${narrowed ? "所关注团队或主题" : "全组织"}的全部反馈。`,
    list: (items) => items.join("、"),
  },
  "zh-Hant": {
    nps: "NPS = 本週 NPS 回答中推薦者（9-10 分）的佔比 − 貶損者（0-6 分）的佔比；95% 信賴水準的誤差範圍為 1.96 × 100 × √((p + d − (p − d)²) / n)，其中 p、d 分別為推薦者和貶損者的佔比。",
    csat: "CSAT = 本週評分中 4-5 分的佔比；95% 信賴水準的誤差範圍按常態近似計算：1.96 × 100 × √(p (1 − p) / n)。",
    minimum: (min) =>
      `回覆數少於 ${min} 則的分數顯示為「樣本不足」；與上週的比較和 8 週平均只使用回覆數不少於 ${min} 則的週。`,
    volumeAll: "回饋量 = 本週各管道收到的回饋數，與上週及此前 8 週中有資料各週的平均比較。",
    volumeFocused: (followed) =>
      `回饋量 = 本週各管道中${followed}的提及數（一則回饋帶有其中兩個主題時計兩次）。NPS 和 CSAT 仍按全組織計算：主題計數不含評分分佈。`,
    teamThemes: (team) => `「${team}」負責的主題`,
    followedThemes: (themes, team) => `${team === undefined ? "" : `「${team}」`}所關注的主題（${themes}）`,
    pareto:
      "主題依本週負面和混合提及數排序（柏拉圖分析）；「前 80%」是合計佔投訴前 80% 的少數關鍵主題。一則回饋帶有多個主題時，每個主題各計一次。",
    trends:
      "上升與下降的主題：以卜瓦松檢定比較本週負面提及數與此前有資料各週的平均（單尾檢定，p < 0.05；上升至少需 5 次提及，下降需基線不少於 5）。",
    quotes:
      "客戶原話：為排名前 3 的關鍵主題各選最多 3 則負面或混合評論，取自本週樣本，依主題關鍵字、與其他評論的相近程度和適中的長度挑選，並去除近似重複。文字已去識別化，按原文呈現。",
    touchpoints: (touchpoints, narrowed) =>
      `NPS、CSAT、回饋量和客戶原話只統計在${touchpoints}給出的回答；主題排序仍涵蓋${narrowed ? "所關注團隊或主題" : "全組織"}的全部回饋。`,
    list: (items) => items.join("、"),
  },
};

/** How each number of the digest is made, in the digest's language: the footnote. */
export const methodLines = (locale: DigestLocale, minResponses: number, focus: MethodFocus = {}): string[] => {
  const w = METHOD[locale] ?? METHOD.en;
  const { team, themes, touchpoints } = focus;
  const focused = team !== undefined || themes !== undefined;
  const followed = themes === undefined ? w.teamThemes(team ?? "") : w.followedThemes(w.list(themes), team);
  return [
    w.nps,
    w.csat,
    w.minimum(minResponses),
    focused ? w.volumeFocused(followed) : w.volumeAll,
    w.pareto,
    w.trends,
    w.quotes,
    ...(touchpoints === undefined ? [] : [w.touchpoints(w.list(touchpoints), focused)]),
  ];
};
