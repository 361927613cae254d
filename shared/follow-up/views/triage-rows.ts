import { escapeHtml, isolatedText } from "#shared/kernel/html";
import { Outcome, type TaskStatus } from "../model/task.ts";
import { countdownText } from "./triage-countdown.ts";
import { ACTION_LABELS, CHANNEL_LABELS, STATUS_LABELS, TRIAGE_TEXT as T } from "./triage-text.ts";
import type { TriageAction, TriagePageInput, TriageTaskView } from "./triage-view.ts";

/**
 * One row of the triage queue: priority with its reasons, the customer, channel and team, themes,
 * the customer's words, the SLA countdown, status and owner, and one small POST form with the
 * actions the task's status allows.
 */

/**
 * The same in every row, so it is built once and kept small: option texts double as values, and
 * end tags that HTML implies are left out (50 rows of this add up).
 */
const OUTCOME_SELECT =
  `<select name="outcome" required><option value="">${T.chooseOutcome}` +
  Outcome.options
    .map((o) => (o.includes("_") ? `<option value="${o}">${o.replaceAll("_", " ")}` : `<option>${o}`))
    .join("") +
  "</select>";

/**
 * The buttons a row offers, in display order, following the transitions of ../model/transitions.ts:
 * "Assign to me" on any active task the viewer does not hold (taking it over), "Contacted" until
 * the task waits on the customer, "Wait on customer" once someone owns it, "Resolve" on any active
 * task, "Reopen" on resolved and closed ones.
 */
export const triageActionsFor = (status: TaskStatus, assignee: string | undefined, viewer: string): TriageAction[] => {
  const take: TriageAction[] = assignee === viewer ? [] : ["assign"];
  switch (status) {
    case "open":
      return [...take, "contact", "resolve"];
    case "assigned":
      return [...take, "contact", "wait", "resolve"];
    case "contacted":
      return [...take, "wait", "resolve"];
    case "waiting_on_customer":
      return [...take, "resolve"];
    case "resolved":
    case "closed":
      return ["reopen"];
    default:
      return [];
  }
};

/** Chinese text inside the English page is marked so screen readers switch voice. */
const langAttr = (text: string): string => (/[\u3400-\u9fff\uf900-\ufaff]/.test(text) ? ' lang="zh"' : "");

const EXCERPT = 100;

const wordsCell = (text: string | undefined): string => {
  if (text === undefined || text === "") return `<td><small>${T.noText}</small></td>`;
  const lang = langAttr(text);
  const points = Array.from(text);
  if (points.length <= EXCERPT) return `<td${lang}>${isolatedText(text)}</td>`;
  // The excerpt is the summary; the rest follows when opened, so nothing is sent twice.
  return (
    `<td${lang}><details><summary>${isolatedText(points.slice(0, EXCERPT).join(""))}…</summary>` +
    `${isolatedText(points.slice(EXCERPT).join(""))}</details></td>`
  );
};

const priorityCell = (task: TriageTaskView): string => {
  const { level, score, factors } = task.priority;
  const items = factors
    .map((f) => `<li>${f.points >= 0 ? "+" : ""}${f.points} ${escapeHtml(f.factor)}: ${escapeHtml(f.why)}</li>`)
    .join("");
  const reasons = task.reasons.length > 0 ? `<p>${task.reasons.map(escapeHtml).join("; ")}</p>` : "";
  return (
    `<td><b class="${level.toLowerCase()}">${level}</b>` +
    `<details><summary>${T.why}</summary>${T.score} ${score}<ul>${items}</ul>${reasons}</details></td>`
  );
};

const slaCell = (task: TriageTaskView, now: number): { html: string; overdue: boolean } => {
  const escalated = task.escalationLevel > 0 ? ` <em>${T.escalated(task.escalationLevel)}</em>` : "";
  const due = task.nextDueAt === undefined ? Number.NaN : Date.parse(task.nextDueAt);
  if (task.nextDueAt === undefined || !Number.isFinite(due)) {
    return { html: `<td><small>${T.noDeadline}</small>${escalated}</td>`, overdue: false };
  }
  const ms = due - now;
  const overdue = ms < 0;
  const which =
    task.nextDueAt === task.firstResponseDueAt
      ? T.firstResponse
      : task.nextDueAt === task.resolveDueAt
        ? T.resolution
        : T.nextStep;
  const iso = new Date(due).toISOString();
  return {
    html:
      `<td>${overdue ? `<strong>${T.overdue}</strong> ` : ""}` +
      `<time datetime="${iso}">${countdownText(ms)}</time>` +
      `<small>${which}</small>${escalated}</td>`,
    overdue,
  };
};

const actionsCell = (task: TriageTaskView, input: TriagePageInput): string => {
  const actions = triageActionsFor(task.status, task.assignee, input.viewer.name);
  if (actions.length === 0) return "<td></td>";
  const url = (a: TriageAction) => escapeHtml(`${input.basePath}/tasks/${encodeURIComponent(task.id)}/${a}`);
  const [first] = actions;
  const buttons = actions
    .map((a) => {
      const target = a === first ? "" : ` formaction="${url(a)}"`;
      // Only "Resolve" needs the outcome; the other buttons skip the form's validation.
      const attrs = a === "resolve" ? ' class="pri"' : " formnovalidate";
      const button = `<button${target}${attrs}>${ACTION_LABELS[a]}</button>`;
      return a === "resolve" ? `<label>${T.outcome} ${OUTCOME_SELECT}</label>${button}` : button;
    })
    .join("");
  return (
    `<td><form method="post" action="${url(first as TriageAction)}">` +
    `<input type="hidden" name="version" value="${escapeHtml(String(task.version))}">${buttons}</form></td>`
  );
};

export const triageRow = (task: TriageTaskView, input: TriagePageInput): string => {
  const sla = slaCell(task, input.now.getTime());
  const tier = task.customerTier ? ` <span class="t">${escapeHtml(task.customerTier)}</span>` : "";
  const count = task.feedbackCount > 1 ? `<small>${T.feedbackItems(task.feedbackCount)}</small>` : "";
  const mine = task.assignee !== undefined && task.assignee === input.viewer.name ? T.you : "";
  const assignee =
    task.assignee === undefined || task.assignee === ""
      ? `<small>${T.unassigned}</small>`
      : `<small>${escapeHtml(task.assignee)}${mine}</small>`;
  return (
    `<tr tabindex="-1"${sla.overdue ? ' class="od"' : ""}>${priorityCell(task)}` +
    `<th scope="row"${langAttr(task.customerLabel)}>${isolatedText(task.customerLabel)}${tier}${count}</th>` +
    `<td>${CHANNEL_LABELS[task.channel] ?? escapeHtml(String(task.channel))}<small>${escapeHtml(task.team)}</small></td>` +
    `<td>${task.themes.map(escapeHtml).join(", ")}</td>` +
    wordsCell(task.latestText) +
    sla.html +
    `<td>${STATUS_LABELS[task.status] ?? escapeHtml(String(task.status))}${assignee}</td>` +
    actionsCell(task, input) +
    "</tr>"
  );
};
