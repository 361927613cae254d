import { type Channel, Sentiment } from "#shared/feedback/model/schema";
import { shell, TRIAGE_CSS } from "#shared/follow-up/views/triage-shell";
import { escapeHtml, isolatedText } from "#shared/kernel/html";
import { SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import type { ExplorerFilter, ParetoLine, ThemeWeek, WeekPoint } from "../model/explorer.ts";
import type { FixEffect, ThemeFix } from "../model/fixes.ts";
import { barChart, lineChart } from "./explorer-charts.ts";
import { EXPLORER_TEXT, type ExplorerText } from "./explorer-text.ts";
import { labelsFor } from "./labels.ts";

/**
 * The explorer's two pages, server-rendered and script-free: the overview (NPS, CSAT and volume
 * over 26 weeks with margins, the theme Pareto of a chosen week with each theme's trend test,
 * filters) and a theme's page (its weekly mentions and negative share, its trend, and the comments
 * behind it, newest first, searchable, paged). Pure: the caller reads counters and comments.
 */

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
}

export interface OverviewInput extends ExplorerContext {
  weeks: readonly string[];
  week: string;
  trend: readonly WeekPoint[];
  pareto: readonly ParetoLine[];
}

export interface CommentView {
  id: string;
  channel: Channel;
  score?: number;
  sentiment: "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED";
  themes: readonly string[];
  occurredAt: string;
  text: string;
}

export interface ThemePageInput extends ExplorerContext {
  theme: string;
  series: readonly ThemeWeek[];
  trend?: { direction: "rising" | "falling"; pValue: number } | undefined;
  comments: readonly CommentView[];
  q?: string;
  sentiment?: string;
  /** Fixes recorded on the theme, newest first, with their effect when it can be told. */
  fixes: ReadonlyArray<ThemeFix & { effect?: FixEffect | undefined }>;
  /** Comments read to answer this page (a search reads at most a bounded number). */
  scanned: number;
  nextCursor?: string;
}

const CSS =
  ".ex figure{margin:0 0 1rem}.ex figcaption{font-weight:600;margin-bottom:.25rem}.ex svg{max-width:100%;height:auto}" +
  ".ex .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}" +
  ".ex td.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#b91c1c;font-weight:600}.down{color:#166534;font-weight:600}" +
  ".ex .fb blockquote{margin:.25rem 0}";

const p3 = (p: number) => (p < 0.001 ? "0.001" : p.toFixed(3));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number | undefined, digits = 0) => (x === undefined ? "–" : x.toFixed(digits));

const query = (filter: ExplorerFilter, extra: Record<string, string | undefined> = {}) => {
  const q = new URLSearchParams();
  if (filter.channel) q.set("channel", filter.channel);
  if (filter.touchpoint) q.set("touchpoint", filter.touchpoint);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
};

const header = (ctx: ExplorerContext, T: ExplorerText, heading: string, here: string): string => {
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

const select = (
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

const filterForm = (ctx: ExplorerContext, T: ExplorerText, action: string, extra = ""): string =>
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
  `<button type="submit" class="pri">${T.apply}</button></form>` +
  (ctx.filter.touchpoint ? `<p class="note">${T.touchpointNote}</p>` : "");

const dataTable = (T: ExplorerText, caption: string, rows: ReadonlyArray<readonly [string, string, string]>) =>
  `<details><summary>${escapeHtml(T.tableOf(caption))}</summary><table><thead><tr><th scope="col">${T.weekCol}</th>` +
  `<th scope="col">${T.valueCol}</th><th scope="col">${T.nCol}</th></tr></thead><tbody>` +
  rows
    .map(([w, v, n]) => `<tr><th scope="row">${escapeHtml(w)}</th><td class="n">${v}</td><td class="n">${n}</td></tr>`)
    .join("") +
  "</tbody></table></details>";

const trendFlag = (T: ExplorerText, trend: { direction: "rising" | "falling"; pValue: number } | undefined) =>
  trend === undefined
    ? ""
    : trend.direction === "rising"
      ? `<span class="up">↑ ${escapeHtml(T.rising(p3(trend.pValue)))}</span>`
      : `<span class="down">↓ ${escapeHtml(T.falling(p3(trend.pValue)))}</span>`;

export const renderExplorerOverview = (input: OverviewInput): string => {
  const T = EXPLORER_TEXT[input.locale];
  const short = labelsFor(input.locale).weekShort;
  const enough = (p: { n: number }) => p.n >= input.minResponses;
  const score = (which: "nps" | "csat") =>
    input.trend.map((w) => ({
      label: short(w.week),
      value: enough(w[which]) ? w[which].value : undefined,
      band: enough(w[which]) ? w[which].margin : undefined,
    }));
  const charts =
    `<div class="cards">` +
    `<figure><figcaption>${T.nps} <small>${T.margin}</small></figcaption>${lineChart(T.nps, score("nps"), { lo: -100, hi: 100 })}` +
    dataTable(
      T,
      T.nps,
      input.trend.map((w) => [w.week, enough(w.nps) ? num(w.nps.value) : T.notEnough, String(w.nps.n)]),
    ) +
    "</figure>" +
    `<figure><figcaption>${T.csat} <small>${T.margin}</small></figcaption>${lineChart(T.csat, score("csat"), { lo: 0, hi: 100 })}` +
    dataTable(
      T,
      T.csat,
      input.trend.map((w) => [w.week, enough(w.csat) ? num(w.csat.value) : T.notEnough, String(w.csat.n)]),
    ) +
    "</figure>" +
    `<figure><figcaption>${T.volume}</figcaption>${barChart(
      T.volume,
      input.trend.map((w) => ({ label: short(w.week), value: w.volume })),
    )}` +
    dataTable(
      T,
      T.volume,
      input.trend.map((w) => [w.week, String(w.volume), String(w.volume)]),
    ) +
    "</figure></div>";
  const weekName = labelsFor(input.locale).weekName;
  const weekSelect = select(
    "week",
    T.week,
    "",
    [...input.weeks].reverse().map((w) => [w, weekName(w)] as const),
    input.week,
  );
  const rows = input.pareto
    .map(
      (l) =>
        `<tr><th scope="row"><a href="${escapeHtml(`${input.basePath}/themes/${encodeURIComponent(l.theme)}${query(input.filter)}`)}">${escapeHtml(input.labels.theme(l.theme))}</a>${l.vital ? ` <small>${T.vital}</small>` : ""}</th>` +
        `<td class="n">${l.negative}</td><td class="n">${pct(l.shareOfComplaints)}</td><td class="n">${pct(l.cumulativeShare)}</td>` +
        `<td class="n">${l.total}</td><td>${trendFlag(T, l.trend)}</td></tr>`,
    )
    .join("");
  const pareto =
    `<section aria-labelledby="x-pareto"><h2 id="x-pareto">${escapeHtml(T.pareto(weekName(input.week)))}</h2>` +
    (input.pareto.length === 0
      ? `<p>${T.paretoEmpty}</p>`
      : `<div class="tw"><table><thead><tr><th scope="col">${T.theme}</th><th scope="col">${T.complaints}</th><th scope="col">${T.share}</th>` +
        `<th scope="col">${T.cumulative}</th><th scope="col">${T.mentions}</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table></div>`) +
    "</section>";
  const here = `${input.basePath}${query(input.filter, { week: input.week })}`;
  const body =
    `<main class="ex">${header(input, T, T.heading, here)}<p class="note">${T.intro}</p>` +
    filterForm(input, T, input.basePath, weekSelect) +
    `<section aria-labelledby="x-trend"><h2 id="x-trend">${escapeHtml(T.trend(input.trend.length))}</h2>${charts}</section>` +
    pareto +
    "</main>";
  return shell(T.title, TRIAGE_CSS + CSS, body, input.nonce, "", undefined, T.lang);
};

/** "Reading wrong?" under a comment: the right sentiment and themes, through the corrections use case. */
const correction = (input: ThemePageInput, T: ExplorerText, c: CommentView): string => {
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

export const renderExplorerTheme = (input: ThemePageInput): string => {
  const T = EXPLORER_TEXT[input.locale];
  const short = labelsFor(input.locale).weekShort;
  const label = input.labels.theme(input.theme);
  const charts =
    `<div class="cards"><figure><figcaption>${T.mentions}</figcaption>` +
    barChart(
      T.mentions,
      input.series.map((w) => ({ label: short(w.week), value: w.mentions })),
    ) +
    dataTable(
      T,
      T.mentions,
      input.series.map((w) => [w.week, String(w.negative), String(w.mentions)]),
    ) +
    `</figure><figure><figcaption>${T.negativeShare}</figcaption>` +
    lineChart(
      T.negativeShare,
      input.series.map((w) => ({
        label: short(w.week),
        value: w.negativeShare === undefined ? undefined : w.negativeShare * 100,
      })),
      { lo: 0, hi: 100 },
    ) +
    dataTable(
      T,
      T.negativeShare,
      input.series.map((w) => [w.week, w.negativeShare === undefined ? "–" : pct(w.negativeShare), String(w.mentions)]),
    ) +
    "</figure></div>";
  const self = `${input.basePath}/themes/${encodeURIComponent(input.theme)}`;
  const sentiments = Sentiment.options.map((s) => [s, T.sentiments[s]] as const);
  const search =
    `<div><label for="x-q">${T.search}</label><input type="text" id="x-q" name="q" maxlength="100" placeholder="${escapeHtml(T.searchHint)}" value="${escapeHtml(input.q ?? "")}"></div>` +
    select("sentiment", T.sentiment, T.all, sentiments, input.sentiment);
  const comments =
    input.comments.length === 0
      ? `<p>${T.noComments}</p>`
      : `<ol class="fb">${input.comments
          .map(
            (c) =>
              `<li><p class="meta">${escapeHtml(input.labels.dateTime(c.occurredAt))} · ${escapeHtml(input.labels.channel(c.channel))}` +
              `${c.score === undefined ? "" : ` · ${c.score}`} · ${escapeHtml(T.sentiments[c.sentiment])} · ` +
              `${c.themes.map((t) => escapeHtml(input.labels.theme(t))).join("、")}</p><blockquote>${isolatedText(c.text)}</blockquote>` +
              correction(input, T, c) +
              "</li>",
          )
          .join("")}</ol>`;
  const more =
    input.nextCursor === undefined
      ? ""
      : `<p class="pg"><a rel="next" href="${escapeHtml(`${self}${query(input.filter, { q: input.q, sentiment: input.sentiment, cursor: input.nextCursor })}`)}">${T.more}</a></p>`;
  const scanned = input.q ? `<p class="note">${escapeHtml(T.scanned(input.scanned))}</p>` : "";
  const fixes =
    input.fixes.length === 0
      ? ""
      : `<section aria-labelledby="x-fixes"><h2 id="x-fixes">${T.fixes}</h2><ul>` +
        input.fixes
          .map((f) => {
            const e = f.effect;
            const effect =
              e === undefined
                ? T.fixNoEffectYet
                : `${T.fixEffect(
                    `${e.change < 0 ? "−" : "+"}${Math.abs(Math.round(e.change * 100))}%`,
                    e.rateBefore.toFixed(1),
                    e.rateAfter.toFixed(1),
                    p3(e.pValue),
                    e.weeksBefore,
                    e.weeksAfter,
                  )}${e.significant ? "" : `, ${T.notSignificant}`}`;
            return `<li><strong>${escapeHtml(input.labels.dateTime(`${f.date}T12:00:00Z`).replace(/\s*\d{1,2}:\d{2}$/, ""))}</strong> ${isolatedText(f.note)}<br><small${e?.significant && e.change < 0 ? ' class="down"' : ""}>${escapeHtml(effect)}</small></li>`;
          })
          .join("") +
        "</ul></section>";
  const body =
    `<main class="ex">${header(input, T, T.themeHeading(label), `${self}${query(input.filter)}`)}` +
    `<p><a href="${escapeHtml(`${input.basePath}${query(input.filter)}`)}">← ${T.back}</a> ${trendFlag(T, input.trend)}</p>` +
    `<section aria-labelledby="x-weeks"><h2 id="x-weeks">${escapeHtml(T.trend(input.series.length))}</h2>${charts}</section>` +
    fixes +
    `<section aria-labelledby="x-comments"><h2 id="x-comments">${T.comments}</h2><p class="note">${T.commentsIntro}</p>` +
    filterForm(input, T, self, search) +
    scanned +
    comments +
    more +
    "</section></main>";
  return shell(`${T.themeHeading(label)} – hearback`, TRIAGE_CSS + CSS, body, input.nonce, "", undefined, T.lang);
};

/** A theme that does not exist (a stale or mistyped link), with the way back. */
export const renderExplorerNotFound = (ctx: ExplorerContext): string => {
  const T = EXPLORER_TEXT[ctx.locale];
  const body =
    `<main class="ex">${header(ctx, T, T.heading, ctx.basePath)}<h2>${T.unknownTheme}</h2>` +
    `<p><a href="${escapeHtml(ctx.basePath)}">← ${T.back}</a></p></main>`;
  return shell(T.title, TRIAGE_CSS + CSS, body, ctx.nonce, "", undefined, T.lang);
};
