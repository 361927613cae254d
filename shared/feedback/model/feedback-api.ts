import * as z from "zod";
import { Channel, Sentiment, StoredFeedback } from "./schema.ts";

/**
 * The feedback API's query and answers (GET /v1/feedback, GET /v1/feedback/{id}, corrections): the
 * handlers parse and type with these, and the published contract (shared/api-contract/) is generated
 * from them.
 */

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 366;

const date = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .or(z.iso.date({ error: "must be an ISO 8601 date or date-time" }))
  .transform((s) => new Date(s));

/** GET /v1/feedback's query: `from` defaults to 30 days before `to` (now), at most 366 days apart. */
export const FeedbackListQuery = z
  .object({
    from: date.optional(),
    to: date.optional(),
    channel: Channel.optional(),
    theme: z.string().min(1).max(64).optional(),
    sentiment: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(Sentiment)
      .optional(),
    limit: z.coerce.number().int("must be a whole number").min(1).max(100).default(25),
    cursor: z.string().max(2_000).optional(),
  })
  .strict()
  .transform((q, ctx) => {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * DAY);
    if (from > to) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after 'to'" });
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
    }
    return { ...q, from, to };
  });

/** A page of stored items, newest first; `cursor` reads the next page. */
export const FeedbackPage = z.strictObject({
  items: z.array(StoredFeedback),
  cursor: z.string().optional(),
});
export type FeedbackPage = z.infer<typeof FeedbackPage>;

/** A stored item as GET /v1/feedback/{id} and a correction answer it. */
export const StoredFeedbackView = StoredFeedback.extend({ status: z.literal("stored") });
export type StoredFeedbackView = z.infer<typeof StoredFeedbackView>;

/** An accepted item the worker has not stored yet. */
export const QueuedFeedbackView = z.strictObject({
  id: z.string(),
  status: z.literal("queued"),
  acceptedAt: z.string(),
});

export const FeedbackStatusView = z.discriminatedUnion("status", [StoredFeedbackView, QueuedFeedbackView]);
export type FeedbackStatusView = z.infer<typeof FeedbackStatusView>;
