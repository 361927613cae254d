import { Sentiment } from "#shared/feedback/model/schema";
import { escapeHtml, isolatedText } from "#shared/kernel/html";
import { readableMasks } from "#shared/privacy/model/mask-words";
import { ACTIVE_STATUSES } from "../model/task.ts";
import { ASSIGNEE_MAX } from "../model/task-api.ts";
import { auditDetail, confirmationAnswerOf } from "./audit-detail.ts";
import {
  actionForm,
  actorName,
  customerName,
  customerTitle,
  FILTER_KEYS,
  langOf,
  priorityBadge,
  priorityDetails,
  returnInputs,
} from "./task-parts.ts";
import { countdownText } from "./triage-countdown.ts";
import { taskHref } from "./triage-rows.ts";
import { shell, TRIAGE_CSS, taskScript } from "./triage-shell.ts";
import type { FeedbackItemView, TaskPageInput, WorkbenchContext } from "./triage-view.ts";
import { bodyAttributes, helpDialog, topBar } from "./workbench-frame.ts";
import { WORKBENCH_TEXT } from "./workbench-text.ts";

/**
 * One follow-up task, for the lead working it: the customer's words (every feedback item of the
 * task, then their earlier feedback), how to reach them, the SLA clocks, what happened so far as a
 * timeline, and every action: assign, contact, wait, resolve, reopen, a note, a reply by email in
 * the customer's language, and a correction of a wrong reading. Deep-linkable
 * (/triage/tasks/{id}); `u` goes back to the queue with its filters. Pure: the caller fetches and
 * masks; this module only writes escaped HTML.
 */

const time = (iso: string | undefined, input: TaskPageInput): string => {
  if (iso === undefined) return "";
  const local = input.words.dateTime(iso, input.timeZone);
  return local === "" ? "" : `<time datetime="${escapeHtml(iso)}">${escapeHtml(local)}</time>`;
};

/** Customer text as the lead reads it: masking tags in their words ("〔电话已隐去〕"), isolated. */
const customerText = (stored: string, input: TaskPageInput, tag: "blockquote" | "div"): string => {
  const text = readableMasks(stored, input.locale);
  return `<${tag}${langOf(text, input.text.lang)}>${isolatedText(text)}</${tag}>`;
};

const feedbackItem = (item: FeedbackItemView, input: TaskPageInput, correctable: boolean): string => {
  const T = input.text;
  const w = input.words;
  const facts = [
    escapeHtml(w.channel(item.channel)),
    ...(item.score === undefined ? [] : [escapeHtml(T.scoreOf(item.channel, item.score))]),
    w.field(T.sentiment, escapeHtml(T.sentiments[item.sentiment])),
    item.themes.length === 0 ? T.noThemes : w.list(item.themes.map((t) => escapeHtml(w.theme(t)))),
    ...(item.touchpoint === undefined ? [] : [w.field(T.touchpoint, escapeHtml(w.touchpoint(item.touchpoint)))]),
  ];
  const corrected = item.correctedBy === undefined ? "" : ` · ${escapeHtml(T.corrected(item.correctedBy))}`;
  const words =
    item.text === undefined || item.text === ""
      ? `<p class="meta">${T.noText}</p>`
      : customerText(item.text, input, "blockquote");
  return (
    `<li><p class="meta">${time(item.occurredAt, input)} · ${facts.join(" · ")}${corrected}</p>${words}` +
    (correctable ? correctionForm(item, input) : "") +
    "</li>"
  );
};

/** "Reading wrong?": the right sentiment and themes, posted to the corrections use case. */
const correctionForm = (item: FeedbackItemView, input: TaskPageInput): string => {
  const T = input.text;
  const id = escapeHtml(item.id);
  const sentiments = Sentiment.options
    .map(
      (s) => `<option value="${s}"${s === item.sentiment ? " selected" : ""}>${escapeHtml(T.sentiments[s])}</option>`,
    )
    .join("");
  const themes = input.themeIds
    .map(
      (t) =>
        `<label><input type="checkbox" name="themes" value="${escapeHtml(t)}"${item.themes.includes(t) ? " checked" : ""}>${escapeHtml(input.words.theme(t))}</label>`,
    )
    .join("");
  return (
    `<details><summary>${T.readingWrong}</summary>` +
    `<form method="post" class="stack" action="${escapeHtml(`${input.basePath}/feedback/${encodeURIComponent(item.id)}/corrections`)}">` +
    `<input type="hidden" name="task" value="${escapeHtml(input.task.id)}">` +
    `<div><label for="c-s-${id}">${T.correctSentiment}</label><select id="c-s-${id}" name="sentiment">${sentiments}</select></div>` +
    `<fieldset class="chk"><legend>${T.correctThemes}</legend>${themes}</fieldset>` +
    `<button type="submit">${T.saveCorrection}</button></form></details>`
  );
};

const contactCard = (input: TaskPageInput): string => {
  const T = input.text;
  const c = input.contact;
  const rows: string[] = [];
  // Masked values may carry the masker's tags ("[phone]"): in the lead's words.
  const shown = (value: string) => escapeHtml(c.unmasked ? value : readableMasks(value, input.locale));
  if (c.name) rows.push(`<dt>${T.name}</dt><dd>${shown(c.name)}</dd>`);
  if (c.email) {
    const email = shown(c.email);
    rows.push(`<dt>${T.email}</dt><dd>${c.unmasked ? `<a href="mailto:${email}">${email}</a>` : email}</dd>`);
  }
  for (const phone of c.phones) {
    const tel = escapeHtml(phone.replace(/[^\d+]/g, ""));
    rows.push(`<dt>${T.phone}</dt><dd>${c.unmasked ? `<a href="tel:${tel}">${shown(phone)}</a>` : shown(phone)}</dd>`);
  }
  const tier = input.task.customerTier
    ? `<dt>${T.tier}</dt><dd>${escapeHtml(input.words.tier(input.task.customerTier))}</dd>`
    : "";
  const note =
    rows.length === 0
      ? `<p class="meta">${T.contactNone}</p>`
      : c.unmasked
        ? `<p class="meta">${T.contactAudited}</p>`
        : `<p class="meta">${T.contactMasked}</p>`;
  return (
    `<section class="card" aria-labelledby="h-contact"><h2 id="h-contact">${T.contact}</h2>` +
    `<dl class="facts"><dt>${T.customer}</dt><dd${langOf(input.task.customerLabel, T.lang)}>${isolatedText(customerName(input.task.customerLabel, T))}</dd>${tier}${rows.join("")}</dl>${note}</section>`
  );
};

const clocksCard = (input: TaskPageInput): string => {
  const T = input.text;
  const t = input.task;
  const now = input.now.getTime();
  const due = (iso: string, done: string | undefined, doneLabel: string, label: string) => {
    if (done !== undefined) return `<dt>${label}</dt><dd>${doneLabel} ${time(done, input)}</dd>`;
    const ms = Date.parse(iso) - now;
    const live =
      Number.isFinite(ms) && t.status !== "waiting_on_customer" && t.status !== "resolved" && t.status !== "closed";
    const countdown = live
      ? `${ms < 0 ? `<strong class="od">${T.overdue}</strong> ` : ""}<time data-due datetime="${escapeHtml(iso)}">${countdownText(ms, T.countdown)}</time>`
      : "";
    return `<dt>${label}</dt><dd>${countdown}<small>${T.dueAt} ${time(iso, input)}</small></dd>`;
  };
  const paused = t.status === "waiting_on_customer" ? `<p class="meta">${T.paused}</p>` : "";
  const round = T.round(t.round);
  const escalated = t.escalationLevel > 0 ? ` <em class="esc">${T.escalated(t.escalationLevel)}</em>` : "";
  return (
    `<section class="card" aria-labelledby="h-clocks"><h2 id="h-clocks">${T.clocks}${escalated}</h2><dl class="facts">` +
    `<dt>${T.opened}</dt><dd>${time(t.openedAt, input)}${round === "" ? "" : `<small>${round}</small>`}</dd>` +
    due(t.firstResponseDueAt, t.firstRespondedAt, T.respondedAt, T.firstResponse) +
    due(t.resolveDueAt, t.resolvedAt, T.resolvedAt, T.resolution) +
    `</dl>${paused}</section>`
  );
};

const summaryCard = (input: TaskPageInput): string => {
  const T = input.text;
  const w = input.words;
  const t = input.task;
  const mine = t.assignee !== undefined && t.assignee === input.viewer.name ? T.you : "";
  const themes = t.themes.length === 0 ? T.noThemes : w.list(t.themes.map((id) => escapeHtml(w.theme(id))));
  const outcome = t.outcome === undefined ? "" : `<dt>${T.outcome}</dt><dd>${escapeHtml(w.outcome(t.outcome))}</dd>`;
  return (
    `<section class="card" aria-labelledby="h-summary"><h2 id="h-summary">${priorityBadge(t)} ${escapeHtml(w.status(t.status))}</h2>` +
    priorityDetails(t, input) +
    `<dl class="facts"><dt>${T.assignee}</dt><dd>${t.assignee ? `${escapeHtml(t.assignee)}${mine}` : T.unassigned}</dd>` +
    `<dt>${T.team}</dt><dd>${escapeHtml(w.team(t.team))}</dd>` +
    `<dt>${T.channel}</dt><dd>${escapeHtml(w.channel(t.channel))}</dd>` +
    `<dt>${T.themes}</dt><dd>${themes}</dd>${outcome}</dl></section>`
  );
};

const actionsCard = (input: TaskPageInput): string => {
  const T = input.text;
  const t = input.task;
  const url = `${input.basePath}/tasks/${encodeURIComponent(t.id)}/note`;
  const note =
    `<label for="a-note">${T.resolveNote}</label><input type="text" id="a-note" name="note" maxlength="2000">` +
    // Asked only when an email can be sent; the lead can choose not to (e.g. they already called).
    (input.contact.email === undefined || input.contact.mailSuppressed !== undefined
      ? ""
      : '<input type="hidden" name="confirm_shown" value="1">' +
        `<span class="ck"><input type="checkbox" id="a-confirm" name="confirm" value="1" checked><label for="a-confirm">${T.askConfirmation}</label></span>`);
  // Giving the task to a colleague: any active task, to anyone but its current owner (the form says who).
  const assign = (ACTIVE_STATUSES as readonly string[]).includes(t.status)
    ? `<form method="post" class="stack" action="${escapeHtml(`${input.basePath}/tasks/${encodeURIComponent(t.id)}/assign`)}">` +
      `<input type="hidden" name="version" value="${t.version}"><input type="hidden" name="back" value="task">` +
      returnInputs(input.queueQuery) +
      `<div><label for="a-assignee">${T.assignToLabel}</label>` +
      `<input type="text" id="a-assignee" name="assignee" maxlength="${ASSIGNEE_MAX}" required autocomplete="off" aria-describedby="a-assignee-hint">` +
      `<small id="a-assignee-hint" class="meta">${escapeHtml(T.assignToHint(ASSIGNEE_MAX))}</small></div>` +
      `<button type="submit">${T.assignTo}</button></form>`
    : "";
  return (
    `<section class="card stack" id="actions" aria-labelledby="h-actions"><h2 id="h-actions">${T.actionsHeading}</h2>` +
    `<div class="acts">${actionForm(t, input, { to: "task", query: input.queueQuery }, note)}</div>` +
    assign +
    `<form method="post" class="stack" action="${escapeHtml(url)}">` +
    `<input type="hidden" name="version" value="${t.version}"><input type="hidden" name="back" value="task">` +
    returnInputs(input.queueQuery) +
    `<div><label for="n-note">${T.noteLabel}</label><textarea id="n-note" name="note" maxlength="2000" required></textarea></div>` +
    `<button type="submit">${T.addNote}</button></form></section>`
  );
};

const replyCard = (input: TaskPageInput): string => {
  const T = input.text;
  const t = input.task;
  const c = input.contact;
  if (c.email === undefined) {
    return `<section class="card" aria-labelledby="h-reply"><h2 id="h-reply">${T.reply}</h2><p class="meta">${T.replyNoEmail}</p></section>`;
  }
  if (c.mailSuppressed !== undefined) {
    // The address bounced or the customer complained: a reply would be refused, so none is offered.
    const why = T.mailSuppressed(c.mailSuppressed.reason, time(c.mailSuppressed.at, input));
    return `<section class="card" aria-labelledby="h-reply"><h2 id="h-reply">${T.reply}</h2><p class="meta" data-mail-suppressed>${why}</p></section>`;
  }
  const ids = Object.keys(input.templates);
  const chosen = input.template !== undefined ? input.templates[input.template] : undefined;
  const options = ids
    .map(
      (id) =>
        `<option value="${escapeHtml(id)}"${id === input.template ? " selected" : ""}>${escapeHtml(T.templates[id] ?? id)}</option>`,
    )
    .join("");
  const self = `${input.basePath}/tasks/${encodeURIComponent(t.id)}`;
  const language = WORKBENCH_TEXT[input.customerLocale].languageName;
  // The templates as data for the script, which fills the form when one is picked; "<" escaped.
  const json = JSON.stringify(input.templates).replaceAll("<", "\\u003c");
  return (
    `<section class="card stack" aria-labelledby="h-reply"><h2 id="h-reply">${T.reply}</h2>` +
    `<p class="meta">${escapeHtml(T.replyTo(!c.unmasked))}${c.unmasked ? ` ${escapeHtml(c.email)}` : ""}<br>${escapeHtml(T.replyLanguage(language))}</p>` +
    `<form method="get" class="acts" action="${escapeHtml(self)}">` +
    [...new URLSearchParams(input.queueQuery)]
      .filter(([k]) => (FILTER_KEYS as readonly string[]).includes(k))
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
      .join("") +
    `<label for="r-template">${T.template}</label><select id="r-template" name="template"><option value="">–</option>${options}</select>` +
    `<button type="submit" id="r-go">${T.useTemplate}</button></form>` +
    `<script type="application/json" id="templates" nonce="${escapeHtml(input.nonce)}">${json}</script>` +
    `<form method="post" class="stack" action="${escapeHtml(`${self}/reply`)}" lang="${input.customerLocale}">` +
    `<input type="hidden" name="version" value="${t.version}"><input type="hidden" name="back" value="task">` +
    returnInputs(input.queueQuery) +
    `<div><label for="r-subject">${T.subject}</label><input type="text" id="r-subject" name="subject" maxlength="200" required value="${escapeHtml(chosen?.subject ?? "")}"></div>` +
    `<div><label for="r-body">${T.message}</label><textarea id="r-body" name="body" maxlength="5000" required>${escapeHtml(chosen?.body ?? "")}</textarea></div>` +
    `<button type="submit" class="pri">${T.send}</button></form></section>`
  );
};

/** Newest first by when it happened; an unreadable time goes last, and equal times keep their order. */
const newestFirst = <T>(entries: readonly T[], at: (e: T) => string): T[] => {
  const ms = (e: T) => {
    const n = Date.parse(at(e));
    return Number.isFinite(n) ? n : Number.NEGATIVE_INFINITY;
  };
  return entries
    .map((e, i) => ({ e, i, t: ms(e) }))
    .sort((a, b) => (a.t === b.t ? a.i - b.i : b.t > a.t ? 1 : -1))
    .map((x) => x.e);
};

/**
 * The customer's "not solved" answers to the confirmation question that carry a comment: their
 * words too, so they stand among the customer's words (newest first), not only in the trail.
 */
const notSolvedAnswers = (input: TaskPageInput): { at: string; html: string }[] =>
  input.task.audit.flatMap((e) => {
    const answer = confirmationAnswerOf(e);
    if (!answer || answer.solved || answer.words === undefined || answer.words.trim() === "") return [];
    return [
      {
        at: e.at,
        html: `<li data-answer><p class="meta">${time(e.at, input)} · ${input.text.notSolvedAnswer}</p>${customerText(answer.words, input, "blockquote")}</li>`,
      },
    ];
  });

/** How many of a long list a phone shows before the rest, behind "更早的 N 条". */
const SHOWN_FIRST = 3;

/** List items, newest first: the latest few shown, the earlier ones behind a disclosure (one keyboard stop). */
const feedbackList = (entries: readonly { at: string; html: string }[], input: TaskPageInput): string => {
  const sorted = newestFirst(entries, (e) => e.at).map((e) => e.html);
  const first = `<ol class="fb">${sorted.slice(0, SHOWN_FIRST).join("")}</ol>`;
  const rest = sorted.slice(SHOWN_FIRST);
  return rest.length === 0
    ? first
    : `${first}<details class="older"><summary>${escapeHtml(input.text.olderItems(rest.length))}</summary>` +
        `<ol class="fb">${rest.join("")}</ol></details>`;
};

const trail = (input: TaskPageInput): string => {
  const T = input.text;
  const entries = [...input.task.audit].reverse();
  const items = entries
    .map((e) => {
      const detail =
        e.detail === undefined || e.detail === ""
          ? ""
          : e.action === "replied"
            ? `<details><summary>${T.message}</summary>${customerText(e.detail, input, "blockquote")}</details>`
            : customerText(auditDetail(e, input.words, T), input, "div");
      return `<li><p class="meta">${time(e.at, input)}</p><strong>${escapeHtml(actorName(e.actor, T))}</strong> ${escapeHtml(input.words.action(e.action))}${detail}</li>`;
    })
    .join("");
  return `<section class="a-t" aria-labelledby="h-trail"><h2 id="h-trail">${T.trail}</h2><ol class="trail">${items}</ol></section>`;
};

export const renderTaskPage = (input: TaskPageInput): string => {
  const T = input.text;
  const t = input.task;
  const queue = `${input.basePath}${input.queueQuery === "" ? "" : `?${input.queueQuery}`}`;
  const here = taskHref(input.basePath, t.id, input.queueQuery);
  const words =
    `<section class="a-w" aria-labelledby="h-words" id="words" tabindex="-1"><h2 id="h-words">${T.words}</h2>` +
    `<p class="meta">${T.wordsIntro(input.items.length)}</p>` +
    feedbackList(
      [
        ...notSolvedAnswers(input),
        ...input.items.map((i) => ({ at: i.occurredAt, html: feedbackItem(i, input, true) })),
      ],
      input,
    ) +
    "</section>";
  const history =
    `<section class="a-h" aria-labelledby="h-history"><h2 id="h-history">${T.history}</h2>` +
    (input.history.length === 0
      ? `<p class="meta">${T.historyNone}</p>`
      : feedbackList(
          input.history.map((i) => ({ at: i.occurredAt, html: feedbackItem(i, input, false) })),
          input,
        )) +
    "</section>";
  const body =
    `<a class="skip" href="#words">${T.skipToTask}</a><main>` +
    topBar(input, escapeHtml(T.taskTitle(customerTitle(t, T))), here) +
    `<p><a id="back" href="${escapeHtml(queue)}">← ${T.backToQueue}</a></p>` +
    // The customer's words, then (beside them on a desktop, below them on a phone) who, how to reach
    // them and what to do; their history and the trail last.
    `<div class="task">${words}` +
    `<div class="a-s">${summaryCard(input)}${contactCard(input)}${clocksCard(input)}${actionsCard(input)}${replyCard(input)}</div>` +
    `${history}${trail(input)}</div>` +
    helpDialog(input, T.taskShortcuts) +
    "</main>";
  return shell(
    `${T.taskTitle(customerTitle(t, T))} – hearback`,
    TRIAGE_CSS,
    body,
    input.nonce,
    bodyAttributes(input),
    taskScript(T),
    T.lang,
  );
};

/** A task that does not exist (a mistyped or stale link): said in the lead's language, with the way back. */
export const renderTaskNotFound = (ctx: WorkbenchContext): string => {
  const T = ctx.text;
  const body =
    `<main>${topBar(ctx, T.heading, ctx.basePath)}<h2>${T.notFound}</h2>` +
    `<p><a id="back" href="${escapeHtml(ctx.basePath)}">← ${T.backToQueue}</a></p></main>`;
  return shell(`${T.notFound} – hearback`, TRIAGE_CSS, body, ctx.nonce, bodyAttributes(ctx), undefined, T.lang);
};
