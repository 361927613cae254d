import { escapeHtml } from "#shared/kernel/html";
import { negotiateLocale } from "#shared/kernel/locale";
import { MESSAGES, type SurveyLocale } from "../views/messages.ts";
import type { SurveyKind } from "./token.ts";

/**
 * What a business pastes into its email or SMS: one link per score, so a single tap answers.
 * The email markup follows what survives Gmail, Outlook (Word engine) and Apple Mail alike:
 * nested tables, inline styles only (Gmail drops <style> in many clients, Outlook ignores
 * classes), colours on `bgcolor` as well as `background-color` (Outlook honours only the
 * attribute), and text rather than images so the buttons show with images blocked.
 */

export interface SurveyLink {
  score: number;
  url: string;
}

const NPS_SCORES = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const);
const CSAT_SCORES = Object.freeze([1, 2, 3, 4, 5] as const);

export const scoresFor = (kind: SurveyKind): readonly number[] => (kind === "nps" ? NPS_SCORES : CSAT_SCORES);

/** `https://x.example/` and `https://x.example` give the same links. */
const pageUrl = (baseUrl: string, token: string): string => {
  if (!/^https?:\/\//i.test(baseUrl)) throw new RangeError("baseUrl must be an http(s) URL");
  return `${baseUrl.replace(/\/+$/, "")}/s/${encodeURIComponent(token)}`;
};

export const surveyLinks = (baseUrl: string, token: string, kind: SurveyKind): SurveyLink[] => {
  const page = pageUrl(baseUrl, token);
  return scoresFor(kind).map((score) => ({ score, url: `${page}?score=${score}` }));
};

export interface SnippetInput {
  links: readonly SurveyLink[];
  kind: SurveyKind;
  /** Any language tag; mapped to the closest of zh-Hans, zh-Hant, en. */
  locale: string;
  /** Shown in the question ("recommend Acme to a friend"); "us" without it. */
  brand?: string;
}

// Colours meet WCAG AA: white on #1d4ed8 is 6.7:1, #374151 on white is 10:1.
const BUTTON_BG = "#1d4ed8";
const MUTED = "#374151";
const FONT = "Arial,Helvetica,sans-serif";

const resolve = (locale: string): SurveyLocale => negotiateLocale(locale);

const button = (link: SurveyLink, title: string, face: string, width: string): string =>
  `<td align="center" valign="middle" width="${width}" height="44" bgcolor="${BUTTON_BG}" style="background-color:${BUTTON_BG};border-radius:6px;height:44px;min-width:28px">` +
  `<a href="${escapeHtml(link.url)}" title="${escapeHtml(title)}" target="_blank" style="display:block;color:#ffffff;font-family:${FONT};font-size:16px;font-weight:bold;line-height:44px;text-decoration:none">${face}</a></td>`;

const table = (inner: string, extra = "") =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%"${extra}>${inner}</table>`;

export const emailSnippet = ({ links, kind, locale, brand }: SnippetInput): string => {
  const lang = resolve(locale);
  const m = MESSAGES[lang];
  const question = `<tr><td style="padding:0 0 12px 0;font-family:${FONT};font-size:18px;line-height:26px;font-weight:bold;color:#111827">${escapeHtml(m.question[kind](brand))}</td></tr>`;
  let body: string;
  if (kind === "nps") {
    const last = links.length - 1;
    const cells = links.map((link, i) => {
      const anchor = i === 0 ? ` – ${m.npsLow}` : i === last ? ` – ${m.npsHigh}` : "";
      return button(link, `${m.scoreName(kind, link.score)}${anchor}`, String(link.score), "9%");
    });
    const anchors = table(
      `<tr><td align="left" style="padding:6px 4px 0 4px;font-family:${FONT};font-size:13px;line-height:18px;color:${MUTED}">${escapeHtml(m.npsLow)}</td>` +
        `<td align="right" style="padding:6px 4px 0 4px;font-family:${FONT};font-size:13px;line-height:18px;color:${MUTED}">${escapeHtml(m.npsHigh)}</td></tr>`,
    );
    body = `<tr><td>${table(`<tr>${cells.join("")}</tr>`, ' cellspacing="3" style="border-collapse:separate"')}</td></tr><tr><td>${anchors}</td></tr>`;
  } else {
    const labelOf = (score: number) => m.csatLabels[score - 1] ?? String(score);
    const cells = links.map((link) =>
      button(link, `${m.scoreName(kind, link.score)} – ${labelOf(link.score)}`, `${link.score}&nbsp;&#9733;`, "20%"),
    );
    const labels = links.map(
      (link) =>
        `<td align="center" valign="top" width="20%" style="padding:4px 2px 0 2px;font-family:${FONT};font-size:12px;line-height:16px;color:${MUTED}">${escapeHtml(labelOf(link.score))}</td>`,
    );
    body = `<tr><td>${table(`<tr>${cells.join("")}</tr><tr>${labels.join("")}</tr>`, ' cellspacing="3" style="border-collapse:separate"')}</td></tr>`;
  }
  return table(
    `${question}${body}`,
    ` lang="${lang}" style="max-width:600px;border-collapse:collapse;font-family:${FONT};color:#111827"`,
  );
};

/**
 * SMS and plain-text email: one short link to the page (where the score is chosen) instead of
 * eleven, because every character counts and long messages split into several SMS.
 */
export const smsText = ({ links, kind, locale, brand }: SnippetInput): string => {
  const first = links[0];
  if (first === undefined) throw new RangeError("no survey links");
  const m = MESSAGES[resolve(locale)];
  const scores = scoresFor(kind);
  const range = `${scores[0]}-${scores[scores.length - 1]}`;
  return `${m.question[kind](brand)} ${m.tapToAnswer(range)} ${first.url.replace(/\?.*$/, "")}`;
};
