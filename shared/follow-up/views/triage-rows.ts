import { escapeHtml, isolatedText } from "#shared/kernel/html";
import { readableMasks } from "#shared/privacy/model/mask-words";
import { actionForm, customerTitle, langOf, priorityBadge, priorityDetails, slaCountdown } from "./task-parts.ts";
import type { TriagePageInput, TriageTaskView } from "./triage-view.ts";

/**
 * One row of the triage queue: priority with its reasons, the customer (a link to the task page),
 * channel and team, themes, the customer's words, the SLA countdown, status and owner, and one
 * small POST form with the actions the task's status allows. On a phone rows become cards, each
 * cell under its column's name (the page's CSS says the names once: ./triage-page.ts).
 */

const EXCERPT = 100;

const wordsCell = (stored: string | undefined, input: TriagePageInput): string => {
  if (stored === undefined || stored === "") return `<td class="w"><small>${input.text.noText}</small></td>`;
  // Masking tags in the lead's words ("〔电话已隐去〕"), not "[phone]" inside a Chinese sentence.
  const text = readableMasks(stored, input.locale);
  const lang = langOf(text, input.text.lang);
  const points = Array.from(text);
  if (points.length <= EXCERPT) return `<td class="w"${lang}>${isolatedText(text)}</td>`;
  // The excerpt is the summary; the rest follows when opened, so nothing is sent twice.
  return (
    `<td class="w"${lang}><details><summary>${isolatedText(points.slice(0, EXCERPT).join(""))}…</summary>` +
    `${isolatedText(points.slice(EXCERPT).join(""))}</details></td>`
  );
};

/** The task page's address, carrying the queue's filters so "back" returns to the same view. */
export const taskHref = (basePath: string, id: string, queueQuery: string): string =>
  `${basePath}/tasks/${encodeURIComponent(id)}${queueQuery === "" ? "" : `?${queueQuery}`}`;

export const triageRow = (task: TriageTaskView, input: TriagePageInput, queueQuery: string): string => {
  const T = input.text;
  const w = input.words;
  const sla = slaCountdown(task, input);
  const who = customerTitle(task, T);
  // Under the name, on a line of its own and " · " between: never "客户 #4C67727 条反馈".
  const about = [
    ...(task.customerTier ? [`<span class="t">${escapeHtml(w.tier(task.customerTier))}</span>`] : []),
    ...(task.feedbackCount > 1 ? [T.feedbackItems(task.feedbackCount)] : []),
  ];
  const more = about.length === 0 ? "" : `<small class="cm">${about.join(" · ")}</small>`;
  const mine = task.assignee !== undefined && task.assignee === input.viewer.name ? T.you : "";
  const assignee =
    task.assignee === undefined || task.assignee === ""
      ? `<small>${T.unassigned}</small>`
      : `<small>${escapeHtml(task.assignee)}${mine}</small>`;
  const href = escapeHtml(taskHref(input.basePath, task.id, queueQuery));
  const themes =
    task.themes.length === 0 ? `<small>${T.noThemes}</small>` : w.list(task.themes.map((t) => escapeHtml(w.theme(t))));
  return (
    `<tr tabindex="-1"${sla.overdue ? ' class="od"' : ""}>` +
    `<td>${priorityBadge(task)}${priorityDetails(task, input)}</td>` +
    `<th scope="row"><a href="${href}" data-open${langOf(who, T.lang)}>${isolatedText(who)}</a>${more}</th>` +
    `<td>${escapeHtml(w.channel(task.channel))}<small>${escapeHtml(w.team(task.team))}</small></td>` +
    `<td>${themes}</td>` +
    wordsCell(task.latestText, input) +
    `<td>${sla.html}</td>` +
    `<td>${escapeHtml(w.status(task.status))}${assignee}</td>` +
    `<td>${actionForm(task, input, { to: "queue", query: queueQuery })}</td>` +
    "</tr>"
  );
};
