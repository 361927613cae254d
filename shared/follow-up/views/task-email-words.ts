import type { SupportedLocale } from "#shared/kernel/locale";
import type { DeadlineKind } from "../model/task.ts";

/** The task emails' own words (the task's words, statuses, themes, factors, are in ./task-words.ts). */
export interface TaskEmailWords {
  /** Between a label and its value. */
  colon: string;
  /** Between items of a list written in one line (reasons). */
  separator: string;
  quote: readonly [string, string];
  subjectNew: (level: string, team: string, reason: string) => string;
  subjectOverdue: (level: string, escalation: number, team: string, reason: string) => string;
  subjectBatch: (team: string, total: number, opened: number, overdue: number, top: string) => string;
  headingNew: string;
  headingOverdue: (escalation: number, deadline: string, late: string) => string;
  batchIntro: (total: number, team: string) => string;
  deadline: Readonly<Record<DeadlineKind, string>>;
  priority: string;
  priorityValue: (level: string, score: number) => string;
  customer: string;
  /** Whoever asked to be erased (their task's contact reads "[erased]"). */
  erased: string;
  status: string;
  channel: string;
  themes: string;
  noThemes: string;
  team: string;
  why: string;
  words: string;
  noWords: string;
  feedbackCount: (n: number) => string;
  firstResponseDue: string;
  resolveDue: string;
  responded: string;
  /** A time with the zone it is in: "12月4日 周五 20:29（中国标准时间）". */
  inZone: (time: string, zone: string) => string;
  openTask: string;
  noLink: (customer: string) => string;
  footer: (team: string, supervisor: boolean) => string;
}

const zhHans: TaskEmailWords = {
  colon: "：",
  separator: "；",
  quote: ["“", "”"],
  subjectNew: (level, team, reason) => `[hearback] ${level} 新跟进任务 · ${team}${reason ? ` · ${reason}` : ""}`,
  subjectOverdue: (level, n, team, reason) =>
    `[hearback] ${level} 跟进任务逾期（L${n}）· ${team}${reason ? ` · ${reason}` : ""}`,
  subjectBatch: (team, total, opened, overdue, top) =>
    `[hearback] ${team}：${total} 个跟进任务（${opened} 个新任务，${overdue} 个逾期），最高 ${top}`,
  headingNew: "新的跟进任务需要认领",
  headingOverdue: (n, deadline, late) => `跟进任务逾期（已升级 L${n}）：${deadline}已逾期 ${late}`,
  batchIntro: (total, team) => `自上一封邮件以来，${team}有 ${total} 个跟进任务需要关注，按优先级排列。`,
  deadline: { first_response: "首次响应", resolution: "解决" },
  priority: "优先级",
  priorityValue: (level, score) => `${level}（${score} 分）`,
  customer: "客户",
  erased: "已删除的客户",
  status: "状态",
  channel: "渠道",
  themes: "主题",
  noThemes: "未识别主题",
  team: "负责团队",
  why: "跟进原因",
  words: "客户原话",
  noWords: "客户没有留言",
  feedbackCount: (n) => `共 ${n} 条反馈`,
  firstResponseDue: "首次响应截止",
  resolveDue: "解决截止",
  responded: "已首次响应",
  inZone: (time, zone) => `${time}（${zone}）`,
  openTask: "打开任务",
  noLink: (customer) => `请在 hearback 分诊页面（/triage）的队列中查找“${customer}”的任务。`,
  footer: (team, supervisor) => `你收到此邮件，是因为你在${team}的${supervisor ? "主管" : "团队"}任务通知名单中。`,
};

const zhHant: TaskEmailWords = {
  colon: "：",
  separator: "；",
  quote: ["「", "」"],
  subjectNew: (level, team, reason) => `[hearback] ${level} 新跟進任務 · ${team}${reason ? ` · ${reason}` : ""}`,
  subjectOverdue: (level, n, team, reason) =>
    `[hearback] ${level} 跟進任務逾期（L${n}）· ${team}${reason ? ` · ${reason}` : ""}`,
  subjectBatch: (team, total, opened, overdue, top) =>
    `[hearback] ${team}：${total} 個跟進任務（${opened} 個新任務，${overdue} 個逾期），最高 ${top}`,
  headingNew: "新的跟進任務需要認領",
  headingOverdue: (n, deadline, late) => `跟進任務逾期（已升級 L${n}）：${deadline}已逾期 ${late}`,
  batchIntro: (total, team) => `自上一封郵件以來，${team}有 ${total} 個跟進任務需要關注，按優先級排列。`,
  deadline: { first_response: "首次回應", resolution: "解決" },
  priority: "優先級",
  priorityValue: (level, score) => `${level}（${score} 分）`,
  customer: "客戶",
  erased: "已刪除的客戶",
  status: "狀態",
  channel: "管道",
  themes: "主題",
  noThemes: "未識別主題",
  team: "負責團隊",
  why: "跟進原因",
  words: "客戶原話",
  noWords: "客戶沒有留言",
  feedbackCount: (n) => `共 ${n} 則回饋`,
  firstResponseDue: "首次回應截止",
  resolveDue: "解決截止",
  responded: "已首次回應",
  inZone: (time, zone) => `${time}（${zone}）`,
  openTask: "開啟任務",
  noLink: (customer) => `請在 hearback 分流頁面（/triage）的佇列中查找「${customer}」的任務。`,
  footer: (team, supervisor) => `你收到此郵件，是因為你在${team}的${supervisor ? "主管" : "團隊"}任務通知名單中。`,
};

const en: TaskEmailWords = {
  colon: ": ",
  separator: "; ",
  quote: ["“", "”"],
  subjectNew: (level, team, reason) => `[hearback] ${level} new follow-up · ${team}${reason ? ` · ${reason}` : ""}`,
  subjectOverdue: (level, n, team, reason) =>
    `[hearback] ${level} overdue follow-up (L${n}) · ${team}${reason ? ` · ${reason}` : ""}`,
  subjectBatch: (team, total, opened, overdue, top) =>
    `[hearback] ${team}: ${total} follow-up ${total === 1 ? "task" : "tasks"} (${opened} new, ${overdue} overdue), highest ${top}`,
  headingNew: "A new follow-up task needs an owner",
  headingOverdue: (n, deadline, late) => `Overdue follow-up (escalated L${n}): ${deadline} ${late} overdue`,
  batchIntro: (total, team) =>
    `${total} follow-up ${total === 1 ? "task" : "tasks"} for ${team} since the last email, most urgent first.`,
  deadline: { first_response: "first response", resolution: "resolution" },
  priority: "Priority",
  priorityValue: (level, score) => `${level} (${score} points)`,
  customer: "Customer",
  erased: "Erased customer",
  status: "Status",
  channel: "Channel",
  themes: "Themes",
  noThemes: "No theme recognised",
  team: "Team",
  why: "Why",
  words: "Customer's words",
  noWords: "The customer left no comment",
  feedbackCount: (n) => `${n} feedback ${n === 1 ? "item" : "items"}`,
  firstResponseDue: "First response due",
  resolveDue: "Resolution due",
  responded: "First response given",
  inZone: (time, zone) => `${time} (${zone})`,
  openTask: "Open the task",
  noLink: (customer) => `Find the task of ${customer} in the hearback triage queue (/triage).`,
  footer: (team, supervisor) =>
    `You receive this because you are on the task notices of ${team}${supervisor ? " as its supervisor" : ""}.`,
};

export const TASK_EMAIL_WORDS: Readonly<Record<SupportedLocale, TaskEmailWords>> = {
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
  en,
};
