import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { ValidationError } from "#shared/kernel/errors";
import { daysNewestFirst } from "#shared/kernel/time";
import {
  batchGetAll,
  conditionFailedAt,
  counterUpdateAction,
  MAX_TRANSACTION_ACTIONS,
  sendCounterTransaction,
  type TransactItem,
} from "#shared/platform/dynamo";
import {
  feedbackDayPartition,
  feedbackIdOf,
  feedbackKey,
  feedbackPartition,
  originalsKey,
} from "#shared/platform/table-keys";
import { type ContactKey, contactPartition } from "../model/contact.ts";
import { type CounterIncrement, mergeCounters } from "../model/counters.ts";
import { hasExpired, type Originals, StoredOriginals } from "../model/originals.ts";
import { StoredFeedback } from "../model/schema.ts";
import type {
  FeedbackPage,
  FeedbackQuery,
  FeedbackStatus,
  FeedbackStore,
  RetagChange,
} from "../ports/feedback-store.ts";

/** Queries per list request, so a sparse date range cannot turn one request into hundreds. */
const MAX_QUERIES_PER_PAGE = 40;

/**
 * A page cursor is the day being read and, mid-day, the index key DynamoDB returned. Anything that
 * is not exactly that shape, for a day of this range, is the caller's mistake (400 naming cursor),
 * never a DynamoDB error (500).
 */
const Cursor = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lek: z
    .strictObject({
      GSI1PK: z.string().max(64),
      GSI1SK: z.string().max(200),
      PK: z.string().max(64),
      SK: z.string().max(32),
    })
    .optional(),
});
type Cursor = z.infer<typeof Cursor>;

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString("base64url");

const invalidCursor = (message: string) => new ValidationError("The cursor is invalid", [{ field: "cursor", message }]);

const decodeCursor = (s: string): Cursor => {
  let parsed: ReturnType<typeof Cursor.safeParse> | undefined;
  try {
    parsed = Cursor.safeParse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
  } catch {
    // not JSON: fall through
  }
  if (!parsed?.success || (parsed.data.lek && parsed.data.lek.GSI1PK !== feedbackDayPartition(parsed.data.day))) {
    throw invalidCursor("cursor is not one this API returned");
  }
  return parsed.data;
};

/** Consecutive groups of at most 25 changes whose updates and merged counter rows fit one transaction. */
const retagGroups = (changes: readonly RetagChange[]): RetagChange[][] => {
  const groups: RetagChange[][] = [];
  let current: RetagChange[] = [];
  let counters: CounterIncrement[] = [];
  for (const change of changes) {
    const merged = mergeCounters([...counters, ...change.counters]);
    if (current.length > 0 && (current.length >= 25 || current.length + 1 + merged.length > MAX_TRANSACTION_ACTIONS)) {
      groups.push(current);
      current = [];
      counters = mergeCounters(change.counters);
    } else counters = merged;
    current.push(change);
  }
  if (current.length > 0) groups.push(current);
  return groups;
};

/** Stored feedback: read by id, by day, by customer; re-tagged in place. */
export class DynamoFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private batchGetKeys(keys: Array<Record<string, string>>, projection: string | null) {
    return batchGetAll(this.db, this.tableName, keys, projection);
  }

  async originals(ids: readonly string[]): Promise<Map<string, Originals>> {
    if (ids.length === 0) return new Map();
    const items = await this.batchGetKeys([...new Set(ids)].map(originalsKey), null);
    const now = this.now();
    return new Map(
      items.flatMap((item) => {
        // Past its retention but not yet removed by the TTL (that takes up to a few days): gone.
        const { expiresAt, ...originals } = StoredOriginals.parse(item);
        return hasExpired(expiresAt, now) ? [] : [[feedbackIdOf(item.PK), originals] as const];
      }),
    );
  }

  async originalTexts(ids: readonly string[]): Promise<Map<string, string>> {
    const originals = await this.originals(ids);
    return new Map([...originals].flatMap(([id, o]) => (o.originalText === undefined ? [] : [[id, o.originalText]])));
  }

  async storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>> {
    if (ids.length === 0) return new Map();
    const items = await this.batchGetKeys([...new Set(ids)].map(feedbackKey), null);
    return new Map(items.map((item) => [feedbackIdOf(item.PK), StoredFeedback.parse(item)]));
  }

  async status(id: string): Promise<FeedbackStatus | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": feedbackPartition(id) },
      }),
    );
    const items = out.Items ?? [];
    const stored = items.find((i) => i.SK === "FEEDBACK");
    if (stored) return { status: "stored", feedback: StoredFeedback.parse(stored) };
    const accepted = items.find((i) => i.SK === "ACCEPTED");
    if (accepted) return { status: "queued", acceptedAt: String(accepted.receivedAt) };
    return undefined;
  }

  async list(query: FeedbackQuery): Promise<FeedbackPage> {
    const days = daysNewestFirst(query.from, query.to);
    const start = query.cursor ? decodeCursor(query.cursor) : undefined;
    let dayIndex = start ? days.indexOf(start.day) : 0;
    if (dayIndex < 0) throw invalidCursor("cursor does not belong to this date range");
    let lek: Record<string, unknown> | undefined = start?.lek;

    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ":lo": query.from.toISOString(),
      ":hi": `${query.to.toISOString()}#\uffff`,
    };
    if (query.channel) {
      filters.push("#channel = :channel");
      names["#channel"] = "channel";
      values[":channel"] = query.channel;
    }
    if (query.sentiment) {
      filters.push("#sentiment = :sentiment");
      names["#sentiment"] = "sentiment";
      values[":sentiment"] = query.sentiment;
    }
    if (query.touchpoints !== undefined) {
      // Only answers given at one of these touchpoints (none given: nothing matches).
      const keys = query.touchpoints.map((tp, i) => {
        values[`:tp${i}`] = tp;
        return `:tp${i}`;
      });
      filters.push(keys.length === 0 ? "attribute_not_exists(#id)" : `#touchpoint IN (${keys.join(", ")})`);
      if (keys.length === 0) names["#id"] = "id";
      else names["#touchpoint"] = "touchpoint";
    }
    if (query.theme) {
      filters.push("contains(#themes, :theme)");
      names["#themes"] = "themes";
      values[":theme"] = query.theme;
    }

    const items: StoredFeedback[] = [];
    for (let queries = 0; dayIndex < days.length; queries++) {
      const day = days[dayIndex] as string;
      if (queries >= MAX_QUERIES_PER_PAGE)
        return { items, cursor: encodeCursor({ day, ...(lek && { lek: lek as Cursor["lek"] }) }) };
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :day AND GSI1SK BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ...values, ":day": feedbackDayPartition(day) },
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ...(filters.length > 0 && {
          FilterExpression: filters.join(" AND "),
          ExpressionAttributeNames: names,
        }),
        ...(lek && { ExclusiveStartKey: lek }),
      };
      const out = await this.db.send(new QueryCommand(input));
      for (const raw of out.Items ?? []) items.push(StoredFeedback.parse(raw));
      lek = out.LastEvaluatedKey;
      if (!lek) {
        dayIndex++;
      }
      if (items.length >= query.limit) {
        if (lek) return { items, cursor: encodeCursor({ day, lek: lek as Cursor["lek"] }) };
        const next = days[dayIndex];
        return { items, ...(next !== undefined && { cursor: encodeCursor({ day: next }) }) };
      }
    }
    return { items };
  }

  async sampleDay(day: string, windows: number, perWindow: number): Promise<StoredFeedback[]> {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    const slice = 86_400_000 / windows;
    const pages = await Promise.all(
      Array.from({ length: windows }, async (_, w) => {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: "GSI1",
            KeyConditionExpression: "GSI1PK = :day AND GSI1SK BETWEEN :lo AND :hi",
            ExpressionAttributeValues: {
              ":day": feedbackDayPartition(day),
              ":lo": new Date(start + w * slice).toISOString(),
              // "~" sorts after the "#<id>" that follows the instant in the sort key.
              ":hi": `${new Date(start + (w + 1) * slice - 1).toISOString()}~`,
            },
            Limit: perWindow,
          }),
        );
        // Parsing keeps the schema's fields: the masked text, never the text as written.
        return (out.Items ?? []).map((raw) => StoredFeedback.parse(raw));
      }),
    );
    return pages.flat();
  }

  async day(
    day: string,
    cursor?: string,
  ): Promise<{ items: Array<StoredFeedback & { originalText?: string }>; cursor?: string }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :day",
        ExpressionAttributeValues: { ":day": feedbackDayPartition(day) },
        Limit: 100,
        ...(cursor && { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) }),
      }),
    );
    const records = (out.Items ?? []).map((raw) => StoredFeedback.parse(raw));
    // One BatchGetItem for the page's originals (100 records at most).
    const originals = await this.originalTexts(records.map((r) => r.id));
    const items = records.map((record) => {
      const originalText = originals.get(record.id);
      return { ...record, ...(originalText !== undefined && { originalText }) };
    });
    return {
      items,
      ...(out.LastEvaluatedKey && { cursor: Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString("base64url") }),
    };
  }

  async retag(changes: readonly RetagChange[]): Promise<{ retagged: number; stale: number }> {
    let retagged = 0;
    let stale = 0;
    // Up to 25 records a transaction, fewer when their updates plus their counter moves summed per
    // row would pass DynamoDB's 100 actions.
    for (const group of retagGroups(changes)) {
      let pending = group;
      while (pending.length > 0) {
        const actions: TransactItem[] = pending.map((c) => ({
          Update: {
            TableName: this.tableName,
            Key: feedbackKey(c.id),
            UpdateExpression: "SET #themes = :themes, #version = :to",
            ConditionExpression: "#version = :from",
            ExpressionAttributeNames: { "#themes": "themes", "#version": "taxonomyVersion" },
            ExpressionAttributeValues: { ":themes": c.themes, ":to": c.toVersion, ":from": c.fromVersion },
          },
        }));
        const counters = mergeCounters(pending.flatMap((c) => c.counters)).filter((c) =>
          Object.values(c.add).some((v) => v !== 0),
        );
        try {
          // Counts moved on any shard: readers sum them (see counterUpdateAction).
          await sendCounterTransaction(this.db, (shard) => [
            ...actions,
            ...counters.map((c) => counterUpdateAction(this.tableName, c, shard)),
          ]);
          retagged += pending.length;
          pending = [];
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const changed = new Set(
            (error.CancellationReasons ?? []).flatMap((r, j) =>
              r.Code === "ConditionalCheckFailed" && j < pending.length ? [pending[j]?.id] : [],
            ),
          );
          if (changed.size === 0) throw error;
          stale += changed.size;
          pending = pending.filter((c) => !changed.has(c.id));
        }
      }
    }
    return { retagged, stale };
  }

  async correct(
    read: StoredFeedback,
    corrected: StoredFeedback,
    counters: readonly CounterIncrement[],
  ): Promise<boolean> {
    try {
      // The counts move on any shard, not necessarily the one the worker added them to: readers sum the shards.
      await sendCounterTransaction(this.db, (shard) => [
        {
          Update: {
            TableName: this.tableName,
            Key: feedbackKey(read.id),
            UpdateExpression: "SET sentiment = :s, themes = :t, detractor = :d, correction = :c",
            // Unchanged since it was read: the counter moves below are computed from that reading.
            ConditionExpression: "sentiment = :readS AND themes = :readT",
            ExpressionAttributeValues: {
              ":s": corrected.sentiment,
              ":t": corrected.themes,
              ":d": corrected.detractor,
              ":c": corrected.correction,
              ":readS": read.sentiment,
              ":readT": read.themes,
            },
          },
        },
        ...mergeCounters(counters).map((c) => counterUpdateAction(this.tableName, c, shard)),
      ]);
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
  }

  async customerHistory(contact: ContactKey, limit = 50): Promise<StoredFeedback[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :customer",
        ExpressionAttributeValues: { ":customer": contactPartition(contact) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => StoredFeedback.parse(item));
  }

  async ping(): Promise<void> {
    await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: "HEALTH", SK: "HEALTH" } }));
  }
}
