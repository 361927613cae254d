import { Channel } from "#shared/feedback/model/schema";
import { escapeHtml } from "#shared/kernel/html";
import { Outcome, TaskStatus } from "../model/task.ts";

/**
 * The support leads' triage page: the follow-up queue as one server-rendered table, ordered by the
 * caller (urgency first), with SLA countdowns that are right without JavaScript and kept live by a
 * few lines of inline script, one small POST form per row, and keyboard shortcuts. Pure: the caller
 * fetches, masks, orders and pages; this module only turns the data into escaped HTML.
 */

const outcomes = Outcome.options;
const TASK_STATUSES = TaskStatus.options;
const CHANNELS = Channel.options;
type TriageChannel = Channel;

export interface TriageTaskView {
  id: string;
  version: number;
  /** Already masked or not by the caller. */
  customerLabel: string;
  customerTier?: string;
  channel: TriageChannel;
  status: TaskStatus;
  assignee?: string;
  team: string;
  themes: string[];
  priority: {
    score: number;
    level: "P1" | "P2" | "P3" | "P4";
    factors: Array<{ factor: string; points: number; why: string }>;
  };
  reasons: string[];
  openedAt: string;
  firstResponseDueAt: string;
  resolveDueAt: string;
  /** The deadline that matters now, if any. */
  nextDueAt?: string;
  escalationLevel: 0 | 1 | 2;
  /** The customer's latest words, masked unless the viewer may see personal data. */
  latestText?: string;
  feedbackCount: number;
}

export interface TriageFilters {
  status?: string;
  team?: string;
  theme?: string;
  channel?: string;
  assignee?: string;
  overdue?: boolean;
}

export interface TriagePageInput {
  tasks: readonly TriageTaskView[];
  filters: TriageFilters;
  teams: readonly string[];
  themes: readonly string[];
  viewer: { name: string; canSeePersonalData: boolean };
  now: Date;
  /** The CSP nonce for the inline <style> and <script>. */
  nonce: string;
  /** Where the page lives, e.g. "/triage"; forms post below it. */
  basePath: string;
  nextCursor?: string;
  /** A one-line message after an action, e.g. "Task assigned" or a conflict explanation. */
  flash?: string;
}

export type TriageAction = "assign" | "contact" | "wait" | "resolve" | "reopen";

const ACTION_LABELS: Readonly<Record<TriageAction, string>> = {
  assign: "Assign to me",
  contact: "Contacted",
  wait: "Wait on customer",
  resolve: "Resolve",
  reopen: "Reopen",
};

const STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  open: "Open",
  assigned: "Assigned",
  contacted: "Contacted",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
  closed: "Closed",
};

const CHANNEL_LABELS: Readonly<Record<TriageChannel, string>> = { nps: "NPS", csat: "CSAT", social: "Social" };

/**
 * The same in every row, so it is built once and kept small: option texts double as values, and
 * end tags that HTML implies are left out (50 rows of this add up).
 */
const OUTCOME_SELECT =
  '<select name="outcome" required><option value="">Choose…' +
  outcomes.map((o) => (o.includes("_") ? `<option value="${o}">${o.replaceAll("_", " ")}` : `<option>${o}`)).join("") +
  "</select>";

/**
 * The buttons a row offers, in display order, following the transitions of ./task.ts: "Assign to
 * me" on any active task the viewer does not hold (taking it over), "Contacted" until the task
 * waits on the customer, "Wait on customer" once someone owns it, "Resolve" on any active task,
 * "Reopen" on resolved and closed ones.
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

const MINUTE = 60_000;

/** "23 min", "1 h 05 min", "2 d 3 h"; negative (overdue) durations get a leading "-". Floors to the minute. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms)) return "–";
  const total = Math.floor(Math.abs(ms) / MINUTE);
  if (total === 0) return "0 min";
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const body =
    days > 0
      ? `${days} d ${hours} h`
      : hours > 0
        ? `${hours} h ${String(minutes).padStart(2, "0")} min`
        : `${minutes} min`;
  return (ms < 0 ? "-" : "") + body;
};

/** The SLA cell's text for `ms` until the deadline (negative when it has passed). */
export const countdownText = (ms: number): string => {
  if (ms < 0) return `overdue by ${ms > -MINUTE ? "under 1 min" : formatDuration(-ms)}`;
  return `due in ${ms < MINUTE ? "under 1 min" : formatDuration(ms)}`;
};

/**
 * The browser's copy of `formatDuration` and `countdownText`, kept equal to them by a unit test.
 * Exported only for that test.
 */
export const COUNTDOWN_JS =
  'function fmt(ms){if(!isFinite(ms))return"\\u2013";var t=Math.floor(Math.abs(ms)/6e4);if(!t)return"0 min";' +
  "var d=Math.floor(t/1440),h=Math.floor(t%1440/60),m=t%60;" +
  'return(ms<0?"-":"")+(d?d+" d "+h+" h":h?h+" h "+(m<10?"0":"")+m+" min":m+" min")}' +
  'function cd(ms){return ms<0?"overdue by "+(ms>-6e4?"under 1 min":fmt(-ms)):"due in "+(ms<6e4?"under 1 min":fmt(ms))}';

// Contrast on white: text #111827 17:1, muted #374151 10:1, link/primary #1d4ed8 6.7:1, overdue #b91c1c 6.5:1
// (6.0:1 on #fef2f2). Badges: P1 white on #b91c1c 6.5:1, P2 white on #c2410c 5.2:1, P3 #111827 on #fcd34d 12:1,
// P4 white on #4b5563 7.6:1. Every badge carries its meaning in text too.
const BASE_CSS =
  "*{box-sizing:border-box}" +
  'body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Microsoft JhengHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;color:#111827;background:#fff}' +
  "h1{font-size:1.25rem;margin:0}a{color:#1d4ed8}form{margin:0}" +
  "select,input{font:inherit;color:inherit;min-height:28px;border:1px solid #6b7280;border-radius:4px;background:#fff}" +
  "button{font:inherit;min-height:28px;min-width:24px;padding:.125rem .5rem;border:1px solid #1d4ed8;border-radius:4px;background:#fff;color:#1d4ed8;font-weight:600;cursor:pointer}" +
  ".pri{background:#1d4ed8;color:#fff}:focus-visible{outline:3px solid #111827;outline-offset:2px}" +
  ".note{color:#374151;margin:0 0 .5rem}" +
  "@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important;scroll-behavior:auto!important}}";

const TRIAGE_CSS =
  BASE_CSS +
  "main{padding:.75rem 1rem 2rem}h2{font-size:1.125rem;margin:0 0 .5rem}" +
  ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem}" +
  ".top,.who,.flt,td form{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem}.top{justify-content:space-between;margin-bottom:.5rem}" +
  ".flt{align-items:flex-end;gap:.5rem .75rem;padding:.5rem 0;border-bottom:1px solid #6b7280;margin-bottom:.5rem}" +
  ".flt label,small,thead th,td label{font-size:.8125rem}.flt label{display:block;font-weight:600}" +
  ".ck{display:flex;align-items:center;gap:.25rem;min-height:28px}.flt .ck label{display:inline;font-size:inherit}" +
  'input[type="checkbox"]{width:20px;height:20px;min-height:0;margin:2px}' +
  "#flash:empty{display:none}#flash{margin:0 0 .5rem;padding:.5rem .75rem;border-left:4px solid #1d4ed8;background:#eff6ff;color:#1e3a8a}" +
  ".tw{overflow-x:auto}table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}" +
  "th,td{padding:.375rem .5rem;border-bottom:1px solid #d1d5db;text-align:left;vertical-align:top}" +
  'thead th{color:#374151;border-bottom:2px solid #6b7280}th[scope="row"]{font-weight:400}' +
  "tr:focus{outline:3px solid #1d4ed8;outline-offset:-3px}tr:focus>*{background:#eff6ff}tr.od>td:first-child{box-shadow:inset 4px 0 #b91c1c}" +
  "td>b{display:inline-block;min-width:2.25rem;padding:0 .375rem;border-radius:4px;font-weight:700;text-align:center}" +
  ".p1{background:#b91c1c;color:#fff}.p2{background:#c2410c;color:#fff}.p3{background:#fcd34d;color:#111827}.p4{background:#4b5563;color:#fff}" +
  ".t,td em,kbd{display:inline-block;border:1px solid #6b7280;border-radius:4px;padding:0 .25rem;font-family:inherit}" +
  "details ul{margin:.25rem 0;padding-left:1rem}summary{cursor:pointer;color:#1d4ed8;min-height:24px}" +
  "td:nth-child(5){max-width:28rem;overflow-wrap:anywhere}td:nth-child(5) summary{color:inherit}" +
  "td strong{color:#b91c1c}td em{font-style:normal;color:#7c2d12;border-color:#7c2d12;font-weight:600}" +
  "td small{display:block;color:#374151}.pg{margin-top:.75rem}" +
  "dialog{border:2px solid #111827;border-radius:6px;max-width:28rem}dialog::backdrop{background:rgb(0 0 0/.4)}" +
  "dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dd{margin:0}";

const LOGIN_CSS =
  BASE_CSS +
  "main{max-width:22rem;margin:3rem auto;padding:0 1rem}label{display:block;font-weight:600;margin-top:.75rem}" +
  "input{width:100%;padding:.375rem}button{margin-top:1rem;min-height:36px}" +
  "[role=alert]{padding:.5rem .75rem;border-left:4px solid #b91c1c;background:#fef2f2;color:#7f1d1d}";

const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ["j", "Next task"],
  ["k", "Previous task"],
  ["a", "Assign the focused task to me"],
  ["c", "Mark the focused task contacted"],
  ["r", "Choose an outcome to resolve the focused task"],
  ["/", "Go to the filters"],
  ["?", "Show or hide this help"],
];

/**
 * Progressive enhancement only: every action works as a plain form without it. Keys are ignored
 * while typing in a field or with a modifier; countdowns follow the server clock (the offset to it
 * is taken once, from the page's data-now).
 */
const SCRIPT =
  '(function(){var d=document,b=d.body,dlg=d.getElementById("help"),kb=d.getElementById("kb");' +
  COUNTDOWN_JS +
  'var skew=Date.parse(b.getAttribute("data-now"))-Date.now();if(!isFinite(skew))skew=0;' +
  'function tick(){var now=Date.now()+skew;[].forEach.call(d.querySelectorAll("tr time"),function(t){' +
  'var ms=Date.parse(t.getAttribute("datetime"))-now;if(!isFinite(ms))return;t.textContent=cd(ms);var r=t.closest("tr");' +
  'if(ms<0&&r&&!r.classList.contains("od")){r.classList.add("od");var o=d.createElement("strong");o.textContent="Overdue";t.parentNode.insertBefore(o,t);t.parentNode.insertBefore(d.createTextNode(" "),t)}})}' +
  "tick();setInterval(tick,30000);" +
  'function rows(){return[].slice.call(d.querySelectorAll("tr[tabindex]"))}' +
  'function cur(){var a=d.activeElement;return a&&a.closest?a.closest("tr[tabindex]"):null}' +
  "function mv(n){var rs=rows();if(!rs.length)return;var i=rs.indexOf(cur());i=i<0?(n>0?0:rs.length-1):Math.max(0,Math.min(rs.length-1,i+n));rs[i].focus()}" +
  // A row's buttons post to .../{action}: the first through its form's action, the others through formaction.
  'function act(a){var r=cur();if(r)[].some.call(r.querySelectorAll("form[method=post] button"),function(x){' +
  'var u=x.getAttribute("formaction")||x.form.getAttribute("action");if(u.slice(-a.length-1)!=="/"+a)return false;x.click();return true})}' +
  "function help(){if(!dlg||!dlg.showModal)return;if(dlg.open)dlg.close();else dlg.showModal()}" +
  'if(kb&&dlg&&dlg.showModal){kb.hidden=false;kb.addEventListener("click",help)}' +
  'd.addEventListener("keydown",function(e){if(e.defaultPrevented||e.ctrlKey||e.metaKey||e.altKey)return;' +
  'var t=e.target,n=t&&t.tagName;if(n==="INPUT"||n==="SELECT"||n==="TEXTAREA"||(t&&t.isContentEditable))return;' +
  'if(dlg&&dlg.open&&e.key!=="?")return;var s;' +
  'switch(e.key){case"j":mv(1);break;case"k":mv(-1);break;case"a":act("assign");break;case"c":act("contact");break;' +
  'case"r":s=cur();s=s&&s.querySelector("select[name=outcome]");if(!s)return;s.focus();break;' +
  'case"/":s=d.getElementById("f-status");if(!s)return;s.focus();break;case"?":help();break;default:return}' +
  "e.preventDefault()})})();";

const shell = (title: string, css: string, body: string, nonce: string, bodyAttrs = "", script?: string): string => {
  const n = ` nonce="${escapeHtml(nonce)}"`;
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><meta name="referrer" content="same-origin">' +
    `<meta name="color-scheme" content="light"><title>${escapeHtml(title)}</title><style${n}>${css}</style></head>` +
    `<body${bodyAttrs}>${body}${script === undefined ? "" : `<script${n}>${script}</script>`}</body></html>`
  );
};

/** Chinese text inside the English page is marked so screen readers switch voice. */
const langAttr = (text: string): string => (/[\u3400-\u9fff\uf900-\ufaff]/.test(text) ? ' lang="zh"' : "");

const EXCERPT = 100;

const wordsCell = (text: string | undefined): string => {
  if (text === undefined || text === "") return "<td><small>No text</small></td>";
  const lang = langAttr(text);
  const points = Array.from(text);
  if (points.length <= EXCERPT) return `<td${lang}>${escapeHtml(text)}</td>`;
  // The excerpt is the summary; the rest follows when opened, so nothing is sent twice.
  return (
    `<td${lang}><details><summary>${escapeHtml(points.slice(0, EXCERPT).join(""))}…</summary>` +
    `${escapeHtml(points.slice(EXCERPT).join(""))}</details></td>`
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
    `<details><summary>Why</summary>Score ${score}<ul>${items}</ul>${reasons}</details></td>`
  );
};

const slaCell = (task: TriageTaskView, now: number): { html: string; overdue: boolean } => {
  const escalated = task.escalationLevel > 0 ? ` <em>Escalated L${task.escalationLevel}</em>` : "";
  const due = task.nextDueAt === undefined ? Number.NaN : Date.parse(task.nextDueAt);
  if (task.nextDueAt === undefined || !Number.isFinite(due)) {
    return { html: `<td><small>No open deadline</small>${escalated}</td>`, overdue: false };
  }
  const ms = due - now;
  const overdue = ms < 0;
  const which =
    task.nextDueAt === task.firstResponseDueAt
      ? "First response"
      : task.nextDueAt === task.resolveDueAt
        ? "Resolution"
        : "Next step";
  const iso = new Date(due).toISOString();
  return {
    html:
      `<td>${overdue ? "<strong>Overdue</strong> " : ""}` +
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
      return a === "resolve" ? `<label>Outcome ${OUTCOME_SELECT}</label>${button}` : button;
    })
    .join("");
  return (
    `<td><form method="post" action="${url(first as TriageAction)}">` +
    `<input type="hidden" name="version" value="${escapeHtml(String(task.version))}">${buttons}</form></td>`
  );
};

const row = (task: TriageTaskView, input: TriagePageInput): string => {
  const sla = slaCell(task, input.now.getTime());
  const tier = task.customerTier ? ` <span class="t">${escapeHtml(task.customerTier)}</span>` : "";
  const count = task.feedbackCount > 1 ? `<small>${task.feedbackCount} feedback items</small>` : "";
  const mine = task.assignee !== undefined && task.assignee === input.viewer.name ? " (you)" : "";
  const assignee =
    task.assignee === undefined || task.assignee === ""
      ? "<small>Unassigned</small>"
      : `<small>${escapeHtml(task.assignee)}${mine}</small>`;
  return (
    `<tr tabindex="-1"${sla.overdue ? ' class="od"' : ""}>${priorityCell(task)}` +
    `<th scope="row"${langAttr(task.customerLabel)}>${escapeHtml(task.customerLabel)}${tier}${count}</th>` +
    `<td>${CHANNEL_LABELS[task.channel] ?? escapeHtml(String(task.channel))}<small>${escapeHtml(task.team)}</small></td>` +
    `<td>${task.themes.map(escapeHtml).join(", ")}</td>` +
    wordsCell(task.latestText) +
    sla.html +
    `<td>${STATUS_LABELS[task.status] ?? escapeHtml(String(task.status))}${assignee}</td>` +
    actionsCell(task, input) +
    "</tr>"
  );
};

const select = (
  name: string,
  label: string,
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
    `<option value="">Any</option>${options}</select></div>`
  );
};

const same = (values: readonly string[]) => values.map((v) => [v, v] as const);

const filterForm = (input: TriagePageInput): string => {
  const f = input.filters;
  return (
    `<form id="filters" class="flt" method="get" action="${escapeHtml(input.basePath)}" role="search" aria-label="Filter the queue">` +
    select(
      "status",
      "Status",
      TASK_STATUSES.map((s) => [s, STATUS_LABELS[s]] as const),
      f.status,
    ) +
    select("team", "Team", same(input.teams), f.team) +
    select("theme", "Theme", same(input.themes), f.theme) +
    select(
      "channel",
      "Channel",
      CHANNELS.map((c) => [c, CHANNEL_LABELS[c]] as const),
      f.channel,
    ) +
    `<div><label for="f-assignee">Assignee</label><input id="f-assignee" name="assignee" autocomplete="off" value="${escapeHtml(f.assignee ?? "")}"></div>` +
    `<div class="ck"><input type="checkbox" id="f-overdue" name="overdue" value="1"${f.overdue ? " checked" : ""}><label for="f-overdue">Overdue only</label></div>` +
    `<button type="submit" class="pri">Apply filters</button><a href="${escapeHtml(input.basePath)}">Clear filters</a></form>`
  );
};

/** The query string of the current filters, as the filter form would send it. */
const filterQuery = (filters: TriageFilters, cursor?: string): string => {
  const q = new URLSearchParams();
  for (const key of ["status", "team", "theme", "channel", "assignee"] as const) {
    const value = filters[key];
    if (value) q.set(key, value);
  }
  if (filters.overdue) q.set("overdue", "1");
  if (cursor !== undefined) q.set("cursor", cursor);
  return q.toString();
};

const helpDialog = (): string =>
  '<dialog id="help" aria-labelledby="help-h"><h2 id="help-h">Keyboard shortcuts</h2><dl>' +
  SHORTCUTS.map(([key, what]) => `<dt><kbd>${escapeHtml(key)}</kbd></dt><dd>${what}</dd>`).join("") +
  '</dl><p><small>Shortcuts are off while typing in a field.</small></p><form method="dialog"><button type="submit">Close</button></form></dialog>';

const HEADERS = ["Priority", "Customer", "Channel", "Themes", "Customer's words", "SLA", "Status", "Actions"];

export const renderTriagePage = (input: TriagePageInput): string => {
  const base = escapeHtml(input.basePath);
  const filtered = filterQuery(input.filters) !== "";
  const n = input.tasks.length;
  const caption = `${n} ${n === 1 ? "task" : "tasks"}${filtered ? " matching the filters" : ""}, most urgent first`;
  const queue =
    n === 0
      ? `<p id="queue" tabindex="-1">No tasks${filtered ? " match these filters" : " in the queue"}.</p>`
      : '<div class="tw"><table id="queue">' +
        `<caption>${caption}<span class="sr">. Press ? for keyboard shortcuts.</span></caption>` +
        `<thead><tr>${HEADERS.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
        `<tbody>${input.tasks.map((t) => row(t, input)).join("")}</tbody></table></div>`;
  const next =
    input.nextCursor === undefined || input.nextCursor === ""
      ? ""
      : `<p class="pg"><a href="${escapeHtml(`${input.basePath}?${filterQuery(input.filters, input.nextCursor)}`)}" rel="next">Next page</a></p>`;
  const privacy = input.viewer.canSeePersonalData
    ? "Personal data is shown unmasked for your role."
    : "Personal data is masked.";
  const body =
    '<a class="skip" href="#queue">Skip to the queue</a><main>' +
    '<header class="top"><h1>Follow-up triage</h1><div class="who">' +
    `<span>Signed in as <strong>${escapeHtml(input.viewer.name)}</strong></span>` +
    '<button type="button" id="kb" hidden aria-haspopup="dialog">Shortcuts <kbd>?</kbd></button>' +
    `<form method="post" action="${base}/logout"><button type="submit">Sign out</button></form></div></header>` +
    `<p class="note">${privacy}</p>` +
    `<p id="flash" role="status">${escapeHtml(input.flash ?? "")}</p>` +
    filterForm(input) +
    queue +
    next +
    helpDialog() +
    "</main>";
  const now = Number.isFinite(input.now.getTime()) ? input.now.toISOString() : "";
  return shell("Follow-up triage – hearback", TRIAGE_CSS, body, input.nonce, ` data-now="${escapeHtml(now)}"`, SCRIPT);
};

export const renderLoginPage = (input: {
  nonce: string;
  basePath: string;
  error?: string;
  devHint?: string;
}): string => {
  const error = input.error ? `<p role="alert">${escapeHtml(input.error)}</p>` : "";
  const hint = input.devHint ? `<p class="note">${escapeHtml(input.devHint)}</p>` : "";
  const body =
    "<main><h1>Sign in to follow-up triage</h1>" +
    error +
    `<form method="post" action="${escapeHtml(input.basePath)}/login">` +
    '<label for="l-name">Name</label><input id="l-name" name="name" autocomplete="username" required>' +
    '<label for="l-password">Password</label><input id="l-password" type="password" name="password" autocomplete="current-password" required>' +
    '<button type="submit" class="pri">Sign in</button></form>' +
    hint +
    "</main>";
  return shell("Sign in – hearback triage", LOGIN_CSS, body, input.nonce);
};
