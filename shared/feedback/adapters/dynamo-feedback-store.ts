import { gunzipSync, gzipSync } from "node:zlib";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ModelStore, StoredModel } from "#shared/analysis/ports/model-store";
import type { ApiKeyRecord, ApiKeyStore } from "#shared/edge/ports/api-keys";
import type { EnrichedFeedback } from "#shared/enrich/model/enrich";
import { LOOP_KEY } from "#shared/follow-up/model/loop";
import { daysNewestFirst, utcDay } from "#shared/kernel/time";
import { backoff, batchGetAll, counterUpdateAction } from "#shared/platform/dynamo";
import { contactOf } from "../model/contact.ts";
import { type CounterIncrement, mergeCounters } from "../model/counters.ts";
import { Channel, StoredFeedback } from "../model/schema.ts";
import type {
  AcceptedItem,
  FeedbackPage,
  FeedbackQuery,
  FeedbackStatus,
  FeedbackStore,
  RetagChange,
  SaveOutcome,
  WeeklyCounter,
} from "../ports/feedback-store.ts";

const key = {
  feedback: (id: string) => ({ PK: `FB#${id}`, SK: "FEEDBACK" }),
  accepted: (id: string) => ({ PK: `FB#${id}`, SK: "ACCEPTED" }),
  counter: (week: string, k: string) => ({ PK: `AGG#${week}`, SK: k }),
  task: (id: string) => ({ PK: `TASK#${id}`, SK: "TASK" }),
  apiKey: (hash: string) => ({ PK: `APIKEY#${hash}`, SK: "APIKEY" }),
  model: (sk: string) => ({ PK: "MODEL#sentiment", SK: sk }),
};

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** DynamoDB hands back unprocessed items under load; retry them with backoff until none remain. */
const MAX_UNPROCESSED_ROUNDS = 8;

const MAX_TRANSACTION_ACTIONS = 100;
const MAX_TRANSACTION_ATTEMPTS = 5;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>[number];

/** Queries per list request, so a sparse date range cannot turn one request into hundreds. */
const MAX_QUERIES_PER_PAGE = 40;

interface Cursor {
  day: string;
  lek?: Record<string, unknown>;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString("base64url");

export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

const decodeCursor = (s: string): Cursor => {
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (c && typeof c === "object" && typeof (c as Cursor).day === "string") return c as Cursor;
  } catch {
    // fall through
  }
  throw new InvalidCursorError("cursor is not one this API returned");
};

export class DynamoFeedbackStore implements FeedbackStore, ApiKeyStore, ModelStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private batchGetKeys(keys: Array<Record<string, string>>, projection: string | null = "PK, SK") {
    return batchGetAll(this.db, this.tableName, keys, projection);
  }

  private idsFrom(items: Array<Record<string, unknown>>): Set<string> {
    return new Set(items.map((i) => String(i.PK).slice(3)));
  }

  async acceptedIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return this.idsFrom(await this.batchGetKeys([...new Set(ids)].map(key.accepted)));
  }

  async originalTexts(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const items = await this.batchGetKeys([...new Set(ids)].map(key.feedback), "PK, originalText");
    return new Map(
      items.flatMap((i) =>
        typeof i.originalText === "string" ? [[String(i.PK).slice(3), i.originalText] as const] : [],
      ),
    );
  }

  async storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>> {
    if (ids.length === 0) return new Map();
    const items = await this.batchGetKeys([...new Set(ids)].map(key.feedback), null);
    return new Map(items.map((item) => [String(item.PK).slice(3), StoredFeedback.parse(item)]));
  }

  async markAccepted(items: readonly AcceptedItem[]): Promise<void> {
    for (const part of chunk(items, 25)) {
      let pending: unknown[] | undefined = part.map((i) => ({
        PutRequest: { Item: { ...key.accepted(i.id), channel: i.channel, receivedAt: i.receivedAt } },
      }));
      for (let round = 0; pending && pending.length > 0; round++) {
        if (round > MAX_UNPROCESSED_ROUNDS) throw new Error("DynamoDB kept returning unprocessed items");
        if (round > 0) await backoff(round);
        const out: BatchWriteCommandOutput = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
        );
        pending = out.UnprocessedItems?.[this.tableName];
      }
    }
  }

  private recordPut(item: EnrichedFeedback): TransactItem {
    const { record, previous } = item;
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
          ...key.feedback(record.id),
          GSI1PK: `FEED#${utcDay(record.occurredAt)}`,
          GSI1SK: `${record.occurredAt}#${record.id}`,
          ...(contactOf(record) !== undefined && {
            GSI2PK: `CUSTOMER#${contactOf(record)}`,
            GSI2SK: `${record.occurredAt}#${record.id}`,
          }),
          ...record,
          ...(item.originalText !== undefined && { originalText: item.originalText }),
          ...(item.customerEmail !== undefined && { customerEmail: item.customerEmail }),
          ...(item.customerName !== undefined && { customerName: item.customerName }),
        },
        ...condition,
      },
    };
  }

  private counterUpdate(c: CounterIncrement): TransactItem {
    return counterUpdateAction(this.tableName, c);
  }

  /** One transaction: the records, their tasks, and their counters summed per row. */
  private transaction(items: readonly EnrichedFeedback[]): { actions: TransactItem[]; owners: string[] } {
    const actions: TransactItem[] = [];
    const owners: string[] = [];
    for (const item of items) {
      actions.push(this.recordPut(item));
      owners.push(item.record.id);
    }
    for (const c of mergeCounters(items.flatMap((i) => i.counters))) actions.push(this.counterUpdate(c));
    return { actions, owners };
  }

  /** Splits a batch into groups whose transaction stays within DynamoDB's 100 actions. */
  private groups(items: readonly EnrichedFeedback[]): EnrichedFeedback[][] {
    const groups: EnrichedFeedback[][] = [];
    let current: EnrichedFeedback[] = [];
    for (const item of items) {
      if (current.length > 0 && this.transaction([...current, item]).actions.length > MAX_TRANSACTION_ACTIONS) {
        groups.push(current);
        current = [];
      }
      current.push(item);
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
    // Groups run one after another: they share counter rows, and parallel transactions on the
    // same row only cancel each other.
    for (const group of this.groups(unique)) {
      let pending = group;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const { actions, owners } = this.transaction(pending);
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
          const transient = reasons.some((r) =>
            ["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"].includes(r.Code ?? ""),
          );
          if (!transient || attempt >= MAX_TRANSACTION_ATTEMPTS) throw error;
          await backoff(attempt + 1);
        }
      }
    }
    return outcomes;
  }

  async status(id: string): Promise<FeedbackStatus | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": `FB#${id}` },
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
    if (dayIndex < 0) throw new InvalidCursorError("cursor does not belong to this date range");
    let lek = start?.lek;

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
    if (query.theme) {
      filters.push("contains(#themes, :theme)");
      names["#themes"] = "themes";
      values[":theme"] = query.theme;
    }

    const items: StoredFeedback[] = [];
    for (let queries = 0; dayIndex < days.length; queries++) {
      const day = days[dayIndex] as string;
      if (queries >= MAX_QUERIES_PER_PAGE) return { items, cursor: encodeCursor({ day, ...(lek && { lek }) }) };
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :day AND GSI1SK BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ...values, ":day": `FEED#${day}` },
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
        if (lek) return { items, cursor: encodeCursor({ day, lek }) };
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
              ":day": `FEED#${day}`,
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
        ExpressionAttributeValues: { ":day": `FEED#${day}` },
        Limit: 100,
        ...(cursor && { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) }),
      }),
    );
    const items = (out.Items ?? []).map((raw) => ({
      ...StoredFeedback.parse(raw),
      ...(typeof raw.originalText === "string" && { originalText: raw.originalText }),
    }));
    return {
      items,
      ...(out.LastEvaluatedKey && { cursor: Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString("base64url") }),
    };
  }

  async retag(changes: readonly RetagChange[]): Promise<{ retagged: number; stale: number }> {
    let retagged = 0;
    let stale = 0;
    // Up to 25 records a transaction: their updates plus their counter moves summed per row.
    for (let i = 0; i < changes.length; i += 25) {
      let pending = changes.slice(i, i + 25);
      while (pending.length > 0) {
        const actions: TransactItem[] = pending.map((c) => ({
          Update: {
            TableName: this.tableName,
            Key: key.feedback(c.id),
            UpdateExpression: "SET #themes = :themes, #version = :to",
            ConditionExpression: "#version = :from",
            ExpressionAttributeNames: { "#themes": "themes", "#version": "taxonomyVersion" },
            ExpressionAttributeValues: { ":themes": c.themes, ":to": c.toVersion, ":from": c.fromVersion },
          },
        }));
        const counters = mergeCounters(pending.flatMap((c) => c.counters)).filter((c) =>
          Object.values(c.add).some((v) => v !== 0),
        );
        actions.push(...counters.map((c) => this.counterUpdate(c)));
        try {
          await this.db.send(new TransactWriteCommand({ TransactItems: actions }));
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

  async customerHistory(customerId: string, limit = 50): Promise<StoredFeedback[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :customer",
        ExpressionAttributeValues: { ":customer": `CUSTOMER#${customerId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => StoredFeedback.parse(item));
  }

  async weeklyCounters(week: string): Promise<WeeklyCounter[]> {
    const counters: WeeklyCounter[] = [];
    let lek: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk",
          ExpressionAttributeValues: { ":pk": `AGG#${week}` },
          ...(lek && { ExclusiveStartKey: lek }),
        }),
      );
      for (const item of out.Items ?? []) {
        const { PK: _pk, SK, ...counts } = item;
        const [channel, theme] = String(SK).split("#");
        // Other rows of the week (the follow-up loop) are not feedback counts.
        if (!Channel.safeParse(channel).success) continue;
        counters.push({
          week,
          channel: Channel.parse(channel),
          theme: theme ?? "",
          counts: counts as Record<string, number>,
        });
      }
      lek = out.LastEvaluatedKey;
    } while (lek);
    return counters;
  }

  async loopCounts(weeks: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      weeks.map((week) => ({ PK: `AGG#${week}`, SK: LOOP_KEY })),
    );
    return new Map(
      items.map(({ PK, SK: _sk, ...counts }) => [String(PK).slice("AGG#".length), counts as Record<string, number>]),
    );
  }

  async ping(): Promise<void> {
    await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: "HEALTH", SK: "HEALTH" } }));
  }

  async find(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key.apiKey(keyHash) }));
    if (!out.Item) return undefined;
    return { name: String(out.Item.name), createdAt: String(out.Item.createdAt) };
  }

  async put(keyHash: string, record: ApiKeyRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key.apiKey(keyHash), ...record } }));
  }

  /** The model is stored gzipped (well under DynamoDB's 400 KB item limit); the last versions stay for audit. */
  async saveModel(model: StoredModel): Promise<void> {
    const item = { version: model.version, trainedAt: model.trainedAt, body: gzipSync(model.json) };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...key.model("CURRENT"), ...item } } },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...key.model(`V#${model.trainedAt}`),
                ...item,
                expiresAt: Math.floor(Date.now() / 1000) + 90 * 86_400,
              },
            },
          },
        ],
      }),
    );
  }

  async loadModel(): Promise<StoredModel | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key.model("CURRENT") }));
    if (!out.Item) return undefined;
    const body = out.Item.body as Uint8Array;
    return {
      version: String(out.Item.version),
      trainedAt: String(out.Item.trainedAt),
      json: gunzipSync(body).toString("utf8"),
    };
  }

  async currentModelVersion(): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key.model("CURRENT"), ProjectionExpression: "version" }),
    );
    return out.Item ? String(out.Item.version) : undefined;
  }
}
