import { escapeHtml } from "#shared/kernel/html";
import { localeOf } from "#shared/kernel/locale";
import { Outcome, type TaskStatus } from "../model/task.ts";
import { platformName } from "./task-words.ts";
import { countdownText } from "./triage-countdown.ts";
import type { TriageAction, TriageTaskView, WorkbenchContext } from "./triage-view.ts";
import type { WorkbenchText } from "./workbench-text.ts";

/** What the queue's rows and the task page show alike: priority, the SLA countdown, the action forms. */

/**
 * The buttons a task offers, in display order, following the transitions of ../model/transitions.ts:
 * "Assign to me" on any active task the viewer does not hold (taking it over), "Contacted" until
 * the task waits on the customer, "Wait on customer" once someone owns it, "Resume" while it waits
 * on the customer, "Resolve" on any active task, "Close" on a resolved one (the customer confirmed,
 * e.g. on the phone), "Reopen" on resolved and closed ones.
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
      return [...take, "resume", "resolve"];
    case "resolved":
      return ["close", "reopen"];
    case "closed":
      return ["reopen"];
    default:
      return [];
  }
};

/** The queue filters a form carries back (each its own field, as typed), so the lead returns to the same view. */
export const FILTER_KEYS = ["status", "team", "theme", "channel", "assignee", "overdue"] as const;

export const returnInputs = (queueQuery: string): string =>
  [...new URLSearchParams(queueQuery)]
    .filter(([k]) => (FILTER_KEYS as readonly string[]).includes(k))
    .map(([k, v]) => `<input type="hidden" name="q_${k}" value="${escapeHtml(v)}">`)
    .join("");

/** Chinese text inside an English page (and the reverse) is marked so screen readers switch voice. */
export const langOf = (text: string, pageLang: string): string => {
  const chinese = /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
  if (chinese && !pageLang.startsWith("zh")) return ' lang="zh"';
  if (!chinese && pageLang.startsWith("zh") && /[A-Za-z]{3}/.test(text)) return ' lang="en"';
  return "";
};

/**
 * A customer as a person reads them: pseudonyms ("cust_1a25e16c154b", what leads without the right
 * to personal data see) become "客户 #1A25E1", the same for the same customer; a social author's
 * label ("@handle (weibo)") names the platform in the reader's words ("@handle（微博）"); anything
 * else as is.
 */
export const customerName = (label: string, text: WorkbenchText): string => {
  const named = label.replace(/\b(cust|author)_([0-9a-f]{6})[0-9a-f]{6}\b/g, (_, kind: string, code: string) =>
    text.anonymous(kind === "author" ? "author" : "customer", code.toUpperCase()),
  );
  const social = /^(@.+) \(([^()\s]+)\)$/.exec(named);
  if (!social) return named;
  const locale = localeOf(text.lang) ?? "en";
  const platform = platformName(social[2] as string, locale);
  return locale === "en" ? `${social[1]} (${platform})` : `${social[1]}（${platform}）`;
};

/**
 * Who a task is for, in a heading or the queue: the name the customer gave when the viewer may see
 * personal data and it is known ("王女士"), else their label as a person reads it.
 */
export const customerTitle = (task: Pick<TriageTaskView, "customerLabel" | "customerName">, text: WorkbenchText) =>
  task.customerName !== undefined && task.customerName.trim() !== ""
    ? task.customerName.trim()
    : customerName(task.customerLabel, text);

/** Who did something: a lead's name, or hearback itself. */
export const actorName = (actor: string, text: WorkbenchText): string =>
  actor === "customer" ? text.customerActor : actor === "system" || actor.startsWith("system:") ? text.system : actor;

export const priorityBadge = (task: TriageTaskView): string =>
  `<b class="${task.priority.level.toLowerCase()}">${task.priority.level}</b>`;

/** Why the task ranks where it does, and why it was opened, in the lead's words. */
export const priorityDetails = (task: TriageTaskView, ctx: WorkbenchContext): string => {
  const items = task.priority.factors.map((f) => `<li>${escapeHtml(ctx.words.factor(f))}</li>`).join("");
  const reasons =
    task.reasons.length > 0
      ? `<p>${ctx.words.clauses(task.reasons.map((r) => escapeHtml(ctx.words.reason(r))))}</p>`
      : "";
  return `<details><summary>${ctx.text.why}</summary>${ctx.text.score} ${task.priority.score}<ul>${items}</ul>${reasons}</details>`;
};

/** The deadline that matters now, as a live countdown with its kind; or that none is running. */
export const slaCountdown = (task: TriageTaskView, ctx: WorkbenchContext): { html: string; overdue: boolean } => {
  const T = ctx.text;
  const escalated = task.escalationLevel > 0 ? ` <em class="esc">${T.escalated(task.escalationLevel)}</em>` : "";
  const due = task.nextDueAt === undefined ? Number.NaN : Date.parse(task.nextDueAt);
  if (task.nextDueAt === undefined || !Number.isFinite(due)) {
    return { html: `<small>${T.noDeadline}</small>${escalated}`, overdue: false };
  }
  const ms = due - ctx.now.getTime();
  const overdue = ms < 0;
  const which =
    task.nextDueAt === task.firstResponseDueAt
      ? T.firstResponse
      : task.nextDueAt === task.resolveDueAt
        ? T.resolution
        : T.nextStep;
  const iso = new Date(due).toISOString();
  const local = ctx.words.dateTime(iso, ctx.timeZone);
  return {
    html:
      `${overdue ? `<strong class="od">${T.overdue}</strong> ` : ""}` +
      `<time data-due datetime="${iso}">${countdownText(ms, T.countdown)}</time>` +
      `<small>${which} · ${escapeHtml(local)}</small>${escalated}`,
    overdue,
  };
};

// On every row of the queue, so kept small: end tags that HTML implies are left out.
const outcomeSelect = (ctx: WorkbenchContext, id?: string): string =>
  `<select name="outcome" required${id ? ` id="${id}"` : ""}><option value="">${ctx.text.chooseOutcome}` +
  Outcome.options.map((o) => `<option value="${o}">${escapeHtml(ctx.words.outcome(o))}`).join("") +
  "</select>";

/**
 * One POST form with the task's actions: the first button posts to the form's action, the others
 * through formaction; "Resolve" needs an outcome, the others skip the form's validation. `back`
 * says where to return ("task" for the task page, else the queue with these filters).
 */
export const actionForm = (
  task: TriageTaskView,
  ctx: WorkbenchContext,
  back: { to: "queue"; query: string } | { to: "task"; query: string },
  extra = "",
): string => {
  const actions = triageActionsFor(task.status, task.assignee, ctx.viewer.name);
  if (actions.length === 0) return "";
  const url = (a: TriageAction) => escapeHtml(`${ctx.basePath}/tasks/${encodeURIComponent(task.id)}/${a}`);
  const [first] = actions;
  const onPage = back.to === "task";
  const buttons = actions
    .map((a) => {
      const target = a === first ? "" : ` formaction="${url(a)}"`;
      const attrs = a === "resolve" ? ' class="pri"' : " formnovalidate";
      const button = `<button${target}${attrs}>${ctx.text.actions[a]}</button>`;
      if (a !== "resolve") return button;
      const select = outcomeSelect(ctx, onPage ? "a-outcome" : undefined);
      return onPage
        ? `<label for="a-outcome">${ctx.text.outcome}</label>${select}${extra}${button}`
        : `<label>${ctx.text.outcome} ${select}</label>${button}`;
    })
    .join("");
  // The queue is where a form returns by default; only what differs is sent.
  return (
    `<form method="post" action="${url(first as TriageAction)}">` +
    `<input type="hidden" name="version" value="${escapeHtml(String(task.version))}">` +
    (onPage ? '<input type="hidden" name="back" value="task">' : "") +
    returnInputs(back.query) +
    `${buttons}</form>`
  );
};
