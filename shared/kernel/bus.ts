/**
 * An event for integrations, as every capability publishes it: its type (the bus's detail-type), its own id (the same
 * however often it is published: webhooks derive their idempotent `webhook-id` from it), when it happened, and a
 * detail already through the privacy policy (pseudonyms, masked words; never an address). The bus adapters live in
 * shared/follow-up/adapters/event-publishers.ts (EventBridge on AWS; the events file and the webhook queue locally).
 */
export interface BusEntry {
  type: string;
  id: string;
  at: string;
  detail: Record<string, unknown>;
}

/** Puts events on the bus, ten a call; rejects when any was refused. */
export interface BusPublisher {
  put(entries: readonly BusEntry[]): Promise<void>;
}

/**
 * Publishes and never throws: what the event tells is already saved, and a lost event must not fail or repeat it
 * (the error goes to `onError`, which logs it).
 */
export const publishQuietly = async (
  bus: BusPublisher | undefined,
  entries: readonly BusEntry[],
  onError?: ((error: unknown) => void) | undefined,
): Promise<void> => {
  if (!bus || entries.length === 0) return;
  try {
    await bus.put(entries);
  } catch (error) {
    onError?.(error);
  }
};
