import { type Channel, Sentiment } from "#shared/feedback/model/schema";
import { escapeHtml, isolatedText } from "#shared/kernel/html";
import { SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import { readableMasks } from "#shared/privacy/model/mask-words";
import type { ExplorerFilter } from "../model/explorer.ts";
import type { ExplorerText } from "./explorer-text.ts";
import { LANG_TAG } from "./format.ts";

/** What the explorer's pages share (explorer-page.ts): the context, the page parts and the comment parts. */

export interface ExplorerContext {
  locale: SupportedLocale;
  nonce: string;
  /** "/explore". */
  basePath: string;
  /** The workbench, for staff (digest readers have none). */
  workbenchPath?: string;
  viewer: string;
  labels: {
    theme: (id: string) => string;
    channel: (c: Channel) => string;
    touchpoint: (id: string) => string;
    dateTime: (iso: string) => string;
  };
  channels: readonly Channel[];
  touchpoints: readonly string[];
  filter: ExplorerFilter;
  /** A one-line message after a correction (signed by the page that wrote it). */
  flash?: string;
  /** Every theme of the taxonomy, for corrections. */
  themeIds: readonly string[];
  /** Where a reading is corrected (the workbench's corrections route), by feedback id. */
  correctionUrl?: (id: string) => string;
  /** Answers below which a score is "not enough answers" (the digest's minimum). */
  minResponses: number;
  /** A team's or some themes' view: volume is their mentions, and no score is told. */
  themesOnly?: boolean;
}

export interface CommentView {
  id: string;
  channel: Channel;
  score?: number;
  sentiment: "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED";
  themes: readonly string[];
  occurredAt: string;
  /** Masked text; shown with its masking tags in the reader's words. */
  text: string;
  /** The comment's language tag, for the quote's lang attribute. */
  language?: string;
  touchpoint?: string;
  /** Its own read-only page. */
  url?: string;
}

export const CSS =
  ".ex figure{margin:0 0 1rem}.ex figcaption{font-weight:600;margin-bottom:.25rem}.ex svg{max-width:100%;height:auto}" +
  ".ex .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}" +
  ".ex td.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#b91c1c;font-weight:600}.down{color:#166534;font-weight:600}" +
  ".ex .fb blockquote{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}" +
  // Headers and flags stay on one line; a narrow screen scrolls the table, never one character a line.
  ".ex thead th,.ex .up,.ex .down,.ex .nb{white-space:nowrap}.ex .flag{display:block;font-weight:400}";

export type Trend = { direction: "rising" | "falling"; pValue: number; baseline?: number };

/** A week as the page names it, marked when it is the week under way. */
export const weekLabel = (T: ExplorerText, current: string) => (week: string) =>
  week === current ? T.soFar(T.weekName(week)) : T.weekName(week);
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const num = (x: number | undefined, digits = 0) => (x === undefined ? "–" : x.toFixed(digits));

export const query = (filter: ExplorerFilter, extra: Record<string, string | undefined> = {}) => {
  const q = new URLSearchParams();
  if (filter.channel) q.set("channel", filter.channel);
  if (filter.touchpoint) q.set("touchpoint", filter.touchpoint);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
};

export const header = (ctx: ExplorerContext, T: ExplorerText, heading: string, here: string): string => {
  const lang = SUPPORTED_LOCALES.map((l) => {
    const sep = here.includes("?") ? "&" : "?";
    const names = { en: "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文" } as const;
    return `<a href="${escapeHtml(`${here}${sep}lang=${l}`)}" lang="${l}" hreflang="${l}"${l === ctx.locale ? ' aria-current="true"' : ""}>${names[l]}</a>`;
  }).join("");
  return (
    `<header class="top"><h1>${escapeHtml(heading)}</h1><div class="who"><span>${escapeHtml(ctx.viewer)}</span>` +
    `<nav class="lang" aria-label="${T.language}">${lang}</nav>` +
    (ctx.workbenchPath ? `<a href="${escapeHtml(ctx.workbenchPath)}">${T.backToWorkbench}</a>` : "") +
    "</div></header>" +
    `<p id="flash" role="status">${escapeHtml(ctx.flash ?? "")}</p>`
  );
};

export const select = (
  name: string,
  label: string,
  any: string,
  options: ReadonlyArray<readonly [string, string]>,
  current?: string,
) =>
  `<div><label for="x-${name}">${label}</label><select id="x-${name}" name="${name}">` +
  (any === "" ? "" : `<option value="">${any}</option>`) +
  options
    .map(
      ([v, text]) => `<option value="${escapeHtml(v)}"${v === current ? " selected" : ""}>${escapeHtml(text)}</option>`,
    )
    .join("") +
  "</select></div>";

export const filterForm = (ctx: ExplorerContext, T: ExplorerText, action: string, extra = ""): string =>
  `<form class="flt" method="get" action="${escapeHtml(action)}" role="search" aria-label="${T.filters}">` +
  select(
    "channel",
    T.channel,
    T.all,
    ctx.channels.map((c) => [c, ctx.labels.channel(c)] as const),
    ctx.filter.channel,
  ) +
  select(
    "touchpoint",
    T.touchpoint,
    T.all,
    ctx.touchpoints.map((t) => [t, ctx.labels.touchpoint(t)] as const),
    ctx.filter.touchpoint,
  ) +
  extra +
  `<button type="submit" class="pri">${T.apply}</button></form>`;

export const dataTable = (T: ExplorerText, caption: string, rows: ReadonlyArray<readonly [string, string, string]>) =>
  `<details><summary>${escapeHtml(T.tableOf(caption))}</summary><table><thead><tr><th scope="col">${T.weekCol}</th>` +
  `<th scope="col">${T.valueCol}</th><th scope="col">${T.nCol}</th></tr></thead><tbody>` +
  rows
    .map(
      ([w, v, n]) =>
        `<tr><th scope="row">${escapeHtml(T.weekName(w))}</th><td class="n">${v}</td><td class="n">${n}</td></tr>`,
    )
    .join("") +
  "</tbody></table></details>";

/** A rise or a drop with its test; a rise from nothing is "new", as the digest says. */
export const trendFlag = (T: ExplorerText, trend: Trend | undefined) =>
  trend === undefined
    ? ""
    : trend.direction === "rising"
      ? `<span class="up">↑ ${escapeHtml((trend.baseline === 0 ? T.newTheme : T.rising)(T.p(trend.pValue)))}</span>`
      : `<span class="down">↓ ${escapeHtml(T.falling(T.p(trend.pValue)))}</span>`;

/** A comment's date, channel, score, sentiment, touchpoint and themes, in the reader's words. */
export const commentMeta = (ctx: ExplorerContext, T: ExplorerText, c: CommentView): string =>
  `<p class="meta">${escapeHtml(ctx.labels.dateTime(c.occurredAt))} · ${escapeHtml(ctx.labels.channel(c.channel))}` +
  `${c.score === undefined ? "" : ` · ${c.score}`} · ${escapeHtml(T.sentiments[c.sentiment])}` +
  `${c.touchpoint === undefined || !ctx.touchpoints.includes(c.touchpoint) ? "" : ` · ${escapeHtml(ctx.labels.touchpoint(c.touchpoint))}`} · ` +
  `${c.themes.map((t) => escapeHtml(ctx.labels.theme(t))).join("、")}</p>`;

/** The customer's words, masking tags in the reader's words, in the comment's own language. */
export const quote = (locale: SupportedLocale, c: CommentView): string => {
  const lang = c.language !== undefined && LANG_TAG.test(c.language) ? ` lang="${escapeHtml(c.language)}"` : "";
  return `<blockquote${lang}>${isolatedText(readableMasks(c.text, locale))}</blockquote>`;
};

/** "Reading wrong?" under a comment: the right sentiment and themes, through the corrections use case. */
export const correction = (input: ExplorerContext & { theme: string }, T: ExplorerText, c: CommentView): string => {
  if (!input.correctionUrl) return "";
  const id = escapeHtml(c.id);
  const sentiments = Sentiment.options
    .map((s) => `<option value="${s}"${s === c.sentiment ? " selected" : ""}>${escapeHtml(T.sentiments[s])}</option>`)
    .join("");
  const themes = input.themeIds
    .map(
      (t) =>
        `<label><input type="checkbox" name="themes" value="${escapeHtml(t)}"${c.themes.includes(t) ? " checked" : ""}>${escapeHtml(input.labels.theme(t))}</label>`,
    )
    .join("");
  return (
    `<details><summary>${T.readingWrong}</summary><form method="post" class="stack" action="${escapeHtml(input.correctionUrl(c.id))}">` +
    `<input type="hidden" name="explore" value="${escapeHtml(input.theme)}">` +
    `<div><label for="c-s-${id}">${T.correctSentiment}</label><select id="c-s-${id}" name="sentiment">${sentiments}</select></div>` +
    `<fieldset class="chk"><legend>${T.correctThemes}</legend>${themes}</fieldset>` +
    `<button type="submit">${T.saveCorrection}</button></form></details>`
  );
};
