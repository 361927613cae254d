import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput, QueuedFeedback } from "#shared/feedback/model/schema";
import { queues } from "#shared/platform/resources";
import type { Acceptance } from "./model/acceptance.ts";
import type { AcceptanceLedger } from "./ports/acceptance-ledger.ts";
import type { IngestQueue } from "./ports/ingest-queue.ts";

export interface AcceptDeps {
  store: AcceptanceLedger;
  queue: Pick<IngestQueue, "send">;
  now: () => Date;
  /**
   * How long an accepted item may take to be stored before a resend queues it again: by then it has
   * been stored or dead-lettered (the queue's visibility timeout x its maximum receives, 15 min).
   */
  settleMs?: number;
  onMarkFailed?: (error: unknown) => void;
}

/** The ingest queue's visibility timeout x its maximum receives (180 s x 5). */
export const DEFAULT_SETTLE_MS = queues.ingest.visibilityTimeoutSeconds * queues.ingest.maxReceiveCount * 1_000;

/**
 * Puts validated feedback on the ingest queue and answers once it is there. An item whose
 * (channel, sourceId) is stored, or was accepted less than `settleMs` ago, or appears twice in the
 * request, is a "duplicate" and is not queued again; one accepted longer ago and still not stored is
 * accepted again (a client resending what a crash lost recovers it). The worker's conditional write
 * is the final guard: even two concurrent requests with the same sourceId cannot make two records.
 */
export const acceptFeedback = async (inputs: readonly FeedbackInput[], deps: AcceptDeps): Promise<Acceptance[]> => {
  const now = deps.now();
  const receivedAt = now.toISOString();
  const ids = inputs.map((input) => feedbackId(input.channel, input.sourceId, now));
  const keyed = ids.filter((_, i) => inputs[i]?.sourceId !== undefined);
  const known = await deps.store.heldIds(keyed, new Date(now.getTime() - (deps.settleMs ?? DEFAULT_SETTLE_MS)));

  const seen = new Set<string>();
  const toQueue: QueuedFeedback[] = [];
  const answers = inputs.map((input, i): Acceptance => {
    const id = ids[i] as string;
    if (known.has(id) || seen.has(id)) return { id, status: "duplicate" };
    seen.add(id);
    toQueue.push({ id, receivedAt, input });
    return { id, status: "accepted" };
  });

  await deps.queue.send(toQueue);
  try {
    await deps.store.markAccepted(toQueue.map((m) => ({ id: m.id, channel: m.input.channel, receivedAt })));
  } catch (error) {
    // The items are safely on the queue; only the edge's duplicate answer and the "queued"
    // status are degraded. Never fail a request whose items were accepted.
    deps.onMarkFailed?.(error);
  }
  return answers;
};
