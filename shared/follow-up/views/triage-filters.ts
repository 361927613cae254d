import { Channel } from "#shared/feedback/model/schema";
import { escapeHtml } from "#shared/kernel/html";
import { TaskStatus } from "../model/task.ts";
import type { TriageFilters, TriagePageInput } from "./triage-view.ts";

/** The filter form above the queue (a plain GET form), and the query string it sends. */

const select = (
  name: string,
  label: string,
  any: string,
  values: ReadonlyArray<readonly [string, string]>,
  current: string | undefined,
): string => {
  // A value from the URL that is not (or no longer) in the list stays selectable, so it is visible.
  const all = current && !values.some(([v]) => v === current) ? [...values, [current, current] as const] : values;
  const options = all
    .map(
      ([v, text]) => `<option value="${escapeHtml(v)}"${v === current ? " selected" : ""}>${escapeHtml(text)}</option>`,
    )
    .join("");
  return (
    `<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">` +
    `<option value="">${any}</option>${options}</select></div>`
  );
};

export const filterForm = (input: TriagePageInput): string => {
  const f = input.filters;
  const T = input.text;
  const w = input.words;
  return (
    `<form id="filters" class="flt" method="get" action="${escapeHtml(input.basePath)}" role="search" aria-label="${T.filtersLabel}">` +
    select(
      "status",
      T.status,
      T.any,
      TaskStatus.options.map((s) => [s, w.status(s)] as const),
      f.status,
    ) +
    select(
      "team",
      T.team,
      T.any,
      input.teams.map((t) => [t, w.team(t)] as const),
      f.team,
    ) +
    select(
      "theme",
      T.theme,
      T.any,
      input.themes.map((t) => [t, w.theme(t)] as const),
      f.theme,
    ) +
    select(
      "channel",
      T.channel,
      T.any,
      Channel.options.map((c) => [c, w.channel(c)] as const),
      f.channel,
    ) +
    `<div><label for="f-assignee">${T.assignee}</label><input id="f-assignee" name="assignee" autocomplete="off" value="${escapeHtml(f.assignee ?? "")}"></div>` +
    `<div class="ck"><input type="checkbox" id="f-overdue" name="overdue" value="1"${f.overdue ? " checked" : ""}><label for="f-overdue">${T.overdueOnly}</label></div>` +
    `<button type="submit" class="pri">${T.applyFilters}</button><a href="${escapeHtml(input.basePath)}">${T.clearFilters}</a></form>`
  );
};

/** The query string of the current filters, as the filter form would send it. */
export const filterQuery = (filters: TriageFilters, cursor?: string): string => {
  const q = new URLSearchParams();
  for (const key of ["status", "team", "theme", "channel", "assignee"] as const) {
    const value = filters[key];
    if (value) q.set(key, value);
  }
  if (filters.overdue) q.set("overdue", "1");
  if (cursor !== undefined) q.set("cursor", cursor);
  return q.toString();
};
