import type { Channel, Sentiment } from "#shared/feedback/model/schema";
import { escapeHtml } from "#shared/kernel/html";
import type { SupportedLocale } from "#shared/kernel/locale";
import { readableMasks } from "#shared/privacy/model/mask-words";
import { pageShell } from "#shared/surveys/views/page";
import { LANG_TAG, safeUrl } from "./format.ts";
import { DIGEST_LABELS } from "./labels.ts";
import { READER_MESSAGES, type ReaderRefusal } from "./reader-messages.ts";

/**
 * The pages behind a digest's reader links, other than the digest itself (which is the email's
 * HTML, views/render.ts): the comment behind a quote, and the refusals. They share the survey
 * pages' shell (surveys/views/page.ts): plain HTML, one small style sheet, no script, readable on a
 * phone, kept out of search engines and Referer headers.
 */

export interface QuotePageInput {
  locale: SupportedLocale;
  /** The comment as a reader without rights sees it (privacy policy applied); absent without text. */
  text: string | undefined;
  /** The comment's language tag, for the quote's lang attribute. */
  language: string;
  occurredAt: string;
  /** The subscription's time zone: the date reads as the reader's week does. */
  timeZone: string;
  channel: Channel;
  score?: number | undefined;
  sentiment: Sentiment;
  /** Theme names in the reader's language. */
  themes: readonly string[];
  week: string;
  /** What the subscription follows, as the digest names it (its team, themes or touchpoints). */
  scope: string;
  digestUrl: string;
  nonce?: string | undefined;
}

// Contrast on white: text #111827 17:1, muted #374151 10:1, link #1d4ed8 6.7:1, rule #6b7280 4.8:1.
const CSS =
  "blockquote{margin:0 0 1.25rem;padding:.75rem 1rem;border-left:4px solid #6b7280;background:#f3f4f6;white-space:pre-wrap;overflow-wrap:anywhere}" +
  "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.25rem}" +
  "dt{color:#374151}dd{margin:0}" +
  ".from,.note{color:#374151;font-size:.875rem}" +
  "a{color:#1d4ed8}a:focus-visible{outline:3px solid #111827;outline-offset:2px}";

const SCALE: Readonly<Record<Channel, number | undefined>> = { nps: 10, csat: 5, social: undefined };

/** The date and time in the subscription's zone, with the zone's name, in the reader's words. */
export const localDateTime = (iso: string, locale: SupportedLocale, timeZone: string): string => {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return "";
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone }).format(at);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "long" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  if (!zone) return when;
  return locale === "en" ? `${when} (${zone})` : `${when}（${zone}）`;
};

export const renderQuotePage = (input: QuotePageInput): string => {
  const m = READER_MESSAGES[input.locale];
  const l = DIGEST_LABELS[input.locale];
  const scale = SCALE[input.channel];
  const rows: Array<[string, string]> = [
    [m.date, localDateTime(input.occurredAt, input.locale, input.timeZone)],
    [m.channel, l.channel[input.channel]],
    ...(input.score !== undefined && scale !== undefined
      ? [[m.score, `${input.score}/${scale}`] as [string, string]]
      : []),
    [m.sentiment, l.sentiment[input.sentiment]],
    ...(input.themes.length > 0 ? [[m.themes, input.themes.join(m.listSeparator)] as [string, string]] : []),
  ];
  const lang = LANG_TAG.test(input.language) ? ` lang="${escapeHtml(input.language)}"` : "";
  const quote =
    input.text === undefined || input.text.trim() === ""
      ? `<p>${escapeHtml(m.noText)}</p>`
      : `<blockquote${lang}>${escapeHtml(readableMasks(input.text, input.locale))}</blockquote>`;
  const back = safeUrl(input.digestUrl);
  const body =
    `<h1>${escapeHtml(m.quoteTitle)}</h1>` +
    `<p class="from">${escapeHtml(m.fromDigest(l.weekName(input.week), input.scope))}</p>` +
    quote +
    `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>` +
    `<p class="note">${escapeHtml(m.masked)}</p>` +
    (back ? `<p><a href="${escapeHtml(back)}">${escapeHtml(m.back)}</a></p>` : "");
  return pageShell(input.locale, m.quoteTitle, body, input.nonce, undefined, CSS);
};

/** Friendly and localized; says nothing about keys, signatures or what failed inside. */
export const renderReaderRefusal = (refusal: ReaderRefusal, locale: SupportedLocale, nonce?: string): string => {
  const { title, detail } = READER_MESSAGES[locale].refusals[refusal];
  return pageShell(locale, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`, nonce);
};
