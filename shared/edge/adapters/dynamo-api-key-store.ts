import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ApiKeyRecord, ApiKeyStore } from "../ports/api-keys.ts";

const key = (hash: string) => ({ PK: `APIKEY#${hash}`, SK: "APIKEY" });
/** Every key is also listed on one GSI1 partition (a handful of keys per deployment), so listing is a Query. */
const LIST = "APIKEYS";

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(keyHash) }));
    if (!out.Item) return undefined;
    return { name: String(out.Item.name), createdAt: String(out.Item.createdAt) };
  }

  async put(keyHash: string, record: ApiKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(keyHash), ...record, GSI1PK: LIST, GSI1SK: `${record.createdAt}#${keyHash}` },
      }),
    );
  }

  async list(): Promise<Array<ApiKeyRecord & { keyHash: string }>> {
    const keys: Array<ApiKeyRecord & { keyHash: string }> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "GSI1",
          KeyConditionExpression: "GSI1PK = :list",
          ExpressionAttributeValues: { ":list": LIST },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        keys.push({
          keyHash: String(item.PK).slice("APIKEY#".length),
          name: String(item.name),
          createdAt: String(item.createdAt),
          prefix: typeof item.prefix === "string" ? item.prefix : undefined,
        });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async revoke(keyHash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(keyHash) }));
  }
}
