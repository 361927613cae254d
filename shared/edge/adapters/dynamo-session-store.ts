import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { SessionRecord, SessionStore } from "../ports/sessions.ts";

const key = (id: string) => ({ PK: `SESSION#${id}`, SK: "SESSION" });

/** Sessions as items that expire by themselves (TTL) at their absolute end. */
export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(session: SessionRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key(session.id),
          name: session.viewer.name,
          canSeePersonalData: session.viewer.canSeePersonalData,
          startedAt: session.startedAt,
          lastSeenAt: session.lastSeenAt,
          sessionEndsAt: session.expiresAt,
          expiresAt: Math.ceil(Date.parse(session.expiresAt) / 1000),
        },
      }),
    );
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(id) }));
    const item = out.Item;
    if (!item) return undefined;
    return {
      id,
      viewer: { name: String(item.name), canSeePersonalData: item.canSeePersonalData === true },
      startedAt: String(item.startedAt),
      lastSeenAt: String(item.lastSeenAt),
      expiresAt: String(item.sessionEndsAt),
    };
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          UpdateExpression: "SET lastSeenAt = :at",
          ConditionExpression: "attribute_exists(PK)",
          ExpressionAttributeValues: { ":at": at },
        }),
      )
      .catch((error: unknown) => {
        // Ended meanwhile (signed out elsewhere): nothing to move on.
        if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
      });
  }

  async end(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(id) }));
  }
}
