import { Channel } from "#shared/feedback/model/schema";
import { escapeHtml } from "#shared/kernel/html";
import { negotiateLocale } from "#shared/kernel/locale";
import { readableMasks } from "#shared/privacy/model/mask-words";
import type { Digest, DigestLocale, LoopSummary, Verbatim } from "../model/digest.ts";
import { axisLabel } from "./chart-words.ts";
import { type DigestImage, PARETO_SIZE, paretoBars, paretoColumns } from "./charts.ts";
import { DASH, LANG_TAG, num, percentages, quoteMarks, quoteText, safeUrl } from "./format.ts";
import { bar, C, type Ctx, fontFor, link, TONE, table, text, tone, unbroken } from "./html-kit.ts";
import {
  fixView,
  loopRows,
  type MetricView,
  metricView,
  npsSplit,
  styles,
  themeChange,
  trendView,
  verbatimGroups,
  verbatimMeta,
} from "./view-model.ts";

/** The sections of the HTML part: KPI tiles, charts, the Pareto table, trends, quotes, the loop. */

export interface Chart {
  image: DigestImage;
  src: string;
}

const percentWidth = (share: number): string => `${Number(share.toFixed(4))}%`;

/**
 * A chart image and, under it, its labels in as many equal columns as the chart has: image and
 * row shrink together on narrow screens, so they stay lined up. Each cell carries its width as an
 * attribute (Outlook for Windows lays tables out by their content, not by table-layout), and no label
 * is wider than its column (see axisLabel). The image is fluid (width:100% up to its own width):
 * Outlook for Windows, which ignores CSS widths, takes the width attribute; everywhere else a phone
 * shrinks it, and its alt text when images are blocked, to the screen. The alt text carries the
 * numbers when images are blocked (styled so it reads like the text around it).
 */
const chartBlock = (ctx: Ctx, { image, src }: Chart, labels: readonly string[]): string => {
  const img =
    `<img src="${escapeHtml(src)}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}" ` +
    `style="display:block;width:100%;max-width:${image.width}px;height:auto;border:0;font-family:${ctx.font};font-size:13px;line-height:18px;color:${C.muted}">`;
  const width = percentWidth(labels.length > 0 ? 100 / labels.length : 100);
  const cells = labels
    .map(
      (label) =>
        `<td align="center" valign="top" width="${width}" style="width:${width};padding:4px 0 0 0;font-family:${ctx.font}">${label}</td>`,
    )
    .join("");
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="${image.width}" style="width:100%;max-width:${image.width}px">` +
    `<tr><td style="padding:0">${img}</td></tr>` +
    (cells ? `<tr><td style="padding:0">${table(`<tr>${cells}</tr>`)}</td></tr>` : "") +
    "</table>"
  );
};

/** The NPS trend under the KPI tiles: the chart, and each week with its score under its bar. */
export const npsTrendBlock = (d: Digest, ctx: Ctx, chart: Chart): string => {
  const last = d.trend.length - 1;
  const labels = d.trend.map(
    (p, i) =>
      `<div ${text(11, { muted: true })}>${escapeHtml(ctx.l.weekShort(p.week))}</div>` +
      `<div ${text(12, { bold: i === last })}>${escapeHtml(num(p.nps, 0))}</div>`,
  );
  return (
    `<div ${text(13, { bold: true, muted: true, css: "padding:12px 0 6px 0" })}>${escapeHtml(ctx.l.npsTrend(d.trend.length))}</div>` +
    chartBlock(ctx, chart, labels)
  );
};

/** Pixels of an 11 px label per column of axisLabel (a CJK character takes two). */
const PX_PER_COLUMN = 6;
/** What a phone leaves the chart (a 360 px screen less the email's padding): below the style sheet's 520 px. */
const PHONE_CHART_WIDTH = 320;
/** The longest run of letters a line cannot break (Chinese breaks between any two characters, English at spaces). */
const longestWord = (label: string): number =>
  Math.max(0, ...label.split(/[\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/u).map((w) => Array.from(w).length));

/**
 * The Pareto chart above the table: each bar named under it, shortened to its column's width. A name with a word
 * too long for a phone's column ("Delivery") would widen the page past the screen: on a phone (the style sheet's
 * `hb-axis-*`) such a chart numbers its bars instead, as the table under it ranks the themes. Every cell has both
 * parts, so what data changes is only which shows.
 */
export const paretoChartBlock = (d: Digest, ctx: Ctx, chart: Chart): string => {
  const bars = paretoBars(d.themes);
  const columns = paretoColumns(bars.length);
  const fits = Math.floor((PARETO_SIZE.width / columns - 4) / PX_PER_COLUMN);
  const phoneFits = Math.floor((PHONE_CHART_WIDTH / columns - 4) / PX_PER_COLUMN);
  const numbered = bars.some((t) => longestWord(t.label) > phoneFits);
  const labels = Array.from({ length: columns }, (_, i) => {
    const t = bars[i];
    if (!t) return "&nbsp;";
    const lines = axisLabel(t.label, fits);
    const shortened = lines.some((line) => line.endsWith("…"));
    const tone = t.vital ? "hb-text" : "hb-muted";
    return (
      `<div ${text(11, { bold: t.vital, muted: !t.vital, cls: numbered ? `${tone} hb-axis-name` : tone })}` +
      `${shortened ? ` title="${escapeHtml(t.label)}"` : ""}>${lines.map(escapeHtml).join("<br>")}</div>` +
      `<div ${text(11, { bold: t.vital, muted: !t.vital, cls: numbered ? `${tone} hb-axis-rank` : tone, css: "display:none;mso-hide:all" })}>${i + 1}</div>`
    );
  });
  return `<div style="padding:0 0 12px 0">${chartBlock(ctx, chart, labels)}</div>`;
};

const metricLines = (v: MetricView, ctx: Ctx, big: number): string => {
  const { l } = ctx;
  const main = v.enough
    ? `<div ${text(big, { bold: true })}>${escapeHtml(v.value)}${v.margin ? ` <span ${text(13, { muted: true })} title="${escapeHtml(l.marginOfError)}">${escapeHtml(v.margin)}</span>` : ""}</div>`
    : `<div ${text(14, { bold: true, muted: true })}>${escapeHtml(v.value)}</div>`;
  const lines = [main];
  if (v.change)
    lines.push(`<div>${tone(v.change)} <span ${text(13, { muted: true })}>${escapeHtml(l.vsLastWeek)}</span></div>`);
  const extra = [v.average ? `${l.average8} ${v.average}` : "", v.enough && v.n ? v.n : ""].filter(Boolean).join(" · ");
  if (extra) lines.push(`<div ${text(12, { muted: true })}>${escapeHtml(extra)}</div>`);
  return lines.join("");
};

const tile = (ctx: Ctx, title: string, body: string) =>
  `<td class="hb-stack" width="33%" valign="top" style="padding:6px">` +
  table(
    `<tr><td class="hb-tile" bgcolor="${C.tile}" valign="top" style="background-color:${C.tile};padding:14px;font-family:${ctx.font};border:1px solid ${C.border};border-radius:6px">` +
      `<div ${text(13, { bold: true, muted: true })}>${escapeHtml(title)}</div>${body}</td></tr>`,
    ` bgcolor="${C.tile}"`,
  ) +
  "</td>";

export const kpiTiles = (d: Digest, ctx: Ctx): string => {
  const { l } = ctx;
  const st = styles(l);
  const nps = metricView(d.nps, st.nps, l);
  let npsBody = metricLines(nps, ctx, 30);
  if (nps.enough) {
    const split = npsSplit(d.nps, l);
    const cells = split
      .filter((s) => s.pct > 0)
      .map(
        (s) =>
          `<td width="${s.pct}%" height="10" bgcolor="${s.colour}" title="${escapeHtml(`${s.label} ${l.pct(String(s.pct))}`)}" style="width:${s.pct}%;height:10px;background-color:${s.colour};font-size:1px;line-height:10px">&nbsp;</td>`,
      )
      .join("");
    const legend = split
      .map(
        (s) =>
          `<span style="color:${s.colour};font-size:12px">&#9632;</span>&nbsp;${escapeHtml(`${s.label} ${l.pct(String(s.pct))}`)}`,
      )
      .join("<br>");
    if (cells) npsBody += `<div style="padding-top:8px">${table(`<tr>${cells}</tr>`)}</div>`;
    npsBody += `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${legend}</div>`;
  }
  const csatBody = metricLines(metricView(d.csat, st.csat, l), ctx, 30);
  const total = metricView(d.volume.total, st.volume, l);
  const counts = Channel.options.map((c) => d.volume.byChannel[c]?.value ?? 0);
  const shares = percentages(counts);
  const channels = Channel.options
    .map((c, i) => {
      const m = d.volume.byChannel[c];
      if (!m) return "";
      const v = metricView(m, st.volume, l);
      const value = m.value !== undefined && Number.isFinite(m.value) ? num(m.value, 0) : DASH;
      return (
        `<div ${text(12, { css: "padding-top:6px" })}>${escapeHtml(`${l.channel[c]}${l.colon}${value}`)}${v.change ? ` ${tone(v.change, 12)}` : ""}</div>` +
        bar(shares[i] ?? 0, C.barLight, 6)
      );
    })
    .join("");
  const volumeBody = metricLines(total, ctx, 30) + channels;
  return table(`<tr>${tile(ctx, l.nps, npsBody)}${tile(ctx, l.csat, csatBody)}${tile(ctx, l.volume, volumeBody)}</tr>`);
};

export const paretoTable = (d: Digest, ctx: Ctx, chart: Chart | undefined): string => {
  const { l } = ctx;
  if (d.themes.length === 0) return `<div ${text(14, { muted: true })}>${escapeHtml(l.noComplaints)}</div>`;
  const maxShare = Math.max(...d.themes.map((t) => (Number.isFinite(t.shareOfComplaints) ? t.shareOfComplaints : 0)));
  // Text styles sit on the cells themselves (no wrapping spans): the table is the bulk of the email.
  // A data table (no role="presentation"): column headers, and each row headed by its theme.
  const cell = (
    tag: "th" | "td",
    align: string,
    content: string,
    o: { muted?: boolean; bold?: boolean; wide?: boolean; css?: string; scope?: "col" | "row" } = {},
  ) =>
    `<${tag}${o.scope ? ` scope="${o.scope}"` : ""} align="${align}" valign="top" class="hb-line ${o.muted ? "hb-muted" : "hb-text"}${o.wide ? " hb-wide" : ""}" ` +
    `style="padding:6px 4px;font-family:${ctx.font};font-size:13px;line-height:18px;color:${o.muted ? C.muted : C.text};` +
    `font-weight:${o.bold ? "bold" : "normal"};border-bottom:1px solid ${C.border}${o.css ?? ""}">${content}</${tag}>`;
  const head = (
    [
      [l.rank, "left"],
      [l.theme, "left"],
      [l.negative, "right"],
      [l.change, "right"],
      [l.share, "right"],
      [l.cumulative, "right"],
    ] as const
  )
    .map(([label, align], i) =>
      cell("th", align, escapeHtml(label), { muted: true, bold: true, wide: i === 5, scope: "col" }),
    )
    .join("");
  const rows = d.themes
    .map((t, i) => {
      const ch = themeChange(t, l);
      const barPct = maxShare > 0 ? (t.shareOfComplaints / maxShare) * 100 : 0;
      const fix = fixView(t, d.locale);
      const fixLine = fix
        ? `<div class="hb-${fix.tone === "neutral" ? "muted" : fix.tone}" style="padding-top:4px;font-size:12px;line-height:17px;font-weight:normal;color:${fix.tone === "neutral" ? C.muted : TONE[fix.tone]}">${escapeHtml(fix.text)}</div>`
        : "";
      const vital = t.vital
        ? ` <span class="hb-bad" style="font-size:11px;color:${C.bad}">${escapeHtml(unbroken(l.vital))}</span>`
        : "";
      return (
        "<tr>" +
        cell("td", "left", String(i + 1), { muted: true }) +
        cell(
          "th",
          "left",
          `${escapeHtml(t.label)}${vital}<div style="padding-top:4px">${bar(barPct, t.vital ? C.bar : C.barLight, 8)}</div>${fixLine}`,
          { bold: t.vital, css: ";width:40%", scope: "row" },
        ) +
        cell("td", "right", escapeHtml(num(t.negative, 0))) +
        cell("td", "right", ch ? tone(ch, 12) : DASH, { muted: true }) +
        cell("td", "right", escapeHtml(unbroken(l.pct(num(t.shareOfComplaints * 100, 0))))) +
        cell("td", "right", escapeHtml(unbroken(l.pct(num(t.cumulativeShare * 100, 0)))), { muted: true, wide: true }) +
        "</tr>"
      );
    })
    .join("");
  return (
    `<div ${text(13, { muted: true, css: "padding-bottom:8px" })}>${escapeHtml(l.themesIntro)}</div>` +
    (chart ? paretoChartBlock(d, ctx, chart) : "") +
    `<table cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse"><tr>${head}</tr>${rows}</table>`
  );
};

export const trendsBlock = (d: Digest, ctx: Ctx): string =>
  d.emerging
    .map((s) => {
      const v = trendView(s, ctx.l);
      return (
        `<div style="padding:0 0 12px 0"><span class="hb-${v.tone}" style="font-size:14px;color:${TONE[v.tone]};font-weight:bold">${escapeHtml(`${v.arrow} ${s.label} · ${v.direction}`)}</span>` +
        `<div ${text(13)}>${escapeHtml(v.counts)}</div>` +
        `<div ${text(13, { muted: true })}>${escapeHtml(`${s.test}${ctx.l.aside(v.p)}`)}</div></div>`
      );
    })
    .join("");

/** One quote as a table row: a grey rule, then the words on a tile with who said them and a link. */
const quoteRow = (v: Verbatim, ctx: Ctx, locale: DigestLocale): string => {
  const [open, close] = quoteMarks(v.language);
  const lang = LANG_TAG.test(v.language) ? ` lang="${escapeHtml(v.language)}"` : "";
  const font = fontFor(negotiateLocale(v.language));
  // Masked personal data in the reader's words ("〔电话已隐去〕", not "[phone]").
  const body = escapeHtml(quoteText(readableMasks(v.text, locale))).replace(/\n/g, "<br>");
  const url = safeUrl(v.link);
  const meta = escapeHtml(verbatimMeta(v, ctx.l)) + (url ? ` · ${link(url, ctx.l.view, 12)}` : "");
  return (
    `<tr><td width="3" bgcolor="${C.quote}" style="width:3px;background-color:${C.quote};font-size:1px;line-height:1px">&nbsp;</td>` +
    `<td class="hb-tile" bgcolor="${C.tile}" style="background-color:${C.tile};padding:10px 14px;font-family:${ctx.font}">` +
    `<blockquote${lang} class="hb-text" style="margin:0;padding:0;${font === ctx.font ? "" : `font-family:${font};`}font-size:15px;line-height:22px;color:${C.text}">${open}${body}${close}</blockquote>` +
    `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${meta}</div></td></tr>`
  );
};

// The gap between quotes is a row of its own: Outlook for Windows would paint a table's margin in its background.
const QUOTE_GAP = '<tr><td colspan="2" height="12" style="height:12px;font-size:1px;line-height:12px">&nbsp;</td></tr>';

export const verbatimsBlock = (d: Digest, ctx: Ctx): string =>
  verbatimGroups(d)
    .map(
      (g) =>
        `<div ${text(14, { bold: true, css: "padding:8px 0 6px 0" })}>${escapeHtml(g.label)}</div>` +
        table(g.items.map((v) => quoteRow(v, ctx, d.locale) + QUOTE_GAP).join("")),
    )
    .join("");

/** Closing the loop: a data table, each figure headed by what it counts. */
export const loopBlock = (loop: LoopSummary, ctx: Ctx): string =>
  `<table cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse">${loopRows(
    loop,
    ctx.l,
  )
    .map(
      ({ label, view }) =>
        `<tr><th scope="row" align="left" class="hb-line" valign="top" style="padding:6px 4px;font-family:${ctx.font};font-weight:normal;border-bottom:1px solid ${C.border}"><span ${text(14)}>${escapeHtml(label)}</span></th>` +
        `<td class="hb-line" align="right" valign="top" style="padding:6px 4px;font-family:${ctx.font};border-bottom:1px solid ${C.border}">` +
        `<span ${text(14, { bold: view.enough, muted: !view.enough })}>${escapeHtml(view.value)}</span>` +
        (view.margin ? ` <span ${text(12, { muted: true })}>${escapeHtml(view.margin)}</span>` : "") +
        (view.change ? ` ${tone(view.change, 12)}` : "") +
        (view.enough && view.n ? `<div ${text(12, { muted: true })}>${escapeHtml(view.n)}</div>` : "") +
        "</td></tr>",
    )
    .join("")}</table>`;
