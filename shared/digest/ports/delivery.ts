/** What makes digest delivery exactly-once per recipient and week, and unsubscribes stick. */
export interface DigestLedger {
  /** True if this run may send to this person (no run has claimed it before). */
  claim(subscription: string, week: string, email: string, at: string): Promise<boolean>;
  /** Gives a claim back when the email could not be sent, so the next run tries again. */
  release(subscription: string, week: string, email: string): Promise<void>;
  /** The addresses among `emails` (lower-cased) that unsubscribed from this subscription. */
  unsubscribed(subscription: string, emails: readonly string[]): Promise<Set<string>>;
  unsubscribe(subscription: string, email: string, at: string): Promise<void>;
}
