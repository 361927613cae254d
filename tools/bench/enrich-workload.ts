/**
 * The enrich bench's workload (tools/bench/enrich.ts): the demo week's items as the API would queue
 * them, and the same items enriched beforehand by the worker's own code for the store baseline.
 */
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, storeBatch } from "#shared/enrich/enrich-batch";
import type { EnrichedFeedback } from "#shared/enrich/model/enrich";
import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput, QueuedFeedback } from "#shared/feedback/model/schema";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

/**
 * The demo week over and over, each copy from customers (and social authors) of its own: more
 * volume is more customers, each as in the demo week (some send several answers in it, a detractor's
 * later ones join their task), not the same 24 customers answering a hundred times more each.
 */
export const inputsFor = (week: readonly FeedbackInput[], items: number, tag: string): FeedbackInput[] =>
  Array.from({ length: items }, (_, i) => {
    const item = week[i % week.length] as FeedbackInput;
    const copy = `${tag}-${Math.floor(i / week.length)}`;
    const sourceId = `${tag}-${i}`;
    return item.channel === "social"
      ? { ...item, author: { ...item.author, handle: `${item.author.handle}_${copy}` }, sourceId }
      : { ...item, customer: { ...item.customer, id: `${item.customer.id}-${copy}` }, sourceId };
  });

/** The queued messages the API would have made of `inputs`. */
export const queuedOf = (inputs: readonly FeedbackInput[], receivedAt: string): QueuedFeedback[] =>
  inputs.map((input) => ({ id: feedbackId(input.channel, input.sourceId), receivedAt, input }));

/** `inputs` enriched by the worker's own code (prepare + enrich, no follow-up), ready for the store. */
export const enrichBeforehand = async (
  queued: readonly QueuedFeedback[],
  batchSize: number,
): Promise<EnrichedFeedback[][]> => {
  const batches: EnrichedFeedback[][] = [];
  const analyzer = new LocalAnalyzer();
  for (let i = 0; i < queued.length; i += batchSize) {
    const captured: EnrichedFeedback[] = [];
    const deps: EnrichDeps = {
      store: {
        storedRecords: async () => new Map(),
        saveEnrichedBatch: async (items) => {
          captured.push(...items);
          return new Map(items.map((item) => [item.record.id, "stored" as const]));
        },
      },
      queue: { deadLetter: async () => undefined },
      analyzer,
      taxonomy: defaultTaxonomy,
      now: () => new Date(),
      maxReceiveCount: 5,
    };
    const records = queued
      .slice(i, i + batchSize)
      .map((m, j) => ({ messageId: `m${i + j}`, body: JSON.stringify(m), receiveCount: 1 }));
    await storeBatch(await prepareBatch(records, deps), deps);
    batches.push(captured);
  }
  return batches;
};
