import * as z from "zod";

/**
 * The details of the events other than a task's, as their publishers write them (shared/enrich/model/
 * feedback-event.ts, shared/digest/model/digest-events.ts): parsed before a card is drawn from them, so a card
 * shows only what it understands. Loose: a field added later passes through the standard format untouched.
 */

const id = z.string().min(1).max(200);
const themes = z.array(z.string().max(100)).max(100);

export const FeedbackStoredDetail = z.looseObject({
  feedbackId: id,
  channel: z.string().max(40),
  themes,
  sentiment: z.string().max(20),
  score: z.number().optional(),
  priority: z.string().max(10).optional(),
  taskId: id.optional(),
  week: z.string().max(20),
  touchpoint: z.string().max(100).optional(),
  customerLabel: z.string().max(200).optional(),
  /** The customer's words, masked. */
  text: z.string().max(20_000).optional(),
  occurredAt: z.string().max(40).optional(),
});
export type FeedbackStoredDetail = z.infer<typeof FeedbackStoredDetail>;

/** A headline number of a digest: its value (absent below the minimum of responses) and the responses behind it. */
const Headline = z.looseObject({ value: z.number().optional(), n: z.number().int().min(0), enough: z.boolean() });

export const DigestSentDetail = z.looseObject({
  subscription: z.string().max(100),
  team: z.string().max(100).optional(),
  followedThemes: themes.optional(),
  week: z.string().max(20),
  from: z.string().max(20),
  to: z.string().max(20),
  nps: Headline,
  /** In percent. */
  csat: Headline,
  volume: Headline,
  topThemes: themes.optional(),
});
export type DigestSentDetail = z.infer<typeof DigestSentDetail>;

export const ThemeEmergingDetail = z.looseObject({
  /** The taxonomy id: the receiver's card names it in its language. */
  theme: z.string().min(1).max(100),
  week: z.string().max(20),
  mentions: z.number().int().min(0),
  negative: z.number().int().min(0),
  /** 0..1. */
  negativeShare: z.number().min(0).max(1),
  baseline: z.number().min(0).optional(),
  pValue: z.number().min(0).max(1).optional(),
});
export type ThemeEmergingDetail = z.infer<typeof ThemeEmergingDetail>;
