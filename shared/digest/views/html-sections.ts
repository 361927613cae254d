import { Channel } from "#shared/feedback/model/schema";
import { escapeHtml } from "#shared/kernel/html";
import { negotiateLocale } from "#shared/kernel/locale";
import type { Digest, LoopSummary, Verbatim } from "../model/digest.ts";
import { type DigestImage, paretoBars, paretoColumns } from "./charts.ts";
import { DASH, LANG_TAG, num, percentages, quoteMarks, quoteText, safeUrl } from "./format.ts";
import { bar, C, type Ctx, fontFor, link, TONE, table, text, tone } from "./html-kit.ts";
import {
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
 * row shrink together on narrow screens, so they stay lined up. The alt text carries the numbers
 * when images are blocked (styled so it reads like the text around it).
 */
const chartBlock = (ctx: Ctx, { image, src }: Chart, labels: readonly string[]): string => {
  const img =
    `<img src="${escapeHtml(src)}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}" ` +
    `style="display:block;max-width:100%;height:auto;border:0;outline:none;text-decoration:none;font-family:${ctx.font};font-size:13px;line-height:18px;color:${C.muted}">`;
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
    (cells ? `<tr><td style="padding:0">${table(`<tr>${cells}</tr>`, ' style="table-layout:fixed"')}</td></tr>` : "") +
    "</table>"
  );
};

/** The NPS trend under the KPI tiles: the chart, and each week with its score under its bar. */
export const npsTrendBlock = (d: Digest, ctx: Ctx, chart: Chart): string => {
  const last = d.trend.length - 1;
  const labels = d.trend.map(
    (p, i) =>
      `<div ${text(11, { muted: true })}>${escapeHtml(p.week.replace(/^\d{4}-/, ""))}</div>` +
      `<div ${text(12, { bold: i === last })}>${escapeHtml(num(p.nps, 0))}</div>`,
  );
  return (
    `<div ${text(13, { bold: true, muted: true, css: "padding:12px 0 6px 0" })}>${escapeHtml(ctx.l.npsTrend(d.trend.length))}</div>` +
    chartBlock(ctx, chart, labels)
  );
};

/** The Pareto chart above the table: each bar numbered like the table's rows. */
export const paretoChartBlock = (d: Digest, ctx: Ctx, chart: Chart): string => {
  const bars = paretoBars(d.themes);
  const labels = Array.from({ length: paretoColumns(bars.length) }, (_, i) => {
    const t = bars[i];
    return t ? `<div ${text(12, { bold: t.vital, muted: !t.vital })}>${i + 1}</div>` : "&nbsp;";
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
        `<div ${text(12, { css: "padding-top:6px" })}>${escapeHtml(`${l.channel[c]}: ${value}`)}${v.change ? ` ${tone(v.change, 12)}` : ""}</div>` +
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
  const cell = (
    tag: "th" | "td",
    align: string,
    content: string,
    o: { muted?: boolean; bold?: boolean; wide?: boolean; css?: string } = {},
  ) =>
    `<${tag} align="${align}" valign="top" class="hb-line ${o.muted ? "hb-muted" : "hb-text"}${o.wide ? " hb-wide" : ""}" ` +
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
    .map(([label, align], i) => cell("th", align, escapeHtml(label), { muted: true, bold: true, wide: i === 5 }))
    .join("");
  const rows = d.themes
    .map((t, i) => {
      const ch = themeChange(t, l);
      const barPct = maxShare > 0 ? (t.shareOfComplaints / maxShare) * 100 : 0;
      const vital = t.vital
        ? ` <span class="hb-bad" style="font-size:11px;color:${C.bad};white-space:nowrap">${escapeHtml(l.vital)}</span>`
        : "";
      return (
        "<tr>" +
        cell("td", "left", String(i + 1), { muted: true }) +
        cell(
          "td",
          "left",
          `${escapeHtml(t.label)}${vital}<div style="padding-top:4px">${bar(barPct, t.vital ? C.bar : C.barLight, 8)}</div>`,
          { bold: t.vital, css: ";width:40%" },
        ) +
        cell("td", "right", escapeHtml(num(t.negative, 0))) +
        cell("td", "right", ch ? tone(ch, 12) : DASH, { muted: true, css: ";white-space:nowrap" }) +
        cell("td", "right", escapeHtml(l.pct(num(t.shareOfComplaints * 100, 0)))) +
        cell("td", "right", escapeHtml(l.pct(num(t.cumulativeShare * 100, 0))), { muted: true, wide: true }) +
        "</tr>"
      );
    })
    .join("");
  return (
    `<div ${text(13, { muted: true, css: "padding-bottom:8px" })}>${escapeHtml(l.themesIntro)}</div>` +
    (chart ? paretoChartBlock(d, ctx, chart) : "") +
    table(`<tr>${head}</tr>${rows}`, ' style="border-collapse:collapse"')
  );
};

export const trendsBlock = (d: Digest, ctx: Ctx): string =>
  d.emerging
    .map((s) => {
      const v = trendView(s, ctx.l);
      return (
        `<div style="padding:0 0 12px 0"><span class="hb-${v.tone}" style="font-size:14px;color:${TONE[v.tone]};font-weight:bold">${escapeHtml(`${v.arrow} ${s.label} · ${v.direction}`)}</span>` +
        `<div ${text(13)}>${escapeHtml(v.counts)}</div>` +
        `<div ${text(13, { muted: true })}>${escapeHtml(s.test)} (${escapeHtml(v.p)})</div></div>`
      );
    })
    .join("");

const quoteBlock = (v: Verbatim, ctx: Ctx): string => {
  const [open, close] = quoteMarks(v.language);
  const lang = LANG_TAG.test(v.language) ? ` lang="${escapeHtml(v.language)}"` : "";
  const font = fontFor(negotiateLocale(v.language));
  const body = escapeHtml(quoteText(v.text)).replace(/\n/g, "<br>");
  const url = safeUrl(v.link);
  const meta = escapeHtml(verbatimMeta(v, ctx.l)) + (url ? ` · ${link(url, ctx.l.view, 12)}` : "");
  return table(
    `<tr><td width="3" bgcolor="${C.quote}" style="width:3px;background-color:${C.quote};font-size:1px;line-height:1px">&nbsp;</td>` +
      `<td class="hb-tile" bgcolor="${C.tile}" style="background-color:${C.tile};padding:10px 14px;font-family:${ctx.font}">` +
      `<blockquote${lang} class="hb-text" style="margin:0;padding:0;${font === ctx.font ? "" : `font-family:${font};`}font-size:15px;line-height:22px;color:${C.text}">${open}${body}${close}</blockquote>` +
      `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${meta}</div></td></tr>`,
    ` bgcolor="${C.tile}" style="margin:0 0 10px 0"`,
  );
};

export const verbatimsBlock = (d: Digest, ctx: Ctx): string =>
  verbatimGroups(d)
    .map(
      (g) =>
        `<div ${text(14, { bold: true, css: "padding:8px 0 6px 0" })}>${escapeHtml(g.label)}</div>` +
        g.items
          .map((v) => `${quoteBlock(v, ctx)}<div style="height:8px;line-height:8px;font-size:1px">&nbsp;</div>`)
          .join(""),
    )
    .join("");

export const loopBlock = (loop: LoopSummary, ctx: Ctx): string =>
  table(
    loopRows(loop, ctx.l)
      .map(
        ({ label, view }) =>
          `<tr><td class="hb-line" valign="top" style="padding:6px 4px;font-family:${ctx.font};border-bottom:1px solid ${C.border}"><span ${text(14)}>${escapeHtml(label)}</span></td>` +
          `<td class="hb-line" align="right" valign="top" style="padding:6px 4px;font-family:${ctx.font};border-bottom:1px solid ${C.border}">` +
          `<span ${text(14, { bold: view.enough, muted: !view.enough })}>${escapeHtml(view.value)}</span>` +
          (view.margin ? ` <span ${text(12, { muted: true })}>${escapeHtml(view.margin)}</span>` : "") +
          (view.change ? ` ${tone(view.change, 12)}` : "") +
          (view.enough && view.n ? `<div ${text(12, { muted: true })}>${escapeHtml(view.n)}</div>` : "") +
          "</td></tr>",
      )
      .join(""),
    ' style="border-collapse:collapse"',
  );
