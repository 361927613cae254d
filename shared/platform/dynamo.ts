import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CounterIncrement } from "#shared/feedback/model/counters";

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

/** ADD one counter row's increments, as a TransactWriteItems action. */
export const counterUpdateAction = (tableName: string, c: CounterIncrement) => {
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
      Key: { PK: `AGG#${c.week}`, SK: c.key },
      UpdateExpression: `ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};
