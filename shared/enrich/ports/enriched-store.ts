import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { EnrichedFeedback } from "../model/enrich.ts";

/** "stale": a replacement whose stored answer changed since it was read; retry to re-read it. */
export type SaveOutcome = "stored" | "duplicate" | "stale";

export interface EnrichedStore {
  /** The stored records among `ids` (lets the worker skip redeliveries and replace changed answers). */
  storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>>;
  /**
   * Stores the records and adds their counters (summed per row), atomically per transaction. A
   * record that already exists is reported "duplicate" and changes nothing, so a redelivered
   * message is harmless. Throws only when the store itself fails.
   */
  saveEnrichedBatch(items: readonly EnrichedFeedback[]): Promise<Map<string, SaveOutcome>>;
}
