import { escapeHtml } from "#shared/kernel/html";
import { filterForm, filterQuery } from "./triage-filters.ts";
import { triageRow } from "./triage-rows.ts";
import { shell, TRIAGE_CSS, TRIAGE_SCRIPT } from "./triage-shell.ts";
import { COLUMN_HEADERS, SHORTCUTS, TRIAGE_TEXT as T } from "./triage-text.ts";
import type { TriagePageInput } from "./triage-view.ts";

/**
 * The support leads' triage page: the follow-up queue as one server-rendered table, ordered by the
 * caller (urgency first), with SLA countdowns that are right without JavaScript and kept live by a
 * few lines of inline script, one small POST form per row, and keyboard shortcuts. Pure: the caller
 * fetches, masks, orders and pages; this module only turns the data into escaped HTML. The rows,
 * the filters, the frame with its style and script, and the words live in the ./triage-*.ts
 * modules beside it.
 */

const helpDialog = (): string =>
  `<dialog id="help" aria-labelledby="help-h"><h2 id="help-h">${T.shortcutsHeading}</h2><dl>` +
  SHORTCUTS.map(([key, what]) => `<dt><kbd>${escapeHtml(key)}</kbd></dt><dd>${what}</dd>`).join("") +
  `</dl><p><small>${T.shortcutsOff}</small></p><form method="dialog"><button type="submit">${T.close}</button></form></dialog>`;

export const renderTriagePage = (input: TriagePageInput): string => {
  const base = escapeHtml(input.basePath);
  const filtered = filterQuery(input.filters) !== "";
  const n = input.tasks.length;
  const queue =
    n === 0
      ? `<p id="queue" tabindex="-1">${T.noTasks(filtered)}</p>`
      : '<div class="tw"><table id="queue">' +
        `<caption>${T.caption(n, filtered)}<span class="sr">${T.captionHint}</span></caption>` +
        `<thead><tr>${COLUMN_HEADERS.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
        `<tbody>${input.tasks.map((t) => triageRow(t, input)).join("")}</tbody></table></div>`;
  const next =
    input.nextCursor === undefined || input.nextCursor === ""
      ? ""
      : `<p class="pg"><a href="${escapeHtml(`${input.basePath}?${filterQuery(input.filters, input.nextCursor)}`)}" rel="next">${T.nextPage}</a></p>`;
  const privacy = input.viewer.canSeePersonalData ? T.personalDataShown : T.personalDataMasked;
  const body =
    `<a class="skip" href="#queue">${T.skipToQueue}</a><main>` +
    `<header class="top"><h1>${T.heading}</h1><div class="who">` +
    `<span>${T.signedInAs} <strong>${escapeHtml(input.viewer.name)}</strong></span>` +
    `<button type="button" id="kb" hidden aria-haspopup="dialog">${T.shortcuts} <kbd>?</kbd></button>` +
    `<form method="post" action="${base}/logout"><button type="submit">${T.signOut}</button></form></div></header>` +
    `<p class="note">${privacy}</p>` +
    `<p id="flash" role="status">${escapeHtml(input.flash ?? "")}</p>` +
    filterForm(input) +
    queue +
    next +
    helpDialog() +
    "</main>";
  const now = Number.isFinite(input.now.getTime()) ? input.now.toISOString() : "";
  return shell(T.title, TRIAGE_CSS, body, input.nonce, ` data-now="${escapeHtml(now)}"`, TRIAGE_SCRIPT);
};
