import type { SupportedLocale } from "#shared/kernel/locale";
import type { WebhookEventType } from "./endpoint.ts";

/** The words of a chat card, per language; labels of themes, channels, teams and statuses come from the taxonomy and the task words. */
export interface CardWords {
  title: Record<WebhookEventType, string>;
  test: string;
  priority: string;
  team: string;
  channel: string;
  themes: string;
  status: string;
  customer: string;
  words: string;
  firstResponseDue: string;
  resolveDue: string;
  overdue: (minutes: string) => string;
  level: (level: number) => string;
  open: string;
  noThemes: string;
  sentiment: string;
  sentimentName: (s: string) => string;
  week: string;
  score: string;
  count: string;
  /** Digest and theme cards. */
  nps: string;
  csat: string;
  volume: string;
  /** "32 (124 responses)": a number and how many answers it stands on. */
  ofResponses: (value: string, n: number) => string;
  period: string;
  followed: string;
  theme: string;
  mentions: string;
  negativeShare: string;
  receivedAt: string;
  task: string;
  allTeams: string;
  /** Between theme labels: "、" in Chinese, ", " in English. */
  listSeparator: string;
  /** Between a title and what follows it: "：" in Chinese, ": " in English. */
  colon: string;
  priorityName: Record<"P1" | "P2" | "P3" | "P4", string>;
}

/** A known value's word; anything else (or "constructor") a dash, never the raw value. */
const named = (words: Readonly<Record<string, string>>, key: string): string =>
  Object.hasOwn(words, key) ? (words[key] as string) : "–";

export const CARD_WORDS: Readonly<Record<SupportedLocale, CardWords>> = {
  "zh-Hans": {
    title: {
      "task.opened": "新的跟进任务",
      "task.escalated": "跟进任务已升级",
      "task.resolved": "跟进任务已解决",
      "task.reopened": "跟进任务已重新打开",
      "feedback.stored": "新的客户反馈",
      "digest.sent": "每周摘要已发送",
      "theme.emerging": "新出现的主题",
    },
    test: "测试消息",
    priority: "优先级",
    team: "团队",
    channel: "渠道",
    themes: "主题",
    status: "状态",
    customer: "客户",
    words: "客户原话（已遮盖个人信息）",
    firstResponseDue: "首次响应截止",
    resolveDue: "解决截止",
    overdue: (m) => `已逾期 ${m}`,
    level: (l) => `升级 ${l} 级`,
    open: "打开任务",
    noThemes: "无",
    sentiment: "情绪",
    sentimentName: (s) => named({ POSITIVE: "正面", NEGATIVE: "负面", NEUTRAL: "中性", MIXED: "褒贬不一" }, s),
    week: "周",
    score: "评分",
    count: "数量",
    nps: "NPS",
    csat: "CSAT",
    volume: "反馈量",
    ofResponses: (v, n) => `${v}（${n} 份答复）`,
    period: "日期",
    followed: "关注的主题",
    theme: "主题",
    mentions: "本周提及",
    negativeShare: "负面占比",
    receivedAt: "时间",
    task: "跟进任务",
    allTeams: "全部团队",
    listSeparator: "、",
    colon: "：",
    priorityName: { P1: "P1 紧急", P2: "P2 高", P3: "P3 中", P4: "P4 低" },
  },
  "zh-Hant": {
    title: {
      "task.opened": "新的跟進任務",
      "task.escalated": "跟進任務已升級",
      "task.resolved": "跟進任務已解決",
      "task.reopened": "跟進任務已重新開啟",
      "feedback.stored": "新的客戶回饋",
      "digest.sent": "每週摘要已寄出",
      "theme.emerging": "新出現的主題",
    },
    test: "測試訊息",
    priority: "優先級",
    team: "團隊",
    channel: "管道",
    themes: "主題",
    status: "狀態",
    customer: "客戶",
    words: "客戶原話（已遮蓋個人資料）",
    firstResponseDue: "首次回應期限",
    resolveDue: "解決期限",
    overdue: (m) => `已逾期 ${m}`,
    level: (l) => `升級 ${l} 級`,
    open: "開啟任務",
    noThemes: "無",
    sentiment: "情緒",
    sentimentName: (s) => named({ POSITIVE: "正面", NEGATIVE: "負面", NEUTRAL: "中性", MIXED: "褒貶不一" }, s),
    week: "週",
    score: "評分",
    count: "數量",
    nps: "NPS",
    csat: "CSAT",
    volume: "回饋量",
    ofResponses: (v, n) => `${v}（${n} 份回覆）`,
    period: "日期",
    followed: "關注的主題",
    theme: "主題",
    mentions: "本週提及",
    negativeShare: "負面佔比",
    receivedAt: "時間",
    task: "跟進任務",
    allTeams: "全部團隊",
    listSeparator: "、",
    colon: "：",
    priorityName: { P1: "P1 緊急", P2: "P2 高", P3: "P3 中", P4: "P4 低" },
  },
  en: {
    title: {
      "task.opened": "New follow-up task",
      "task.escalated": "Follow-up task escalated",
      "task.resolved": "Follow-up task resolved",
      "task.reopened": "Follow-up task reopened",
      "feedback.stored": "New customer feedback",
      "digest.sent": "Weekly digest sent",
      "theme.emerging": "Emerging theme",
    },
    test: "Test message",
    priority: "Priority",
    team: "Team",
    channel: "Channel",
    themes: "Themes",
    status: "Status",
    customer: "Customer",
    words: "Customer's words (personal data masked)",
    firstResponseDue: "First response due",
    resolveDue: "Resolve by",
    overdue: (m) => `overdue by ${m}`,
    level: (l) => `escalation level ${l}`,
    open: "Open the task",
    noThemes: "none",
    sentiment: "Sentiment",
    sentimentName: (s) =>
      ({ POSITIVE: "positive", NEGATIVE: "negative", NEUTRAL: "neutral", MIXED: "mixed" })[s] ?? "–",
    week: "Week",
    score: "Score",
    count: "Count",
    nps: "NPS",
    csat: "CSAT",
    volume: "Feedback",
    ofResponses: (v, n) => `${v} (${n} ${n === 1 ? "response" : "responses"})`,
    period: "Dates",
    followed: "Followed themes",
    theme: "Theme",
    mentions: "Mentions this week",
    negativeShare: "Negative share",
    receivedAt: "When",
    task: "Follow-up task",
    allTeams: "All teams",
    listSeparator: ", ",
    colon: ": ",
    priorityName: { P1: "P1 urgent", P2: "P2 high", P3: "P3 medium", P4: "P4 low" },
  },
};
