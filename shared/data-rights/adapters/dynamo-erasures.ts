import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ContactKey } from "#shared/feedback/model/contact";
import { batchGetAll } from "#shared/platform/dynamo";
import { ERASURE_HORIZON_KEY } from "#shared/platform/table-keys";
import { tombstoneDigest } from "../model/erasure.ts";
import type { ErasureHorizon, Erasures } from "../ports/customer-data.ts";

const key = (digest: string) => ({ PK: `ERASED#${digest}`, SK: "TOMBSTONE" });

/** Moves the horizon to `at` unless it is there or later already (erasures may finish out of order). */
export const raiseErasureHorizon = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  at: string,
  complete?: true,
): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: ERASURE_HORIZON_KEY,
        UpdateExpression: complete ? "SET latest = :at, complete = :yes" : "SET latest = :at",
        ConditionExpression: "attribute_not_exists(latest) OR latest < :at",
        ExpressionAttributeValues: { ":at": at, ...(complete && { ":yes": true }) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (complete) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: ERASURE_HORIZON_KEY,
          UpdateExpression: "SET complete = :yes",
          ExpressionAttributeValues: { ":yes": true },
        }),
      );
    }
  }
};

/**
 * Tombstones `ERASED#<keyed hash of the contact>`: they name no one and never expire. Beside them the
 * erasure horizon (the latest erasure's time), so the worker reads one item per batch instead of a
 * tombstone per contact while nobody was erased since its messages were received.
 */
export class DynamoErasures implements Erasures {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pseudonymKey: string,
  ) {}

  async tombstone(contact: ContactKey, erasedAt: string): Promise<void> {
    // The horizon first: a worker that reads it afterwards looks the contact up, and a failure here leaves no
    // tombstone that a worker could miss (the erasure is retried as a whole).
    await raiseErasureHorizon(this.db, this.tableName, erasedAt);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(tombstoneDigest(contact, this.pseudonymKey)), erasedAt },
      }),
    );
  }

  async horizon(): Promise<ErasureHorizon> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: ERASURE_HORIZON_KEY, ConsistentRead: true }),
    );
    if (out.Item?.complete !== true) return { known: false };
    const latest = out.Item.latest;
    return { known: true, latest: typeof latest === "string" && latest !== "" ? latest : undefined };
  }

  /** One BatchGet for a whole batch of messages. */
  async erasedAt(contacts: readonly ContactKey[]): Promise<Map<ContactKey, string>> {
    const byDigest = new Map([...new Set(contacts)].map((c) => [tombstoneDigest(c, this.pseudonymKey), c]));
    if (byDigest.size === 0) return new Map();
    const items = await batchGetAll(this.db, this.tableName, [...byDigest.keys()].map(key), "PK, erasedAt");
    const found = new Map<ContactKey, string>();
    for (const item of items) {
      const contact = byDigest.get(String(item.PK).slice("ERASED#".length));
      if (contact && typeof item.erasedAt === "string") found.set(contact, item.erasedAt);
    }
    return found;
  }
}
