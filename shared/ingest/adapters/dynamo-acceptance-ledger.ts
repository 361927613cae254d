import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetAll, batchPutAll } from "#shared/platform/dynamo";
import { acceptedKey, feedbackIdOf } from "#shared/platform/table-keys";
import type { AcceptanceLedger, AcceptedItem } from "../ports/acceptance-ledger.ts";

/** Accepted markers live beside the record they announce: `FB#<id>` / `ACCEPTED`. */
export class DynamoAcceptanceLedger implements AcceptanceLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async acceptedIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const keys = [...new Set(ids)].map(acceptedKey);
    const items = await batchGetAll(this.db, this.tableName, keys, "PK, SK");
    return new Set(items.map((i) => feedbackIdOf(i.PK)));
  }

  async markAccepted(items: readonly AcceptedItem[]): Promise<void> {
    await batchPutAll(
      this.db,
      this.tableName,
      items.map((i) => ({ ...acceptedKey(i.id), channel: i.channel, receivedAt: i.receivedAt })),
    );
  }
}
