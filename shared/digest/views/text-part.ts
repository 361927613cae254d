import { Channel } from "#shared/feedback/model/schema";
import { readableMasks } from "#shared/privacy/model/mask-words";
import type { Digest } from "../model/digest.ts";
import { npsTrendAlt } from "./chart-words.ts";
import { clean, DASH, num, quoteMarks, quoteText, safeUrl, WIDE, widthOf } from "./format.ts";
import { type Labels, labelsFor } from "./labels.ts";
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

/** The plain-text part: the same numbers and words, wrapped at 78 columns (CJK counts double). */

const WIDTH = 78;

/** Where a line of Chinese may break: after its punctuation, or at a space (never inside a word). */
const CJK_BREAKS = /\s+|\S+?(?:[，。、；：！？）」』》〕…—,;:!?]+|(?=\s)|$)/gu;
const LATIN_TOKENS = new RegExp(`\\s+|${WIDE.source}|[^\\s${WIDE.source.slice(1, -1)}]+`, "gu");

/**
 * Greedy wrap by display width (CJK counts double). Latin text breaks at spaces; a line with CJK
 * breaks only after punctuation or at a space, so no word ("全部团队") is cut in two: a long
 * clause without punctuation runs past the width rather than break mid-word.
 */
const wrap = (value: string, indent = "", width = WIDTH): string[] =>
  value.split("\n").flatMap((paragraph) => {
    const tokens = paragraph.match(WIDE.test(paragraph) ? CJK_BREAKS : LATIN_TOKENS) ?? [];
    const lines: string[] = [];
    let line = "";
    let space = false;
    for (const token of tokens) {
      if (token === "") continue;
      if (/^\s+$/.test(token)) {
        space = line !== "";
        continue;
      }
      const sep = space ? " " : "";
      if (line !== "" && widthOf(indent + line + sep + token) > width) {
        lines.push(line);
        line = token;
      } else {
        line += sep + token;
      }
      space = false;
      // Last resort, a clause longer than a whole line without any break: cut it at the width.
      while (widthOf(indent + line) > width && WIDE.test(line)) {
        const chars = Array.from(line);
        let cut = 0;
        while (cut < chars.length && widthOf(indent + chars.slice(0, cut + 1).join("")) <= width) cut++;
        lines.push(chars.slice(0, Math.max(1, cut)).join(""));
        line = chars.slice(Math.max(1, cut)).join("");
      }
    }
    lines.push(line);
    return lines.map((l) => (l === "" ? "" : indent + l));
  });

const title = (label: string, ch = "-") => [label, ch.repeat(Math.min(WIDTH, Math.max(3, widthOf(label))))];

const metricText = (v: MetricView, l: Labels): string[] => {
  if (!v.enough) return [v.value, ...(v.average ? [`${l.average8} ${v.average}`] : [])];
  const lines = [`${v.value}${v.margin ? ` ${v.margin}` : ""} (${v.n})`];
  const extra = [
    v.change ? `${v.change.arrow} ${v.change.text} ${l.vsLastWeek}` : "",
    v.average ? `${l.average8} ${v.average}` : "",
  ].filter(Boolean);
  if (extra.length > 0) lines.push(extra.join(" · "));
  return lines;
};

const textBar = (pct: number, width = 20) => {
  const n = Math.max(0, Math.min(width, Math.round((pct / 100) * width)));
  return `${"█".repeat(n)}${"·".repeat(width - n)}`;
};

export const renderText = (
  d: Digest,
  brand: string,
  unsubscribe: string,
  preview: string | undefined,
  explorer?: string,
): string => {
  const l = labelsFor(d.locale);
  const st = styles(l);
  const out: string[] = [];
  const blank = () => out.push("");
  // Two lines, so neither the week nor whom it is for is cut in the middle.
  out.push(...wrap(clean(`${brand} · ${l.title} · ${l.week(d.week, d.from, d.to)}`)), ...wrap(clean(d.teamLabel)));
  if (preview) out.push(`${l.viewInBrowser}${l.colon}${preview}`);
  if (explorer) out.push(`${l.digDeeper}${l.colon}${explorer}`);
  blank();
  out.push(...title(clean(d.headline), "="));
  blank();

  const nps = metricView(d.nps, st.nps, l);
  out.push(...title(l.nps), ...metricText(nps, l).flatMap((s) => wrap(s)));
  if (nps.enough) {
    const split = npsSplit(d.nps, l);
    out.push(...wrap(split.map((s) => `${s.label} ${l.pct(String(s.pct))}`).join(" · ")));
  }
  if (d.trend.length > 0) out.push(...wrap(npsTrendAlt(d.trend, d.locale)));
  blank();
  out.push(...title(l.csat), ...metricText(metricView(d.csat, st.csat, l), l).flatMap((s) => wrap(s)));
  blank();
  out.push(...title(l.volume), ...metricText(metricView(d.volume.total, st.volume, l), l).flatMap((s) => wrap(s)));
  for (const c of Channel.options) {
    const m = d.volume.byChannel[c];
    if (!m) continue;
    const v = metricView(m, st.volume, l);
    const value = m.value !== undefined && Number.isFinite(m.value) ? num(m.value, 0) : DASH;
    out.push(
      ...wrap(`${l.channel[c]}${l.colon}${value}${v.change ? ` (${v.change.arrow} ${v.change.text})` : ""}`, "  "),
    );
  }
  blank();

  out.push(...title(l.themes));
  if (d.themes.length === 0) out.push(l.noComplaints);
  else out.push(...wrap(l.themesIntro));
  const maxShare = Math.max(
    0,
    ...d.themes.map((t) => (Number.isFinite(t.shareOfComplaints) ? t.shareOfComplaints : 0)),
  );
  d.themes.forEach((t, i) => {
    const ch = themeChange(t, l);
    blank();
    out.push(...wrap(`${i + 1}. ${clean(t.label)}${t.vital ? ` [${l.vital}]` : ""}`));
    out.push(
      ...wrap(
        `${l.negative} ${num(t.negative, 0)} · ${l.change} ${ch ? `${ch.arrow} ${ch.text}` : DASH} · ${l.share} ${l.pct(num(t.shareOfComplaints * 100, 0))} · ${l.cumulative} ${l.pct(num(t.cumulativeShare * 100, 0))}`,
        "   ",
      ),
    );
    out.push(`   ${textBar(maxShare > 0 ? (t.shareOfComplaints / maxShare) * 100 : 0)}`);
    const fix = fixView(t, d.locale);
    if (fix) out.push(...wrap(fix.text, "   "));
  });
  blank();

  if (d.emerging.length > 0) {
    out.push(...title(l.trends));
    for (const s of d.emerging) {
      const v = trendView(s, l);
      out.push(...wrap(`${v.arrow} ${clean(s.label)} · ${v.direction}`));
      out.push(...wrap(v.counts, "  "), ...wrap(`${clean(s.test)}${l.aside(v.p)}`, "  "));
      blank();
    }
  }

  if (d.verbatims.length > 0) {
    out.push(...title(l.verbatims));
    for (const g of verbatimGroups(d)) {
      out.push(`[${clean(g.label)}]`);
      for (const v of g.items) {
        const [open, close] = quoteMarks(v.language);
        // Masked personal data in the reader's words ("〔电话已隐去〕", not "[phone]").
        out.push(...wrap(`${open}${quoteText(readableMasks(v.text, d.locale))}${close}`, "  > "));
        const url = safeUrl(v.link);
        out.push(...wrap(`— ${verbatimMeta(v, l)}`, "    "));
        if (url) out.push(`    ${l.view}${l.colon}${url}`);
        blank();
      }
    }
  }

  if (d.loop) {
    out.push(...title(l.loop));
    for (const { label, view } of loopRows(d.loop, l)) {
      const detail = [
        view.margin,
        view.change ? `${view.change.arrow} ${view.change.text}` : "",
        view.enough ? view.n : "",
      ]
        .filter(Boolean)
        .join(" · ");
      out.push(...wrap(`${label}${l.colon}${view.value}${detail ? ` (${detail})` : ""}`));
    }
    blank();
  }

  if (d.method.length > 0) {
    out.push(...title(l.method));
    for (const m of d.method)
      out.push(...wrap(clean(m), "  ", WIDTH).map((s, i) => (i === 0 ? `- ${s.trimStart()}` : s)));
    blank();
  }
  out.push("--", ...wrap(clean(l.why(brand, d.teamLabel))), `${l.unsubscribe}${l.colon}${unsubscribe}`);
  if (preview) out.push(`${l.viewInBrowser}${l.colon}${preview}`);
  if (explorer) out.push(`${l.digDeeper}${l.colon}${explorer}`);
  return `${out.map((line) => line.trimEnd()).join("\n")}\n`;
};
