import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { backoff, counterUpdateAction, pickCounterShard, type TransactItem } from "#shared/platform/dynamo";
import { decodeCursor, encodeCursor } from "#shared/platform/schema-marker";
import type { SchemaStep, StepPage } from "#shared/platform/schema-migrations";
import { feedbackKey } from "#shared/platform/table-keys";
import { COUNTERS_VERSION, countedAtTouchpoint, mergeCounters, touchpointThemeBackfill } from "../model/counters.ts";
import { StoredFeedback } from "../model/schema.ts";

/** Schema version 5: records stored before the touchpoint x theme counter rows are counted in them. */
export const COUNTERS_BACKFILL_VERSION = 5;

/** Records per transaction: one update each, plus their merged counter rows, well within 100 actions. */
const PER_TRANSACTION = 20;
const MAX_ATTEMPTS = 5;

/**
 * A Scan page at a time (only records with a counted touchpoint and no countersVersion come back): each record's
 * touchpoint x theme rows get what it would have added, and the record is marked `countersVersion` 2 in the same
 * transaction, on condition that it is still unmarked and still reads as it was counted (themes, sentiment,
 * detractor). A record re-tagged or corrected meanwhile is left as it is, counted in none of those rows, and a
 * re-run finds nothing left to do: nothing is ever counted twice.
 */
export class DynamoCountersBackfill implements SchemaStep {
  readonly version = COUNTERS_BACKFILL_VERSION;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async migratePage(cursor: string | undefined, pageSize: number): Promise<StepPage> {
    const page = await this.db.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: pageSize,
        ConsistentRead: true,
        FilterExpression: "SK = :feedback AND attribute_exists(touchpoint) AND attribute_not_exists(countersVersion)",
        ExpressionAttributeValues: { ":feedback": "FEEDBACK" },
        ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor) }),
      }),
    );
    const records = (page.Items ?? []).flatMap((item) => {
      const parsed = StoredFeedback.safeParse(item);
      return parsed.success && countedAtTouchpoint(parsed.data) ? [parsed.data] : [];
    });
    const counts = { scanned: page.ScannedCount ?? 0, records: 0, changed: 0 };
    for (let i = 0; i < records.length; i += PER_TRANSACTION) {
      const { done, changed } = await this.commit(records.slice(i, i + PER_TRANSACTION));
      counts.records += done;
      counts.changed += changed;
    }
    return { counts, ...(page.LastEvaluatedKey && { cursor: encodeCursor(page.LastEvaluatedKey) }) };
  }

  private actions(records: readonly StoredFeedback[], shard: number): TransactItem[] {
    const marks: TransactItem[] = records.map((r) => ({
      Update: {
        TableName: this.tableName,
        Key: feedbackKey(r.id),
        UpdateExpression: "SET countersVersion = :version",
        ConditionExpression:
          "attribute_not_exists(countersVersion) AND #themes = :themes AND sentiment = :sentiment AND detractor = :detractor",
        ExpressionAttributeNames: { "#themes": "themes" },
        ExpressionAttributeValues: {
          ":version": COUNTERS_VERSION,
          ":themes": r.themes,
          ":sentiment": r.sentiment,
          ":detractor": r.detractor,
        },
      },
    }));
    const rows = mergeCounters(records.flatMap((r) => touchpointThemeBackfill(r)));
    return [...marks, ...rows.map((c) => counterUpdateAction(this.tableName, c, shard))];
  }

  /** One transaction for the group; records whose condition fails are left out and the rest sent again. */
  private async commit(group: readonly StoredFeedback[]): Promise<{ done: number; changed: number }> {
    let pending = [...group];
    let changed = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: this.actions(pending, pickCounterShard()) }));
        return { done: pending.length, changed };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        // The marks come first, so a failed condition's index is its record's.
        const stale = new Set(reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : [])));
        if (stale.size > 0) {
          changed += stale.size;
          pending = pending.filter((_, i) => !stale.has(i));
          continue;
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt + 1);
      }
    }
    return { done: 0, changed };
  }
}
