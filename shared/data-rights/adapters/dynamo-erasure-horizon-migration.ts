import { type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor } from "#shared/platform/schema-marker";
import type { SchemaStep, StepPage } from "#shared/platform/schema-migrations";
import { raiseErasureHorizon } from "./dynamo-erasures.ts";

/** Schema version 4: the erasure horizon, counted from the tombstones erasures wrote before it existed. */
export const ERASURE_HORIZON_VERSION = 4;

/**
 * A Scan page at a time (only tombstones come back), the horizon raised to the page's latest erasure; the last
 * page marks it complete, from when on the worker trusts it. Until then the worker looks every contact up, as
 * before. A re-run finds the horizon where it is and changes nothing.
 */
export class DynamoErasureHorizonMigration implements SchemaStep {
  readonly version = ERASURE_HORIZON_VERSION;

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
        FilterExpression: "begins_with(PK, :erased) AND SK = :tombstone",
        ExpressionAttributeValues: { ":erased": "ERASED#", ":tombstone": "TOMBSTONE" },
        ProjectionExpression: "erasedAt",
        ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor) }),
      }),
    );
    const times = (page.Items ?? []).flatMap((item) => (typeof item.erasedAt === "string" ? [item.erasedAt] : []));
    const latest = times.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
    const last = page.LastEvaluatedKey === undefined;
    if (latest !== undefined) await raiseErasureHorizon(this.db, this.tableName, latest, last ? true : undefined);
    else if (last) await raiseErasureHorizon(this.db, this.tableName, "", true);
    return {
      ...(!last && { cursor: encodeCursor(page.LastEvaluatedKey as Record<string, unknown>) }),
      counts: { scanned: page.ScannedCount ?? 0, tombstones: times.length },
    };
  }
}
