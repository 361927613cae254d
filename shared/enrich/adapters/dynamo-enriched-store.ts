import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { contactKeyOf, contactPartition } from "#shared/feedback/model/contact";
import { type CounterIncrement, mergeCounters } from "#shared/feedback/model/counters";
import { hasExpired, originalsExpireAt, originalsOf } from "#shared/feedback/model/originals";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { utcDay } from "#shared/kernel/time";
import { DEFAULT_ORIGINALS_RETENTION_DAYS } from "#shared/platform/config";
import {
  backoff,
  batchGetAll,
  type CounterWriteOptions,
  counterUpdateAction,
  MAX_TRANSACTION_ACTIONS,
  pickCounterShard,
  type TransactItem,
  transientCancellation,
} from "#shared/platform/dynamo";
import { feedbackDayPartition, feedbackIdOf, feedbackKey, originalsKey } from "#shared/platform/table-keys";
import type { EnrichedFeedback } from "../model/enrich.ts";
import type { EnrichedStore, SaveOutcome } from "../ports/enriched-store.ts";

const MAX_TRANSACTION_ATTEMPTS = 5;

/**
 * The worker's write: records (indexed by day and by customer), their originals (the text as
 * written and contact fields, in their own expiring item) and their weekly counters, in one
 * transaction per group, so a redelivered message changes nothing, not even a counter, and never
 * writes back originals that expired or were erased.
 */
export class DynamoEnrichedStore implements EnrichedStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number = DEFAULT_ORIGINALS_RETENTION_DAYS,
    private readonly options: CounterWriteOptions = {},
  ) {}

  async storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>> {
    if (ids.length === 0) return new Map();
    const items = await batchGetAll(this.db, this.tableName, [...new Set(ids)].map(feedbackKey), null);
    return new Map(items.map((item) => [feedbackIdOf(item.PK), StoredFeedback.parse(item)]));
  }

  private recordPut(item: EnrichedFeedback): TransactItem {
    const { record, previous } = item;
    const contact = contactKeyOf(record);
    // New: only if absent. Replacing an answer: only if the stored one is still the one we read,
    // so the counter changes computed from it are right.
    const condition = previous
      ? previous.revision === undefined
        ? { ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(revision)" }
        : {
            ConditionExpression: "revision = :previousRevision",
            ExpressionAttributeValues: { ":previousRevision": previous.revision },
          }
      : { ConditionExpression: "attribute_not_exists(PK)" };
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...feedbackKey(record.id),
          GSI1PK: feedbackDayPartition(utcDay(record.occurredAt)),
          GSI1SK: `${record.occurredAt}#${record.id}`,
          ...(contact !== undefined && {
            GSI2PK: contactPartition(contact),
            GSI2SK: `${record.occurredAt}#${record.id}`,
          }),
          ...record,
        },
        ...condition,
      },
    };
  }

  /**
   * The originals' item, in the record's transaction (so a duplicate or stale write adds none):
   * put with its expiry; a replacement with none to keep (or already past its retention) removes
   * the previous answer's.
   */
  private originalsAction(item: EnrichedFeedback): TransactItem | undefined {
    const { record } = item;
    const expiresAt = originalsExpireAt(record.receivedAt, this.retentionDays);
    const originals = hasExpired(expiresAt, new Date(record.storedAt)) ? undefined : originalsOf(item, expiresAt);
    if (originals) return { Put: { TableName: this.tableName, Item: { ...originalsKey(record.id), ...originals } } };
    return item.previous ? { Delete: { TableName: this.tableName, Key: originalsKey(record.id) } } : undefined;
  }

  /** One transaction: the records, their originals, and their counters summed per row, on one shard each. */
  private transaction(
    items: readonly EnrichedFeedback[],
    shard: number,
  ): { actions: TransactItem[]; owners: string[] } {
    const actions: TransactItem[] = [];
    const owners: string[] = [];
    for (const item of items) {
      actions.push(this.recordPut(item));
      owners.push(item.record.id);
    }
    // After the records, so a cancellation reason's index still names its record's owner.
    for (const item of items) {
      const originals = this.originalsAction(item);
      if (originals) actions.push(originals);
    }
    for (const c of mergeCounters(items.flatMap((i) => i.counters)))
      actions.push(counterUpdateAction(this.tableName, c, shard));
    return { actions, owners };
  }

  /**
   * Splits a batch into groups whose transaction stays within DynamoDB's 100 actions. Counts the
   * actions as it goes (the group's own, and its counter rows merged so far) instead of building
   * each growing group's transaction again, which cost the worker more CPU than its analysis.
   */
  private groups(items: readonly EnrichedFeedback[]): EnrichedFeedback[][] {
    const groups: EnrichedFeedback[][] = [];
    let current: EnrichedFeedback[] = [];
    let own = 0;
    let counters: CounterIncrement[] = [];
    for (const item of items) {
      const itemActions = this.originalsAction(item) ? 2 : 1;
      const withItem = mergeCounters([...counters, ...item.counters]);
      if (current.length > 0 && own + itemActions + withItem.length > MAX_TRANSACTION_ACTIONS) {
        groups.push(current);
        current = [];
        own = 0;
        counters = mergeCounters(item.counters);
      } else counters = withItem;
      current.push(item);
      own += itemActions;
    }
    if (current.length > 0) groups.push(current);
    return groups;
  }

  async saveEnrichedBatch(items: readonly EnrichedFeedback[]): Promise<Map<string, SaveOutcome>> {
    const outcomes = new Map<string, SaveOutcome>();
    const unique: EnrichedFeedback[] = [];
    for (const item of items) {
      if (unique.some((u) => u.record.id === item.record.id)) outcomes.set(item.record.id, "duplicate");
      else unique.push(item);
    }
    // One shard for the whole batch: its counts stay exactly-once whichever shard takes them, since each update
    // commits or not with its record's conditional put. Groups run one after another: they share counter rows,
    // and parallel transactions on the same item only cancel each other.
    let shard = (this.options.counterShard ?? pickCounterShard)();
    for (const group of this.groups(unique)) {
      let pending = group;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const { actions, owners } = this.transaction(pending, shard);
        try {
          await this.db.send(new TransactWriteCommand({ TransactItems: actions }));
          for (const item of pending) outcomes.set(item.record.id, "stored");
          pending = [];
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = error.CancellationReasons ?? [];
          const existing = new Set(
            reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" && owners[i] ? [owners[i] as string] : [])),
          );
          if (existing.size > 0) {
            // New records that exist were stored before (a redelivery); replacements whose stored
            // answer changed meanwhile must be re-read (stale). Drop them and commit the rest.
            for (const id of existing) {
              const replacing = pending.find((item) => item.record.id === id)?.previous !== undefined;
              outcomes.set(id, replacing ? "stale" : "duplicate");
            }
            pending = pending.filter((item) => !existing.has(item.record.id));
            continue;
          }
          const { retry, conflict } = transientCancellation(error);
          if (conflict) {
            this.options.onConflict?.();
            // Another worker holds an item of this shard right now: move to another one.
            shard = (this.options.counterShard ?? pickCounterShard)();
          }
          if (!retry || attempt >= MAX_TRANSACTION_ATTEMPTS) throw error;
          await backoff(attempt + 1);
        }
      }
    }
    return outcomes;
  }
}
