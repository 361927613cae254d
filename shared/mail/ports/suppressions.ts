import type { Suppression } from "../model/suppression.ts";

/** An entry as the operators' list shows it. */
export type ListedSuppression = Suppression;

/**
 * The suppression list (../model/suppression.ts). Addresses go in as written; the store
 * normalises and hashes them, and answers by normalised address.
 */
export interface MailSuppressions {
  /** The suppressed among `addresses`, by normalised address: BatchGetItem, never a Scan. */
  suppressedAmong(addresses: readonly string[]): Promise<Map<string, Suppression>>;
  /**
   * Puts the address on the list. Idempotent: "already" when it is on it (the same event
   * delivered twice, or an earlier one), or was lifted after this event happened (a late retry
   * must not undo an operator's correction).
   */
  suppress(address: string, suppression: Suppression): Promise<"suppressed" | "already">;
  /**
   * Records one transient bounce of one message (once, however often the event comes) and
   * returns how many of the address's transient bounces happened at or after `since`.
   */
  recordTransient(address: string, bounce: { messageId: string; at: string }, since: Date): Promise<number>;
  /** Takes the address off the list (an operator corrected it); false when it was not on it. */
  lift(address: string, at: Date): Promise<boolean>;
  /** The list, newest first: one Query on one partition. */
  list(limit?: number): Promise<ListedSuppression[]>;
}
