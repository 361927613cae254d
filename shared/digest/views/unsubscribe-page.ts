import { escapeHtml } from "#shared/kernel/html";
import type { SupportedLocale } from "#shared/kernel/locale";
import { pageShell } from "#shared/surveys/views/page";
import type { DigestReport } from "../model/subscriptions.ts";

/**
 * The unsubscribe page behind every digest's link, in the subscription's language only: the
 * question and its button (mail scanners open links too), the confirmation, and the refusal of a
 * link that is not genuine (in the browser's language: nothing in it is trusted).
 */

export type UnsubscribeStep = "confirm" | "done" | "invalid";

interface UnsubscribeWords {
  /** What the subscription sends: "周报", "weekly digest and monthly report". */
  reports: (reports: readonly DigestReport[]) => string;
  confirmTitle: (what: string) => string;
  confirmDetail: (what: string) => string;
  button: string;
  doneTitle: string;
  doneDetail: (email: string, what: string) => string;
  invalidTitle: string;
  invalidDetail: string;
}

const both = (reports: readonly DigestReport[]) => reports.includes("weekly") && reports.includes("monthly");

const WORDS: Readonly<Record<SupportedLocale, UnsubscribeWords>> = {
  en: {
    reports: (r) =>
      both(r) ? "weekly digest and monthly report" : r.includes("monthly") ? "monthly report" : "weekly digest",
    confirmTitle: (what) => `Unsubscribe from the ${what}?`,
    confirmDetail: (what) => `This address will no longer receive the ${what}:`,
    button: "Unsubscribe",
    doneTitle: "You are unsubscribed",
    doneDetail: (email, what) => `${email} will no longer receive the ${what}.`,
    invalidTitle: "This unsubscribe link isn’t valid",
    invalidDetail: "Please use the link from the most recent digest email.",
  },
  "zh-Hans": {
    reports: (r) => (both(r) ? "周报和月报" : r.includes("monthly") ? "月报" : "周报"),
    confirmTitle: (what) => `退订${what}？`,
    confirmDetail: (what) => `以下邮箱将不再收到此${what}：`,
    button: "退订",
    doneTitle: "已退订",
    doneDetail: (email, what) => `${email} 将不再收到此${what}。`,
    invalidTitle: "退订链接无效",
    invalidDetail: "请使用最近一期周报邮件中的退订链接。",
  },
  "zh-Hant": {
    reports: (r) => (both(r) ? "週報和月報" : r.includes("monthly") ? "月報" : "週報"),
    confirmTitle: (what) => `取消訂閱${what}？`,
    confirmDetail: (what) => `以下電子郵件地址將不再收到此${what}：`,
    button: "取消訂閱",
    doneTitle: "已取消訂閱",
    doneDetail: (email, what) => `${email} 將不再收到此${what}。`,
    invalidTitle: "取消訂閱連結無效",
    invalidDetail: "請使用最近一期週報郵件中的取消訂閱連結。",
  },
};

// The button: 44 px touch target, white on #1d4ed8 (6.7:1), a visible focus ring.
const CSS =
  ".unsub{min-height:44px;padding:.5rem 1.25rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;font:inherit;font-weight:700;cursor:pointer}" +
  ".unsub:focus-visible{outline:3px solid #111827;outline-offset:2px}.addr{font-weight:700;overflow-wrap:anywhere}";

export interface UnsubscribePageInput {
  step: UnsubscribeStep;
  locale: SupportedLocale;
  email?: string | undefined;
  reports?: readonly DigestReport[] | undefined;
  nonce?: string | undefined;
}

export const renderUnsubscribePage = (input: UnsubscribePageInput): { title: string; html: string } => {
  const w = WORDS[input.locale];
  const what = w.reports(input.reports ?? ["weekly"]);
  const email = input.email ?? "";
  const [title, body] =
    input.step === "invalid"
      ? [w.invalidTitle, `<p>${escapeHtml(w.invalidDetail)}</p>`]
      : input.step === "done"
        ? [w.doneTitle, `<p>${escapeHtml(w.doneDetail(email, what))}</p>`]
        : [
            w.confirmTitle(what),
            `<p>${escapeHtml(w.confirmDetail(what))}</p><p class="addr">${escapeHtml(email)}</p>` +
              `<form method="post"><button type="submit" class="unsub">${escapeHtml(w.button)}</button></form>`,
          ];
  return {
    title,
    html: pageShell(input.locale, title, `<h1>${escapeHtml(title)}</h1>${body}`, input.nonce, undefined, CSS),
  };
};
