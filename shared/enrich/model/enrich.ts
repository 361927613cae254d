import { type MaskOptions, maskPersonalData, maskSpans } from "#shared/analysis/model/pii";
import { COUNTED_TOUCHPOINTS } from "#shared/analysis/model/themes";
import type { TextAnalysis } from "#shared/analysis/ports/analyzer";
import { feedbackText, type QueuedFeedback, type StoredFeedback } from "#shared/feedback/model/schema";
import { isDetractor, sentimentFromScore } from "#shared/feedback/model/scoring";
import { isoWeek } from "#shared/kernel/time";

/**
 * Aggregate rows: one per week x channel x theme, "_all" per week x channel with score buckets, and
 * "@<touchpoint>" per week x channel x counted touchpoint, with score buckets too.
 */
export const ALL_THEMES = "_all";
export const UNTAGGED = "_untagged";
export const TOUCHPOINT_PREFIX = "@";

export interface CounterIncrement {
  week: string;
  /** "<channel>#<themeId | _all | _untagged | @touchpoint>" */
  key: string;
  /** Attribute -> amount: "n", a sentiment name, "detractors", or a score bucket "s0".."s10". */
  add: Record<string, number>;
}

/**
 * Sums increments that hit the same counter row, so a batch touches each row once: fewer writes,
 * and no two concurrent transactions fighting over the same hot row for every single item.
 */
export const mergeCounters = (counters: readonly CounterIncrement[]): CounterIncrement[] => {
  const merged = new Map<string, CounterIncrement>();
  for (const c of counters) {
    const id = `${c.week}|${c.key}`;
    const into = merged.get(id);
    if (!into) {
      merged.set(id, { week: c.week, key: c.key, add: { ...c.add } });
      continue;
    }
    for (const [attr, amount] of Object.entries(c.add)) into.add[attr] = (into.add[attr] ?? 0) + amount;
  }
  return [...merged.values()];
};

export interface EnrichedFeedback {
  record: StoredFeedback;
  /** The record this replaces, if any: the store writes only if it is still the one stored. */
  previous?: StoredFeedback | undefined;
  /** The text as written, kept for people allowed to see personal data and for re-analysis. */
  originalText: string | undefined;
  customerEmail: string | undefined;
  customerName: string | undefined;
  customerTier: string | undefined;
  counters: CounterIncrement[];
}

export interface EnrichContext {
  /** Analysis of the text, when the item has one. */
  analysis: TextAnalysis | undefined;
  themes: string[];
  taxonomyVersion: string;
  now: Date;
  mask?: MaskOptions | undefined;
  /** The stored record this one replaces (a changed survey answer); its counts are taken back. */
  previous?: StoredFeedback | undefined;
  /** Names, addresses and the like found by an entity detector, masked before the patterns run. */
  piiSpans?: ReadonlyArray<{ begin: number; end: number; type: string }> | undefined;
}

/** Pure: turns one queued item and its analysis into what gets stored, counted and followed up. */
export const enrichFeedback = (queued: QueuedFeedback, ctx: EnrichContext): EnrichedFeedback => {
  const { input } = queued;
  const text = feedbackText(input);
  const scored = input.channel === "social" ? undefined : sentimentFromScore(input);
  // Text sentiment when there is text to read; otherwise the score speaks for the customer.
  const textAnalysis = text !== undefined ? ctx.analysis : undefined;
  const fromText = textAnalysis !== undefined;
  const sentiment = textAnalysis?.sentiment ?? scored?.sentiment ?? "NEUTRAL";
  const sentimentScores = textAnalysis?.scores ?? scored?.scores ?? { positive: 0, negative: 0, neutral: 1, mixed: 0 };
  const occurredAt = input.occurredAt ?? queued.receivedAt;
  const week = isoWeek(occurredAt);
  const detractor = isDetractor(input, sentiment);
  const customerId = input.channel === "social" ? undefined : input.customer.id;
  // A replaced answer keeps the follow-up task it belongs to; new ones get theirs from the follow-up rules.
  const taskId = ctx.previous?.taskId;

  const record: StoredFeedback = {
    id: queued.id,
    channel: input.channel,
    receivedAt: queued.receivedAt,
    occurredAt,
    week,
    ...(input.channel !== "social" && { score: input.score }),
    ...(text !== undefined && { text: maskPersonalData(maskSpans(text, ctx.piiSpans ?? []), ctx.mask) }),
    language: ctx.analysis?.language ?? input.locale ?? "und",
    sentiment,
    sentimentScores,
    sentimentSource: fromText ? "text" : "score",
    themes: ctx.themes,
    taxonomyVersion: ctx.taxonomyVersion,
    analyzer: textAnalysis?.engine ?? "score",
    detractor,
    ...(customerId !== undefined && { customerId }),
    ...(input.channel !== "social" && input.touchpoint !== undefined && { touchpoint: input.touchpoint }),
    ...(input.locale !== undefined && { locale: input.locale }),
    ...(input.sourceId !== undefined && { sourceId: input.sourceId }),
    ...(input.channel === "social" && {
      platform: input.platform,
      authorHandle: input.author.handle,
      ...(input.url !== undefined && { url: input.url }),
      ...(input.author.followers !== undefined && { followers: input.author.followers }),
    }),
    ...(input.channel === "csat" && input.service !== undefined && { service: input.service }),
    ...(taskId !== undefined && { taskId }),
    ...(queued.revision !== undefined && { revision: queued.revision }),
    storedAt: ctx.now.toISOString(),
  };

  const counters = ctx.previous ? counterChange(ctx.previous, record) : countersOf(record);

  return {
    record,
    ...(ctx.previous && { previous: ctx.previous }),
    originalText: text,
    customerEmail: input.channel === "social" ? undefined : input.customer.email,
    customerName: input.channel === "social" ? undefined : input.customer.name,
    customerTier: input.channel === "social" ? undefined : input.customer.tier,
    counters,
  };
};

/** What one stored record adds to the weekly counters. */
export const countersOf = (
  record: Pick<StoredFeedback, "channel" | "week" | "sentiment" | "detractor" | "themes" | "score" | "touchpoint">,
): CounterIncrement[] => {
  const base: Record<string, number> = { n: 1, [record.sentiment]: 1, ...(record.detractor && { detractors: 1 }) };
  const scored = { ...base, ...(record.score !== undefined && { [`s${record.score}`]: 1 }) };
  return [
    { week: record.week, key: `${record.channel}#${ALL_THEMES}`, add: scored },
    ...(record.touchpoint !== undefined && COUNTED_TOUCHPOINTS.has(record.touchpoint)
      ? [{ week: record.week, key: `${record.channel}#${TOUCHPOINT_PREFIX}${record.touchpoint}`, add: { ...scored } }]
      : []),
    ...(record.themes.length > 0 ? record.themes : [UNTAGGED]).map((theme) => ({
      week: record.week,
      key: `${record.channel}#${theme}`,
      add: { ...base },
    })),
  ];
};

const negated = (counters: readonly CounterIncrement[]): CounterIncrement[] =>
  counters.map((c) => ({ ...c, add: Object.fromEntries(Object.entries(c.add).map(([k, v]) => [k, -v])) }));

/** The counter changes that turn `before`'s counts into `after`'s; rows that net to zero are left out. */
export const counterChange = (
  before: Parameters<typeof countersOf>[0],
  after: Parameters<typeof countersOf>[0],
): CounterIncrement[] =>
  mergeCounters([...negated(countersOf(before)), ...countersOf(after)])
    .map((c) => ({ ...c, add: Object.fromEntries(Object.entries(c.add).filter(([, v]) => v !== 0)) }))
    .filter((c) => Object.keys(c.add).length > 0);

/**
 * What re-tagging one stored record changes in the weekly counters: its old theme rows lose what
 * it counted there, its new ones gain it. The channel's "_all" row is untouched.
 */
export const retagCounterDeltas = (
  record: Parameters<typeof countersOf>[0],
  newThemes: readonly string[],
): CounterIncrement[] => counterChange(record, { ...record, themes: [...newThemes] });
