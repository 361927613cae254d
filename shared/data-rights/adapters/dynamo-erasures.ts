import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ContactKey } from "#shared/feedback/model/contact";
import { batchGetAll } from "#shared/platform/dynamo";
import { tombstoneDigest } from "../model/erasure.ts";
import type { Erasures } from "../ports/customer-data.ts";

const key = (digest: string) => ({ PK: `ERASED#${digest}`, SK: "TOMBSTONE" });

/** Tombstones `ERASED#<keyed hash of the contact>`: they name no one and never expire. */
export class DynamoErasures implements Erasures {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pseudonymKey: string,
  ) {}

  async tombstone(contact: ContactKey, erasedAt: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(tombstoneDigest(contact, this.pseudonymKey)), erasedAt },
      }),
    );
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
