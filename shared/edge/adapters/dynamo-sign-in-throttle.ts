import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "#shared/platform/dynamo";
import type { SignInThrottle } from "../ports/sessions.ts";

const key = (k: string, window: string) => ({ PK: `SIGNIN#${k}`, SK: `W#${window}` });

/** One counter item per key and window, gone by itself (TTL) once the window is over. */
export class DynamoSignInThrottle implements SignInThrottle {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async failures(keys: readonly string[], window: string): Promise<Map<string, number>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      keys.map((k) => key(k, window)),
    );
    return new Map(items.map((i) => [String(i.PK).slice("SIGNIN#".length), Number(i.failures ?? 0)]));
  }

  async fail(keys: readonly string[], window: string, expiresAt: Date): Promise<void> {
    await Promise.all(
      keys.map((k) =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(k, window),
            UpdateExpression: "ADD failures :one SET expiresAt = :ttl",
            ExpressionAttributeValues: { ":one": 1, ":ttl": Math.ceil(expiresAt.getTime() / 1000) },
          }),
        ),
      ),
    );
  }
}
