import type { ContactKey } from "#shared/feedback/model/contact";

/**
 * When a customer was last asked "is your problem solved?": the quiet period of confirmations.
 * One mark per contact, written atomically, so two leads resolving two tasks of the same customer
 * at the same moment cannot both send one.
 */
export interface ConfirmationMarks {
  /**
   * Marks `contact` as asked at `at`, only if they were not asked after `notAfter`; the mark lapses
   * by itself at `expiresAt`. "suppressed" when the quiet period still holds.
   */
  claim(contact: ContactKey, at: Date, notAfter: Date, expiresAt: Date): Promise<"claimed" | "suppressed">;
  /** Takes back the mark made at `at` (the email could not be sent), unless a newer one replaced it. */
  release(contact: ContactKey, at: Date): Promise<void>;
}
