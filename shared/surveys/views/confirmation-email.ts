import { escapeHtml } from "#shared/kernel/html";
import type { SupportedLocale } from "#shared/kernel/locale";
import { CONFIRMATION_WORDS } from "./confirmation-messages.ts";

/**
 * The "is your problem solved?" email: one question, two big buttons, in the customer's language,
 * as HTML and as plain text. The HTML is what survives Gmail, Outlook and Apple Mail alike (nested
 * tables, inline styles, colours on `bgcolor` too, text rather than images so the buttons show
 * with images blocked). Nothing in it names a task, a date or an id: the links carry all of it.
 */

export interface ConfirmationEmailInput {
  locale: SupportedLocale;
  /** The customer's name as they gave it, for the greeting. */
  name?: string | undefined;
  /** The task's outcome (refund, replacement, ...), for the sentence saying what was done. */
  outcome?: string | undefined;
  yesUrl: string;
  noUrl: string;
  /** How many days the link works. */
  validDays: number;
  /** Shown in the sign-off. */
  brand?: string | undefined;
}

export interface ConfirmationEmail {
  subject: string;
  text: string;
  html: string;
}

// White on #1d4ed8 is 6.7:1, white on #374151 10:1, #374151 on white 10:1.
const YES_BG = "#1d4ed8";
const NO_BG = "#374151";
const MUTED = "#374151";
const FONT = 'Arial,Helvetica,"PingFang SC","Microsoft YaHei",sans-serif';

/** A name is the customer's own text: one line, bounded, no markup once escaped. */
const cleanName = (name: string | undefined): string | undefined => {
  const one = name
    ?.replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
  return one ? [...one].slice(0, 40).join("") : undefined;
};

const paragraph = (text: string, extra = "") =>
  `<tr><td style="padding:0 0 16px 0;font-family:${FONT};font-size:16px;line-height:24px;color:#111827${extra}">${escapeHtml(text)}</td></tr>`;

const button = (url: string, label: string, bg: string) =>
  `<td align="center" valign="middle" width="50%" bgcolor="${bg}" style="background-color:${bg};border-radius:8px;height:56px">` +
  `<a href="${escapeHtml(url)}" target="_blank" style="display:block;padding:16px 8px;color:#ffffff;font-family:${FONT};font-size:18px;font-weight:bold;line-height:24px;text-decoration:none">${escapeHtml(label)}</a></td>`;

export const confirmationEmail = (input: ConfirmationEmailInput): ConfirmationEmail => {
  if (!/^https?:\/\//i.test(input.yesUrl) || !/^https?:\/\//i.test(input.noUrl)) {
    throw new RangeError("confirmation links must be http(s) URLs");
  }
  const w = CONFIRMATION_WORDS[input.locale];
  const name = cleanName(input.name);
  const done = (input.outcome !== undefined ? w.done[input.outcome] : undefined) ?? w.doneOther;
  const days = Math.max(1, Math.floor(input.validDays));
  const text = [
    w.greeting(name),
    "",
    done,
    "",
    w.question,
    `  ${w.yes}${w.colon}${input.yesUrl}`,
    `  ${w.no}${w.colon}${input.noUrl}`,
    "",
    `${w.tapHint}${w.sentenceGap}${w.validFor(days)}`,
    w.replyHint,
    "",
    w.signoff(input.brand),
    "",
  ].join("\n");
  const html =
    `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light">' +
    `<title>${escapeHtml(w.subject)}</title></head><body style="margin:0;padding:0;background-color:#ffffff">` +
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%"><tr><td align="center" style="padding:24px 12px">' +
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="max-width:560px;border-collapse:collapse">` +
    paragraph(w.greeting(name)) +
    paragraph(done) +
    `<tr><td style="padding:8px 0 16px 0"><h1 style="margin:0;font-family:${FONT};font-size:22px;line-height:30px;font-weight:bold;color:#111827">${escapeHtml(w.question)}</h1></td></tr>` +
    '<tr><td style="padding:0 0 16px 0"><table role="presentation" cellpadding="0" cellspacing="8" border="0" width="100%" style="border-collapse:separate"><tr>' +
    button(input.yesUrl, w.yes, YES_BG) +
    button(input.noUrl, w.no, NO_BG) +
    "</tr></table></td></tr>" +
    paragraph(`${w.tapHint}${w.sentenceGap}${w.validFor(days)}`, `;font-size:14px;line-height:20px;color:${MUTED}`) +
    paragraph(w.replyHint, `;font-size:14px;line-height:20px;color:${MUTED}`) +
    paragraph(w.signoff(input.brand)) +
    "</table></td></tr></table></body></html>";
  return { subject: w.subject, text, html };
};
