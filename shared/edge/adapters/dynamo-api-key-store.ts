import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ApiKeyRecord, ApiKeyStore } from "../ports/api-keys.ts";

const key = (hash: string) => ({ PK: `APIKEY#${hash}`, SK: "APIKEY" });

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
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key(keyHash), ...record } }));
  }
}
