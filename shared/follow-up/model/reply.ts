import * as z from "zod";
import type { SupportedLocale } from "#shared/kernel/locale";
import type { FollowUpTaskV2 } from "./task.ts";
import { markContacted } from "./transitions.ts";

/**
 * A lead's email to the customer of a task: what may be sent, the templates it starts from, and
 * what it does to the task (kept in the trail; the first one marks the task contacted, which stops
 * the first-response clock).
 */

export const ReplyBody = z.strictObject({
  version: z.coerce.number().int().min(1),
  subject: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(200, "at most 200 characters")
    // A header value: no line breaks.
    .transform((s) => s.replace(/[\r\n]+/g, " ")),
  body: z.string().trim().min(1, "must not be empty").max(5_000, "at most 5,000 characters"),
});
export type ReplyBody = z.infer<typeof ReplyBody>;

export interface ReplyTemplate {
  subject: string;
  body: string;
}

/** Template id -> template, per locale. `{name}` is the customer's name (or a greeting without it), `{agent}` the lead. */
export type ReplyTemplates = Readonly<Record<SupportedLocale, Readonly<Record<string, ReplyTemplate>>>>;

export const DEFAULT_REPLY_TEMPLATES: ReplyTemplates = {
  "zh-Hans": {
    apology: {
      subject: "关于您的反馈",
      body: "{name}您好：\n\n非常抱歉给您带来了不好的体验。我们已经收到您的反馈，正在处理，会尽快给您答复。\n\n{agent}",
    },
    refund_started: {
      subject: "您的退款已开始处理",
      body: "{name}您好：\n\n您的退款已经开始处理，一般 1–3 个工作日内原路退回。如有任何问题，直接回复这封邮件即可。\n\n{agent}",
    },
    need_details: {
      subject: "需要您补充一些信息",
      body: "{name}您好：\n\n为了尽快解决您的问题，麻烦您回复这封邮件，告诉我们订单号和问题的照片。谢谢！\n\n{agent}",
    },
    resolved: {
      subject: "您的问题已处理",
      body: "{name}您好：\n\n您反馈的问题我们已经处理好了。如果还有任何不满意，直接回复这封邮件即可。\n\n{agent}",
    },
  },
  "zh-Hant": {
    apology: {
      subject: "關於您的回饋",
      body: "{name}您好：\n\n非常抱歉給您帶來了不好的體驗。我們已經收到您的回饋，正在處理，會盡快給您答覆。\n\n{agent}",
    },
    refund_started: {
      subject: "您的退款已開始處理",
      body: "{name}您好：\n\n您的退款已經開始處理，一般 1–3 個工作天內原路退回。如有任何問題，直接回覆這封郵件即可。\n\n{agent}",
    },
    need_details: {
      subject: "需要您補充一些資訊",
      body: "{name}您好：\n\n為了盡快解決您的問題，麻煩您回覆這封郵件，告訴我們訂單編號和問題的照片。謝謝！\n\n{agent}",
    },
    resolved: {
      subject: "您的問題已處理",
      body: "{name}您好：\n\n您回饋的問題我們已經處理好了。如果還有任何不滿意，直接回覆這封郵件即可。\n\n{agent}",
    },
  },
  en: {
    apology: {
      subject: "About your feedback",
      body: "Hello{name},\n\nWe are sorry for the experience you had. We have your feedback and are working on it; you will hear from us soon.\n\n{agent}",
    },
    refund_started: {
      subject: "Your refund is on its way",
      body: "Hello{name},\n\nYour refund has started and usually reaches your original payment method within 1-3 business days. If anything is unclear, just reply to this email.\n\n{agent}",
    },
    need_details: {
      subject: "A few more details, please",
      body: "Hello{name},\n\nTo solve this quickly, could you reply with your order number and a photo of the problem? Thank you!\n\n{agent}",
    },
    resolved: {
      subject: "Your issue is resolved",
      body: "Hello{name},\n\nWe have fixed the problem you told us about. If anything is still not right, just reply to this email.\n\n{agent}",
    },
  },
};

/** A template filled in for one customer: the name as given (English puts a space before it). */
export const fillTemplate = (
  template: ReplyTemplate,
  locale: SupportedLocale,
  customerName: string | undefined,
  agent: string,
): ReplyTemplate => {
  const name = customerName?.trim() ? (locale === "en" ? ` ${customerName.trim()}` : customerName.trim()) : "";
  const fill = (s: string) => s.replaceAll("{name}", name).replaceAll("{agent}", agent);
  return { subject: fill(template.subject), body: fill(template.body) };
};

/**
 * The task after a reply went out: the message in the trail ("replied"), and, if nobody had reached
 * the customer yet, the task marked contacted (the first response given).
 */
export const recordReply = (
  task: FollowUpTaskV2,
  actor: string,
  at: Date,
  message: Pick<ReplyBody, "subject" | "body">,
): FollowUpTaskV2 => {
  const base = task.status === "open" || task.status === "assigned" ? markContacted(task, actor, at) : task;
  return {
    ...base,
    version: task.version + 1,
    audit: [
      ...base.audit,
      { at: at.toISOString(), actor, action: "replied", detail: `${message.subject}\n\n${message.body}` },
    ],
  };
};
