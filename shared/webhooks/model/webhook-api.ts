import * as z from "zod";
import type { DeliveryJob } from "./retry.ts";

/** The webhooks API's queries and answers besides the endpoint itself (./endpoint.ts). */

export const DeadLetterQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(100).describe("At most this many, oldest first."),
});

export const RedeliverQuery = z.strictObject({
  ids: z
    .string()
    .max(3_000)
    .regex(/^msg_[A-Za-z0-9_-]{1,60}(,msg_[A-Za-z0-9_-]{1,60}){0,99}$/, "must be up to 100 comma-separated webhook ids")
    .optional()
    .describe("Only these deliveries (their `webhook-id`s, comma-separated); all of them without it."),
  limit: z.coerce.number().int().min(1).max(1_000).default(1_000).describe("At most this many."),
});

export const TestAnswer = z.strictObject({
  delivered: z.boolean().describe("Whether the receiver answered 2xx."),
  status: z.number().int().optional().describe("The receiver's HTTP status."),
  error: z.string().optional().describe("Why there was no answer: a timeout, a refused connection, a blocked address."),
  durationMs: z.number().int().min(0),
  webhookId: z.string(),
});

export const DeadLetterView = z.strictObject({
  webhookId: z.string(),
  eventId: z.string(),
  type: z.string(),
  attempts: z.number().int(),
  at: z.string().describe("When it was dead-lettered."),
  lastStatus: z.number().int().optional(),
  lastError: z.string().optional(),
});
export const DeadLetterList = z.strictObject({ items: z.array(DeadLetterView) });
export type DeadLetterList = z.infer<typeof DeadLetterList>;

export const RedeliverAnswer = z.strictObject({
  queued: z.number().int().min(0).describe("Deliveries back on the queue, each with a fresh run of attempts."),
  reenabled: z.boolean().describe("Whether the endpoint had been disabled and is enabled again."),
});

/** A dead letter as the API shows it: the event's id and type, never its data. */
export const deadLetterView = (letter: {
  job: DeliveryJob;
  at: string;
  lastStatus?: number | undefined;
  lastError?: string | undefined;
}): z.infer<typeof DeadLetterView> => ({
  webhookId: letter.job.webhookId,
  eventId: letter.job.event.id,
  type: letter.job.event.type,
  attempts: letter.job.attempt,
  at: letter.at,
  ...(letter.lastStatus !== undefined && { lastStatus: letter.lastStatus }),
  ...(letter.lastError !== undefined && { lastError: letter.lastError }),
});
