import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "#shared/platform/dynamo";
import { acceptedKey, feedbackIdOf, feedbackKey } from "#shared/platform/table-keys";
import type { AcceptanceLedger } from "../ports/acceptance-ledger.ts";

/** BatchGetItem takes 100 keys: 50 ids, each read as its marker and its record. */
const IDS_PER_CALL = 50;

/**
 * The acceptance ledger of a bulk import (`hearback import`): an id is held exactly when the API's
 * ledger would hold it (a marker accepted since `pendingSince`), or when its record is stored
 * (an earlier import that left no marker). It writes no marker per row: the import's own progress
 * file knows what it sent, and one write per row would cap a local import at DynamoDB Local's
 * write rate, a few hundred rows a second, well below the queue's. The worker's conditional write
 * still keeps every id to one record.
 */
export class DynamoImportLedger implements AcceptanceLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async heldIds(ids: readonly string[], pendingSince: Date): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    const since = pendingSince.toISOString();
    const slices: string[][] = [];
    for (let i = 0; i < unique.length; i += IDS_PER_CALL) slices.push(unique.slice(i, i + IDS_PER_CALL));
    // One round trip for the whole chunk: the slices are read side by side.
    const found = await Promise.all(
      slices.map((slice) =>
        batchGetAll(
          this.db,
          this.tableName,
          slice.flatMap((id) => [acceptedKey(id), feedbackKey(id)]),
          "PK, SK, receivedAt",
        ),
      ),
    );
    const held = new Set<string>();
    for (const item of found.flat()) {
      const recentMarker = item.SK === "ACCEPTED" && typeof item.receivedAt === "string" && item.receivedAt >= since;
      if (item.SK === "FEEDBACK" || recentMarker) held.add(feedbackIdOf(item.PK));
    }
    return held;
  }

  async markAccepted(): Promise<void> {}
}
