import * as z from "zod";
import { WebhookEvent } from "./events.ts";

/**
 * At least once, with exponential backoff over hours. A delivery's first attempt runs when its event
 * arrives; after the n-th failed attempt the next waits the n-th entry of the schedule (with up to
 * 10% jitter, so receivers coming back are not hit by every endpoint's retries at once); after the
 * last, the delivery is dead-lettered for `redeliver`. SQS delays stop at 15 minutes, so a longer
 * wait is several hops: the job carries its due time and goes back to wait until then.
 */

/** The Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 27.6 hours in all). */
export const DEFAULT_RETRY_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];
/** SQS's longest delay. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** One event to one endpoint: what the delivery queue carries between attempts. */
export const DeliveryJob = z.strictObject({
  kind: z.literal("delivery"),
  endpointId: z.string().min(1).max(40),
  webhookId: z.string().min(1).max(100),
  event: WebhookEvent,
  /** 1 for the first attempt. */
  attempt: z.number().int().min(1).max(100),
  /** Not before this instant (ISO). */
  dueAt: z.string().max(40),
  /** Set on a redelivery from the dead letters: the endpoint's failure run does not disable it again at once. */
  redelivery: z.boolean().optional(),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

/** When the attempt after `attempt` (failed at `failedAt`) is due; undefined when the schedule is spent. */
export const nextAttemptAt = (
  schedule: readonly number[],
  attempt: number,
  failedAt: Date,
  random: () => number = Math.random,
): Date | undefined => {
  const wait = schedule[attempt - 1];
  if (wait === undefined) return undefined;
  const jittered = wait * (1 + 0.1 * random());
  return new Date(failedAt.getTime() + Math.round(jittered * 1000));
};

/** The delay to put a job back with: what is left until it is due, at most SQS's 15 minutes. */
export const queueDelaySeconds = (dueAt: Date, now: Date): number =>
  Math.max(0, Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil((dueAt.getTime() - now.getTime()) / 1000)));

/** Attempts in all: the first, then one per wait. */
export const attemptsOf = (schedule: readonly number[]): number => schedule.length + 1;

/** What one attempt's answer means for the delivery. */
export type AttemptOutcome = "delivered" | "retry" | "gone";

/**
 * 2xx delivered it. 410 Gone says the receiver is gone for good (Standard Webhooks: stop and disable).
 * Anything else (3xx, which is never followed, 4xx, 5xx, a timeout or a refused connection) retries.
 */
export const outcomeOf = (status: number | undefined): AttemptOutcome =>
  status !== undefined && status >= 200 && status < 300 ? "delivered" : status === 410 ? "gone" : "retry";

/** Whether an endpoint that has failed every attempt since `failingSince` has failed long enough to be disabled. */
export const failedTooLong = (failingSince: string | undefined, now: Date, disableAfterHours: number): boolean =>
  failingSince !== undefined && now.getTime() - new Date(failingSince).getTime() >= disableAfterHours * 3_600_000;

/** A delivery parked after its last attempt (or because its endpoint was disabled), as stored for `redeliver`. */
export const DeadLetterRecord = z.strictObject({
  job: DeliveryJob,
  at: z.string().max(40),
  /** The last attempt's HTTP status, if the receiver answered. */
  lastStatus: z.number().int().optional(),
  /** Why there was no (good) answer: "timeout", "ECONNREFUSED: …", "blocked: …", "endpoint disabled". */
  lastError: z.string().max(500).optional(),
});
