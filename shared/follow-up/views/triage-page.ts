import { escapeHtml } from "#shared/kernel/html";
import { MIN_LOOP_ANSWERS, RECOVERY_WEEKS } from "../model/loop.ts";
import { filterForm, filterQuery } from "./triage-filters.ts";
import { triageRow } from "./triage-rows.ts";
import { queueScript, shell, TRIAGE_CSS } from "./triage-shell.ts";
import type { TriagePageInput } from "./triage-view.ts";
import { bodyAttributes, helpDialog, topBar } from "./workbench-frame.ts";

/**
 * The support leads' queue: follow-up tasks as one server-rendered table (cards on a phone),
 * ordered by the caller (urgency first), in the lead's language and time zone, with SLA countdowns
 * that are right without JavaScript and kept live by a few lines of inline script, one small POST
 * form per row, a link to each task's page, and keyboard shortcuts. Pure: the caller fetches,
 * masks, orders and pages; this module only turns the data into escaped HTML.
 */
/** On a phone, where rows become cards, each cell says its column's name, written once here. */
const columnNames = (columns: readonly string[]): string =>
  `@media (max-width:40rem){${columns
    .map((name, i) => `#queue tr>:nth-child(${i + 1})::before{content:${JSON.stringify(name)}}`)
    .join("")}}`;

/** A share as the header shows it: whole percent, and nothing below the minimum count (too few to say). */
const shown = (share: number | undefined, n: number): number | undefined =>
  share === undefined || n < MIN_LOOP_ANSWERS ? undefined : Math.round(share);

/** Closing the loop, as the digest reports it: satisfaction with the resolution, and recovery next to it. */
const loopNote = (input: TriagePageInput): string => {
  const T = input.text;
  const s = input.satisfaction;
  const r = input.recovery;
  const parts = [
    ...(s ? [T.resolutionSatisfaction(shown(s.share, s.n), s.n, s.target, MIN_LOOP_ANSWERS)] : []),
    ...(r ? [T.recovery(shown(r.share, r.n), r.n, RECOVERY_WEEKS, MIN_LOOP_ANSWERS)] : []),
  ];
  return parts.length === 0
    ? ""
    : `<ul class="note loop">${parts.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul>`;
};

export const renderTriagePage = (input: TriagePageInput): string => {
  const T = input.text;
  const query = filterQuery(input.filters);
  const filtered = query !== "";
  const n = input.tasks.length;
  const queue =
    n === 0
      ? `<p id="queue" tabindex="-1">${T.noTasks(filtered)}</p>`
      : '<div class="tw"><table id="queue">' +
        `<caption>${T.caption(n, filtered)}<span class="sr">${T.captionHint}</span></caption>` +
        `<thead><tr>${T.columns.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
        `<tbody>${input.tasks.map((t) => triageRow(t, input, query)).join("")}</tbody></table></div>`;
  const next =
    input.nextCursor === undefined || input.nextCursor === ""
      ? ""
      : `<p class="pg"><a href="${escapeHtml(`${input.basePath}?${filterQuery(input.filters, input.nextCursor)}`)}" rel="next">${T.nextPage}</a></p>`;
  const here = `${input.basePath}${query === "" ? "" : `?${query}`}`;
  const body =
    `<a class="skip" href="#queue">${T.skipToQueue}</a><main>` +
    topBar(input, T.heading, here) +
    loopNote(input) +
    filterForm(input) +
    queue +
    next +
    helpDialog(input, T.queueShortcuts) +
    "</main>";
  return shell(
    T.title,
    TRIAGE_CSS + columnNames(T.columns),
    body,
    input.nonce,
    bodyAttributes(input),
    queueScript(T),
    T.lang,
  );
};
