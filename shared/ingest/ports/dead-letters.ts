import type { DeadLetterKind } from "./ingest-queue.ts";

/** A message parked in the ingest dead-letter queue, as an operator inspects it. */
export interface ParkedMessage {
  /** The dead-letter queue's id for it (what `hearback dlq show` takes). */
  messageId: string;
  /** The body exactly as the worker received it. */
  body: string;
  kind: DeadLetterKind;
  /** Why, in the worker's words; absent when the queue's redrive policy moved it (`unrecorded`). */
  reason?: string | undefined;
  /** How many times the worker tried it before parking it. */
  attempts?: number | undefined;
  /** When it was parked. */
  parkedAt: Date;
}

/**
 * The ingest dead-letter queue, for `hearback dlq`. A queue cannot be read without taking messages
 * out of sight for a while: `inspect` holds what it reads for `holdSeconds` and hands the held
 * messages to `decide`, which picks the ones to send back; those are sent to the ingest queue and
 * only then deleted here, the others become visible again at once.
 */
export interface DeadLetterQueue {
  inspect(opts: {
    limit: number;
    holdSeconds: number;
    decide: (held: readonly ParkedMessage[]) => readonly ParkedMessage[];
  }): Promise<{ held: ParkedMessage[]; redriven: ParkedMessage[] }>;
}
