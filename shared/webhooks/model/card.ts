import { Channel } from "#shared/feedback/model/schema";
import { taskWords } from "#shared/follow-up/views/task-words";
import {
  type Card,
  type CardContext,
  clip,
  isPriority,
  linkBase,
  localTime,
  MAX_FACT,
  MAX_WORDS,
} from "./card-parts.ts";
import { CARD_WORDS } from "./card-words.ts";
import { digestCard, feedbackCard, themeCard } from "./event-cards.ts";
import { DigestSentDetail, FeedbackStoredDetail, ThemeEmergingDetail } from "./event-details.ts";
import { TaskEventDetail, type WebhookEvent } from "./events.ts";

const taskCard = (event: WebhookEvent, detail: TaskEventDetail, ctx: CardContext): Card => {
  const w = CARD_WORDS[ctx.locale];
  const t = taskWords(ctx.locale, ctx.taxonomy);
  const task = detail.task;
  const priority = isPriority(detail.priority) ? detail.priority : undefined;
  // The receiver's local time, with its zone named: "12月5日 周六 20:29 GMT+8".
  const local = (iso: string) => localTime(t.dateTime, ctx, iso);
  const facts: Card["facts"] = [];
  if (priority) facts.push({ label: w.priority, value: w.priorityName[priority] });
  facts.push({ label: w.team, value: t.team(detail.team) });
  if (task) {
    facts.push({ label: w.channel, value: t.channel(task.channel) });
    facts.push({
      label: w.themes,
      value: task.themes.length > 0 ? [...new Set(task.themes.map(t.theme))].join(w.listSeparator) : w.noThemes,
    });
    facts.push({ label: w.status, value: t.status(task.status) });
    facts.push({ label: w.customer, value: clip(task.customerLabel, 80) });
    if (task.firstRespondedAt === undefined && task.status !== "resolved" && task.status !== "closed")
      facts.push({ label: w.firstResponseDue, value: local(task.firstResponseDueAt) });
    facts.push({ label: w.resolveDue, value: local(task.resolveDueAt) });
  }
  if (detail.escalation) {
    facts.push({
      label: w.level(detail.escalation.level),
      value: w.overdue(t.relative(detail.escalation.overdueMinutes * 60_000)),
    });
  }
  const base = linkBase(ctx.baseUrl);
  const title = `${event.data.test === true ? `[${w.test}] ` : ""}${w.title[event.type]}${priority ? ` · ${priority}` : ""}`;
  const words = task?.latestText ? clip(task.latestText, MAX_WORDS) : undefined;
  return {
    title,
    priority,
    facts,
    ...(words && { quote: { label: w.words, text: words } }),
    ...(base && { link: { label: w.open, url: `${base}/triage/tasks/${encodeURIComponent(detail.taskId)}` } }),
    summary: [title, words].filter(Boolean).join(w.colon),
  };
};

/**
 * Events other than a task's (feedback stored, a digest sent, an emerging theme): the title and the facts hearback
 * knows how to say (channel, themes, sentiment, team, week, score, count), labelled and translated; anything else
 * the event carries stays in the standard format's data, not on a card.
 */
const plainCard = (event: WebhookEvent, ctx: CardContext): Card => {
  const w = CARD_WORDS[ctx.locale];
  const t = taskWords(ctx.locale, ctx.taxonomy);
  const d = event.data;
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
  const themeIds = Array.isArray(d.themes)
    ? d.themes.filter((x) => typeof x === "string")
    : str(d.theme)
      ? [str(d.theme) as string]
      : [];
  const facts: Card["facts"] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== "") facts.push({ label, value: clip(value, MAX_FACT) });
  };
  const channel = Channel.safeParse(d.channel);
  add(w.channel, channel.success ? t.channel(channel.data) : undefined);
  add(w.themes, themeIds.length > 0 ? [...new Set(themeIds.map(t.theme))].join(w.listSeparator) : undefined);
  add(w.sentiment, typeof d.sentiment === "string" ? w.sentimentName(d.sentiment) : undefined);
  add(w.team, typeof d.team === "string" ? t.team(d.team) : undefined);
  add(w.week, str(d.week));
  add(w.score, str(d.score));
  add(w.count, str(d.count));
  return { title: w.title[event.type], facts, summary: w.title[event.type] };
};

export type { Card, CardContext };
export { clip };

/** The card of an event: drawn from its detail when the detail is the shape its type promises, else the plain card. */
export const cardOf = (event: WebhookEvent, ctx: CardContext): Card => {
  if (event.type.startsWith("task.")) {
    const detail = TaskEventDetail.safeParse(event.data);
    return detail.success ? taskCard(event, detail.data, ctx) : plainCard(event, ctx);
  }
  if (event.type === "feedback.stored") {
    const detail = FeedbackStoredDetail.safeParse(event.data);
    return detail.success ? feedbackCard(event, detail.data, ctx) : plainCard(event, ctx);
  }
  if (event.type === "digest.sent") {
    const detail = DigestSentDetail.safeParse(event.data);
    return detail.success ? digestCard(event, detail.data, ctx) : plainCard(event, ctx);
  }
  if (event.type === "theme.emerging") {
    const detail = ThemeEmergingDetail.safeParse(event.data);
    return detail.success ? themeCard(event, detail.data, ctx) : plainCard(event, ctx);
  }
  return plainCard(event, ctx);
};
