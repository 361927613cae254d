import type { SupportedLocale } from "#shared/kernel/locale";

/** The words of the pages behind a digest's reader links (model/reader-links.ts), per locale. */

/** Why a reader link opens no page: each has its own status and words. */
export type ReaderRefusal = "invalid" | "not-found" | "expired" | "withdrawn" | "failed";

export const REFUSAL_STATUS: Readonly<Record<ReaderRefusal, 403 | 404 | 410 | 500>> = {
  invalid: 403,
  "not-found": 404,
  expired: 410,
  withdrawn: 410,
  failed: 500,
};

export interface ReaderMessages {
  quoteTitle: string;
  fromDigest: (week: string, scope: string) => string;
  date: string;
  channel: string;
  score: string;
  sentiment: string;
  themes: string;
  /** Separates theme names in a list. */
  listSeparator: string;
  noText: string;
  masked: string;
  back: string;
  refusals: Record<ReaderRefusal, { title: string; detail: string }>;
}

const en: ReaderMessages = {
  quoteTitle: "In the customer’s words",
  fromDigest: (week, scope) => `From the weekly digest for ${scope} (${week})`,
  date: "Date",
  channel: "Channel",
  score: "Score",
  sentiment: "Sentiment",
  themes: "Themes",
  listSeparator: ", ",
  noText: "(no written comment)",
  masked: "Personal data such as phone numbers and email addresses is masked, as in the email.",
  back: "Back to the digest",
  refusals: {
    invalid: {
      title: "This link isn’t valid",
      detail: "It may have been copied incompletely. Please use the link from your digest email.",
    },
    "not-found": {
      title: "This comment isn’t part of this digest",
      detail: "It may have been removed, or re-tagged since the digest was sent.",
    },
    expired: {
      title: "This link has expired",
      detail: "Digest links work for a limited time. The most recent digest email has fresh links.",
    },
    withdrawn: {
      title: "This link no longer works",
      detail: "This digest is no longer sent to you, so its links no longer open.",
    },
    failed: { title: "Something went wrong on our side", detail: "Please try again in a few minutes." },
  },
};

const zhHans: ReaderMessages = {
  quoteTitle: "客户原话",
  fromDigest: (week, scope) => `来自「${scope}」${week}的每周客户之声`,
  date: "时间",
  channel: "渠道",
  score: "评分",
  sentiment: "情绪",
  themes: "主题",
  listSeparator: "、",
  noText: "（无文字评论）",
  masked: "与邮件中一样，电话号码、电子邮箱等个人信息已隐去。",
  back: "返回周报",
  refusals: {
    invalid: { title: "链接无效", detail: "链接可能复制不完整，请使用周报邮件中的原始链接。" },
    "not-found": { title: "这条评论不在本期周报中", detail: "它可能已被删除，或在周报发出后被重新归类。" },
    expired: { title: "链接已过期", detail: "周报链接的有效期有限，请使用最新一期周报邮件中的链接。" },
    withdrawn: { title: "链接已停用", detail: "您已不在这份周报的收件人之列，因此其中的链接无法再打开。" },
    failed: { title: "我们这边出了点问题", detail: "请过几分钟再试。" },
  },
};

const zhHant: ReaderMessages = {
  quoteTitle: "客戶原話",
  fromDigest: (week, scope) => `來自「${scope}」${week}的每週客戶之聲`,
  date: "時間",
  channel: "管道",
  score: "評分",
  sentiment: "情緒",
  themes: "主題",
  listSeparator: "、",
  noText: "（無文字意見）",
  masked: "與郵件中一樣，電話號碼、電子郵件等個人資料已隱藏。",
  back: "返回週報",
  refusals: {
    invalid: { title: "連結無效", detail: "連結可能複製不完整，請使用週報郵件中的原始連結。" },
    "not-found": { title: "這則意見不在本期週報中", detail: "它可能已被刪除，或在週報寄出後被重新歸類。" },
    expired: { title: "連結已過期", detail: "週報連結的有效期有限，請使用最新一期週報郵件中的連結。" },
    withdrawn: { title: "連結已停用", detail: "您已不在這份週報的收件人之列，因此其中的連結無法再開啟。" },
    failed: { title: "我們這邊出了點問題", detail: "請過幾分鐘再試。" },
  },
};

export const READER_MESSAGES: Readonly<Record<SupportedLocale, ReaderMessages>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
