import { gunzipSync, gzipSync } from "node:zlib";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ModelStore, StoredModel } from "../ports/model-store.ts";

const key = (sk: string) => ({ PK: "MODEL#sentiment", SK: sk });

export class DynamoModelStore implements ModelStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The model is stored gzipped (well under DynamoDB's 400 KB item limit); the last versions stay for audit. */
  async saveModel(model: StoredModel): Promise<void> {
    const item = { version: model.version, trainedAt: model.trainedAt, body: gzipSync(model.json) };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...key("CURRENT"), ...item } } },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...key(`V#${model.trainedAt}`),
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
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key("CURRENT") }));
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
      new GetCommand({ TableName: this.tableName, Key: key("CURRENT"), ProjectionExpression: "version" }),
    );
    return out.Item ? String(out.Item.version) : undefined;
  }
}
