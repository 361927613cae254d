import { randomBytes } from "node:crypto";
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ValidationError } from "#shared/kernel/errors";
import { batchPutAll } from "#shared/platform/dynamo";
import { AUDIT_RETENTION_DAYS, AuditRecord } from "../model/audit.ts";
import type { AuditLog } from "../ports/audit-log.ts";

const partition = (day: string) => `AUDIT#${day}`;
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9a-f]{8}$/;

/** Audit lines by UTC day: `AUDIT#<yyyy-mm-dd>` / `<at>#<random>`, expiring after three years. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entries: readonly AuditRecord[]): Promise<void> {
    await batchPutAll(
      this.db,
      this.tableName,
      entries.map((e) => ({
        PK: partition(e.at.slice(0, 10)),
        SK: `${e.at}#${randomBytes(4).toString("hex")}`,
        ...e,
        expiresAt: Math.floor(Date.parse(e.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400,
      })),
    );
  }

  async list(
    day: string,
    opts: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: AuditRecord[]; cursor?: string }> {
    // The cursor is the sort key of the last line returned, for this day: anything else is a 400.
    if (opts.cursor !== undefined && (!SORT_KEY.test(opts.cursor) || !opts.cursor.startsWith(day))) {
      throw new ValidationError("The cursor is invalid", [
        { field: "cursor", message: "cursor is not one this API returned for this day" },
      ]);
    }
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": partition(day) },
        Limit: opts.limit,
        ...(opts.cursor && { ExclusiveStartKey: { PK: partition(day), SK: opts.cursor } }),
      }),
    );
    const items = (out.Items ?? []).map((item) => AuditRecord.parse(item));
    const last = out.LastEvaluatedKey?.SK;
    return { items, ...(typeof last === "string" && { cursor: last }) };
  }
}
