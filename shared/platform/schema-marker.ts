import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SchemaMarker, SchemaProgress } from "./schema-migrations.ts";

const MARKER = { PK: "SCHEMA", SK: "VERSION" };

/** A step's Scan position as the marker keeps it. */
export const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString("base64url");
export const decodeCursor = (cursor: string): Record<string, unknown> => {
  const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
  if (key === null || typeof key !== "object" || !Object.values(key).every((v) => typeof v === "string"))
    throw new Error("the saved migration cursor is not a table key");
  return key as Record<string, unknown>;
};

/** The table's schema version and an unfinished step's position, in one item (see schema-migrations.ts). */
export class DynamoSchemaMarker implements SchemaMarker {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async progress(): Promise<SchemaProgress> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: MARKER, ConsistentRead: true }));
    const version = typeof out.Item?.version === "number" ? out.Item.version : 1;
    const cursor = typeof out.Item?.cursor === "string" ? out.Item.cursor : undefined;
    return { version, ...(cursor !== undefined && { cursor }) };
  }

  async saveProgress(cursor: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: MARKER,
        UpdateExpression: "SET #cursor = :cursor",
        ExpressionAttributeNames: { "#cursor": "cursor" },
        ExpressionAttributeValues: { ":cursor": cursor },
      }),
    );
  }

  async markVersion(version: number, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: MARKER,
        UpdateExpression: "SET #version = :version, migratedAt = :at REMOVE #cursor",
        ExpressionAttributeNames: { "#version": "version", "#cursor": "cursor" },
        ExpressionAttributeValues: { ":version": version, ":at": at },
      }),
    );
  }
}
