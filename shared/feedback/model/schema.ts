import * as z from "zod";

/**
 * One message schema for every channel. The HTTP API and the ingest queue accept exactly this;
 * the enrich worker parses it again on the way out of the queue.
 */

export const MAX_TEXT_BYTES = 5_000;
export const MAX_ITEMS_PER_REQUEST = 100;

/** Unpaired UTF-16 surrogates cannot be stored or shown; they only come from broken clients. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

const utf8Bytes = (s: string): number => Buffer.byteLength(s, "utf8");

const text = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .refine((s) => utf8Bytes(s) <= MAX_TEXT_BYTES, {
      message: `${what} must be at most ${MAX_TEXT_BYTES} bytes (UTF-8)`,
    })
    .refine(wellFormed, { message: `${what} contains invalid Unicode (an unpaired surrogate)` });

/** Something a person can see: not only spaces, zero-width characters or direction marks. */
const VISIBLE = /[^\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;

const shortString = (what: string, max = 200) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine(wellFormed, { message: `${what} contains invalid Unicode (an unpaired surrogate)` })
    // Empty is said once, by min(1).
    .refine((s) => s.length === 0 || VISIBLE.test(s), { message: `${what} must contain a visible character` });

/** Feedback happened after 2000 and not more than a day ahead of our clock (time zones, skew). */
const EARLIEST = Date.parse("2000-01-01T00:00:00Z");
const AHEAD_MS = 86_400_000;

const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-11-25T09:30:00Z" })
  // Not a date-time at all is said once, by the format check.
  .refine((s) => Number.isNaN(Date.parse(s)) || (Date.parse(s) >= EARLIEST && Date.parse(s) <= Date.now() + AHEAD_MS), {
    message: "must be between 2000-01-01 and a day from now",
  })
  .transform((s) => new Date(s).toISOString());

export const Locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as zh-Hans or en");

export const Customer = z.strictObject({
  id: shortString("customer.id"),
  email: z.email("must be an email address").max(254).optional(),
  name: shortString("customer.name").optional(),
  tier: shortString("customer.tier", 40).optional(),
});
export type Customer = z.infer<typeof Customer>;

const scored = {
  comment: text("comment").optional(),
  customer: Customer,
  touchpoint: shortString("touchpoint", 100).optional(),
  locale: Locale.optional(),
  sourceId: shortString("sourceId").optional(),
  occurredAt: instant.optional(),
};

export const NpsFeedback = z.strictObject({
  channel: z.literal("nps"),
  score: z
    .number({ error: "must be a whole number from 0 to 10" })
    .int("must be a whole number from 0 to 10")
    .min(0, "must be a whole number from 0 to 10")
    .max(10, "must be a whole number from 0 to 10"),
  ...scored,
});

export const CsatFeedback = z.strictObject({
  channel: z.literal("csat"),
  score: z
    .number({ error: "must be a whole number from 1 to 5" })
    .int("must be a whole number from 1 to 5")
    .min(1, "must be a whole number from 1 to 5")
    .max(5, "must be a whole number from 1 to 5"),
  ...scored,
  service: z
    .strictObject({
      ticketId: shortString("service.ticketId").optional(),
      agentId: shortString("service.agentId").optional(),
      team: shortString("service.team", 100).optional(),
    })
    .optional(),
});

export const SocialFeedback = z.strictObject({
  channel: z.literal("social"),
  platform: shortString("platform", 50),
  text: text("text").refine((s) => s.trim().length > 0, { message: "text must not be empty" }),
  url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .max(2_000)
    // The URL parser would quietly turn a lone surrogate into U+FFFD; the raw string is what we store.
    .refine(wellFormed, { message: "url contains invalid Unicode (an unpaired surrogate)" })
    .optional(),
  author: z.strictObject({
    handle: shortString("author.handle"),
    followers: z.number().int("must be a whole number").min(0, "must not be negative").optional(),
  }),
  locale: Locale.optional(),
  sourceId: shortString("sourceId"),
  occurredAt: instant.optional(),
});

export const Channel = z.enum(["nps", "csat", "social"]);
export type Channel = z.infer<typeof Channel>;

export const FeedbackInput = z.discriminatedUnion("channel", [NpsFeedback, CsatFeedback, SocialFeedback], {
  error: 'channel must be one of "nps", "csat", "social"',
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;
export type NpsFeedback = z.infer<typeof NpsFeedback>;
export type CsatFeedback = z.infer<typeof CsatFeedback>;
export type SocialFeedback = z.infer<typeof SocialFeedback>;

/** What travels on the ingest queue: the validated input plus what the edge decided. */
export const QueuedFeedback = z.strictObject({
  id: z.string().min(1),
  receivedAt: z.iso.datetime(),
  input: FeedbackInput,
  /**
   * For answers that may change (a survey response edited within its window): a higher revision
   * replaces the stored record and its counts; a lower or equal one changes nothing.
   */
  revision: z.number().int().nonnegative().optional(),
});
export type QueuedFeedback = z.infer<typeof QueuedFeedback>;

/** The text a channel carries, if any. */
export const feedbackText = (f: FeedbackInput): string | undefined =>
  f.channel === "social" ? f.text : f.comment?.trim() ? f.comment : undefined;

export const Sentiment = z.enum(["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"]);
export type Sentiment = z.infer<typeof Sentiment>;

export const SentimentScores = z.object({
  positive: z.number(),
  negative: z.number(),
  neutral: z.number(),
  mixed: z.number(),
});
export type SentimentScores = z.infer<typeof SentimentScores>;

/** A stored, analyzed feedback item as the API shows it (personal data masked). */
export const StoredFeedback = z.object({
  id: z.string(),
  channel: Channel,
  receivedAt: z.string(),
  occurredAt: z.string(),
  week: z.string(),
  score: z.number().int().optional(),
  text: z.string().optional(),
  language: z.string(),
  sentiment: Sentiment,
  sentimentScores: SentimentScores,
  sentimentSource: z.enum(["text", "score"]),
  themes: z.array(z.string()),
  taxonomyVersion: z.string(),
  /**
   * Which weekly counter rows the record was counted in (shared/feedback/model/counters.ts): 2 adds the
   * touchpoint x theme rows; absent, stored before them. Moving its counts (a re-tag, a correction, a changed
   * answer) touches only the rows it was counted in.
   */
  countersVersion: z.number().int().optional(),
  analyzer: z.string(),
  detractor: z.boolean(),
  customerId: z.string().optional(),
  touchpoint: z.string().optional(),
  locale: z.string().optional(),
  sourceId: z.string().optional(),
  platform: z.string().optional(),
  url: z.string().optional(),
  authorHandle: z.string().optional(),
  followers: z.number().optional(),
  service: z
    .object({ ticketId: z.string().optional(), agentId: z.string().optional(), team: z.string().optional() })
    .optional(),
  taskId: z.string().optional(),
  revision: z.number().optional(),
  storedAt: z.string(),
  /** A person's correction of the reading (shared/feedback/model/corrections.ts): who, when, what. */
  correction: z
    .object({
      sentiment: Sentiment.optional(),
      themes: z.array(z.string()).optional(),
      note: z.string().optional(),
      by: z.string(),
      at: z.string(),
      /** What the analysis had said before. */
      was: z.object({ sentiment: Sentiment, themes: z.array(z.string()) }),
    })
    .optional(),
});
export type StoredFeedback = z.infer<typeof StoredFeedback>;
