import { contactLabel } from "#shared/feedback/model/contact";
import { escapeHtml, isolatedText } from "#shared/kernel/html";
import type { SupportedLocale } from "#shared/kernel/locale";
import { readableMasks } from "#shared/privacy/model/mask-words";
import { defaultTaxonomy, type Taxonomy } from "#shared/taxonomy/taxonomy";
import type { TaskNotice } from "../model/notice.ts";
import { TASK_EMAIL_WORDS, type TaskEmailWords } from "./task-email-words.ts";
import { customerName } from "./task-parts.ts";
import { type TaskWords, taskWords } from "./task-words.ts";
import { TASK_DICTIONARIES } from "./task-words-locales.ts";
import { WORKBENCH_TEXT } from "./workbench-text.ts";

/**
 * The email a team (or its supervisor) gets about follow-up tasks: one task, or every task since
 * the team's last email when emails are batched. Written in the readers' language with times in
 * their zone (the zone named), a link to each task's page when the deployment's public address is
 * known and, when it is not, where to find the task instead of a broken link. Pure: notices in,
 * subject, plain text and HTML (every value escaped) out.
 */

export interface TaskEmailInput {
  notices: readonly TaskNotice[];
  locale: SupportedLocale;
  timeZone: string;
  /** The deployment's public address (PUBLIC_BASE_URL); without it the email links nothing. */
  baseUrl?: string | undefined;
  taxonomy?: Taxonomy | undefined;
}

export interface TaskEmail {
  subject: string;
  text: string;
  html: string;
}

const MAX_WORDS_CHARS = 500;
const ERASED = contactLabel({ kind: "erased" });
const PRIORITY_COLOUR = { P1: "#b91c1c", P2: "#b45309", P3: "#1d4ed8", P4: "#4b5563" } as const;
const FONT =
  "-apple-system,'Segoe UI',Roboto,Arial,'PingFang SC','Microsoft YaHei','PingFang TC','Microsoft JhengHei',sans-serif";

/** Control characters out and runs of space folded, so a header or a line stays one line. */
const oneLine = (value: string): string =>
  Array.from(value, (c) => {
    const n = c.codePointAt(0) ?? 0;
    return n < 0x20 || (n >= 0x7f && n < 0xa0) || n === 0x2028 || n === 0x2029 ? " " : c;
  })
    .join("")
    .replace(/\s{2,}/g, " ")
    .trim();

const excerpt = (text: string): string => {
  const chars = Array.from(oneLine(text));
  return chars.length > MAX_WORDS_CHARS ? `${chars.slice(0, MAX_WORDS_CHARS).join("").trimEnd()}…` : chars.join("");
};

/** Only an http(s) origin without anything odd in it makes a link. */
const linkBase = (baseUrl: string | undefined): string | undefined => {
  const trimmed = baseUrl?.trim().replace(/\/+$/, "");
  return trimmed && /^https?:\/\/[^\s<>"'`\\]+$/i.test(trimmed) ? trimmed : undefined;
};

/** The zone's name at that instant, in the language: "中国标准时间", "Central European Summer Time". */
const zoneName = (intl: string, timeZone: string, at: Date): string => {
  try {
    const part = new Intl.DateTimeFormat(intl, { timeZone, timeZoneName: "long" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
};

interface Field {
  label: string;
  value: string;
  /** Extra lines under the value (the priority's factors). */
  items?: string[];
  /** Someone else's words: isolated and quoted. */
  quoted?: boolean;
}

interface TaskBlock {
  heading: string;
  /** Who it is for, to tell the tasks of a batch (and their links) apart. */
  customer: string;
  level: TaskNotice["priority"];
  fields: Field[];
  link?: string;
  noLink?: string;
}

interface Ctx {
  w: TaskEmailWords;
  words: TaskWords;
  timeZone: string;
  /** Where task pages live, when known. */
  base: string | undefined;
  intl: string;
  list: Intl.ListFormat;
  locale: SupportedLocale;
}

const blockOf = (n: TaskNotice, ctx: Ctx): TaskBlock => {
  const { w, words } = ctx;
  const t = n.task;
  // The customer as the workbench names them ("客户 #3F9A0C"), so the email and the queue agree.
  const customer = t.customerLabel === ERASED ? w.erased : customerName(t.customerLabel, WORKBENCH_TEXT[ctx.locale]);
  const when = (iso: string) => {
    const local = words.dateTime(iso, ctx.timeZone);
    return local === "" ? "" : w.inZone(local, zoneName(ctx.intl, ctx.timeZone, new Date(iso)));
  };
  const heading =
    n.type === "task.escalated" && n.escalation
      ? w.headingOverdue(
          n.escalation.level,
          w.deadline[n.escalation.overdue],
          words.relative(n.escalation.overdueMinutes * 60_000),
        )
      : w.headingNew;
  const tier = t.customerTier === undefined ? undefined : words.tier(t.customerTier);
  const fields: Field[] = [
    {
      label: w.priority,
      value: w.priorityValue(t.priority.level, t.priority.score),
      items: t.priority.factors.map((f) => words.factor(f)),
    },
    { label: w.customer, value: tier ? `${customer} · ${tier}` : customer },
    { label: w.status, value: words.status(t.status) },
    {
      label: w.channel,
      value: `${words.channel(t.channel)}${t.feedbackCount > 1 ? ` · ${w.feedbackCount(t.feedbackCount)}` : ""}`,
    },
    {
      label: w.themes,
      value: t.themes.length > 0 ? ctx.list.format([...new Set(t.themes.map(words.theme))]) : w.noThemes,
    },
    { label: w.team, value: words.team(n.team) },
  ];
  if (t.reasons.length > 0)
    fields.push({ label: w.why, value: [...new Set(t.reasons.map(words.reason))].join(w.separator) });
  fields.push(
    t.latestText !== undefined && t.latestText.trim() !== ""
      ? { label: w.words, value: excerpt(readableMasks(t.latestText, ctx.locale)), quoted: true }
      : { label: w.words, value: w.noWords },
  );
  fields.push(
    t.firstRespondedAt !== undefined
      ? { label: w.firstResponseDue, value: w.responded }
      : { label: w.firstResponseDue, value: when(t.firstResponseDueAt) },
    { label: w.resolveDue, value: when(t.resolveDueAt) },
  );
  return {
    heading,
    customer,
    level: n.priority,
    fields: fields.filter((f) => f.value !== ""),
    ...(ctx.base !== undefined
      ? { link: `${ctx.base}/triage/tasks/${encodeURIComponent(n.taskId)}` }
      : { noLink: w.noLink(customer) }),
  };
};

const subjectOf = (notices: readonly TaskNotice[], w: TaskEmailWords, words: TaskWords, team: string): string => {
  const [first] = notices;
  if (notices.length === 1 && first) {
    const reason = first.task.reasons[0] === undefined ? "" : words.reason(first.task.reasons[0]);
    return first.type === "task.escalated" && first.escalation
      ? w.subjectOverdue(first.priority, first.escalation.level, team, reason)
      : w.subjectNew(first.priority, team, reason);
  }
  const opened = notices.filter((n) => n.type === "task.opened").length;
  const top = [...notices].map((n) => n.priority).sort()[0] ?? "P4";
  return w.subjectBatch(team, notices.length, opened, notices.length - opened, top);
};

const textOf = (intro: string | undefined, blocks: readonly TaskBlock[], w: TaskEmailWords, footer: string): string => {
  const lines: string[] = [];
  if (intro) lines.push(intro, "");
  for (const b of blocks) {
    lines.push(b.heading);
    for (const f of b.fields) {
      const value = f.quoted ? `${w.quote[0]}${f.value}${w.quote[1]}` : f.value;
      lines.push(`${f.label}${w.colon}${value}`);
      for (const item of f.items ?? []) lines.push(`  · ${item}`);
    }
    lines.push(b.link ? `${w.openTask}${w.colon}${b.link}` : (b.noLink ?? ""), "");
  }
  lines.push("--", footer);
  return `${lines.join("\n")}\n`;
};

const htmlOf = (
  lang: SupportedLocale,
  subject: string,
  intro: string | undefined,
  blocks: readonly TaskBlock[],
  w: TaskEmailWords,
  footer: string,
): string => {
  const field = (f: Field) => {
    const value = f.quoted
      ? `<blockquote style="margin:0;padding:4px 0 4px 12px;border-left:3px solid #9ca3af">${isolatedText(f.value)}</blockquote>`
      : escapeHtml(f.value);
    const items =
      f.items && f.items.length > 0
        ? `<ul style="margin:4px 0 0 0;padding-left:20px">${f.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`
        : "";
    return `<dt style="font-weight:bold;margin-top:8px">${escapeHtml(f.label)}</dt><dd style="margin:2px 0 0 0">${value}${items}</dd>`;
  };
  // One task: its heading is the email's. A batch: the intro is, and each task a section under it.
  const h = intro ? "h2" : "h1";
  const section = (b: TaskBlock, i: number) =>
    `<section style="${i > 0 || intro ? "border-top:1px solid #e5e7eb;padding-top:12px;margin-top:16px" : ""}">` +
    `<${h} style="font-size:17px;margin:0 0 4px 0"><span style="color:${PRIORITY_COLOUR[b.level]}">${escapeHtml(b.level)}</span> ${escapeHtml(b.heading)}</${h}>` +
    `<dl style="margin:0">${b.fields.map(field).join("")}</dl>` +
    (b.link
      ? `<p style="margin:12px 0 0 0"><a href="${escapeHtml(b.link)}" style="color:#1d4ed8;text-decoration:underline">${escapeHtml(intro ? `${w.openTask} · ${b.customer}` : w.openTask)}</a></p>`
      : `<p style="margin:12px 0 0 0">${escapeHtml(b.noLink ?? "")}</p>`) +
    `</section>`;
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:16px;background:#f3f4f6;color:#111827;font-family:${FONT};font-size:14px;line-height:1.5">` +
    `<main style="max-width:640px;margin:0 auto;background:#ffffff;padding:20px 24px;border-radius:8px">` +
    (intro ? `<h1 style="font-size:19px;margin:0">${escapeHtml(intro)}</h1>` : "") +
    blocks.map(section).join("") +
    `<p style="margin:20px 0 0 0;color:#4b5563;font-size:12px">${escapeHtml(footer)}</p>` +
    `</main></body></html>`
  );
};

const urgency = (n: TaskNotice) => n.task.priority.score;

/** One email about `notices` (all for the same team and audience), most urgent first. */
export const renderTaskEmail = (input: TaskEmailInput): TaskEmail => {
  const [first] = input.notices;
  if (!first) throw new RangeError("a task email needs at least one notice");
  const taxonomy = input.taxonomy ?? defaultTaxonomy;
  const w = TASK_EMAIL_WORDS[input.locale];
  const words = taskWords(input.locale, taxonomy);
  const dict = TASK_DICTIONARIES[input.locale];
  const team = words.team(first.team);
  const ordered = [...input.notices].sort((a, b) => urgency(b) - urgency(a) || a.at.localeCompare(b.at));
  const ctx: Ctx = {
    w,
    words,
    timeZone: input.timeZone,
    base: linkBase(input.baseUrl),
    intl: dict.intl,
    list: new Intl.ListFormat(dict.intl, { type: "conjunction", style: "narrow" }),
    locale: input.locale,
  };
  const blocks = ordered.map((n) => blockOf(n, ctx));
  const subject = oneLine(subjectOf(ordered, w, words, team));
  const intro = ordered.length > 1 ? w.batchIntro(ordered.length, team) : undefined;
  const footer = w.footer(team, first.audience === "supervisor");
  return {
    subject,
    text: textOf(intro, blocks, w, footer),
    html: htmlOf(input.locale, subject, intro, blocks, w, footer),
  };
};
