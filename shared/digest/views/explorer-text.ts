import type { SupportedLocale } from "#shared/kernel/locale";

/** Every word of the explorer (the product teams' place to dig in), in the three locales. */
export interface ExplorerText {
  lang: string;
  language: string;
  title: string;
  heading: string;
  intro: string;
  backToWorkbench: string;
  overview: string;
  filters: string;
  channel: string;
  touchpoint: string;
  week: string;
  all: string;
  apply: string;
  touchpointNote: string;
  trend: (weeks: number) => string;
  nps: string;
  csat: string;
  volume: string;
  margin: string;
  notEnough: string;
  tableOf: (what: string) => string;
  weekCol: string;
  valueCol: string;
  nCol: string;
  pareto: (week: string) => string;
  paretoEmpty: string;
  theme: string;
  complaints: string;
  share: string;
  cumulative: string;
  mentions: string;
  vital: string;
  rising: (p: string) => string;
  falling: (p: string) => string;
  themeHeading: (label: string) => string;
  negativeShare: string;
  comments: string;
  commentsIntro: string;
  search: string;
  searchHint: string;
  sentiment: string;
  sentiments: Readonly<Record<"POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED", string>>;
  noComments: string;
  more: string;
  back: string;
  scanned: (n: number) => string;
  unknownTheme: string;
  fixes: string;
  readingWrong: string;
  correctSentiment: string;
  correctThemes: string;
  saveCorrection: string;
  fixEffect: (
    change: string,
    before: string,
    after: string,
    p: string,
    weeksBefore: number,
    weeksAfter: number,
  ) => string;
  fixNoEffectYet: string;
  notSignificant: string;
}

const en: ExplorerText = {
  lang: "en",
  language: "Language",
  title: "Explorer – hearback",
  heading: "What customers say",
  intro: "Trends from the weekly counts, and the comments behind them.",
  backToWorkbench: "Follow-up workbench",
  overview: "All themes",
  filters: "Filter",
  channel: "Channel",
  touchpoint: "Touchpoint",
  week: "Week",
  all: "All",
  apply: "Show",
  touchpointNote: "A touchpoint filters scores and volume; themes are counted over all touchpoints.",
  trend: (weeks) => `The last ${weeks} weeks`,
  nps: "NPS",
  csat: "CSAT (% satisfied)",
  volume: "Responses",
  margin: "shaded: 95 % margin of error",
  notEnough: "not enough answers",
  tableOf: (what) => `${what}, week by week`,
  weekCol: "Week",
  valueCol: "Value",
  nCol: "Answers",
  pareto: (week) => `Complaints by theme, ${week}`,
  paretoEmpty: "No tagged feedback this week.",
  theme: "Theme",
  complaints: "Complaints",
  share: "Share",
  cumulative: "Cumulative",
  mentions: "Mentions",
  vital: "the vital few (80 %)",
  rising: (p) => `rising (p = ${p})`,
  falling: (p) => `falling (p = ${p})`,
  themeHeading: (label) => `Theme: ${label}`,
  negativeShare: "Negative share",
  comments: "What customers wrote",
  commentsIntro: "Newest first. Personal data is masked.",
  search: "Search the comments",
  searchHint: "Words or phrases, in any language",
  sentiment: "Sentiment",
  sentiments: { POSITIVE: "Positive", NEGATIVE: "Negative", NEUTRAL: "Neutral", MIXED: "Mixed" },
  noComments: "No comments match.",
  more: "More comments",
  back: "All themes",
  scanned: (n) => `Searched the newest ${n} comments; “More comments” searches further.`,
  unknownTheme: "There is no such theme.",
  fixes: "Fixes and their effect",
  readingWrong: "Reading wrong?",
  correctSentiment: "Right sentiment",
  correctThemes: "Right themes",
  saveCorrection: "Save correction",
  fixEffect: (change, before, after, p, wb, wa) =>
    `complaints ${change} since (${before} → ${after} per 100 responses; ${wb} weeks before, ${wa} after; exact rate test p = ${p})`,
  fixNoEffectYet: "Too early to tell: two weeks of answers after the fix are needed.",
  notSignificant: "not a clear change yet",
};

const zhHans: ExplorerText = {
  lang: "zh-Hans",
  language: "语言",
  title: "洞察 – hearback",
  heading: "客户在说什么",
  intro: "来自每周统计的趋势，以及背后的客户原话。",
  backToWorkbench: "跟进工作台",
  overview: "全部主题",
  filters: "筛选",
  channel: "渠道",
  touchpoint: "接触点",
  week: "周",
  all: "全部",
  apply: "显示",
  touchpointNote: "接触点只筛选评分和反馈量；主题按全部接触点统计。",
  trend: (weeks) => `最近 ${weeks} 周`,
  nps: "NPS",
  csat: "满意度（满意占比 %）",
  volume: "反馈量",
  margin: "阴影：95% 误差范围",
  notEnough: "回复不足",
  tableOf: (what) => `${what}（逐周）`,
  weekCol: "周",
  valueCol: "数值",
  nCol: "回复数",
  pareto: (week) => `各主题投诉，${week}`,
  paretoEmpty: "本周没有已归类的反馈。",
  theme: "主题",
  complaints: "投诉",
  share: "占比",
  cumulative: "累计",
  mentions: "提及",
  vital: "关键少数（80%）",
  rising: (p) => `上升（p = ${p}）`,
  falling: (p) => `下降（p = ${p}）`,
  themeHeading: (label) => `主题：${label}`,
  negativeShare: "负面占比",
  comments: "客户原话",
  commentsIntro: "最新的在前。个人信息已遮盖。",
  search: "搜索客户原话",
  searchHint: "词或短语，任何语言",
  sentiment: "情绪",
  sentiments: { POSITIVE: "正面", NEGATIVE: "负面", NEUTRAL: "中性", MIXED: "褒贬不一" },
  noComments: "没有符合的原话。",
  more: "更多原话",
  back: "全部主题",
  scanned: (n) => `已在最新的 ${n} 条原话中搜索；点“更多原话”继续搜索。`,
  unknownTheme: "没有这个主题。",
  fixes: "改进记录及效果",
  readingWrong: "分析有误？",
  correctSentiment: "正确的情绪",
  correctThemes: "正确的主题",
  saveCorrection: "保存更正",
  fixEffect: (change, before, after, p, wb, wa) =>
    `此后投诉 ${change}（每 100 条回复 ${before} → ${after}；改进前 ${wb} 周、改进后 ${wa} 周；精确率检验 p = ${p}）`,
  fixNoEffectYet: "还看不出效果：需要改进后两周的回复。",
  notSignificant: "变化尚不明显",
};

const zhHant: ExplorerText = {
  ...zhHans,
  lang: "zh-Hant",
  language: "語言",
  title: "洞察 – hearback",
  heading: "客戶在說什麼",
  intro: "來自每週統計的趨勢，以及背後的客戶原話。",
  backToWorkbench: "跟進工作台",
  overview: "全部主題",
  filters: "篩選",
  channel: "管道",
  touchpoint: "接觸點",
  week: "週",
  all: "全部",
  apply: "顯示",
  touchpointNote: "接觸點只篩選評分和回饋量；主題按全部接觸點統計。",
  trend: (weeks) => `最近 ${weeks} 週`,
  csat: "滿意度（滿意佔比 %）",
  volume: "回饋量",
  margin: "陰影：95% 誤差範圍",
  notEnough: "回覆不足",
  tableOf: (what) => `${what}（逐週）`,
  weekCol: "週",
  valueCol: "數值",
  nCol: "回覆數",
  pareto: (week) => `各主題客訴，${week}`,
  paretoEmpty: "本週沒有已歸類的回饋。",
  theme: "主題",
  complaints: "客訴",
  share: "佔比",
  cumulative: "累計",
  mentions: "提及",
  vital: "關鍵少數（80%）",
  rising: (p) => `上升（p = ${p}）`,
  falling: (p) => `下降（p = ${p}）`,
  themeHeading: (label) => `主題：${label}`,
  negativeShare: "負面佔比",
  comments: "客戶原話",
  commentsIntro: "最新的在前。個人資料已遮蔽。",
  search: "搜尋客戶原話",
  searchHint: "詞或短語，任何語言",
  sentiment: "情緒",
  sentiments: { POSITIVE: "正面", NEGATIVE: "負面", NEUTRAL: "中性", MIXED: "褒貶不一" },
  noComments: "沒有符合的原話。",
  more: "更多原話",
  back: "全部主題",
  scanned: (n) => `已在最新的 ${n} 則原話中搜尋；點「更多原話」繼續搜尋。`,
  unknownTheme: "沒有這個主題。",
  fixes: "改善紀錄及效果",
  readingWrong: "分析有誤？",
  correctSentiment: "正確的情緒",
  correctThemes: "正確的主題",
  saveCorrection: "儲存更正",
  fixEffect: (change, before, after, p, wb, wa) =>
    `此後客訴 ${change}（每 100 則回覆 ${before} → ${after}；改善前 ${wb} 週、改善後 ${wa} 週；精確率檢定 p = ${p}）`,
  fixNoEffectYet: "還看不出效果：需要改善後兩週的回覆。",
  notSignificant: "變化尚不明顯",
};

export const EXPLORER_TEXT: Readonly<Record<SupportedLocale, ExplorerText>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
