import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ORIGINAL_FIELDS } from "#shared/feedback/model/originals";
import { backoff, type TransactItem } from "#shared/platform/dynamo";
import { decodeCursor, encodeCursor } from "#shared/platform/schema-marker";
import type { SchemaStep, StepPage } from "#shared/platform/schema-migrations";
import { originalsKey } from "#shared/platform/table-keys";
import {
  type Item,
  RETENTION_VERSION,
  type RetentionRewrite,
  retentionRewriteOf,
} from "../model/retention-migration.ts";

/** Rewrites per transaction: at most two actions each, well within DynamoDB's 100 and 4 MB. */
const PER_TRANSACTION = 25;
const MAX_ATTEMPTS = 5;

const fieldNames = Object.fromEntries(ORIGINAL_FIELDS.map((f) => [`#${f}`, f]));

/** The rewrite's actions: each guarded by what the scan read, so a record rewritten since is left alone. */
const actionsOf = (tableName: string, r: RetentionRewrite): TransactItem[] => {
  if (r.kind === "survey")
    return [
      {
        Update: {
          TableName: tableName,
          Key: r.key,
          UpdateExpression: "SET linkExpiresAt = :link, expiresAt = :ttl",
          ConditionExpression: "expiresAt = :link",
          ExpressionAttributeValues: { ":link": r.linkExpiresAt, ":ttl": r.expiresAt },
        },
      },
    ];
  const values: Record<string, unknown> = {};
  const guards = ORIGINAL_FIELDS.map((f) => {
    if (!(f in r.read)) return `attribute_not_exists(#${f})`;
    values[`:${f}`] = r.read[f];
    return `#${f} = :${f}`;
  });
  const strip: TransactItem = {
    Update: {
      TableName: tableName,
      Key: r.key,
      UpdateExpression: `REMOVE ${ORIGINAL_FIELDS.map((f) => `#${f}`).join(", ")}`,
      ConditionExpression: guards.join(" AND "),
      ExpressionAttributeNames: fieldNames,
      ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
    },
  };
  if (!r.originals) return [strip];
  const id = r.key.PK.slice("FB#".length);
  return [strip, { Put: { TableName: tableName, Item: { ...originalsKey(id), ...r.originals } } }];
};

/**
 * Schema version 3 on the single table (see model/retention-migration.ts): a Scan page at a time,
 * its rewrites in transactions of up to 25 (no round trip per item). A rewrite whose item changed
 * since the scan read it (the new code rewrote it, or another run did) is dropped from the
 * transaction and the rest committed.
 */
export class DynamoRetentionMigration implements SchemaStep {
  readonly version = RETENTION_VERSION;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async migratePage(cursor: string | undefined, pageSize: number): Promise<StepPage> {
    const page = await this.db.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: pageSize,
        ConsistentRead: true,
        // Only the items that may need a rewrite come back (the page still reads `pageSize` items).
        FilterExpression:
          "(SK = :feedback AND (attribute_exists(#originalText) OR attribute_exists(#customerEmail) OR " +
          "attribute_exists(#customerName))) OR (SK = :survey AND attribute_type(expiresAt, :string))",
        ExpressionAttributeNames: fieldNames,
        ExpressionAttributeValues: { ":feedback": "FEEDBACK", ":survey": "SURVEY", ":string": "S" },
        ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor) }),
      }),
    );
    const now = this.now();
    const work = ((page.Items ?? []) as Item[]).flatMap((item) => {
      const rewrite = retentionRewriteOf(item, this.retentionDays, now);
      return rewrite ? [rewrite] : [];
    });
    const counts = { scanned: page.ScannedCount ?? 0, originals: 0, dropped: 0, surveys: 0, changed: 0 };
    for (let i = 0; i < work.length; i += PER_TRANSACTION) {
      const { done, changed } = await this.commit(work.slice(i, i + PER_TRANSACTION));
      counts.changed += changed;
      for (const r of done) {
        if (r.kind === "survey") counts.surveys++;
        else if (r.originals) counts.originals++;
        else counts.dropped++;
      }
    }
    return { counts, ...(page.LastEvaluatedKey && { cursor: encodeCursor(page.LastEvaluatedKey) }) };
  }

  /** One transaction for the group; rewrites whose guard fails are left out and the rest retried. */
  private async commit(group: RetentionRewrite[]): Promise<{ done: RetentionRewrite[]; changed: number }> {
    let pending = group;
    let changed = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const owners: number[] = [];
      const actions = pending.flatMap((r, i) => {
        const own = actionsOf(this.tableName, r);
        for (const _ of own) owners.push(i);
        return own;
      });
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: actions }));
        return { done: pending, changed };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const stale = new Set(reasons.flatMap((r, j) => (r.Code === "ConditionalCheckFailed" ? [owners[j]] : [])));
        if (stale.size > 0) {
          changed += stale.size;
          pending = pending.filter((_, i) => !stale.has(i));
          continue;
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt + 1);
      }
    }
    return { done: [], changed };
  }
}
