import type { DigestLocale } from "../model/digest.ts";
import { dateSpan, num, signed } from "./format.ts";
import { labelsFor } from "./labels.ts";

/** The monthly report's own words in each locale (the loop rows and the footer's links reuse labels.ts). */

export interface MonthlyLabels {
  /** "November 2026", "2026 年 11 月". */
  monthName: (month: string) => string;
  subject: (month: string) => string;
  title: string;
  period: (month: string, weeks: number, from: string, to: string) => string;
  summary: (responses: number, complaints: number) => string;
  top: string;
  complaints: string;
  share: string;
  rate: string;
  trend: string;
  rising: string;
  falling: string;
  steady: string;
  /** The rate against the three months before, with its test. */
  against: (rate: number, baseline: number, change: number, p: number) => string;
  noBaseline: string;
  noComplaints: string;
  worked: string;
  fix: (
    label: string,
    date: string,
    change: number,
    before: number,
    after: number,
    wb: number,
    wa: number,
    p: number,
  ) => string;
  noFixes: string;
  /**
   * A fix on its theme's line in the weekly digest, short: "complaints −34 % since the 12 Nov fix
   * (p = 0.003)"; `date` is the fix's ISO date.
   */
  fixSince: (date: string, change: number, p: number) => string;
  alsoFalling: string;
  /** `weeks`: the month's weeks, "weeks 45–48, 2026". */
  method: (weeks: string) => string[];
  why: (brand: string, team: string) => string;
}

const P = (p: number) => (p < 0.0001 ? "p < 0.0001" : p < 0.001 ? `p = ${p.toFixed(4)}` : `p = ${p.toFixed(3)}`);
/** A weekly digest's p-value: three decimals, "p < 0.001" below that. */
export const fixP = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);
const md = (date: string) => date.split("-").slice(1).map(Number) as [number, number];
/** A fix's day in Chinese words: "2026-10-14" reads "10 月 14 日". */
const zhDay = (date: string) => `${md(date)[0]} 月 ${md(date)[1]} 日`;
const ym = (month: string) => month.split("-").map(Number) as [number, number];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const zhMonth = (month: string) => `${ym(month)[0]} 年 ${ym(month)[1]} 月`;

const en: MonthlyLabels = {
  monthName: (month) => `${EN_MONTHS[ym(month)[1] - 1]} ${ym(month)[0]}`,
  subject: (month) => `Top 5 after-sales problems, ${en.monthName(month)}`,
  title: "Monthly after-sales report",
  period: (month, weeks, from, to) => `${en.monthName(month)}: ${weeks} weeks, ${dateSpan(from, to, "en")}`,
  summary: (r, c) => `${r} responses, ${c} complaints`,
  top: "Top 5 after-sales problems",
  complaints: "Complaints",
  share: "Share",
  rate: "Per 100 responses",
  trend: "Against the 3 months before",
  rising: "rising",
  falling: "falling",
  steady: "no significant change",
  against: (rate, base, change, p) => `${num(rate)} vs ${num(base)} (${signed(change * 100, 0)} %, ${P(p)})`,
  noBaseline: "no earlier months to compare",
  noComplaints: "No complaints this month.",
  worked: "Fixes that worked",
  fix: (label, date, change, before, after, wb, wa, p) =>
    `${label}: complaints ${signed(change * 100, 0)} % since the fix of ${EN_MONTHS[md(date)[0] - 1] ?? ""} ${md(date)[1]} (${num(before)} → ${num(after)} per 100 responses; ${wb} weeks before, ${wa} after; ${P(p)})`,
  noFixes: "No fix recorded in the last four months shows a significant drop yet.",
  fixSince: (date, change, p) =>
    `complaints ${signed(change * 100, 0)} % since the ${md(date)[1]} ${EN_MONTHS[md(date)[0] - 1]?.slice(0, 3) ?? ""} fix (${fixP(p)})`,
  alsoFalling: "Also falling",
  method: (weeks) => [
    `The month is the weeks whose Thursday falls in it (${weeks}), so each week belongs to one month.`,
    "Complaints: negative and mixed mentions of a theme (an item with two themes counts for both); the share is of all complaints of the themes followed.",
    "Trend: complaints per 100 responses this month against the 3 months before, by an exact test of equal rates (given all complaints, the month's count is binomial with its share of responses; two-sided); rising or falling when p < 0.05.",
    "Fixes that worked: fixes recorded in the month or the 3 before it whose theme's complaint rate in up to 8 weeks after the fix fell against up to 8 weeks before, by the same test (p < 0.05).",
    "Closing the loop: the follow-up counters of the month's weeks, summed; overdue is counted when the report is made.",
  ],
  why: (brand, team) => `You receive this monthly ${brand} report for ${team}.`,
};

const zhHans: MonthlyLabels = {
  monthName: zhMonth,
  subject: (month) => `${zhMonth(month)}售后问题前 5 名`,
  title: "每月售后报告",
  period: (month, weeks, from, to) => `${zhMonth(month)}：共 ${weeks} 周，${dateSpan(from, to, "zh-Hans")}`,
  summary: (r, c) => `反馈 ${r} 条，投诉 ${c} 条`,
  top: "售后问题前 5 名",
  complaints: "投诉",
  share: "占比",
  rate: "每百条反馈",
  trend: "较前 3 个月",
  rising: "上升",
  falling: "下降",
  steady: "无显著变化",
  against: (rate, base, change, p) => `${num(rate)}，此前 ${num(base)}（${signed(change * 100, 0)}%，${P(p)}）`,
  noBaseline: "前 3 个月无数据可比",
  noComplaints: "本月没有投诉。",
  worked: "见效的改进",
  fix: (label, date, change, before, after, wb, wa, p) =>
    `${label}：自 ${zhDay(date)}改进以来投诉 ${signed(change * 100, 0)}%（每百条反馈 ${num(before)} → ${num(after)}；之前 ${wb} 周，之后 ${wa} 周；${P(p)}）`,
  noFixes: "近四个月记录的改进尚未显示显著下降。",
  fixSince: (date, change, p) => `自 ${zhDay(date)}改进以来投诉 ${signed(change * 100, 0)}%（${fixP(p)}）`,
  alsoFalling: "其他下降的主题",
  method: (weeks) => [
    `本月按周计：周四落在本月的周（${weeks}）都算作本月，每周只属于一个月。`,
    "投诉：主题的负面和混合提及（一条反馈有两个主题时各算一次）；占比为所关注主题全部投诉中的比例。",
    "趋势：本月每百条反馈的投诉数与前 3 个月相比，用比率相等的精确检验（已知全部投诉时，本月投诉数服从以本月反馈占比为概率的二项分布；双侧）；p < 0.05 时判为上升或下降。",
    "见效的改进：本月及前 3 个月记录的改进中，改进后至多 8 周的投诉率较改进前至多 8 周显著下降者（同一检验，p < 0.05）。",
    "闭环跟进：本月各周跟进计数之和；逾期数为生成报告时的数字。",
  ],
  why: (brand, team) => `您收到这封邮件，是因为您订阅了 ${brand} 为「${team}」提供的每月报告。`,
};

const zhHant: MonthlyLabels = {
  monthName: zhMonth,
  subject: (month) => `${zhMonth(month)}售後問題前 5 名`,
  title: "每月售後報告",
  period: (month, weeks, from, to) => `${zhMonth(month)}：共 ${weeks} 週，${dateSpan(from, to, "zh-Hant")}`,
  summary: (r, c) => `回饋 ${r} 則，投訴 ${c} 則`,
  top: "售後問題前 5 名",
  complaints: "投訴",
  share: "佔比",
  rate: "每百則回饋",
  trend: "較前 3 個月",
  rising: "上升",
  falling: "下降",
  steady: "無顯著變化",
  against: (rate, base, change, p) => `${num(rate)}，先前 ${num(base)}（${signed(change * 100, 0)}%，${P(p)}）`,
  noBaseline: "前 3 個月無資料可比",
  noComplaints: "本月沒有投訴。",
  worked: "見效的改善",
  fix: (label, date, change, before, after, wb, wa, p) =>
    `${label}：自 ${zhDay(date)}改善以來投訴 ${signed(change * 100, 0)}%（每百則回饋 ${num(before)} → ${num(after)}；之前 ${wb} 週，之後 ${wa} 週；${P(p)}）`,
  noFixes: "近四個月記錄的改善尚未顯示顯著下降。",
  fixSince: (date, change, p) => `自 ${zhDay(date)}改善以來投訴 ${signed(change * 100, 0)}%（${fixP(p)}）`,
  alsoFalling: "其他下降的主題",
  method: (weeks) => [
    `本月按週計：週四落在本月的週（${weeks}）都算作本月，每週只屬於一個月。`,
    "投訴：主題的負面與混合提及（一則回饋有兩個主題時各算一次）；佔比為所關注主題全部投訴中的比例。",
    "趨勢：本月每百則回饋的投訴數與前 3 個月相比，以比率相等的精確檢定（已知全部投訴時，本月投訴數服從以本月回饋佔比為機率的二項分布；雙尾）；p < 0.05 時判為上升或下降。",
    "見效的改善：本月及前 3 個月記錄的改善中，改善後至多 8 週的投訴率較改善前至多 8 週顯著下降者（同一檢定，p < 0.05）。",
    "閉環跟進：本月各週跟進計數之和；逾期數為產生報告時的數字。",
  ],
  why: (brand, team) => `您收到這封郵件，是因為您訂閱了 ${brand} 為「${team}」提供的每月報告。`,
};

const MONTHLY: Readonly<Record<DigestLocale, MonthlyLabels>> = { en, "zh-Hans": zhHans, "zh-Hant": zhHant };

/** The monthly words and the digest's shared ones (loop rows, unsubscribe, percent sign, week names). */
export const monthlyLabelsFor = (locale: DigestLocale) => ({ m: MONTHLY[locale] ?? en, l: labelsFor(locale) });
