import { escapeHtml } from "#shared/kernel/html";
import { negotiateLocale } from "#shared/kernel/locale";
import { scoresFor } from "../model/links.ts";
import type { SurveyKind } from "../model/token.ts";
import { type ErrorStatus, MESSAGES, type SurveyLocale, scoreBand } from "./messages.ts";

export type { ErrorStatus, SurveyLocale } from "./messages.ts";

/**
 * The page behind a survey link: plain HTML and a few lines of CSS and script, so it loads at
 * once on a phone over a weak connection. A GET only renders; answers arrive by POST (the on-load
 * script, or the form when JavaScript is off), which is what keeps link scanners from answering.
 */

/** UTF-16 units; 1,600 keeps even all-CJK comments under the 5,000-byte text limit of the schema. */
export const COMMENT_MAX_LENGTH = 1600;

export type SurveyPageState = "confirm" | "saved" | "choose";

export interface SurveyPageInput {
  kind: SurveyKind;
  locale: SurveyLocale;
  /** Not rendered: the page posts to `postUrl`, which the caller builds from it. */
  token: string;
  score?: number;
  comment?: string;
  state: SurveyPageState;
  /** Where the on-load script and the form POST; usually the page's own path. */
  postUrl: string;
  /** The CSP nonce for the inline <style> and <script>. */
  nonce?: string;
  /** Shown in the question, as in the email. */
  brand?: string;
  /** The signed page ticket (model/page-ticket.ts) the form and the on-load post send back. */
  ticket?: string;
}

// Contrast on white: text #111827 17:1, primary #1d4ed8 6.7:1, muted #374151 10:1, borders #6b7280 4.8:1.
const CSS =
  "*{box-sizing:border-box}" +
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Microsoft JhengHei",sans-serif;color:#111827;background:#fff}' +
  "main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem 3rem}" +
  "h1,h2{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}" +
  "p{margin:0 0 1rem}" +
  "fieldset{border:0;margin:0 0 1.25rem;padding:0;min-width:0}" +
  "legend{padding:0}" +
  ".sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}" +
  ".scores{display:grid;gap:.375rem;grid-template-columns:repeat(auto-fill,minmax(2.75rem,1fr))}" +
  ".csat{grid-template-columns:repeat(5,1fr)}" +
  ".scores input{position:absolute;opacity:0;width:1px;height:1px;margin:0}" +
  ".scores label{display:flex;flex-direction:column;align-items:center;justify-content:center;min-width:44px;min-height:44px;padding:.25rem;border:2px solid #1d4ed8;border-radius:.5rem;color:#1d4ed8;font-weight:700;text-align:center;cursor:pointer;transition:background-color .15s,color .15s}" +
  // Rating words break between words only ("Very / dissatisfied"), never inside one ("非常不满 / 意"):
  // on a phone a smaller size and less padding leave room for five Chinese characters.
  ".scores small{font-weight:400;font-size:.75rem;line-height:1.2;word-break:keep-all;overflow-wrap:normal;hyphens:manual}" +
  "@media (max-width:30rem){.csat{gap:.25rem}.csat label{padding:.25rem 0}.csat small{font-size:.6875rem;letter-spacing:-.02em}}" +
  "@media (max-width:23rem){.csat small{font-size:.625rem}}" +
  ".scores input:checked+label{background:#1d4ed8;color:#fff}" +
  ".ends{display:flex;justify-content:space-between;gap:1rem;color:#374151;font-size:.875rem;margin-top:.5rem}" +
  "label.c{display:block;font-weight:600;margin-bottom:.5rem}" +
  "textarea{display:block;width:100%;min-height:7rem;padding:.75rem;border:2px solid #6b7280;border-radius:.5rem;font:inherit;color:inherit}" +
  "button{margin-top:1rem;min-height:48px;padding:.75rem 1.5rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;font:inherit;font-weight:700;cursor:pointer}" +
  "input:focus-visible+label,textarea:focus-visible,button:focus-visible{outline:3px solid #111827;outline-offset:2px}" +
  "#st:empty{display:none}" +
  "#st{padding:.75rem;border-left:4px solid #15803d;background:#f0fdf4;color:#14532d}" +
  "@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}";

/** For values placed inside an inline <script>: no "</script>", no "<!--", no line separators. */
const jsLiteral = (value: string | number): string =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

/** The page around a customer's form: also the confirmation page's (./confirmation-page.ts), with its own extra CSS. */
export const pageShell = (
  locale: SurveyLocale,
  title: string,
  body: string,
  nonce?: string,
  script?: string,
  extraCss = "",
): string => {
  const n = nonce === undefined ? "" : ` nonce="${escapeHtml(nonce)}"`;
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    // The token is in the URL: keep it out of Referer headers and search indexes.
    '<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex,nofollow">' +
    `<meta name="color-scheme" content="light"><title>${escapeHtml(title)}</title><style${n}>${CSS}${extraCss}</style></head>` +
    `<body><main>${body}</main>${script === undefined ? "" : `<script${n}>${script}</script>`}</body></html>`
  );
};

const isScore = (kind: SurveyKind, score: number | undefined): score is number =>
  score !== undefined && scoresFor(kind).includes(score);

export const renderSurveyPage = (input: SurveyPageInput): string => {
  const { kind, locale } = input;
  const m = MESSAGES[locale];
  const score = isScore(kind, input.score) ? input.score : undefined;
  // A link without a usable score cannot confirm anything: let the customer choose.
  const state: SurveyPageState = input.state === "confirm" && score === undefined ? "choose" : input.state;
  const question = escapeHtml(m.question[kind](input.brand));
  const heading = state === "saved" ? "h2" : "h1";

  const radios = scoresFor(kind)
    .map((s) => {
      const visible =
        kind === "nps"
          ? `<span aria-hidden="true">${s}</span>`
          : `<span aria-hidden="true">${s} ★</span><small aria-hidden="true">${escapeHtml(m.csatLabels[s - 1] ?? "")}</small>`;
      // The anchors' meaning goes into the names of 0 and 10: the visible anchors are hidden from
      // screen readers, which would otherwise read them out of context.
      const anchor = kind === "csat" ? m.csatLabels[s - 1] : s === 0 ? m.npsLow : s === 10 ? m.npsHigh : undefined;
      const name = anchor === undefined ? m.scoreName(kind, s) : `${m.scoreName(kind, s)} – ${anchor}`;
      return (
        `<input type="radio" name="score" id="s${s}" value="${s}" data-band="${scoreBand(kind, s)}" required${s === score ? " checked" : ""}>` +
        `<label for="s${s}">${visible}<span class="sr">${escapeHtml(name)}</span></label>`
      );
    })
    .join("");
  const ends =
    kind === "nps"
      ? `<p class="ends" id="ends" aria-hidden="true"><span>0 – ${escapeHtml(m.npsLow)}</span><span>10 – ${escapeHtml(m.npsHigh)}</span></p>`
      : "";
  const followUps = m.followUp[kind];
  const commentLabel = score === undefined ? m.commentGeneric : followUps[scoreBand(kind, score)];
  const postUrl = escapeHtml(input.postUrl);

  const intro = state === "saved" ? `<h1>${escapeHtml(m.thanks)}</h1><p>${escapeHtml(m.thanksDetail)}</p>` : "";
  const form =
    `<form id="f" method="post" action="${postUrl}">` +
    (input.ticket === undefined ? "" : `<input type="hidden" name="t" value="${escapeHtml(input.ticket)}">`) +
    `<fieldset><legend><${heading}>${question}</${heading}></legend>` +
    `<div class="scores ${kind}">${radios}</div>${ends}</fieldset>` +
    `<p id="st" role="status" aria-live="polite" data-saved="${escapeHtml(m.scoreSaved)}"></p>` +
    `<label class="c" id="cl" for="c" data-low="${escapeHtml(followUps.low)}" data-mid="${escapeHtml(followUps.mid)}" data-high="${escapeHtml(followUps.high)}">${escapeHtml(commentLabel)}</label>` +
    `<textarea id="c" name="comment" rows="4" maxlength="${COMMENT_MAX_LENGTH}">${escapeHtml(input.comment ?? "")}</textarea>` +
    `<button type="submit">${escapeHtml(state === "saved" ? m.update : m.submit)}</button></form>`;

  // The follow-up question follows the score the customer picks; the tap itself is recorded at
  // once, so closing the page after tapping still counts (scanners do not run this script).
  const relabel =
    'var f=document.getElementById("f"),l=document.getElementById("cl");' +
    'f.addEventListener("change",function(e){var b=e.target.getAttribute("data-band");if(b)l.textContent=l.getAttribute("data-"+b)});';
  const autoPost =
    state === "confirm" && score !== undefined
      ? 'var s=document.getElementById("st");' +
        `fetch(${jsLiteral(input.postUrl)},{method:"POST",headers:{"content-type":"application/x-www-form-urlencoded"},body:${jsLiteral(`score=${score}&auto=1${input.ticket === undefined ? "" : `&t=${encodeURIComponent(input.ticket)}`}`)},credentials:"same-origin"})` +
        '.then(function(r){if(r.ok)s.textContent=s.getAttribute("data-saved")}).catch(function(){});'
      : "";
  return pageShell(locale, m.pageTitle, intro + form, input.nonce, `(function(){${relabel}${autoPost}})();`);
};

/** Friendly and localized; says nothing about keys, signatures or what failed inside. */
export const renderErrorPage = (status: ErrorStatus, locale: string, nonce?: string): string => {
  const lang = negotiateLocale(locale);
  const { title, detail } = MESSAGES[lang].errors[status];
  return pageShell(lang, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`, nonce);
};
