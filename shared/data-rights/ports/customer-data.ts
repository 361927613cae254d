import type { ContactKey } from "#shared/feedback/model/contact";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";

/** Everything held about one customer (or social author), as stored. */
export interface CustomerHoldings {
  feedback: Array<StoredFeedback & { originalText?: string; customerEmail?: string; customerName?: string }>;
  tasks: FollowUpTaskV2[];
  /** Survey records minted for them, with their answers and recorded attempts. */
  surveys: Array<Record<string, unknown>>;
  /** The rest of their partition: open-task pointer, recovery watch, last-surveyed marks. */
  other: Array<Record<string, unknown>>;
}

/** Finds and erases a customer's data wherever it was copied. */
export interface CustomerData {
  holdings(contact: ContactKey): Promise<CustomerHoldings>;
  /**
   * Deletes the feedback records (with their originals and accepted markers), survey records and
   * the contact's partition; replaces each task by its scrubbed version.
   */
  erase(contact: ContactKey, holdings: CustomerHoldings, scrubbed: readonly FollowUpTaskV2[]): Promise<void>;
  /** Contacts with this email address (customers who gave it in feedback or at survey mint): a scan. */
  contactsWithEmail(email: string): Promise<ContactKey[]>;
}

/**
 * When the last erasure happened, as far as the register knows: `known` once `hearback migrate` has
 * counted the tombstones written before the register existed (schema version 4), `latest` undefined
 * when nobody was ever erased. A message received after `latest` cannot belong to an erased contact.
 */
export type ErasureHorizon = { known: false } | { known: true; latest: string | undefined };

/** The register of erased contacts, keyed by a keyed hash (shared/privacy/model/erasure.ts). */
export interface Erasures {
  /** Records that the contact was erased at `erasedAt` (the horizon moves first, then the tombstone). */
  tombstone(contact: ContactKey, erasedAt: string): Promise<void>;
  /** One read: the latest erasure, so a batch of messages all received after it needs no lookup. */
  horizon(): Promise<ErasureHorizon>;
  /** When each of these contacts was last erased, for those that were. */
  erasedAt(contacts: readonly ContactKey[]): Promise<Map<ContactKey, string>>;
}
