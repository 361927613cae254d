import type { QueuedFeedback } from "#shared/feedback/model/schema";

export interface DeadLetter {
  /** The message body exactly as received. */
  body: string;
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
