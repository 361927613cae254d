import { Sentiment } from "#shared/feedback/model/schema";
import { shell, TRIAGE_CSS } from "#shared/follow-up/views/triage-shell";
import { escapeHtml, isolatedText } from "#shared/kernel/html";
import { SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import type { ParetoLine, ThemeWeek, TouchpointMentions, WeekPoint } from "../model/explorer.ts";
import type { FixEffect, ThemeFix } from "../model/fixes.ts";
import { barChart, lineChart } from "./explorer-charts.ts";
import {
  type CommentView,
  CSS,
  commentMeta,
  correction,
  dataTable,
  type ExplorerContext,
  filterForm,
  header,
  num,
  pct,
  query,
  quote,
  select,
  type Trend,
  trendFlag,
  weekLabel,
} from "./explorer-kit.ts";
import { EXPLORER_TEXT } from "./explorer-text.ts";
import { labelsFor } from "./labels.ts";

export type { CommentView, ExplorerContext } from "./explorer-kit.ts";

/**
 * The explorer's two pages, server-rendered and script-free: the overview (NPS, CSAT and volume
 * over 26 weeks with margins, the theme Pareto of a chosen week with each theme's trend test,
 * filters) and a theme's page (its weekly mentions and negative share, its trend, and the comments
 * behind it, newest first, searchable, paged). Pure: the caller reads counters and comments.
 */

export interface OverviewInput extends ExplorerContext {
  /** The complete weeks of the trend, oldest first. */
  weeks: readonly string[];
  /** The week under way (offered for the Pareto, marked "so far"). */
  current: string;
  week: string;
  /** The first week with data, when the trend starts there rather than EXPLORER_WEEKS back. */
  since?: string | undefined;
  trend: readonly WeekPoint[];
  pareto: readonly ParetoLine[];
}

export interface ThemePageInput extends ExplorerContext {
  theme: string;
  /** The complete weeks shown, oldest first, and the week under way. */
  weeks: readonly string[];
  current: string;
  /** The week the touchpoints and comments are of; absent: all the weeks shown. */
  week?: string;
  /** The first week with data, when the weeks start there rather than EXPLORER_WEEKS back. */
  since?: string | undefined;
  series: readonly ThemeWeek[];
  trend?: Trend | undefined;
  touchpointMentions: readonly TouchpointMentions[];
  comments: readonly CommentView[];
  q?: string;
  sentiment?: string;
  /** The comments' language filter. */
  language?: SupportedLocale;
  /** Fixes recorded on the theme, newest first, with their effect when it can be told. */
  fixes: ReadonlyArray<ThemeFix & { effect?: FixEffect | undefined }>;
  /** Comments read to answer this page (a search reads at most a bounded number). */
  scanned: number;
  nextCursor?: string;
}

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
  const scores = input.themesOnly
    ? `<p class="note">${escapeHtml(T.noScoresForThemes)}</p>`
    : `<figure><figcaption>${T.nps} <small>${T.margin}</small></figcaption>${lineChart(T.nps, score("nps"), { lo: -100, hi: 100 })}` +
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
      "</figure>";
  const volume = input.themesOnly ? T.themeVolume : T.volume;
  const charts =
    `<div class="cards">${scores}` +
    `<figure><figcaption>${volume}</figcaption>${barChart(
      volume,
      input.trend.map((w) => ({ label: short(w.week), value: w.volume })),
    )}` +
    dataTable(
      T,
      volume,
      input.trend.map((w) => [w.week, String(w.volume), String(w.volume)]),
    ) +
    "</figure></div>";
  const weekName = weekLabel(T, input.current);
  const weekSelect = select(
    "week",
    T.week,
    "",
    [input.current, ...[...input.weeks].reverse()].map((w) => [w, weekName(w)] as const),
    input.week,
  );
  const rows = input.pareto
    .map(
      (l) =>
        `<tr><th scope="row"><a href="${escapeHtml(`${input.basePath}/themes/${encodeURIComponent(l.theme)}${query(input.filter, { week: input.week })}`)}">${escapeHtml(input.labels.theme(l.theme))}</a>${l.vital ? ` <small>${T.vital}</small>` : ""}` +
        `${l.trend ? `<small class="flag">${trendFlag(T, l.trend)}</small>` : ""}</th>` +
        `<td class="n">${l.negative}</td><td class="n">${pct(l.shareOfComplaints)}</td><td class="n">${pct(l.cumulativeShare)}</td>` +
        `<td class="n">${l.total}</td></tr>`,
    )
    .join("");
  const pareto =
    `<section aria-labelledby="x-pareto"><h2 id="x-pareto">${escapeHtml(T.pareto(weekName(input.week)))}</h2>` +
    (input.pareto.length === 0
      ? `<p>${T.paretoEmpty}</p>`
      : `<div class="tw"><table><thead><tr><th scope="col">${T.theme}</th><th scope="col">${T.complaints}</th><th scope="col">${T.share}</th>` +
        `<th scope="col">${T.cumulative}</th><th scope="col">${T.mentions}</th></tr></thead><tbody>${rows}</tbody></table></div>`) +
    "</section>";
  const here = `${input.basePath}${query(input.filter, { week: input.week })}`;
  const body =
    `<main class="ex">${header(input, T, T.heading, here)}<p class="note">${T.intro}</p>` +
    filterForm(input, T, input.basePath, weekSelect) +
    `<section aria-labelledby="x-trend"><h2 id="x-trend">${escapeHtml(T.trend(input.trend.length, input.since && T.weekName(input.since)))}</h2>${charts}</section>` +
    pareto +
    "</main>";
  return shell(T.title, TRIAGE_CSS + CSS, body, input.nonce, "", undefined, T.lang);
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
    (input.week ? `<input type="hidden" name="week" value="${escapeHtml(input.week)}">` : "") +
    `<div><label for="x-q">${T.search}</label><input type="text" id="x-q" name="q" maxlength="100" placeholder="${escapeHtml(T.searchHint)}" value="${escapeHtml(input.q ?? "")}"></div>` +
    select("sentiment", T.sentiment, T.all, sentiments, input.sentiment) +
    select(
      "language",
      T.commentLanguage,
      T.all,
      SUPPORTED_LOCALES.map((l) => [l, T.languages[l]] as const),
      input.language,
    );
  const comments =
    input.comments.length === 0
      ? `<p>${T.noComments}</p>`
      : `<ol class="fb">${input.comments
          .map(
            (c) =>
              `<li>${commentMeta(input, T, c)}${quote(input.locale, c)}` +
              (c.url ? `<p><a href="${escapeHtml(c.url)}">${T.openComment}</a></p>` : "") +
              correction(input, T, c) +
              "</li>",
          )
          .join("")}</ol>`;
  const more =
    input.nextCursor === undefined
      ? ""
      : `<p class="pg"><a rel="next" href="${escapeHtml(`${self}${query(input.filter, { week: input.week, q: input.q, sentiment: input.sentiment, language: input.language, cursor: input.nextCursor })}`)}">${T.more}</a></p>`;
  const scanned = input.q || input.language ? `<p class="note">${escapeHtml(T.scanned(input.scanned))}</p>` : "";
  const weekName = weekLabel(T, input.current);
  const period = input.week === undefined ? T.allWeeks(input.weeks.length) : weekName(input.week);
  const mentionsAll = input.touchpointMentions.reduce((sum, l) => sum + l.mentions, 0);
  const touchpoints =
    `<section aria-labelledby="x-tps"><h2 id="x-tps">${T.byTouchpoint}</h2>` +
    `<form class="flt" method="get" action="${escapeHtml(self)}">` +
    Object.entries({ channel: input.filter.channel, touchpoint: input.filter.touchpoint })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(String(v))}">`)
      .join("") +
    select(
      "week",
      T.period,
      T.allWeeks(input.weeks.length),
      [input.current, ...[...input.weeks].reverse()].map((w) => [w, weekName(w)] as const),
      input.week,
    ) +
    `<button type="submit">${T.apply}</button></form>` +
    `<p class="note">${escapeHtml(T.touchpointIntro(period))}</p>` +
    (input.touchpointMentions.length === 0
      ? `<p>${T.noTouchpoints}</p>`
      : `<div class="tw"><table><thead><tr><th scope="col">${T.touchpoint}</th><th scope="col">${T.mentions}</th>` +
        `<th scope="col">${T.complaints}</th><th scope="col">${T.share}</th></tr></thead><tbody>` +
        input.touchpointMentions
          .map(
            (l) =>
              `<tr><th scope="row">${escapeHtml(l.touchpoint === undefined ? T.elsewhere : input.labels.touchpoint(l.touchpoint))}</th>` +
              `<td class="n">${l.mentions}</td><td class="n">${l.negative}</td><td class="n">${pct(l.mentions / mentionsAll)}</td></tr>`,
          )
          .join("") +
        "</tbody></table></div>") +
    "</section>";
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
                    T.p(e.pValue),
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
    `<section aria-labelledby="x-weeks"><h2 id="x-weeks">${escapeHtml(T.trend(input.series.length, input.since && T.weekName(input.since)))}</h2>${charts}</section>` +
    touchpoints +
    fixes +
    `<section aria-labelledby="x-comments"><h2 id="x-comments">${T.comments}</h2><p class="note">${escapeHtml(input.week ? T.commentsOfWeek(weekName(input.week)) : T.commentsIntro)}</p>` +
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

export interface CommentPageInput extends ExplorerContext {
  theme: string;
  comment: CommentView;
}

/** One comment on its own page (a staff reader can correct its reading here too), with the way back to its theme. */
export const renderExplorerComment = (input: CommentPageInput): string => {
  const T = EXPLORER_TEXT[input.locale];
  const back = `${input.basePath}/themes/${encodeURIComponent(input.theme)}${query(input.filter)}`;
  const label = input.labels.theme(input.theme);
  const body =
    `<main class="ex">${header(input, T, T.commentTitle, `${back}${back.includes("?") ? "&" : "?"}comment=${encodeURIComponent(input.comment.id)}`)}` +
    `<p><a href="${escapeHtml(back)}">← ${escapeHtml(T.backToTheme(label))}</a></p>` +
    `<div class="fb">${commentMeta(input, T, input.comment)}${quote(input.locale, input.comment)}</div>` +
    `<p class="note">${T.maskedNote}</p>` +
    correction(input, T, input.comment) +
    "</main>";
  return shell(`${T.commentTitle} – hearback`, TRIAGE_CSS + CSS, body, input.nonce, "", undefined, T.lang);
};
