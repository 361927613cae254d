import type { Channel } from "#shared/feedback/model/schema";

export interface AcceptedItem {
  id: string;
  channel: Channel;
  receivedAt: string;
}

/**
 * What the edge remembers of the items it put on the queue: it answers "duplicate" for an id
 * accepted before, and the feedback API reports such an id as "queued" until the worker stores it.
 */
export interface AcceptanceLedger {
  /** Ids among `ids` that were already accepted by the edge (dedupe before queueing). */
  acceptedIds(ids: readonly string[]): Promise<Set<string>>;
  /** Records that these items were put on the queue. */
  markAccepted(items: readonly AcceptedItem[]): Promise<void>;
}
