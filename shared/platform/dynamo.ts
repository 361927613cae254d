import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
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

/** ADD one counter row's increments, as a TransactWriteItems action. */
export const counterUpdateAction = (tableName: string, c: CounterRowIncrement): TransactItem => {
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
      Key: counterKey(c.week, c.key),
      UpdateExpression: `ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};
