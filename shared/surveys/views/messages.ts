import type { SupportedLocale } from "#shared/kernel/locale";
import type { SurveyKind } from "../model/token.ts";

/**
 * Every word a customer reads in a survey link, email, SMS or page, in the three locales we
 * serve. Kept in one table so a translation is reviewed in one place and the email, the SMS and
 * the page always ask the same question.
 */

export type SurveyLocale = SupportedLocale;

/** The bands the follow-up question depends on: what went wrong, what would help, what went well. */
export type ScoreBand = "low" | "mid" | "high";

/** NPS: detractors 0-6, passives 7-8, promoters 9-10. CSAT: 1-2 unhappy, 3 neutral, 4-5 happy. */
export const scoreBand = (kind: SurveyKind, score: number): ScoreBand =>
  kind === "nps"
    ? score <= 6
      ? "low"
      : score <= 8
        ? "mid"
        : "high"
    : score <= 2
      ? "low"
      : score === 3
        ? "mid"
        : "high";

interface Messages {
  question: Record<SurveyKind, (brand?: string) => string>;
  /** NPS anchors under 0 and 10. */
  npsLow: string;
  npsHigh: string;
  /** CSAT labels for 1..5. */
  csatLabels: readonly [string, string, string, string, string];
  /** Screen-reader and link-title name of a score, e.g. "9 out of 10". */
  scoreName: (kind: SurveyKind, score: number) => string;
  followUp: Record<SurveyKind, Record<ScoreBand, string>>;
  /** Shown before a score is chosen. */
  commentGeneric: string;
  tapToAnswer: (range: string) => string;
  pageTitle: string;
  submit: string;
  update: string;
  scoreSaved: string;
  thanks: string;
  thanksDetail: string;
  chooseScore: string;
  errors: Record<ErrorStatus, { title: string; detail: string }>;
}

export type ErrorStatus = 400 | 403 | 404 | 410 | 429 | 500;

const en: Messages = {
  question: {
    nps: (brand) => `How likely are you to recommend ${brand ?? "us"} to a friend?`,
    csat: (brand) =>
      brand ? `How satisfied are you with ${brand}’s service?` : "How satisfied are you with the service?",
  },
  npsLow: "Not at all likely",
  npsHigh: "Extremely likely",
  csatLabels: ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
  scoreName: (kind, score) => (kind === "nps" ? `${score} out of 10` : `${score} out of 5 stars`),
  followUp: {
    nps: {
      low: "Sorry to hear that. What went wrong?",
      mid: "What would make us better?",
      high: "Great to hear! What did we do well?",
    },
    csat: {
      low: "Sorry to hear that. What went wrong?",
      mid: "What would have made it better?",
      high: "Great to hear! What did we do well?",
    },
  },
  commentGeneric: "Anything you would like to tell us? (optional)",
  tapToAnswer: (range) => `Answer (${range}):`,
  pageTitle: "Your feedback",
  submit: "Send",
  update: "Update my answer",
  scoreSaved: "Your score is saved. You can add a comment below.",
  thanks: "Thank you for your feedback!",
  thanksDetail: "You can still change your score or add a comment.",
  chooseScore: "Please choose a score.",
  errors: {
    400: { title: "This link isn’t quite right", detail: "Please open the link exactly as it was sent to you." },
    403: {
      title: "This link isn’t valid",
      detail: "It may have been copied incompletely. Please use the link from your message.",
    },
    404: {
      title: "We couldn’t find this survey",
      detail: "It may have been withdrawn. Thank you for wanting to help.",
    },
    410: { title: "This link has expired", detail: "This survey is closed. Thank you for wanting to tell us." },
    429: {
      title: "We’ve received a lot from this link",
      detail: "Please wait a minute and try again. Your earlier answer is saved.",
    },
    500: { title: "Something went wrong on our side", detail: "Please try again in a few minutes." },
  },
};

const zhHans: Messages = {
  question: {
    nps: (brand) => `您有多大可能向朋友推荐${brand ?? "我们"}？`,
    csat: (brand) => (brand ? `您对${brand}的服务满意吗？` : "您对本次服务满意吗？"),
  },
  npsLow: "完全不可能",
  npsHigh: "非常可能",
  csatLabels: ["非常不满意", "不满意", "一般", "满意", "非常满意"],
  scoreName: (kind, score) => (kind === "nps" ? `${score}分（满分10分）` : `${score}星（满分5星）`),
  followUp: {
    nps: { low: "很抱歉。哪里让您不满意？", mid: "我们怎样做会更好？", high: "太好了！我们哪里做得好？" },
    csat: { low: "很抱歉。哪里让您不满意？", mid: "怎样做会让您更满意？", high: "太好了！我们哪里做得好？" },
  },
  commentGeneric: "还有什么想告诉我们的吗？（选填）",
  tapToAnswer: (range) => `点击打分（${range}）：`,
  pageTitle: "您的反馈",
  submit: "提交",
  update: "更新我的回答",
  scoreSaved: "您的评分已保存，可以在下方补充意见。",
  thanks: "感谢您的反馈！",
  thanksDetail: "您仍可修改评分或补充意见。",
  chooseScore: "请选择一个分数。",
  errors: {
    400: { title: "链接有误", detail: "请按收到的原样打开链接。" },
    403: { title: "链接无效", detail: "链接可能复制不完整，请使用消息中的原始链接。" },
    404: { title: "找不到这份问卷", detail: "问卷可能已撤回，感谢您的支持。" },
    410: { title: "链接已过期", detail: "这份问卷已结束，感谢您愿意告诉我们。" },
    429: { title: "这个链接提交得太频繁了", detail: "请稍等一分钟再试。您之前的回答已保存。" },
    500: { title: "我们这边出了点问题", detail: "请过几分钟再试。" },
  },
};

const zhHant: Messages = {
  question: {
    nps: (brand) => `您有多大可能向朋友推薦${brand ?? "我們"}？`,
    csat: (brand) => (brand ? `您對${brand}的服務滿意嗎？` : "您對本次服務滿意嗎？"),
  },
  npsLow: "完全不可能",
  npsHigh: "非常可能",
  csatLabels: ["非常不滿意", "不滿意", "一般", "滿意", "非常滿意"],
  scoreName: (kind, score) => (kind === "nps" ? `${score}分（滿分10分）` : `${score}星（滿分5星）`),
  followUp: {
    nps: { low: "很抱歉。哪裡讓您不滿意？", mid: "我們怎樣做會更好？", high: "太好了！我們哪裡做得好？" },
    csat: { low: "很抱歉。哪裡讓您不滿意？", mid: "怎樣做會讓您更滿意？", high: "太好了！我們哪裡做得好？" },
  },
  commentGeneric: "還有什麼想告訴我們的嗎？（選填）",
  tapToAnswer: (range) => `點擊評分（${range}）：`,
  pageTitle: "您的意見",
  submit: "提交",
  update: "更新我的回答",
  scoreSaved: "您的評分已儲存，可以在下方補充意見。",
  thanks: "感謝您的意見！",
  thanksDetail: "您仍可修改評分或補充意見。",
  chooseScore: "請選擇一個分數。",
  errors: {
    400: { title: "連結有誤", detail: "請按收到的原樣開啟連結。" },
    403: { title: "連結無效", detail: "連結可能複製不完整，請使用訊息中的原始連結。" },
    404: { title: "找不到這份問卷", detail: "問卷可能已撤回，感謝您的支持。" },
    410: { title: "連結已過期", detail: "這份問卷已結束，感謝您願意告訴我們。" },
    429: { title: "這個連結提交得太頻繁了", detail: "請稍等一分鐘再試。您之前的回答已儲存。" },
    500: { title: "我們這邊出了點問題", detail: "請過幾分鐘再試。" },
  },
};

export const MESSAGES: Readonly<Record<SurveyLocale, Messages>> = { en, "zh-Hans": zhHans, "zh-Hant": zhHant };
