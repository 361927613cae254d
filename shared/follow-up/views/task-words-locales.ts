import type { Channel } from "#shared/feedback/model/schema";
import type { SupportedLocale } from "#shared/kernel/locale";
import type { AuditAction, Outcome, TaskStatus } from "../model/task.ts";

/**
 * The words of follow-up tasks in each language people read them in. ./task-words.ts puts them
 * together (numbers, lists and dates through Intl); nothing here is shown without it.
 */

export interface TaskDictionary {
  /** The tag Intl formats with ("en-GB": day before month, 24-hour clock). */
  intl: string;
  status: Readonly<Record<TaskStatus, string>>;
  channel: Readonly<Record<Channel, string>>;
  outcome: Readonly<Record<Outcome, string>>;
  action: Readonly<Record<AuditAction, string>>;
  otherTheme: string;
  otherTeam: string;
  /** Tiers the priority rules know (TIER_POINTS), the demo's and a few common others. */
  tiers: Readonly<Record<string, string>>;
  /** A tier the words do not know: a neutral word with the customer system's code. */
  otherTier: (code: string) => string;
  /** Social platforms (feedback's `platform`, free text from the sender) by lower-case code. */
  platforms: Readonly<Record<string, string>>;
  /** Between items of a list written in one line: "、" / ", ". */
  listSeparator: string;
  /** Between clauses (reasons) in one line: "；" / "; ". */
  clauseSeparator: string;
  /** Between a label and its value: "：" / ": ". */
  colon: string;
  factor: {
    nps: (score: string, band: string) => string;
    csat: (score: string) => string;
    tone: (pct: string) => string;
    reach: (followers: string, min: string) => string;
    urgent: (themes: string) => string;
    /** Factors stored before they carried their arguments, and unknown ones. */
    npsAny: string;
    csatAny: string;
    toneAny: string;
    tierAny: string;
    reachAny: string;
    urgentAny: string;
    other: string;
  };
  reason: {
    nps: (score: string, max: string) => string;
    csat: (score: string, max: string) => string;
    social: (followers?: string, min?: string) => string;
    urgent: (themes: string) => string;
    other: string;
  };
  duration: {
    underAMinute: string;
    days: (n: string) => string;
    hours: (n: string) => string;
    minutes: (n: string) => string;
  };
  /** Date, weekday and time as Intl wrote them, in the order this language reads them. */
  dateTime: (date: string, weekday: string, time: string) => string;
}

const zhHans: TaskDictionary = {
  intl: "zh-Hans",
  status: {
    open: "待处理",
    assigned: "已分派",
    contacted: "已联系",
    waiting_on_customer: "等待客户回复",
    resolved: "已解决",
    closed: "已关闭",
  },
  channel: { nps: "NPS", csat: "CSAT", social: "社交媒体" },
  outcome: {
    refund: "退款",
    replacement: "换货",
    apology: "道歉",
    compensation: "补偿",
    explanation: "解释说明",
    no_action_needed: "无需处理",
  },
  action: {
    opened: "创建了任务",
    joined: "追加了新反馈",
    assigned: "分派了任务",
    contacted: "联系了客户",
    waiting_on_customer: "开始等待客户回复",
    resumed: "恢复了处理",
    resolved: "解决了问题",
    closed: "关闭了任务",
    reopened: "重新打开了任务",
    note: "添加了备注",
    escalated: "升级了任务",
    replied: "回复了客户",
    confirmation_sent: "询问了客户问题是否解决",
    confirmation_not_sent: "未能询问客户问题是否解决",
    confirmation_answered: "答复了问题是否解决",
  },
  otherTheme: "其他主题",
  otherTeam: "其他团队",
  tiers: {
    enterprise: "企业客户",
    platinum: "白金客户",
    vip: "VIP 客户",
    gold: "金牌客户",
    silver: "银牌客户",
    bronze: "铜牌客户",
    standard: "标准客户",
    regular: "普通客户",
    basic: "基础客户",
    premium: "高级客户",
    free: "免费用户",
  },
  otherTier: (code) => `客户（等级 ${code}）`,
  platforms: {
    weibo: "微博",
    wechat: "微信",
    douyin: "抖音",
    xiaohongshu: "小红书",
    kuaishou: "快手",
    bilibili: "哔哩哔哩",
    zhihu: "知乎",
    tiktok: "TikTok",
    x: "X（推特）",
    twitter: "X（推特）",
    reddit: "Reddit",
    facebook: "Facebook",
    instagram: "Instagram",
    youtube: "YouTube",
    linkedin: "LinkedIn",
    "app-store": "App Store",
    "google-play": "Google Play",
  },
  listSeparator: "、",
  clauseSeparator: "；",
  colon: "：",
  factor: {
    nps: (score, band) => `NPS ${score} 分（0–${band} 档）`,
    csat: (score) => `CSAT ${score} 分（满分 5 分）`,
    tone: (pct) => `负面语气 ${pct}%`,
    reach: (followers, min) => `粉丝 ${followers}（≥ ${min}）`,
    urgent: (themes) => `紧急主题：${themes}`,
    npsAny: "NPS 评分",
    csatAny: "CSAT 评分",
    toneAny: "负面语气",
    tierAny: "客户等级",
    reachAny: "社交影响力",
    urgentAny: "紧急主题",
    other: "其他因素",
  },
  reason: {
    nps: (score, max) => `NPS ${score} 分，属于贬损者（0–${max} 分）`,
    csat: (score, max) => `CSAT ${score} 分（满分 5 分，${max} 分及以下需跟进）`,
    social: (followers, min) =>
      `社交媒体负面帖子${followers === undefined ? "" : min === undefined ? `（粉丝 ${followers}）` : `（粉丝 ${followers}，门槛 ${min}）`}`,
    urgent: (themes) => `紧急主题：${themes}`,
    other: "符合跟进规则",
  },
  duration: {
    underAMinute: "不到 1 分钟",
    days: (n) => `${n} 天`,
    hours: (n) => `${n} 小时`,
    minutes: (n) => `${n} 分`,
  },
  dateTime: (date, weekday, time) => `${date} ${weekday} ${time}`,
};

const zhHant: TaskDictionary = {
  intl: "zh-Hant",
  status: {
    open: "待處理",
    assigned: "已指派",
    contacted: "已聯繫",
    waiting_on_customer: "等待客戶回覆",
    resolved: "已解決",
    closed: "已關閉",
  },
  channel: { nps: "NPS", csat: "CSAT", social: "社群媒體" },
  outcome: {
    refund: "退款",
    replacement: "換貨",
    apology: "道歉",
    compensation: "補償",
    explanation: "解釋說明",
    no_action_needed: "無需處理",
  },
  action: {
    opened: "建立了任務",
    joined: "追加了新回饋",
    assigned: "指派了任務",
    contacted: "聯繫了客戶",
    waiting_on_customer: "開始等待客戶回覆",
    resumed: "恢復了處理",
    resolved: "解決了問題",
    closed: "關閉了任務",
    reopened: "重新開啟了任務",
    note: "新增了備註",
    escalated: "升級了任務",
    replied: "回覆了客戶",
    confirmation_sent: "詢問了客戶問題是否解決",
    confirmation_not_sent: "未能詢問客戶問題是否解決",
    confirmation_answered: "答覆了問題是否解決",
  },
  otherTheme: "其他主題",
  otherTeam: "其他團隊",
  tiers: {
    enterprise: "企業客戶",
    platinum: "白金客戶",
    vip: "VIP 客戶",
    gold: "金牌客戶",
    silver: "銀牌客戶",
    bronze: "銅牌客戶",
    standard: "標準客戶",
    regular: "一般客戶",
    basic: "基本客戶",
    premium: "進階客戶",
    free: "免費用戶",
  },
  otherTier: (code) => `客戶（等級 ${code}）`,
  platforms: {
    weibo: "微博",
    wechat: "微信",
    douyin: "抖音",
    xiaohongshu: "小紅書",
    kuaishou: "快手",
    bilibili: "嗶哩嗶哩",
    zhihu: "知乎",
    tiktok: "TikTok",
    x: "X（推特）",
    twitter: "X（推特）",
    reddit: "Reddit",
    facebook: "Facebook",
    instagram: "Instagram",
    youtube: "YouTube",
    linkedin: "LinkedIn",
    "app-store": "App Store",
    "google-play": "Google Play",
  },
  listSeparator: "、",
  clauseSeparator: "；",
  colon: "：",
  factor: {
    nps: (score, band) => `NPS ${score} 分（0–${band} 檔）`,
    csat: (score) => `CSAT ${score} 分（滿分 5 分）`,
    tone: (pct) => `負面語氣 ${pct}%`,
    reach: (followers, min) => `粉絲 ${followers}（≥ ${min}）`,
    urgent: (themes) => `緊急主題：${themes}`,
    npsAny: "NPS 評分",
    csatAny: "CSAT 評分",
    toneAny: "負面語氣",
    tierAny: "客戶等級",
    reachAny: "社群影響力",
    urgentAny: "緊急主題",
    other: "其他因素",
  },
  reason: {
    nps: (score, max) => `NPS ${score} 分，屬於貶損者（0–${max} 分）`,
    csat: (score, max) => `CSAT ${score} 分（滿分 5 分，${max} 分及以下需跟進）`,
    social: (followers, min) =>
      `社群媒體負面貼文${followers === undefined ? "" : min === undefined ? `（粉絲 ${followers}）` : `（粉絲 ${followers}，門檻 ${min}）`}`,
    urgent: (themes) => `緊急主題：${themes}`,
    other: "符合跟進規則",
  },
  duration: {
    underAMinute: "不到 1 分鐘",
    days: (n) => `${n} 天`,
    hours: (n) => `${n} 小時`,
    minutes: (n) => `${n} 分`,
  },
  dateTime: (date, weekday, time) => `${date} ${weekday} ${time}`,
};

const en: TaskDictionary = {
  intl: "en-GB",
  status: {
    open: "Open",
    assigned: "Assigned",
    contacted: "Contacted",
    waiting_on_customer: "Waiting on customer",
    resolved: "Resolved",
    closed: "Closed",
  },
  channel: { nps: "NPS", csat: "CSAT", social: "Social" },
  outcome: {
    refund: "Refund",
    replacement: "Replacement",
    apology: "Apology",
    compensation: "Compensation",
    explanation: "Explanation",
    no_action_needed: "No action needed",
  },
  action: {
    opened: "opened the task",
    joined: "added new feedback",
    assigned: "assigned the task",
    contacted: "contacted the customer",
    waiting_on_customer: "started waiting on the customer",
    resumed: "resumed the task",
    resolved: "resolved the task",
    closed: "closed the task",
    reopened: "reopened the task",
    note: "added a note",
    escalated: "escalated the task",
    replied: "replied to the customer",
    confirmation_sent: "asked the customer whether it is solved",
    confirmation_not_sent: "could not ask the customer whether it is solved",
    confirmation_answered: "answered whether it is solved",
  },
  otherTheme: "Other theme",
  otherTeam: "Other team",
  tiers: {
    enterprise: "Enterprise customer",
    platinum: "Platinum customer",
    vip: "VIP customer",
    gold: "Gold customer",
    silver: "Silver customer",
    bronze: "Bronze customer",
    standard: "Standard customer",
    regular: "Regular customer",
    basic: "Basic customer",
    premium: "Premium customer",
    free: "Free user",
  },
  otherTier: (code) => `Customer (tier ${code})`,
  platforms: {
    weibo: "Weibo",
    wechat: "WeChat",
    douyin: "Douyin",
    xiaohongshu: "Xiaohongshu",
    kuaishou: "Kuaishou",
    bilibili: "Bilibili",
    zhihu: "Zhihu",
    tiktok: "TikTok",
    x: "X (Twitter)",
    twitter: "X (Twitter)",
    reddit: "Reddit",
    facebook: "Facebook",
    instagram: "Instagram",
    youtube: "YouTube",
    linkedin: "LinkedIn",
    "app-store": "App Store",
    "google-play": "Google Play",
  },
  listSeparator: ", ",
  clauseSeparator: "; ",
  colon: ": ",
  factor: {
    nps: (score, band) => `NPS ${score} (0–${band} band)`,
    csat: (score) => `CSAT ${score} of 5`,
    tone: (pct) => `Negative tone ${pct}%`,
    reach: (followers, min) => `${followers} followers (≥ ${min})`,
    urgent: (themes) => `Urgent theme: ${themes}`,
    npsAny: "NPS score",
    csatAny: "CSAT rating",
    toneAny: "Negative tone",
    tierAny: "Customer tier",
    reachAny: "Social reach",
    urgentAny: "Urgent theme",
    other: "Other factor",
  },
  reason: {
    nps: (score, max) => `NPS ${score}: a detractor (0–${max})`,
    csat: (score, max) => `CSAT ${score} of 5 (${max} or lower gets a follow-up)`,
    social: (followers, min) =>
      `Negative social post${followers === undefined ? "" : min === undefined ? ` (${followers} followers)` : ` (${followers} followers, threshold ${min})`}`,
    urgent: (themes) => `Urgent theme: ${themes}`,
    other: "Matched a follow-up rule",
  },
  duration: {
    underAMinute: "under 1 min",
    days: (n) => `${n} d`,
    hours: (n) => `${n} h`,
    minutes: (n) => `${n} min`,
  },
  dateTime: (date, weekday, time) => `${weekday} ${date}, ${time}`,
};

export const TASK_DICTIONARIES: Readonly<Record<SupportedLocale, TaskDictionary>> = {
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
  en,
};
