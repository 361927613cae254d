import * as z from "zod";
import { Channel } from "#shared/feedback/model/schema";
import { LocaleTag, type SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { isTimeZone } from "#shared/kernel/time";
import { Priority, PriorityLevel } from "./priority.ts";
import { DeadlineKind, EscalationLevel, TaskStatus } from "./task.ts";

/**
 * Something about a follow-up task that people (email) and systems (events) should hear about.
 * It carries what an email shows of the task, already through the privacy policy with no right to
 * personal data (pseudonymised customer, masked words), and no words of any language: each
 * mailer renders it in its readers' language and time zone (../views/task-email.ts). Stored while
 * it waits for a team's next batched email, so it is a schema, parsed on read.
 */

export const NoticeTask = z.strictObject({
  /** The customer as people without the right see them: a pseudonym, or "[erased]". */
  customerLabel: z.string(),
  customerTier: z.string().optional(),
  channel: Channel,
  status: TaskStatus,
  themes: z.array(z.string()),
  priority: Priority,
  /** Stored reason sentences (shared/follow-up/model/rules.ts, reasonText). */
  reasons: z.array(z.string()),
  openedAt: z.string(),
  firstResponseDueAt: z.string(),
  resolveDueAt: z.string(),
  firstRespondedAt: z.string().optional(),
  /** The customer's latest words, masked. */
  latestText: z.string().optional(),
  feedbackCount: z.number().int().min(1),
});
export type NoticeTask = z.infer<typeof NoticeTask>;

/** The deadline a task missed, for an escalation notice. */
export const NoticeEscalation = z.strictObject({
  level: EscalationLevel,
  overdue: DeadlineKind,
  dueAt: z.string(),
  overdueMinutes: z.number().int().min(0),
  round: z.number().int().min(1),
});
export type NoticeEscalation = z.infer<typeof NoticeEscalation>;

export const NoticeAudience = z.enum(["team", "supervisor"]);
export type NoticeAudience = z.infer<typeof NoticeAudience>;

export const TaskNotice = z.strictObject({
  /** Emails are written for opened and escalated tasks; resolved and reopened ones are told to the bus only. */
  type: z.enum(["task.opened", "task.escalated", "task.resolved", "task.reopened"]),
  taskId: z.string().min(1),
  team: z.string().min(1),
  priority: PriorityLevel,
  /** Who reads it: the owning team, or its supervisor for a level-2 escalation. */
  audience: NoticeAudience,
  /** When it happened. */
  at: z.string(),
  task: NoticeTask,
  escalation: NoticeEscalation.optional(),
  /** The task's version the change saved: a resolve or reopen happens once per version. */
  version: z.number().int().min(1).optional(),
  /** What the event bus carries besides the ids (machine-readable, no words). */
  detail: z.record(z.string(), z.unknown()),
});
export type TaskNotice = z.infer<typeof TaskNotice>;

/**
 * The one id of the event a notice tells: a task opens once, escalates once per level, deadline
 * and round, and is resolved or reopened once per version (the version that change saved). Holding
 * the same notice twice (a retried write) keeps one.
 */
export const noticeId = (n: Pick<TaskNotice, "type" | "taskId" | "audience" | "escalation" | "version">): string => {
  if (n.type === "task.resolved" || n.type === "task.reopened")
    return `${n.taskId}#${n.type.slice("task.".length)}#v${n.version ?? 0}`;
  return n.type === "task.opened" || n.escalation === undefined
    ? `${n.taskId}#opened#${n.audience}`
    : `${n.taskId}#L${n.escalation.level}#${n.escalation.overdue}#r${n.escalation.round}#${n.audience}`;
};

/** Who a team's or supervisor's email goes to, and in which language and zone it is written. */
export const NoticeRecipient = z.strictObject({
  team: z.string().min(1).optional(),
  supervisor: z.string().min(1).optional(),
  locale: LocaleTag.optional(),
  timeZone: z.string().refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" }).optional(),
});
export type NoticeRecipient = z.infer<typeof NoticeRecipient>;

/** NOTIFY_RECIPIENTS: {"<team>|*": {"team": "...", "supervisor": "...", "locale"?: ..., "timeZone"?: ...}}. */
export const NoticeRecipients = z.record(z.string().min(1), NoticeRecipient);
export type NoticeRecipients = z.infer<typeof NoticeRecipients>;

export interface MailTarget {
  to: string;
  locale: (typeof SUPPORTED_LOCALES)[number];
  timeZone: string;
}

/** The address, language and zone of one team's (or its supervisor's) email; undefined when nobody gets it. */
export const mailTargetFor = (
  recipients: NoticeRecipients,
  group: { team: string; audience: NoticeAudience },
  defaults: { locale: MailTarget["locale"]; timeZone: string },
): MailTarget | undefined => {
  const fallback = recipients["*"];
  const entry = (Object.hasOwn(recipients, group.team) ? recipients[group.team] : undefined) ?? fallback;
  const to = entry?.[group.audience] ?? entry?.team;
  if (!entry || !to) return undefined;
  // A team's entry may name only its addresses: the "*" entry's language and zone, then the staff's.
  return {
    to,
    locale: entry.locale ?? fallback?.locale ?? defaults.locale,
    timeZone: entry.timeZone ?? fallback?.timeZone ?? defaults.timeZone,
  };
};
