import type { ContactKey } from "../model/contact.ts";
import type { CounterIncrement } from "../model/counters.ts";
import type { Originals } from "../model/originals.ts";
import type { Channel, Sentiment, StoredFeedback } from "../model/schema.ts";

export interface FeedbackQuery {
  from: Date;
  to: Date;
  channel?: Channel | undefined;
  theme?: string | undefined;
  sentiment?: Sentiment | undefined;
  /** Only answers given at one of these touchpoints; absent: any touchpoint or none. */
  touchpoints?: readonly string[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface FeedbackPage {
  items: StoredFeedback[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string | undefined;
}

/** Where an id stands: accepted at the edge but not yet stored, or stored. */
export type FeedbackStatus = { status: "queued"; acceptedAt: string } | { status: "stored"; feedback: StoredFeedback };

export interface RetagChange {
  id: string;
  fromVersion: string;
  toVersion: string;
  themes: string[];
  counters: CounterIncrement[];
}

export interface FeedbackStore {
  /**
   * What the records among `ids` keep apart from the masked record (the text as written, the
   * customer's email and name), until their retention ends: one BatchGetItem per 100 ids.
   */
  originals(ids: readonly string[]): Promise<Map<string, Originals>>;
  /** The texts as written (personal data unmasked), for viewers allowed to read them. */
  originalTexts(ids: readonly string[]): Promise<Map<string, string>>;
  /** The stored records among `ids` (lets the worker skip redeliveries and replace changed answers). */
  storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>>;
  status(id: string): Promise<FeedbackStatus | undefined>;
  list(query: FeedbackQuery): Promise<FeedbackPage>;
  /** A contact's feedback (a customer's, or a social author's), newest first (Query on the customer index). */
  customerHistory(contact: ContactKey, limit?: number): Promise<StoredFeedback[]>;
  /** Stored records that occurred on one UTC day, with the text as written while it is kept (for re-analysis). */
  day(
    day: string,
    cursor?: string,
  ): Promise<{ items: Array<StoredFeedback & { originalText?: string }>; cursor?: string }>;
  /**
   * A bounded sample of one UTC day, spread over it: up to `perWindow` records from the start of
   * each of `windows` equal slices of the day (one Query each), so a busy day is not represented
   * by its first hour alone. Masked text only.
   */
  sampleDay(day: string, windows: number, perWindow: number): Promise<StoredFeedback[]>;
  /**
   * Applies new themes to records and moves their counts between theme rows, atomically per
   * transaction. A record whose taxonomy version changed meanwhile is skipped ("stale").
   */
  retag(changes: readonly RetagChange[]): Promise<{ retagged: number; stale: number }>;
  /**
   * Writes a corrected reading and moves the weekly counts with it, in one transaction, if the
   * record still reads as `read` did (else false: someone else changed it meanwhile).
   */
  correct(read: StoredFeedback, corrected: StoredFeedback, counters: readonly CounterIncrement[]): Promise<boolean>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
}
