import { escapeHtml } from "#shared/kernel/html";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import type { WorkbenchContext } from "./triage-view.ts";
import { WORKBENCH_TEXT } from "./workbench-text.ts";

/**
 * What the queue and the task page share around their content: the top bar (who is signed in, the
 * language switch, shortcuts, sign-out), the privacy note, the flash line, the shortcut help, and
 * the body's data attributes the script reads.
 */

/** `href` with `lang` set, keeping its path and other parameters. */
const withLang = (href: string, lang: string): string => {
  const [path = "", query = ""] = href.split("?");
  const q = new URLSearchParams(query);
  q.set("lang", lang);
  return `${path}?${q}`;
};

/** Links to the same page in each language, each named in its own language. */
export const languageSwitch = (ctx: WorkbenchContext, href: string): string =>
  `<nav class="lang" aria-label="${ctx.text.language}">` +
  SUPPORTED_LOCALES.map((l) => {
    const name = WORKBENCH_TEXT[l].languageName;
    const current = l === ctx.locale ? ' aria-current="true"' : "";
    return `<a href="${escapeHtml(withLang(href, l))}" lang="${l}" hreflang="${l}"${current}>${name}</a>`;
  }).join("") +
  "</nav>";

export const topBar = (ctx: WorkbenchContext, heading: string, href: string): string => {
  const T = ctx.text;
  return (
    `<header class="top"><h1>${heading}</h1><div class="who">` +
    `<span>${T.signedInAs} <strong>${escapeHtml(ctx.viewer.name)}</strong></span>` +
    languageSwitch(ctx, href) +
    `<a href="/explore">${T.explorer}</a>` +
    `<button type="button" id="kb" hidden aria-haspopup="dialog">${T.shortcuts} <kbd>?</kbd></button>` +
    `<form method="post" action="${escapeHtml(ctx.basePath)}/logout"><button type="submit">${T.signOut}</button></form></div></header>` +
    `<p class="note">${ctx.viewer.canSeePersonalData ? T.personalDataShown : T.personalDataMasked}</p>` +
    `<p id="flash" role="status">${escapeHtml(ctx.flash ?? "")}</p>`
  );
};

export const helpDialog = (ctx: WorkbenchContext, shortcuts: ReadonlyArray<readonly [string, string]>): string => {
  const T = ctx.text;
  return (
    `<dialog id="help" aria-labelledby="help-h"><h2 id="help-h">${T.shortcutsHeading}</h2><dl class="keys">` +
    shortcuts.map(([key, what]) => `<dt><kbd>${escapeHtml(key)}</kbd></dt><dd>${what}</dd>`).join("") +
    `</dl><p><small>${T.shortcutsOff}</small></p><form method="dialog"><button type="submit">${T.close}</button></form></dialog>`
  );
};

/** data-now (the server clock, for countdowns) and data-tz (the zone dates were written in). */
export const bodyAttributes = (ctx: WorkbenchContext): string => {
  const now = Number.isFinite(ctx.now.getTime()) ? ctx.now.toISOString() : "";
  return ` data-now="${escapeHtml(now)}" data-tz="${escapeHtml(ctx.timeZone)}"`;
};
