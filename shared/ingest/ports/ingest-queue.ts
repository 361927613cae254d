import type { QueuedFeedback } from "#shared/feedback/model/schema";

/**
 * Why a message was parked, in a word an operator can filter on (`hearback dlq list --reason R`) and a metric can
 * carry as a dimension: `malformed` (not a message the worker understands: retrying cannot help), `retries-exhausted`
 * (a store, analyzer or survey failure lasted through every attempt: redrive once it is fixed), `unrecorded` (moved by
 * the queue's own redrive policy, e.g. after worker timeouts, so the worker never wrote a reason).
 */
export const deadLetterKinds = ["malformed", "retries-exhausted", "unrecorded"] as const;
export type DeadLetterKind = (typeof deadLetterKinds)[number];

export interface DeadLetter {
  /** The message body exactly as received. */
  body: string;
  kind: Exclude<DeadLetterKind, "unrecorded">;
  reason: string;
  attempts: number;
  sourceMessageId: string;
}

export interface IngestQueue {
  /** Puts every message on the queue or throws; ids of messages that could not be sent are named. */
  send(messages: readonly QueuedFeedback[]): Promise<void>;
  /**
   * Asks the worker to decide a survey's counted answer once `delaySeconds` have passed, so a
   * burst of scanner taps is seen whole before anything counts.
   */
  sendSurveyResponse(surveyId: string, delaySeconds: number): Promise<void>;
  /** Parks a message the worker gave up on, with the reason, in the dead-letter queue. */
  deadLetter(letters: readonly DeadLetter[]): Promise<void>;
  /** Approximate visible / in-flight counts of the queue and its DLQ (health and ops). */
  depth(): Promise<{ queued: number; inFlight: number; deadLettered: number }>;
}
