import { escapeHtml } from "#shared/kernel/html";
import type { SupportedLocale } from "#shared/kernel/locale";
import { CONFIRMATION_COMMENT_MAX, type SolvedAnswer } from "../model/confirmation-answer.ts";
import { CONFIRMATION_WORDS } from "./confirmation-messages.ts";
import { MESSAGES } from "./messages.ts";
import { pageShell } from "./page.ts";

/**
 * The page behind a confirmation link: yes or no (pre-selected from the button tapped in the
 * email), an optional 1-5 rating and an optional comment, sent by one button. No script at all:
 * the answer is recorded only by the form's POST, which a link scanner never makes.
 */

export type ConfirmationOutcome = "closed" | "reopened" | "recorded" | "already_answered";

export type ConfirmationPageInput =
  | {
      state: "ask";
      locale: SupportedLocale;
      /** From the button tapped in the email; none: the customer chooses. */
      answer?: SolvedAnswer | undefined;
      /** Where the form posts: the page's own path. */
      postUrl: string;
      /** The signed page ticket (../model/page-ticket.ts). */
      ticket?: string | undefined;
      nonce?: string | undefined;
    }
  | { state: "done"; locale: SupportedLocale; outcome: ConfirmationOutcome; nonce?: string | undefined };

// Colours as on the survey page (contrast on white: #1d4ed8 6.7:1, #374151 10:1).
const EXTRA_CSS =
  ".yn{grid-template-columns:1fr 1fr}" +
  ".yn label{min-height:56px;font-size:1.125rem}" +
  // "No rating" is a plain choice beside the scale, not a button: a radio with its words, grey when
  // chosen; the blue filled button stays the one that sends.
  ".none{grid-column:1/-1;display:block;margin-top:.25rem}" +
  ".scores .none label{display:inline-flex;flex-direction:row;gap:.5rem;min-height:44px;padding:.25rem .5rem;border:0;color:#374151;font-weight:400;text-decoration:underline;text-underline-offset:3px}" +
  '.scores .none label::before{content:"";width:1.125rem;height:1.125rem;border:2px solid #6b7280;border-radius:50%;box-sizing:border-box}' +
  ".scores .none input:checked+label{background:none;color:#111827;text-decoration:none}" +
  ".scores .none input:checked+label::before{border:5px solid #374151}" +
  "form>button{width:100%}" +
  "legend.q{font-weight:600;margin-bottom:.5rem}" +
  ".hint{color:#374151;font-size:.875rem;margin:.75rem 0 0}";

const radio = (name: string, id: string, value: string, label: string, checked: boolean, required = false) =>
  `<input type="radio" name="${name}" id="${id}" value="${escapeHtml(value)}"${required ? " required" : ""}${checked ? " checked" : ""}>` +
  `<label for="${id}">${label}</label>`;

export const renderConfirmationPage = (input: ConfirmationPageInput): string => {
  const w = CONFIRMATION_WORDS[input.locale];
  if (input.state === "done") {
    const { title, detail } = w.thanks[input.outcome];
    return pageShell(
      input.locale,
      title,
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`,
      input.nonce,
      undefined,
      EXTRA_CSS,
    );
  }
  const csatLabels = MESSAGES[input.locale].csatLabels;
  const scoreName = MESSAGES[input.locale].scoreName;
  const stars = [1, 2, 3, 4, 5]
    .map((s) =>
      radio(
        "csat",
        `r${s}`,
        String(s),
        `<span aria-hidden="true">${s} ★</span><small aria-hidden="true">${escapeHtml(csatLabels[s - 1] ?? "")}</small>` +
          `<span class="sr">${escapeHtml(`${scoreName("csat", s)} – ${csatLabels[s - 1] ?? ""}`)}</span>`,
        false,
      ),
    )
    .join("");
  const none = `<span class="none">${radio("csat", "r0", "", escapeHtml(w.csatNone), true)}</span>`;
  const form =
    `<form method="post" action="${escapeHtml(input.postUrl)}">` +
    (input.ticket === undefined ? "" : `<input type="hidden" name="t" value="${escapeHtml(input.ticket)}">`) +
    `<fieldset><legend><h1>${escapeHtml(w.question)}</h1></legend><div class="scores yn">` +
    radio("answer", "a-yes", "yes", escapeHtml(w.yes), input.answer === "yes", true) +
    radio("answer", "a-no", "no", escapeHtml(w.no), input.answer === "no") +
    "</div></fieldset>" +
    `<fieldset><legend class="q">${escapeHtml(w.csatQuestion)}</legend><div class="scores csat">${stars}${none}</div></fieldset>` +
    `<label class="c" for="c">${escapeHtml(w.comment)}</label>` +
    `<textarea id="c" name="comment" rows="4" maxlength="${CONFIRMATION_COMMENT_MAX}"></textarea>` +
    `<p class="hint" id="h">${escapeHtml(w.submitHint)}</p>` +
    `<button type="submit" aria-describedby="h">${escapeHtml(w.submit)}</button></form>`;
  return pageShell(input.locale, w.question, form, input.nonce, undefined, EXTRA_CSS);
};
