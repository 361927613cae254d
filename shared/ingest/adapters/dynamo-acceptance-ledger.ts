import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetAll, batchPutAll } from "#shared/platform/dynamo";
import { acceptedKey, feedbackIdOf, feedbackKey } from "#shared/platform/table-keys";
import type { AcceptanceLedger, AcceptedItem } from "../ports/acceptance-ledger.ts";

/** Accepted markers live beside the record they announce: `FB#<id>` / `ACCEPTED` next to `FB#<id>` / `FEEDBACK`. */
export class DynamoAcceptanceLedger implements AcceptanceLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One BatchGet of the markers; a second, of the records, only for markers older than `pendingSince`. */
  async heldIds(ids: readonly string[], pendingSince: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const markers = await batchGetAll(this.db, this.tableName, [...new Set(ids)].map(acceptedKey), "PK, receivedAt");
    const since = pendingSince.toISOString();
    const held = new Set<string>();
    const settled: string[] = [];
    for (const marker of markers) {
      const id = feedbackIdOf(marker.PK);
      if (typeof marker.receivedAt === "string" && marker.receivedAt >= since) held.add(id);
      else settled.push(id);
    }
    if (settled.length > 0) {
      const stored = await batchGetAll(this.db, this.tableName, settled.map(feedbackKey), "PK");
      for (const record of stored) held.add(feedbackIdOf(record.PK));
    }
    return held;
  }

  async markAccepted(items: readonly AcceptedItem[]): Promise<void> {
    await batchPutAll(
      this.db,
      this.tableName,
      items.map((i) => ({ ...acceptedKey(i.id), channel: i.channel, receivedAt: i.receivedAt })),
    );
  }
}
