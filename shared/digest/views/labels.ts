import type { Channel, Sentiment } from "#shared/feedback/model/schema";
import type { DigestLocale } from "../model/digest.ts";
import { DASH, dateSpan } from "./format.ts";

/** The email's words in each locale the digest speaks (the charts' alt texts are in chart-words.ts). */

export interface Labels {
  title: string;
  /** An ISO week as the reader says it: "Week 47, 2026", "2026 年第 47 周". */
  weekName: (week: string) => string;
  /** The same, short, under a chart's column: "W47", "第47周". */
  weekShort: (week: string) => string;
  /** From one week to another: "weeks 39–47, 2026", "2026 年第 39 周至 2026 年第 47 周". */
  weekSpan: (first: string, last: string) => string;
  week: (week: string, from: string, to: string) => string;
  nps: string;
  csat: string;
  volume: string;
  npsTrend: (weeks: number) => string;
  promoters: string;
  passives: string;
  detractors: string;
  channel: Readonly<Record<Channel, string>>;
  notEnough: (n: number) => string;
  responses: (n: number) => string;
  vsLastWeek: string;
  average8: string;
  marginOfError: string;
  pointsUnit: string;
  ppUnit: string;
  /** Number followed by a percent sign, with the locale's spacing. */
  pct: (value: string) => string;
  themes: string;
  themesIntro: string;
  rank: string;
  theme: string;
  negative: string;
  change: string;
  share: string;
  cumulative: string;
  vital: string;
  newTheme: string;
  noComplaints: string;
  trends: string;
  rising: string;
  falling: string;
  trendCounts: (thisWeek: string, baseline: string) => string;
  verbatims: string;
  view: string;
  sentiment: Readonly<Record<Sentiment, string>>;
  loop: string;
  opened: string;
  firstResponse: string;
  resolved: string;
  overdue: string;
  recovered: string;
  /** Recovery with its window, as the workbench says it: "Detractors recovered, last 9 weeks (weeks 40–48, 2026)". */
  recoveredOver: (weeks: number, first: string, last: string) => string;
  /** "Is your problem solved?": the share of yes, with the handbooks' target. */
  resolutionSatisfied: string;
  method: string;
  why: (brand: string, team: string) => string;
  unsubscribe: string;
  viewInBrowser: string;
  /** The link to the explorer, where the reader digs deeper than the email. */
  digDeeper: string;
  /** Between a label and what follows it on one line: "：" in Chinese, ": " in English. */
  colon: string;
  /** Between two parts of one line: "，" in Chinese, ", " in English. */
  comma: string;
  /** An aside after what it qualifies: "（p = 0.002）" in Chinese, " (p = 0.002)" in English. */
  aside: (text: string) => string;
  /** The language switch of the digest in a browser. */
  language: string;
}

/** "2026-W47" -> [2026, 47]; anything else (never built by the digest) stays as it is. */
const weekParts = (week: string): [string, number] | undefined => {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  return m ? [m[1] ?? "", Number(m[2])] : undefined;
};
/** "第 40–48 周" in one year, "2026 年第 50 周至 2027 年第 5 周" across two. */
const zhWeekSpan = (w: "周" | "週", first: string, last: string): string => {
  const a = weekParts(first);
  const b = weekParts(last);
  if (!a || !b) return `${first}${DASH}${last}`;
  if (first === last) return `第 ${a[1]} ${w}`;
  return a[0] === b[0] ? `第 ${a[1]}–${b[1]} ${w}` : `${a[0]} 年第 ${a[1]} ${w}至 ${b[0]} 年第 ${b[1]} ${w}`;
};

/** "weeks 40–48, 2026" in one year, "week 50, 2026 to week 5, 2027" across two. */
const enWeekSpan = (first: string, last: string): string => {
  const a = weekParts(first);
  const b = weekParts(last);
  if (!a || !b) return `${first} to ${last}`;
  if (first === last) return `week ${a[1]}, ${a[0]}`;
  return a[0] === b[0] ? `weeks ${a[1]}–${b[1]}, ${a[0]}` : `week ${a[1]}, ${a[0]} to week ${b[1]}, ${b[0]}`;
};

const zhWeek = (w: "周" | "週") => ({
  weekName: (week: string) => {
    const p = weekParts(week);
    return p ? `${p[0]} 年第 ${p[1]} ${w}` : week;
  },
  weekSpan: (first: string, last: string) => `${zhWeek(w).weekName(first)} 至 ${zhWeek(w).weekName(last)}`,
  weekShort: (week: string) => {
    const p = weekParts(week);
    return p ? `第${p[1]}${w}` : week;
  },
});

const en: Labels = {
  title: "Weekly voice of customer",
  weekName: (week) => {
    const p = weekParts(week);
    return p ? `Week ${p[1]}, ${p[0]}` : week;
  },
  weekShort: (week) => week.replace(/^\d{4}-/, ""),
  weekSpan: (first, last) => enWeekSpan(first, last),
  week: (week, from, to) => {
    const p = weekParts(week);
    return `${p ? `Week ${p[1]}` : week} (${dateSpan(from, to, "en")})`;
  },
  nps: "NPS",
  csat: "CSAT",
  volume: "Responses",
  npsTrend: (n) => `NPS, last ${n} weeks`,
  promoters: "Promoters",
  passives: "Passives",
  detractors: "Detractors",
  channel: { nps: "NPS survey", csat: "Service rating", social: "Social mentions" },
  notEnough: (n) => `not enough responses yet (n\u00a0=\u00a0${n})`,
  responses: (n) => `n = ${n}`,
  vsLastWeek: "vs last week",
  average8: "8-week average",
  marginOfError: "margin of error",
  pointsUnit: "pts",
  ppUnit: "pp",
  pct: (v) => `${v} %`,
  themes: "Where it hurts: complaint themes",
  themesIntro: "Ranked by negative mentions (Pareto). The themes marked “top 80 %” cause most complaints: fix first.",
  rank: "#",
  theme: "Theme",
  negative: "Negative",
  change: "Change",
  share: "Share",
  cumulative: "Cumulative",
  vital: "top 80 %",
  newTheme: "new",
  noComplaints: "No complaints this week.",
  trends: "Emerging and falling themes",
  rising: "rising",
  falling: "falling",
  trendCounts: (w, b) => `${w} negative mentions this week vs ${b} a week on average`,
  verbatims: "In their words",
  view: "view",
  sentiment: { POSITIVE: "positive", NEGATIVE: "negative", NEUTRAL: "neutral", MIXED: "mixed" },
  loop: "Closing the loop",
  opened: "Follow-up tasks opened",
  firstResponse: "First response within SLA",
  resolved: "Resolved within SLA",
  overdue: "Overdue now",
  recovered: "Detractors recovered",
  recoveredOver: (n, first, last) =>
    `Detractors recovered, last ${n} ${n === 1 ? "week" : "weeks"} (${enWeekSpan(first, last)})`,
  resolutionSatisfied: "Customers who confirm it is solved (target 90 %)",
  method: "How these numbers are made",
  why: (brand, team) => `You receive this weekly ${brand} digest for ${team}.`,
  unsubscribe: "Unsubscribe",
  viewInBrowser: "View in browser",
  digDeeper: "Dig deeper",
  colon: ": ",
  comma: ", ",
  aside: (text) => ` (${text})`,
  language: "Language",
};

const zhHans: Labels = {
  title: "每周客户之声",
  ...zhWeek("周"),
  week: (week, from, to) => `${zhWeek("周").weekName(week)}（${dateSpan(from, to, "zh-Hans")}）`,
  nps: "NPS",
  csat: "CSAT 满意度",
  volume: "反馈量",
  npsTrend: (n) => `近 ${n} 周 NPS`,
  promoters: "推荐者",
  passives: "中立者",
  detractors: "贬损者",
  channel: { nps: "NPS 问卷", csat: "服务评价", social: "社交媒体" },
  notEnough: (n) => `样本不足，暂不计算（n\u00a0=\u00a0${n}）`,
  responses: (n) => `n = ${n}`,
  vsLastWeek: "较上周",
  average8: "8 周均值",
  marginOfError: "误差范围",
  pointsUnit: "分",
  ppUnit: "个百分点",
  pct: (v) => `${v}%`,
  themes: "痛点：投诉主题",
  themesIntro: "按负面提及数排序（帕累托）。标记为“前 80%”的主题造成了大部分投诉，应优先解决。",
  rank: "#",
  theme: "主题",
  negative: "负面",
  change: "变化",
  share: "占比",
  cumulative: "累计",
  vital: "前 80%",
  newTheme: "新增",
  noComplaints: "本周没有投诉。",
  trends: "上升与下降的主题",
  rising: "上升",
  falling: "下降",
  trendCounts: (w, b) => `本周负面提及 ${w} 条，平时每周平均 ${b} 条`,
  verbatims: "客户原话",
  view: "查看",
  sentiment: { POSITIVE: "正面", NEGATIVE: "负面", NEUTRAL: "中性", MIXED: "混合" },
  loop: "闭环跟进",
  opened: "新建跟进任务",
  firstResponse: "SLA 内首次响应",
  resolved: "SLA 内解决",
  overdue: "当前逾期",
  recovered: "挽回的贬损者",
  recoveredOver: (n, first, last) => `挽回的贬损者（近 ${n} 周，${zhWeekSpan("周", first, last)}）`,
  resolutionSatisfied: "客户确认问题已解决（目标 90%）",
  method: "数据说明",
  why: (brand, team) => `您收到这封邮件，是因为您订阅了 ${brand} 为「${team}」提供的每周摘要。`,
  unsubscribe: "退订",
  viewInBrowser: "在浏览器中查看",
  digDeeper: "深入查看",
  colon: "：",
  comma: "，",
  aside: (text) => `（${text}）`,
  language: "语言",
};

const zhHant: Labels = {
  title: "每週客戶之聲",
  ...zhWeek("週"),
  week: (week, from, to) => `${zhWeek("週").weekName(week)}（${dateSpan(from, to, "zh-Hant")}）`,
  nps: "NPS",
  csat: "CSAT 滿意度",
  volume: "回饋量",
  npsTrend: (n) => `近 ${n} 週 NPS`,
  promoters: "推薦者",
  passives: "中立者",
  detractors: "貶損者",
  channel: { nps: "NPS 問卷", csat: "服務評價", social: "社群媒體" },
  notEnough: (n) => `樣本不足，暫不計算（n\u00a0=\u00a0${n}）`,
  responses: (n) => `n = ${n}`,
  vsLastWeek: "較上週",
  average8: "8 週平均",
  marginOfError: "誤差範圍",
  pointsUnit: "分",
  ppUnit: "個百分點",
  pct: (v) => `${v}%`,
  themes: "痛點：投訴主題",
  themesIntro: "依負面提及數排序（柏拉圖分析）。標記為「前 80%」的主題造成了大部分投訴，應優先處理。",
  rank: "#",
  theme: "主題",
  negative: "負面",
  change: "變化",
  share: "佔比",
  cumulative: "累計",
  vital: "前 80%",
  newTheme: "新增",
  noComplaints: "本週沒有投訴。",
  trends: "上升與下降的主題",
  rising: "上升",
  falling: "下降",
  trendCounts: (w, b) => `本週負面提及 ${w} 則，平時每週平均 ${b} 則`,
  verbatims: "客戶原話",
  view: "查看",
  sentiment: { POSITIVE: "正面", NEGATIVE: "負面", NEUTRAL: "中性", MIXED: "混合" },
  loop: "閉環跟進",
  opened: "新建跟進任務",
  firstResponse: "SLA 內首次回應",
  resolved: "SLA 內解決",
  overdue: "目前逾期",
  recovered: "挽回的貶損者",
  recoveredOver: (n, first, last) => `挽回的貶損者（近 ${n} 週，${zhWeekSpan("週", first, last)}）`,
  resolutionSatisfied: "客戶確認問題已解決（目標 90%）",
  method: "資料說明",
  why: (brand, team) => `您收到這封郵件，是因為您訂閱了 ${brand} 為「${team}」提供的每週摘要。`,
  unsubscribe: "取消訂閱",
  viewInBrowser: "在瀏覽器中檢視",
  digDeeper: "深入查看",
  colon: "：",
  comma: "，",
  aside: (text) => `（${text}）`,
  language: "語言",
};

export const DIGEST_LABELS: Readonly<Record<DigestLocale, Labels>> = { en, "zh-Hans": zhHans, "zh-Hant": zhHant };

/** The labels of a locale; English for one the digest does not speak. */
export const labelsFor = (locale: DigestLocale): Labels => DIGEST_LABELS[locale] ?? en;
