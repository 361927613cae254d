import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { counterShards } from "./resources.ts";
import { counterKey } from "./table-keys.ts";

/** One TransactWriteItems action. */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>[number];

/** Whether a TransactWriteItems call was cancelled because the condition of its action `index` failed. */
export const conditionFailedAt = (error: unknown, index: number): boolean =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === "ConditionalCheckFailed";

/** DynamoDB's limit of actions in one TransactWriteItems call. */
export const MAX_TRANSACTION_ACTIONS = 100;

const MAX_UNPROCESSED_ROUNDS = 8;
export const backoff = (round: number) => new Promise((r) => setTimeout(r, Math.min(1_000, 25 * 2 ** round)));

/**
 * BatchGetItem for any number of keys: 100 a call, and the unprocessed keys DynamoDB hands back
 * under load retried with backoff until none remain. `projection` null reads whole items.
 */
export const batchGetAll = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: ReadonlyArray<Record<string, string>>,
  projection: string | null = null,
): Promise<Array<Record<string, unknown>>> => {
  const found: Array<Record<string, unknown>> = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Array<Record<string, unknown>> | undefined = keys.slice(i, i + 100);
    for (let round = 0; pending && pending.length > 0; round++) {
      if (round > MAX_UNPROCESSED_ROUNDS) throw new Error("DynamoDB kept returning unprocessed keys");
      if (round > 0) await backoff(round);
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: pending, ...(projection !== null && { ProjectionExpression: projection }) },
          },
        }),
      );
      found.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined;
    }
  }
  return found;
};

/** BatchWriteItem requests, 25 a call, the unprocessed ones DynamoDB hands back retried with backoff. */
const batchWriteAll = async (db: DynamoDBDocumentClient, tableName: string, requests: readonly unknown[]) => {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: unknown[] | undefined = requests.slice(i, i + 25);
    for (let round = 0; pending && pending.length > 0; round++) {
      if (round > MAX_UNPROCESSED_ROUNDS) throw new Error("DynamoDB kept returning unprocessed items");
      if (round > 0) await backoff(round);
      const out: BatchWriteCommandOutput = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
      );
      pending = out.UnprocessedItems?.[tableName];
    }
  }
};

/** BatchWriteItem puts for any number of items (see batchWriteAll). */
export const batchPutAll = (
  db: DynamoDBDocumentClient,
  tableName: string,
  items: ReadonlyArray<Record<string, unknown>>,
): Promise<void> =>
  batchWriteAll(
    db,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
  );

/** BatchWriteItem deletes for any number of keys, each once (a call may not name a key twice). */
export const batchDeleteAll = (
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: ReadonlyArray<Record<string, string>>,
): Promise<void> =>
  batchWriteAll(
    db,
    tableName,
    [...new Map(keys.map((k) => [JSON.stringify([k.PK, k.SK]), k])).values()].map((Key) => ({
      DeleteRequest: { Key },
    })),
  );

/** One weekly counter row's increments (see shared/feedback/model/counters.ts). */
interface CounterRowIncrement {
  week: string;
  key: string;
  add: Record<string, number>;
}

/**
 * A shard for one writer's counter updates (a worker's batch, a correction, a task save), uniformly among
 * `counterShards`: concurrent writers spread over the shards instead of queueing on one item.
 */
export const pickCounterShard = (random: () => number = Math.random): number =>
  Math.min(counterShards - 1, Math.floor(random() * counterShards));

/**
 * Whether a cancelled transaction may simply be sent again: it lost a race for an item with another write
 * (TransactionConflict) or was throttled, and no condition of its own failed, so nothing of it was applied.
 */
export const transientCancellation = (error: unknown): { retry: boolean; conflict: boolean } => {
  if (!(error instanceof TransactionCanceledException)) return { retry: false, conflict: false };
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? "None");
  const conflict = codes.includes("TransactionConflict");
  const retry =
    !codes.includes("ConditionalCheckFailed") &&
    codes.some((c) => ["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"].includes(c));
  return { retry, conflict };
};

const MAX_TRANSIENT_RETRIES = 5;

/** How an adapter writes counters: which shard (random by default), and whom it tells of conflicts. */
export interface CounterWriteOptions {
  /** Picks the shard of one transaction (or one batch); `pickCounterShard` by default. */
  counterShard?: (() => number) | undefined;
  /** Told of each transaction DynamoDB cancelled for a conflicting write (it is then retried): the metric. */
  onConflict?: (() => void) | undefined;
}

/**
 * Sends the transaction `build` makes for a counter shard; while DynamoDB cancels it for a conflicting write or
 * throttling (nothing of it applied), sends it again after a backoff, built for a freshly picked shard. Any
 * other error, a failed condition included, is thrown for the caller to read.
 */
export const sendCounterTransaction = async (
  db: DynamoDBDocumentClient,
  build: (shard: number) => TransactItem[],
  options: CounterWriteOptions = {},
): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: build((options.counterShard ?? pickCounterShard)()) }));
      return;
    } catch (error) {
      const { retry, conflict } = transientCancellation(error);
      if (conflict) options.onConflict?.();
      if (!retry || attempt >= MAX_TRANSIENT_RETRIES) throw error;
      await backoff(attempt + 1);
    }
  }
};

/**
 * ADD one counter row's increments to one of its shards, as a TransactWriteItems action. Any shard will do, for
 * increments and decrements alike (a replaced answer, a correction, a re-tag): readers sum the shards, so only
 * the sum is meaningful, and one shard may well go below zero.
 */
export const counterUpdateAction = (tableName: string, c: CounterRowIncrement, shard: number): TransactItem => {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(c.add).map(([attr, amount], i) => {
    names[`#a${i}`] = attr;
    values[`:v${i}`] = amount;
    return `#a${i} :v${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: counterKey(c.week, c.key, shard),
      UpdateExpression: `ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};
