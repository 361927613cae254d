import { escapeHtml } from "#shared/kernel/html";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import type { Digest, DigestLocale } from "../model/digest.ts";
import { clean, safeUrl } from "./format.ts";
import { C, type Ctx, fontFor, heading, link, msoFontsFor, section, table, text } from "./html-kit.ts";
import {
  type Chart,
  kpiTiles,
  loopBlock,
  npsTrendBlock,
  paretoTable,
  trendsBlock,
  verbatimsBlock,
} from "./html-sections.ts";
import { labelsFor } from "./labels.ts";

/** The HTML part's document: head and style sheet, preheader, header, the sections, the footer. */

/**
 * Mobile stacking and dark-mode colours: an enhancement only, every colour is also inline (and on a
 * bgcolor), so a client that drops <style> (Gmail with other accounts) or ignores @media (Outlook for
 * Windows, Gmail's prefers-color-scheme) shows the light design, or inverts it itself: the contrast
 * holds either way (tests/digest/digest-email-clients.test.ts). Lowercase `!important` with a space
 * before it, as Gmail and Outlook want.
 */
const STYLE =
  "<style>" +
  "@media only screen and (max-width:600px){.hb-stack{display:block !important;width:100% !important;box-sizing:border-box}.hb-pad{padding-left:16px !important;padding-right:16px !important}.hb-wide{display:none !important}}" +
  "@media only screen and (max-width:520px){.hb-axis-name{display:none !important}.hb-axis-rank{display:block !important}}" +
  "@media (prefers-color-scheme:dark){.hb-page{background-color:#0b1220 !important}.hb-card{background-color:#111827 !important}.hb-tile{background-color:#1f2937 !important}" +
  ".hb-text{color:#f3f4f6 !important}.hb-muted{color:#9ca3af !important}.hb-good{color:#34d399 !important}.hb-bad{color:#f87171 !important}.hb-neutral{color:#9ca3af !important}.hb-link{color:#93c5fd !important}.hb-line{border-color:#374151 !important}}" +
  "</style>";

/**
 * For Outlook for Windows only: 96 dpi, so sizes in attributes do not grow on 120 dpi screens;
 * fonts Windows has (Word falls back to Times New Roman otherwise); exact line heights.
 */
const msoHead = (locale: DigestLocale): string => {
  const { font, eastAsian } = msoFontsFor(locale);
  return (
    "<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>" +
    `<style>body,table,td,th,div,span,a,h1,blockquote{font-family:${font} !important;mso-fareast-font-family:${eastAsian};mso-line-height-rule:exactly}</style><![endif]-->`
  );
};

/**
 * The document every report email shares (the weekly digest, the monthly report): head with the
 * Outlook settings and the style sheet, the hidden preheader, and the 640 px card centred on the
 * page (an MSO table gives Outlook for Windows its width).
 */
export const emailDocument = (o: {
  locale: DigestLocale;
  subject: string;
  preheader: string;
  card: string;
}): string => {
  // Hidden everywhere: display:none, and mso-hide for Outlook for Windows (which ignores display:none on some elements).
  const preheader =
    `<div style="display:none;font-size:1px;line-height:1px;mso-hide:all;color:${C.page}">` +
    `${escapeHtml(clean(o.preheader))}${"&#847;&zwnj;&nbsp;".repeat(40)}</div>`;
  const card = table(o.card, ` class="hb-card" bgcolor="${C.card}" style="max-width:640px;background-color:${C.card}"`);
  return (
    `<!DOCTYPE html><html lang="${o.locale}" xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="x-apple-disable-message-reformatting">' +
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">' +
    `<title>${escapeHtml(o.subject)}</title>${msoHead(o.locale)}${STYLE}</head>` +
    `<body class="hb-page" bgcolor="${C.page}" style="margin:0;padding:0;background-color:${C.page};-webkit-text-size-adjust:100%">` +
    preheader +
    table(
      `<tr><td align="center" style="padding:16px 8px">` +
        `<!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->` +
        card +
        "<!--[if mso]></td></tr></table><![endif]-->" +
        "</td></tr>",
      ` class="hb-page" bgcolor="${C.page}" style="background-color:${C.page}"`,
    ) +
    "</body></html>"
  );
};

const LANGUAGE_NAMES: Readonly<Record<DigestLocale, string>> = {
  "zh-Hans": "简体中文",
  "zh-Hant": "繁體中文",
  en: "English",
};

/** The digest in a browser: the same digest in each language, each name in its own language, as the explorer offers. */
const languageSwitch = (links: Readonly<Record<DigestLocale, string>>, current: DigestLocale, label: string): string =>
  `<nav aria-label="${escapeHtml(label)}" style="text-align:right;padding-bottom:8px;font-size:13px;line-height:20px">` +
  SUPPORTED_LOCALES.map((locale) => {
    const href = safeUrl(links[locale]);
    const name = LANGUAGE_NAMES[locale];
    if (locale === current || href === undefined) {
      return `<strong lang="${locale}" aria-current="true" style="color:${C.text}">${name}</strong>`;
    }
    return `<a href="${escapeHtml(href)}" lang="${locale}" hreflang="${locale}" style="color:${C.link};text-decoration:underline">${name}</a>`;
  }).join(" · ") +
  "</nav>";

export const renderHtml = (
  d: Digest,
  subject: string,
  brand: string,
  unsubscribe: string,
  preview: string | undefined,
  charts: { npsTrend: Chart | undefined; pareto: Chart | undefined },
  explorer?: string,
  languages?: Readonly<Record<DigestLocale, string>>,
) => {
  const l = labelsFor(d.locale);
  const ctx: Ctx = { l, font: fontFor(d.locale) };
  const top =
    `<tr><td class="hb-pad" style="padding:24px 32px 4px 32px;font-family:${ctx.font}">` +
    (languages ? languageSwitch(languages, d.locale, l.language) : "") +
    (preview
      ? `<div align="right" style="text-align:right;padding-bottom:8px">${link(preview, l.viewInBrowser, 12)}${explorer ? ` · ${link(explorer, l.digDeeper, 12)}` : ""}</div>`
      : "") +
    `<div ${text(13, { bold: true, muted: true })}>${escapeHtml(`${brand} · ${l.title}`)}</div>` +
    `<div ${text(13, { muted: true })}>${escapeHtml(`${l.week(d.week, d.from, d.to)} · ${d.teamLabel}`)}</div>` +
    `<h1 class="hb-text" style="margin:12px 0 8px 0;font-family:${ctx.font};font-size:24px;line-height:32px;font-weight:bold;color:${C.text}">${escapeHtml(clean(d.headline))}</h1>` +
    "</td></tr>";
  const parts = [top, `<tr><td class="hb-pad" style="padding:8px 26px">${kpiTiles(d, ctx)}</td></tr>`];
  if (charts.npsTrend) parts.push(section(ctx, npsTrendBlock(d, ctx, charts.npsTrend)));
  parts.push(heading(ctx, l.themes), section(ctx, paretoTable(d, ctx, charts.pareto)));
  if (d.emerging.length > 0) parts.push(heading(ctx, l.trends), section(ctx, trendsBlock(d, ctx)));
  if (d.verbatims.length > 0) parts.push(heading(ctx, l.verbatims), section(ctx, verbatimsBlock(d, ctx)));
  if (d.loop) parts.push(heading(ctx, l.loop), section(ctx, loopBlock(d.loop, ctx)));
  const method = d.method.map((m) => `<div ${text(12, { muted: true })}>${escapeHtml(m)}</div>`).join("");
  const footer =
    `<tr><td class="hb-pad hb-line" style="padding:20px 32px 28px 32px;font-family:${ctx.font};border-top:1px solid ${C.border}">` +
    (method ? `<div ${text(12, { bold: true, muted: true })}>${escapeHtml(l.method)}</div>${method}` : "") +
    `<div ${text(12, { muted: true, css: "padding-top:12px" })}>${escapeHtml(l.why(brand, d.teamLabel))}</div>` +
    `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${link(unsubscribe, l.unsubscribe, 12)}${preview ? ` · ${link(preview, l.viewInBrowser, 12)}` : ""}${explorer ? ` · ${link(explorer, l.digDeeper, 12)}` : ""}</div>` +
    "</td></tr>";
  parts.push(footer);
  return emailDocument({ locale: d.locale, subject, preheader: d.headline, card: parts.join("") });
};
