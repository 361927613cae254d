import type { SupportedLocale } from "#shared/kernel/locale";

/**
 * Every word a customer reads in the "is your problem solved?" email and on its page, in the three
 * locales we serve, in one table so a translation is reviewed in one place.
 */

export interface ConfirmationWords {
  subject: string;
  greeting: (name?: string) => string;
  /** What was done, by the task's outcome; `doneOther` for any outcome not named here. */
  done: Readonly<Record<string, string>>;
  doneOther: string;
  question: string;
  yes: string;
  no: string;
  tapHint: string;
  validFor: (days: number) => string;
  /** Between an answer and its link in the text part: "：" in Chinese, ": " in English. */
  colon: string;
  /** Between two sentences on one line: nothing after a Chinese full stop, a space after an English one. */
  sentenceGap: string;
  replyHint: string;
  signoff: (brand?: string) => string;
  csatQuestion: string;
  csatNone: string;
  comment: string;
  submitHint: string;
  submit: string;
  thanks: Record<"closed" | "reopened" | "recorded" | "already_answered", { title: string; detail: string }>;
}

const en: ConfirmationWords = {
  subject: "Is your problem solved?",
  greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
  done: {
    refund: "We have issued your refund.",
    replacement: "We have arranged a replacement for you.",
    apology: "We have looked into what happened, and we are sorry for the trouble.",
    compensation: "We have arranged compensation for you.",
    explanation: "We have looked into your question and explained what happened.",
    no_action_needed: "We have looked into your feedback.",
  },
  doneOther: "We have looked into your feedback.",
  question: "Is your problem solved?",
  yes: "Yes, it’s solved",
  no: "No, not yet",
  tapHint: "Tap one answer. On the page that opens you can also rate our help and tell us more.",
  validFor: (days) => `The link works for ${days} ${days === 1 ? "day" : "days"}.`,
  colon: ": ",
  sentenceGap: " ",
  replyHint: "Or simply reply to this email: it reaches our support team.",
  signoff: (brand) => `Thank you, ${brand ? `${brand} customer support` : "your customer support team"}`,
  csatQuestion: "How satisfied are you with how we handled it? (optional)",
  csatNone: "No rating",
  comment: "Anything to add? If it is not solved, what is still wrong? (optional)",
  submitHint: "Your answer is recorded only when you press “Send my answer”.",
  submit: "Send my answer",
  thanks: {
    closed: {
      title: "Thank you! We’re glad it’s solved.",
      detail: "We have closed your request. If anything else comes up, just reply to our email.",
    },
    reopened: {
      title: "Thank you for telling us.",
      detail:
        "We’re sorry it isn’t solved yet. We have reopened your request, and our team will contact you again soon.",
    },
    recorded: {
      title: "Thank you for your answer.",
      detail: "We have passed it on to our support team.",
    },
    already_answered: {
      title: "You have already answered this question.",
      detail: "Thank you! If you would like to tell us more, just reply to our email.",
    },
  },
};

const zhHans: ConfirmationWords = {
  subject: "您的问题解决了吗？",
  greeting: (name) => (name ? `${name}，您好：` : "您好："),
  done: {
    refund: "我们已为您办理退款。",
    replacement: "我们已为您安排换货。",
    apology: "我们已查明情况，给您带来不便，非常抱歉。",
    compensation: "我们已为您安排补偿。",
    explanation: "我们已查明情况，并向您作了说明。",
    no_action_needed: "我们已认真查看了您的反馈。",
  },
  doneOther: "我们已认真查看了您的反馈。",
  question: "您的问题解决了吗？",
  yes: "是，已解决",
  no: "否，还没有",
  tapHint: "请点击其中一个答案。在打开的页面上，您还可以为我们的处理打分或补充说明。",
  validFor: (days) => `链接 ${days} 天内有效。`,
  colon: "：",
  sentenceGap: "",
  replyHint: "您也可以直接回复此邮件，回复会送达我们的客服团队。",
  signoff: (brand) => `谢谢！${brand ? `${brand} 客服团队` : "客服团队"}`,
  csatQuestion: "您对这次处理满意吗？（选填）",
  csatNone: "不评分",
  comment: "还有什么想补充的吗？如果问题还没解决，请告诉我们哪里还不对。（选填）",
  submitHint: "点击“提交回答”后，您的回答才会被记录。",
  submit: "提交回答",
  thanks: {
    closed: {
      title: "谢谢！很高兴问题已经解决。",
      detail: "我们已结束这次处理。如有其他问题，直接回复我们的邮件即可。",
    },
    reopened: {
      title: "感谢您告诉我们。",
      detail: "很抱歉问题还没有解决。我们已重新处理您的请求，客服会尽快再次联系您。",
    },
    recorded: { title: "感谢您的回答。", detail: "我们已转告客服团队。" },
    already_answered: { title: "您已经回答过这个问题了。", detail: "谢谢！如需补充，直接回复我们的邮件即可。" },
  },
};

const zhHant: ConfirmationWords = {
  subject: "您的問題解決了嗎？",
  greeting: (name) => (name ? `${name}，您好：` : "您好："),
  done: {
    refund: "我們已為您辦理退款。",
    replacement: "我們已為您安排換貨。",
    apology: "我們已查明情況，給您帶來不便，非常抱歉。",
    compensation: "我們已為您安排補償。",
    explanation: "我們已查明情況，並向您作了說明。",
    no_action_needed: "我們已認真查看了您的意見。",
  },
  doneOther: "我們已認真查看了您的意見。",
  question: "您的問題解決了嗎？",
  yes: "是，已解決",
  no: "否，還沒有",
  tapHint: "請點擊其中一個答案。在開啟的頁面上，您還可以為我們的處理評分或補充說明。",
  validFor: (days) => `連結 ${days} 天內有效。`,
  colon: "：",
  sentenceGap: "",
  replyHint: "您也可以直接回覆此郵件，回覆會送達我們的客服團隊。",
  signoff: (brand) => `謝謝！${brand ? `${brand} 客服團隊` : "客服團隊"}`,
  csatQuestion: "您對這次處理滿意嗎？（選填）",
  csatNone: "不評分",
  comment: "還有什麼想補充的嗎？如果問題還沒解決，請告訴我們哪裡還不對。（選填）",
  submitHint: "點擊「提交回答」後，您的回答才會被記錄。",
  submit: "提交回答",
  thanks: {
    closed: {
      title: "謝謝！很高興問題已經解決。",
      detail: "我們已結束這次處理。如有其他問題，直接回覆我們的郵件即可。",
    },
    reopened: {
      title: "感謝您告訴我們。",
      detail: "很抱歉問題還沒有解決。我們已重新處理您的請求，客服會盡快再次聯絡您。",
    },
    recorded: { title: "感謝您的回答。", detail: "我們已轉告客服團隊。" },
    already_answered: { title: "您已經回答過這個問題了。", detail: "謝謝！如需補充，直接回覆我們的郵件即可。" },
  },
};

export const CONFIRMATION_WORDS: Readonly<Record<SupportedLocale, ConfirmationWords>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
