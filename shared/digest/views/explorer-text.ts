import type { SupportedLocale } from "#shared/kernel/locale";
import { DIGEST_LABELS } from "./labels.ts";

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
  /** A week as the reader says it: the digest's "2026 年第 48 周"; "Week 48, 2026" in English. */
  weekName: (week: string) => string;
  /** The week under way, whose counts are not complete. */
  soFar: (week: string) => string;
  /** The trend's caption; `since` names the first week with data when the trend starts there. */
  trend: (weeks: number, since?: string) => string;
  nps: string;
  csat: string;
  volume: string;
  margin: string;
  notEnough: string;
  /** A team's or some themes' view: why NPS and CSAT are not shown. */
  noScoresForThemes: string;
  /** Volume, when it is the mentions of the followed themes. */
  themeVolume: string;
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
  /** The p-value as printed: "p = 0.003", "p < 0.001". */
  p: (p: number) => string;
  rising: (p: string) => string;
  falling: (p: string) => string;
  /** A theme that had no complaints in the weeks before (the digest's word). */
  newTheme: (p: string) => string;
  themeHeading: (label: string) => string;
  negativeShare: string;
  comments: string;
  commentsIntro: string;
  /** The comment list's note when one week is picked. */
  commentsOfWeek: (week: string) => string;
  /** One comment's page: nothing to order, only the masking to say. */
  maskedNote: string;
  search: string;
  searchHint: string;
  sentiment: string;
  sentiments: Readonly<Record<"POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED", string>>;
  /** The comments' language filter (not the page's language). */
  commentLanguage: string;
  languages: Readonly<Record<SupportedLocale, string>>;
  openComment: string;
  commentTitle: string;
  backToTheme: (label: string) => string;
  byTouchpoint: string;
  touchpointIntro: (period: string) => string;
  allWeeks: (weeks: number) => string;
  elsewhere: string;
  noTouchpoints: string;
  period: string;
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

const pValue = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);
const zhWeekName = (locale: "zh-Hans" | "zh-Hant") => DIGEST_LABELS[locale].weekName;

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
  weekName: (week) => {
    const m = /^(\d{4})-W(\d{2})$/.exec(week);
    return m ? `Week ${Number(m[2])}, ${m[1]}` : week;
  },
  soFar: (week) => `${week} (so far)`,
  trend: (weeks, since) =>
    since ? `The last ${weeks} complete weeks, since data began (${since})` : `The last ${weeks} complete weeks`,
  nps: "NPS",
  csat: "CSAT (% satisfied)",
  volume: "Responses",
  margin: "shaded: 95 % margin of error",
  notEnough: "not enough answers",
  noScoresForThemes:
    "NPS and CSAT are not shown here: they are counted per answer, not per theme, so they would be the whole organization’s.",
  themeVolume: "Mentions of these themes",
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
  p: pValue,
  rising: (p) => `rising (${p})`,
  falling: (p) => `falling (${p})`,
  newTheme: (p) => `${DIGEST_LABELS.en.newTheme} (${p})`,
  themeHeading: (label) => `Theme: ${label}`,
  negativeShare: "Negative share",
  comments: "What customers wrote",
  commentsIntro: "Newest first. Personal data is masked.",
  commentsOfWeek: (week) => `Comments from ${week}, newest first. Personal data is masked.`,
  maskedNote: "Personal data is masked.",
  search: "Search the comments",
  searchHint: "Words or phrases, in any language",
  sentiment: "Sentiment",
  sentiments: { POSITIVE: "Positive", NEGATIVE: "Negative", NEUTRAL: "Neutral", MIXED: "Mixed" },
  commentLanguage: "Written in",
  languages: { "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese", en: "English" },
  openComment: "Open",
  commentTitle: "What a customer wrote",
  backToTheme: (label) => `Back to ${label}`,
  byTouchpoint: "By touchpoint",
  touchpointIntro: (period) => `Mentions and complaints per touchpoint, ${period}.`,
  allWeeks: (weeks) => `the last ${weeks} weeks`,
  elsewhere: "Elsewhere or not given",
  noTouchpoints: "No mentions at a touchpoint in these weeks.",
  period: "Weeks",
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
    `complaints ${change} since (${before} → ${after} per 100 responses; ${wb} weeks before, ${wa} after; exact rate test ${p})`,
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
  weekName: zhWeekName("zh-Hans"),
  soFar: (week) => `${week}（本周至今）`,
  trend: (weeks, since) => (since ? `最近 ${weeks} 个完整周（自${since}有数据起）` : `最近 ${weeks} 个完整周`),
  nps: "NPS",
  csat: "满意度（满意占比 %）",
  volume: "反馈量",
  margin: "阴影：95% 误差范围",
  notEnough: "回复不足",
  noScoresForThemes: "此处不显示 NPS 和满意度：它们按回复统计，不按主题统计，显示出来就是全公司的数字。",
  themeVolume: "这些主题的提及量",
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
  p: pValue,
  rising: (p) => `上升（${p}）`,
  falling: (p) => `下降（${p}）`,
  newTheme: (p) => `${DIGEST_LABELS["zh-Hans"].newTheme}（${p}）`,
  themeHeading: (label) => `主题：${label}`,
  negativeShare: "负面占比",
  comments: "客户原话",
  commentsIntro: "最新的在前。个人信息已遮盖。",
  commentsOfWeek: (week) => `${week}的客户原话，最新的在前。个人信息已遮盖。`,
  maskedNote: "个人信息已遮盖。",
  search: "搜索客户原话",
  searchHint: "词或短语，任何语言",
  sentiment: "情绪",
  sentiments: { POSITIVE: "正面", NEGATIVE: "负面", NEUTRAL: "中性", MIXED: "褒贬不一" },
  commentLanguage: "原话语言",
  languages: { "zh-Hans": "简体中文", "zh-Hant": "繁体中文", en: "英文" },
  openComment: "查看",
  commentTitle: "客户原话",
  backToTheme: (label) => `返回“${label}”`,
  byTouchpoint: "各接触点",
  touchpointIntro: (period) => `各接触点的提及与投诉，${period}。`,
  allWeeks: (weeks) => `最近 ${weeks} 周`,
  elsewhere: "其他或未注明",
  noTouchpoints: "这几周没有在接触点的提及。",
  period: "时间",
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
    `此后投诉 ${change}（每 100 条回复 ${before} → ${after}；改进前 ${wb} 周、改进后 ${wa} 周；精确率检验 ${p}）`,
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
  weekName: zhWeekName("zh-Hant"),
  soFar: (week) => `${week}（本週至今）`,
  trend: (weeks, since) => (since ? `最近 ${weeks} 個完整週（自${since}有資料起）` : `最近 ${weeks} 個完整週`),
  csat: "滿意度（滿意佔比 %）",
  volume: "回饋量",
  margin: "陰影：95% 誤差範圍",
  notEnough: "回覆不足",
  noScoresForThemes: "此處不顯示 NPS 和滿意度：它們按回覆統計，不按主題統計，顯示出來就是全公司的數字。",
  themeVolume: "這些主題的提及量",
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
  rising: (p) => `上升（${p}）`,
  falling: (p) => `下降（${p}）`,
  newTheme: (p) => `${DIGEST_LABELS["zh-Hant"].newTheme}（${p}）`,
  themeHeading: (label) => `主題：${label}`,
  negativeShare: "負面佔比",
  comments: "客戶原話",
  commentsIntro: "最新的在前。個人資料已遮蔽。",
  commentsOfWeek: (week) => `${week}的客戶原話，最新的在前。個人資料已遮蔽。`,
  maskedNote: "個人資料已遮蔽。",
  search: "搜尋客戶原話",
  searchHint: "詞或短語，任何語言",
  sentiment: "情緒",
  sentiments: { POSITIVE: "正面", NEGATIVE: "負面", NEUTRAL: "中性", MIXED: "褒貶不一" },
  commentLanguage: "原話語言",
  languages: { "zh-Hans": "簡體中文", "zh-Hant": "繁體中文", en: "英文" },
  openComment: "查看",
  commentTitle: "客戶原話",
  backToTheme: (label) => `返回「${label}」`,
  byTouchpoint: "各接觸點",
  touchpointIntro: (period) => `各接觸點的提及與客訴，${period}。`,
  allWeeks: (weeks) => `最近 ${weeks} 週`,
  elsewhere: "其他或未註明",
  noTouchpoints: "這幾週沒有在接觸點的提及。",
  period: "時間",
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
    `此後客訴 ${change}（每 100 則回覆 ${before} → ${after}；改善前 ${wb} 週、改善後 ${wa} 週；精確率檢定 ${p}）`,
  fixNoEffectYet: "還看不出效果：需要改善後兩週的回覆。",
  notSignificant: "變化尚不明顯",
};

export const EXPLORER_TEXT: Readonly<Record<SupportedLocale, ExplorerText>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
