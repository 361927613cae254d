import { type MaskOptions, maskPersonalData, maskSpans } from "#shared/analysis/model/pii";
import type { TextAnalysis } from "#shared/analysis/ports/analyzer";
import { COUNTERS_VERSION, type CounterIncrement, counterChange, countersOf } from "#shared/feedback/model/counters";
import { feedbackText, type QueuedFeedback, type StoredFeedback } from "#shared/feedback/model/schema";
import { isDetractor, sentimentFromScore } from "#shared/feedback/model/scoring";
import { isoWeek } from "#shared/kernel/time";
import { maskKnownValues } from "#shared/privacy/model/disclose";

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

/**
 * Who the item names in its own fields, to be masked in its text too: a customer who signs with
 * the name or id they gave, or quotes their handle, is masked where the patterns cannot see it.
 */
const ownValues = (input: QueuedFeedback["input"]): Map<string, string> => {
  const known: Array<[string | undefined, string]> =
    input.channel === "social"
      ? [[input.author.handle, "[handle]"]]
      : [
          [input.customer.email, "[email]"],
          [input.customer.name, "[name]"],
          [input.customer.id, "[customer]"],
          ...(input.channel === "csat" ? [[input.service?.agentId, "[agent]"] as [string | undefined, string]] : []),
        ];
  return new Map(known.filter((k): k is [string, string] => k[0] !== undefined));
};

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
    ...(text !== undefined && {
      text: maskPersonalData(maskKnownValues(maskSpans(text, ctx.piiSpans ?? []), ownValues(input)), ctx.mask),
    }),
    language: ctx.analysis?.language ?? input.locale ?? "und",
    sentiment,
    sentimentScores,
    sentimentSource: fromText ? "text" : "score",
    themes: ctx.themes,
    taxonomyVersion: ctx.taxonomyVersion,
    countersVersion: COUNTERS_VERSION,
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
