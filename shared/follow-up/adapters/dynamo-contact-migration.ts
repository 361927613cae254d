import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "#shared/platform/dynamo";
import { DynamoSchemaMarker, decodeCursor, encodeCursor } from "#shared/platform/schema-marker";
import { type Item, type Rewrite, recordsToRead, rewriteOf, tasksToRead } from "../model/contact-migration.ts";
import type { ContactMigrationStore, MigrationCounts, MigrationProgress } from "../ports/contact-migration.ts";

/** Writes in flight at once within a page: enough to be quick, few enough not to throttle a table. */
const CONCURRENCY = 8;

type Move = Extract<Rewrite, { item: Item }>;

/** The new item goes in only over nothing (or an older copy of itself); the old one goes only as it was read. */
const guards = (m: Move): { put: Record<string, unknown>; remove: Record<string, unknown> } => {
  const taskGuard = {
    ConditionExpression: "taskId = :task",
    ExpressionAttributeValues: { ":task": m.item.taskId },
  };
  if (m.kind === "pointer")
    return {
      put: {
        ConditionExpression: "attribute_not_exists(PK) OR taskId = :task",
        ExpressionAttributeValues: { ":task": m.item.taskId },
      },
      remove: taskGuard,
    };
  if (m.kind === "watch") return { put: { ConditionExpression: "attribute_not_exists(PK)" }, remove: taskGuard };
  return {
    put: {
      ConditionExpression: "attribute_not_exists(PK) OR lastSurveyedAt < :at",
      ExpressionAttributeValues: { ":at": String(m.item.lastSurveyedAt ?? "") },
    },
    remove: { ConditionExpression: "attribute_not_exists(customerId)" },
  };
};

/** The contact-key migration on the single table: Scan page by page, conditional writes per item. */
export class DynamoContactMigration implements ContactMigrationStore {
  private readonly marker: DynamoSchemaMarker;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.marker = new DynamoSchemaMarker(db, tableName);
  }

  progress(): Promise<MigrationProgress> {
    return this.marker.progress();
  }

  saveProgress(cursor: string): Promise<void> {
    return this.marker.saveProgress(cursor);
  }

  markVersion(version: number, at: string): Promise<void> {
    return this.marker.markVersion(version, at);
  }

  async migratePage(cursor: string | undefined, pageSize: number): Promise<MigrationCounts & { cursor?: string }> {
    const page = await this.db.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: pageSize,
        ConsistentRead: true,
        ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor) }),
      }),
    );
    const items = (page.Items ?? []) as Item[];
    const tasks = new Map<string, Item>();
    for (const t of items) if (String(t.PK).startsWith("TASK#") && t.SK === "TASK") tasks.set(String(t.id), t);
    const named = tasksToRead(items).filter((id) => !tasks.has(id));
    for (const t of await batchGetAll(
      this.db,
      this.tableName,
      named.map((id) => ({ PK: `TASK#${id}`, SK: "TASK" })),
    ))
      tasks.set(String(t.id), t);
    const recordIds = [...new Set(recordsToRead([...tasks.values()]))];
    const records = new Map(
      (
        await batchGetAll(
          this.db,
          this.tableName,
          recordIds.map((id) => ({ PK: `FB#${id}`, SK: "FEEDBACK" })),
        )
      ).map((r) => [String(r.id), r]),
    );

    const counts: MigrationCounts = {
      scanned: items.length,
      feedback: 0,
      tasks: 0,
      moved: 0,
      superseded: 0,
      unknown: 0,
    };
    const work = items.flatMap((item) => {
      const rewrite = rewriteOf(item, { tasks, records });
      if (rewrite === "unknown") counts.unknown++;
      return rewrite === undefined || rewrite === "unknown" ? [] : [rewrite];
    });
    for (let i = 0; i < work.length; i += CONCURRENCY) {
      const outcomes = await Promise.all(work.slice(i, i + CONCURRENCY).map((w) => this.apply(w)));
      for (const [j, outcome] of outcomes.entries()) {
        const kind = work[i + j]?.kind;
        if (outcome === "superseded") counts.superseded++;
        else if (outcome === "done" && kind === "feedback") counts.feedback++;
        else if (outcome === "done" && kind === "task") counts.tasks++;
        else if (outcome === "done") counts.moved++;
      }
    }
    return { ...counts, ...(page.LastEvaluatedKey && { cursor: encodeCursor(page.LastEvaluatedKey) }) };
  }

  /** "changed": someone rewrote the item since the scan read it (the new code, or another run): nothing to do. */
  private async apply(w: Rewrite): Promise<"done" | "superseded" | "changed"> {
    try {
      if (w.kind === "feedback") {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: w.key,
            ...(w.to
              ? {
                  UpdateExpression: "SET GSI2PK = :pk, GSI2SK = :sk",
                  ExpressionAttributeValues: {
                    ":pk": w.to.GSI2PK,
                    ":sk": w.to.GSI2SK,
                    ...(w.from !== undefined && { ":from": w.from }),
                  },
                }
              : {
                  UpdateExpression: "REMOVE GSI2PK, GSI2SK",
                  ...(w.from !== undefined && { ExpressionAttributeValues: { ":from": w.from } }),
                }),
            ConditionExpression:
              w.from === undefined ? "attribute_exists(PK) AND attribute_not_exists(GSI2PK)" : "GSI2PK = :from",
          }),
        );
        return "done";
      }
      if (w.kind === "task") {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: w.key,
            UpdateExpression: "SET contact = :contact, customerId = :label",
            ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(contact)",
            ExpressionAttributeValues: { ":contact": w.contact, ":label": w.label },
          }),
        );
        return "done";
      }
      return await this.move(w);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "changed";
      throw error;
    }
  }

  /** The new item and the old one's removal in one transaction; a newer new item wins and the old one just goes. */
  private async move(m: Move): Promise<"done" | "superseded" | "changed"> {
    const { put, remove } = guards(m);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: m.item, ...put } },
            { Delete: { TableName: this.tableName, Key: m.from, ...remove } },
          ],
        }),
      );
      return "done";
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [putReason, removeReason] = error.CancellationReasons ?? [];
      if (removeReason?.Code === "ConditionalCheckFailed") return "changed";
      if (putReason?.Code !== "ConditionalCheckFailed") throw error;
    }
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: m.from, ...remove }));
    return "superseded";
  }
}
