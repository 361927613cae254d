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

/**
 * BatchWriteItem puts for any number of items: 25 a call, and the unprocessed items DynamoDB hands
 * back under load retried with backoff until none remain.
 */
export const batchPutAll = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  items: ReadonlyArray<Record<string, unknown>>,
): Promise<void> => {
  for (let i = 0; i < items.length; i += 25) {
    let pending: unknown[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
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

/** BatchWriteItem deletes for any number of keys: 25 a call, unprocessed ones retried with backoff. */
export const batchDeleteAll = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: ReadonlyArray<Record<string, string>>,
): Promise<void> => {
  const unique = [...new Map(keys.map((k) => [JSON.stringify([k.PK, k.SK]), k])).values()];
  for (let i = 0; i < unique.length; i += 25) {
    let pending: unknown[] | undefined = unique.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
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
