import { escapeHtml } from "#shared/kernel/html";
import type { DigestLocale } from "../model/digest.ts";
import type { Labels } from "./labels.ts";
import type { Change, Tone } from "./view-model.ts";

/** The HTML part's palette, fonts and the few elements everything else is built from. */

export const C = {
  page: "#f3f4f6",
  card: "#ffffff",
  tile: "#f9fafb",
  text: "#111827",
  muted: "#4b5563",
  border: "#e5e7eb",
  link: "#1d4ed8",
  good: "#047857",
  bad: "#b91c1c",
  neutral: "#4b5563",
  bar: "#1d4ed8",
  barLight: "#93c5fd",
  track: "#e5e7eb",
  quote: "#9ca3af",
} as const;

export const TONE: Record<Tone, string> = { good: C.good, bad: C.bad, neutral: C.neutral };

const SYSTEM = "-apple-system,'Segoe UI',Roboto,Arial";
const CJK_SC = "'PingFang SC','Microsoft YaHei'";
const CJK_TC = "'PingFang TC','Microsoft JhengHei'";
export const fontFor = (locale: DigestLocale): string =>
  `${SYSTEM},${locale === "zh-Hant" ? `${CJK_TC},${CJK_SC}` : `${CJK_SC},${CJK_TC}`},sans-serif`;

/**
 * Outlook for Windows (Word) takes the first font of a list whether or not it has it, and falls back
 * to Times New Roman: it gets fonts Windows has, with the East Asian one named apart.
 */
export const msoFontsFor = (locale: DigestLocale): { font: string; eastAsian: string } => ({
  font: "'Segoe UI',Arial,sans-serif",
  eastAsian: locale === "zh-Hant" ? "'Microsoft JhengHei'" : "'Microsoft YaHei'",
});

/** Spaces that must not break a short figure apart ("▲ +38 %", "top 80 %"); white-space:nowrap is lost in Outlook. */
export const unbroken = (value: string): string => value.replace(/ /g, "\u00a0");

export const table = (inner: string, attrs = "") =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%"${attrs}>${inner}</table>`;

export interface Ctx {
  l: Labels;
  font: string;
}

export const text = (
  size: number,
  opts: { bold?: boolean; muted?: boolean; colour?: string; cls?: string; css?: string } = {},
) => {
  const colour = opts.colour ?? (opts.muted ? C.muted : C.text);
  const cls = opts.cls ?? (opts.muted ? "hb-muted" : "hb-text");
  return `class="${cls}" style="font-size:${size}px;line-height:${Math.round(size * 1.45)}px;color:${colour}${opts.bold ? ";font-weight:bold" : ""}${opts.css ? `;${opts.css}` : ""}"`;
};

// No target="_blank": mail clients open links in a new window anyway (Gmail and Outlook.com force it).
export const link = (url: string, label: string, size = 13) =>
  `<a href="${escapeHtml(url)}" class="hb-link" style="font-size:${size}px;color:${C.link};text-decoration:underline">${escapeHtml(label)}</a>`;

export const tone = (c: Change, size = 13) =>
  `<span class="hb-${c.tone}" style="font-size:${size}px;color:${TONE[c.tone]};font-weight:bold">${escapeHtml(unbroken(`${c.arrow} ${c.text}`))}</span>`;

export const heading = (ctx: Ctx, label: string) =>
  `<tr><td class="hb-pad" style="padding:28px 32px 8px 32px;font-family:${ctx.font}"><div ${text(18, { bold: true })}>${escapeHtml(label)}</div></td></tr>`;

/** Horizontal bar of `pct` (0..100) drawn with two table cells. */
export const bar = (pct: number, colour: string, height = 10) => {
  const w = Math.max(0, Math.min(100, Math.round(pct)));
  const cell = (width: number, bg: string) =>
    `<td width="${width}%" height="${height}" bgcolor="${bg}" style="width:${width}%;height:${height}px;background-color:${bg};font-size:1px;line-height:${height}px">&nbsp;</td>`;
  const cells = (w > 0 ? cell(w, colour) : "") + (w < 100 ? cell(100 - w, C.track) : "");
  return table(`<tr>${cells}</tr>`);
};

export const section = (ctx: Ctx, inner: string) =>
  `<tr><td class="hb-pad" style="padding:0 32px 8px 32px;font-family:${ctx.font}">${inner}</td></tr>`;
