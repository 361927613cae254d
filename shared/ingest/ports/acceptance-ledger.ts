import type { Channel } from "#shared/feedback/model/schema";

export interface AcceptedItem {
  id: string;
  channel: Channel;
  receivedAt: string;
}

/**
 * What the edge remembers of the items it put on the queue: it answers "duplicate" for an id the
 * pipeline already holds, and the feedback API reports an accepted id as "queued" until it is stored.
 */
export interface AcceptanceLedger {
  /**
   * Ids among `ids` the pipeline holds: stored, or accepted at or after `pendingSince` (still on their
   * way through the queue). An id accepted before that and never stored is not held (it was lost, or
   * dead-lettered): a resend queues it again, and the worker's conditional write keeps it to one record.
   */
  heldIds(ids: readonly string[], pendingSince: Date): Promise<Set<string>>;
  /** Records that these items were put on the queue. */
  markAccepted(items: readonly AcceptedItem[]): Promise<void>;
}
