import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { webhookDeadLetterKey, webhookDeadLetterPartition } from "#shared/platform/table-keys";
import { DeadLetterRecord } from "../model/retry.ts";
import type { DeadLetter, DeadLetterStore } from "../ports/endpoints.ts";

/** How long a dead letter waits for `redeliver` before the table's TTL removes it. */
export const DEAD_LETTER_DAYS = 30;

/** Each endpoint's dead letters in its own partition, oldest first, expiring after DEAD_LETTER_DAYS. */
export class DynamoDeadLetters implements DeadLetterStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(letter: DeadLetter): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...webhookDeadLetterKey(letter.job.endpointId, letter.at, letter.job.webhookId),
          letter: DeadLetterRecord.parse(letter),
          expiresAt: Math.floor(new Date(letter.at).getTime() / 1000) + DEAD_LETTER_DAYS * 86_400,
        },
      }),
    );
  }

  async list(endpointId: string, limit: number): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :dead)",
          ExpressionAttributeValues: { ":pk": webhookDeadLetterPartition(endpointId), ":dead": "DEAD#" },
          ExclusiveStartKey: start,
          Limit: Math.min(limit - letters.length, 500),
        }),
      );
      for (const item of out.Items ?? []) letters.push(DeadLetterRecord.parse(item.letter));
      start = out.LastEvaluatedKey;
    } while (start && letters.length < limit);
    return letters;
  }

  async remove(endpointId: string, letters: readonly DeadLetter[]): Promise<void> {
    for (let i = 0; i < letters.length; i += 25) {
      let pending: Record<string, unknown[]> | undefined = {
        [this.tableName]: letters.slice(i, i + 25).map((l) => ({
          DeleteRequest: { Key: webhookDeadLetterKey(endpointId, l.at, l.job.webhookId) },
        })),
      };
      // Unprocessed deletes (throttling) are tried again until none are left.
      for (let round = 0; pending && Object.keys(pending).length > 0 && round < 5; round++) {
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = out.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  }
}
