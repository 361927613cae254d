import { dateSpan } from "#shared/digest/views/format";
import { labelsFor } from "#shared/digest/views/labels";
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
import type { DigestSentDetail, FeedbackStoredDetail, ThemeEmergingDetail } from "./event-details.ts";
import type { WebhookEvent } from "./events.ts";

/**
 * The cards of feedback, digest and theme events, in the receiver's language and zone: themes, channels and teams by
 * the taxonomy's labels (an unknown id gets the "other" word, never itself), numbers in the language's digits.
 */

const facts = () => {
  const list: Card["facts"] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== "") list.push({ label, value: clip(value, MAX_FACT) });
  };
  return { list, add };
};

const number = (locale: string, n: number, digits = 1) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
const percent = (locale: string, share: number) =>
  new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(share);

const testMark = (event: WebhookEvent, test: string) => (event.data.test === true ? `[${test}] ` : "");

/** A customer's words as they were stored: masked, with the priority of the task they opened or joined. */
export const feedbackCard = (event: WebhookEvent, d: FeedbackStoredDetail, ctx: CardContext): Card => {
  const w = CARD_WORDS[ctx.locale];
  const t = taskWords(ctx.locale, ctx.taxonomy);
  const priority = isPriority(d.priority) ? d.priority : undefined;
  const { list, add } = facts();
  const channel = Channel.safeParse(d.channel);
  add(w.channel, channel.success ? t.channel(channel.data) : undefined);
  add(w.themes, d.themes.length > 0 ? [...new Set(d.themes.map(t.theme))].join(w.listSeparator) : w.noThemes);
  add(w.sentiment, w.sentimentName(d.sentiment));
  add(w.score, d.score === undefined ? undefined : number(ctx.locale, d.score, 0));
  add(w.priority, priority && w.priorityName[priority]);
  add(w.customer, d.customerLabel);
  add(w.receivedAt, d.occurredAt === undefined ? undefined : localTime(t.dateTime, ctx, d.occurredAt));
  add(w.week, d.week);
  const base = linkBase(ctx.baseUrl);
  const title = `${testMark(event, w.test)}${w.title[event.type]}${priority ? ` · ${priority}` : ""}`;
  const words = d.text ? clip(d.text, MAX_WORDS) : undefined;
  return {
    title,
    priority,
    facts: list,
    ...(words && { quote: { label: w.words, text: words } }),
    ...(base &&
      d.taskId !== undefined && {
        link: { label: w.open, url: `${base}/triage/tasks/${encodeURIComponent(d.taskId)}` },
      }),
    summary: [title, words].filter(Boolean).join(w.colon),
  };
};

/** A subscription's weekly digest went out: its week and headline numbers (never its readers). */
export const digestCard = (event: WebhookEvent, d: DigestSentDetail, ctx: CardContext): Card => {
  const w = CARD_WORDS[ctx.locale];
  const t = taskWords(ctx.locale, ctx.taxonomy);
  const { list, add } = facts();
  const metric = (m: DigestSentDetail["nps"], unit = "") =>
    w.ofResponses(m.value === undefined ? "–" : `${number(ctx.locale, m.value)}${unit}`, m.n);
  add(w.team, d.team === undefined ? w.allTeams : t.team(d.team));
  add(w.followed, d.followedThemes && [...new Set(d.followedThemes.map(t.theme))].join(w.listSeparator));
  add(w.week, labelsFor(ctx.locale).weekName(d.week));
  add(w.period, dateSpan(d.from, d.to, ctx.locale));
  add(w.nps, metric(d.nps));
  add(w.csat, metric(d.csat, "%"));
  add(w.volume, number(ctx.locale, d.volume.value ?? d.volume.n, 0));
  add(w.themes, d.topThemes?.length ? [...new Set(d.topThemes.map(t.theme))].join(w.listSeparator) : undefined);
  const title = `${testMark(event, w.test)}${w.title[event.type]} · ${labelsFor(ctx.locale).weekName(d.week)}`;
  return { title, facts: list, summary: title };
};

/** A theme whose complaints rose significantly this week, named by the taxonomy. */
export const themeCard = (event: WebhookEvent, d: ThemeEmergingDetail, ctx: CardContext): Card => {
  const w = CARD_WORDS[ctx.locale];
  const t = taskWords(ctx.locale, ctx.taxonomy);
  const label = t.theme(d.theme);
  const { list, add } = facts();
  add(w.theme, label);
  add(w.week, labelsFor(ctx.locale).weekName(d.week));
  add(w.mentions, number(ctx.locale, d.mentions, 0));
  add(w.negativeShare, percent(ctx.locale, d.negativeShare));
  const title = `${testMark(event, w.test)}${w.title[event.type]}${w.colon}${clip(label, 80)}`;
  return { title, facts: list, summary: title };
};
