import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ContactKey, contactKey, contactKeyOf, contactPartition } from "#shared/feedback/model/contact";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import { batchDeleteAll, batchGetAll } from "#shared/platform/dynamo";
import { acceptedKey, feedbackIdOf, feedbackKey, originalsKey } from "#shared/platform/table-keys";
import type { CustomerData, CustomerHoldings } from "../ports/customer-data.ts";

const taskKey = (id: string) => ({ PK: `TASK#${id}`, SK: "TASK" });
const surveyPartition = (id: string) => `SURVEY#${id}`;
/** What the store adds to an item; never part of what is exported. */
const STORE_KEYS = ["PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "expiresAt"];
const withoutStoreKeys = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORE_KEYS.includes(k)));
const keyOf = (item: Record<string, unknown>) => ({ PK: String(item.PK), SK: String(item.SK) });

/**
 * Finds a customer's data by their contact key (the history index, their partition, the tasks and
 * surveys those point to) and erases it. A customer holds at most a few thousand items: reads are
 * paginated queries and batched gets, writes batched deletes; only `contactsWithEmail` scans.
 */
export class DynamoCustomerData implements CustomerData {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({ TableName: this.tableName, ...input, ...(start && { ExclusiveStartKey: start }) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async holdings(contact: ContactKey): Promise<CustomerHoldings> {
    const [records, own] = await Promise.all([
      this.queryAll({
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :p",
        ExpressionAttributeValues: { ":p": contactPartition(contact) },
      }),
      this.queryAll({
        KeyConditionExpression: "PK = :p",
        ExpressionAttributeValues: { ":p": contactPartition(contact) },
      }),
    ]);
    const feedback = records.map((r) => ({ ...(withoutStoreKeys(r) as StoredFeedback), id: feedbackIdOf(r.PK) }));
    const originals = await batchGetAll(
      this.db,
      this.tableName,
      feedback.map((f) => originalsKey(f.id)),
    );
    const originalOf = new Map(originals.map((o) => [feedbackIdOf(o.PK), withoutStoreKeys(o)]));

    const taskIds = new Set<string>();
    for (const f of feedback) if (typeof f.taskId === "string") taskIds.add(f.taskId);
    for (const item of own) if (typeof item.taskId === "string") taskIds.add(item.taskId);
    const tasks = (await batchGetAll(this.db, this.tableName, [...taskIds].map(taskKey)))
      .map((t) => FollowUpTaskV2.parse(t))
      // Only tasks that are theirs (a pointer could name a task since taken over by no one else, but check).
      .filter((t) => contactKey(t.contact) === contact);

    // Surveys: the pointers minted with them, the last-surveyed marks, and survey answers' source ids.
    const surveyIds = new Set<string>();
    for (const item of own) {
      if (String(item.SK).startsWith("SURVEY#")) surveyIds.add(String(item.SK).slice("SURVEY#".length));
      if (typeof item.surveyId === "string") surveyIds.add(item.surveyId);
    }
    for (const f of feedback) if (f.channel !== "social" && f.sourceId) surveyIds.add(f.sourceId);
    const surveyRecords = await batchGetAll(
      this.db,
      this.tableName,
      [...surveyIds].map((id) => ({ PK: surveyPartition(id), SK: "SURVEY" })),
    );
    const theirs = surveyRecords.filter(
      (s) => contactKey({ kind: "customer", id: String((s.customer as { id?: unknown })?.id ?? "") }) === contact,
    );
    const surveys = await Promise.all(
      theirs.map(async (s) => {
        const items = await this.queryAll({
          KeyConditionExpression: "PK = :p",
          ExpressionAttributeValues: { ":p": String(s.PK) },
        });
        return {
          ...withoutStoreKeys(s),
          attempts: items.filter((i) => String(i.SK).startsWith("ATTEMPT#")).map(withoutStoreKeys),
          keys: items.map(keyOf),
        };
      }),
    );

    return {
      feedback: feedback.map((f) => ({
        ...StoredFeedback.parse(f),
        ...pickOriginals(f),
        ...pickOriginals(originalOf.get(f.id)),
      })),
      tasks,
      surveys,
      other: own.map((item) => ({ ...withoutStoreKeys(item), SK: item.SK })),
    };
  }

  async erase(contact: ContactKey, holdings: CustomerHoldings, scrubbed: readonly FollowUpTaskV2[]): Promise<void> {
    const keys: Array<Record<string, string>> = [];
    for (const f of holdings.feedback) keys.push(feedbackKey(f.id), acceptedKey(f.id), originalsKey(f.id));
    for (const s of holdings.surveys) {
      keys.push(...((s.keys as Array<Record<string, string>>) ?? []));
      keys.push({ PK: `SURVEYPOSTS#${String(s.surveyId)}`, SK: "POSTS" });
    }
    // Tasks first: once the records are gone, a crash must not leave a task that still names them.
    for (const task of scrubbed) {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(task.id),
          UpdateExpression:
            "SET contact = :contact, customerId = :label, reasons = :reasons, priority = :priority, audit = :audit, erasedAt = :at REMOVE customerTier, resolutionNote",
          ExpressionAttributeValues: {
            ":contact": task.contact,
            ":label": task.customerId,
            ":reasons": task.reasons,
            ":priority": task.priority,
            ":audit": task.audit,
            ":at": (task as { erasedAt?: string }).erasedAt ?? new Date().toISOString(),
          },
        }),
      );
    }
    await batchDeleteAll(this.db, this.tableName, keys);
    // The partition last: it is how a retried erasure finds the tasks and surveys again.
    await batchDeleteAll(
      this.db,
      this.tableName,
      holdings.other.map((o) => ({ PK: contactPartition(contact), SK: String(o.SK) })),
    );
  }

  async contactsWithEmail(email: string): Promise<ContactKey[]> {
    const found = new Set<ContactKey>();
    const originalIds: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: "customerEmail = :e OR customer.email = :e",
          ExpressionAttributeValues: { ":e": email },
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of out.Items ?? []) {
        if (item.SK === "ORIGINAL") originalIds.push(feedbackIdOf(item.PK));
        else if (item.SK === "SURVEY") {
          const id = (item.customer as { id?: unknown })?.id;
          if (typeof id === "string") found.add(contactKey({ kind: "customer", id }));
        } else {
          const key = contactKeyOf(item as Parameters<typeof contactKeyOf>[0]);
          if (key) found.add(key);
        }
      }
      start = out.LastEvaluatedKey;
    } while (start);
    const records = await batchGetAll(this.db, this.tableName, originalIds.map(feedbackKey));
    for (const r of records) {
      const key = contactKeyOf(r as Parameters<typeof contactKeyOf>[0]);
      if (key) found.add(key);
    }
    return [...found];
  }
}

const pickOriginals = (item: Record<string, unknown> | undefined) => ({
  ...(typeof item?.originalText === "string" && { originalText: item.originalText }),
  ...(typeof item?.customerEmail === "string" && { customerEmail: item.customerEmail }),
  ...(typeof item?.customerName === "string" && { customerName: item.customerName }),
});
