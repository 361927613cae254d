import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ContactKey, contactKey, contactKeyInPartition, contactPartition } from "#shared/feedback/model/contact";
import type { CounterIncrement } from "#shared/feedback/model/counters";
import { ValidationError } from "#shared/kernel/errors";
import { batchGetAll, conditionFailedAt, counterUpdateAction } from "#shared/platform/dynamo";
import { counterKey, weekOf } from "#shared/platform/table-keys";
import { LOOP_KEY } from "../model/loop.ts";
import { type RecoveryWatch, watchExpiresAt } from "../model/recovery.ts";
import { FollowUpTaskV2, isActive, nextDeadline } from "../model/task.ts";
import type { TaskPage, TaskQuery, TaskStore } from "../ports/task-store.ts";

const key = {
  task: (id: string) => ({ PK: `TASK#${id}`, SK: "TASK" }),
  openTask: (contact: ContactKey) => ({ PK: contactPartition(contact), SK: "OPENTASK" }),
  recovery: (contact: ContactKey) => ({ PK: contactPartition(contact), SK: "RECOVERY" }),
};

/**
 * A cursor is the LastEvaluatedKey this store returned: the four key attributes of a task in the
 * queried partition. Anything else is the caller's mistake (400), not a DynamoDB error (500).
 */
const decodeTaskCursor = (cursor: string, partition: string): Record<string, string> => {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const keys = ["GSI1PK", "GSI1SK", "PK", "SK"];
    if (
      c !== null &&
      typeof c === "object" &&
      Object.keys(c).sort().join() === keys.join() &&
      Object.values(c).every((v) => typeof v === "string") &&
      (c as Record<string, string>).GSI1PK === partition
    ) {
      return c as Record<string, string>;
    }
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is invalid", [
    { field: "cursor", message: "cursor is not one this API returned" },
  ]);
};

const FAR_FUTURE = "9999-12-31T00:00:00.000Z";
const DAY_MS = 86_400_000;

/**
 * Where a task sits in the time index (GSI1): active tasks by their next deadline (the triage queue
 * and the SLA sweep both read "due soonest first"), resolved ones by when they close themselves,
 * closed ones by when they closed.
 */
const indexKeys = (task: FollowUpTaskV2, closeAfterResolvedDays: number) => {
  if (isActive(task))
    return { GSI1PK: "TASKS#active", GSI1SK: `${nextDeadline(task)?.dueAt ?? FAR_FUTURE}#${task.id}` };
  if (task.status === "resolved") {
    const closeAt = new Date(Date.parse(task.resolvedAt ?? task.openedAt) + closeAfterResolvedDays * DAY_MS);
    return { GSI1PK: "TASKS#resolved", GSI1SK: `${closeAt.toISOString()}#${task.id}` };
  }
  return { GSI1PK: "TASKS#closed", GSI1SK: `${task.closedAt ?? task.openedAt}#${task.id}` };
};

export class DynamoTaskStore implements TaskStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly closeAfterResolvedDays: number,
  ) {}

  async openTaskIds(contacts: readonly ContactKey[]): Promise<Map<ContactKey, string>> {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(contacts)].map(key.openTask));
    return new Map(items.map((item) => [contactKeyInPartition(item.PK), String(item.taskId)]));
  }

  async getTasks(ids: readonly string[]): Promise<Map<string, FollowUpTaskV2>> {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(ids)].map(key.task));
    return new Map(items.map((item) => FollowUpTaskV2.parse(item)).map((task) => [task.id, task]));
  }

  async getTask(id: string): Promise<FollowUpTaskV2 | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key.task(id) }));
    return out.Item ? FollowUpTaskV2.parse(out.Item) : undefined;
  }

  /**
   * Writes a task only over the version it was read at (optimistic concurrency: two leads editing
   * at once never lose an update), and keeps the customer's "open task" pointer in step.
   */
  async saveTask(
    task: FollowUpTaskV2,
    expectedVersion: number | undefined,
    counters: readonly CounterIncrement[] = [],
  ): Promise<"saved" | "conflict"> {
    const pointer = key.openTask(contactKey(task.contact));
    // An inactive task lets go of the pointer only when it holds it: after later feedback opened
    // another task for the contact, the pointer is that task's, and this one (closed by the sweep,
    // annotated, answered by its customer) is saved beside it, checked to stay so.
    const owner = isActive(task)
      ? undefined
      : (await this.db.send(new GetCommand({ TableName: this.tableName, Key: pointer, ConsistentRead: true }))).Item
          ?.taskId;
    const heldByOther = typeof owner === "string" && owner !== task.id;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key.task(task.id), ...indexKeys(task, this.closeAfterResolvedDays), ...task },
                ...(expectedVersion === undefined
                  ? { ConditionExpression: "attribute_not_exists(PK)" }
                  : {
                      ConditionExpression: "version = :expected",
                      ExpressionAttributeValues: { ":expected": expectedVersion },
                    }),
              },
            },
            isActive(task)
              ? {
                  // Only if the customer has no active task, or it is this one: two workers each
                  // opening a task for the same customer cannot both win (the loser re-reads and joins).
                  Put: {
                    TableName: this.tableName,
                    Item: { ...pointer, taskId: task.id },
                    ConditionExpression: "attribute_not_exists(PK) OR taskId = :id",
                    ExpressionAttributeValues: { ":id": task.id },
                  },
                }
              : heldByOther
                ? {
                    ConditionCheck: {
                      TableName: this.tableName,
                      Key: pointer,
                      ConditionExpression: "attribute_not_exists(PK) OR taskId <> :id",
                      ExpressionAttributeValues: { ":id": task.id },
                    },
                  }
                : {
                    Delete: {
                      TableName: this.tableName,
                      Key: pointer,
                      ConditionExpression: "attribute_not_exists(PK) OR taskId = :id",
                      ExpressionAttributeValues: { ":id": task.id },
                    },
                  },
            ...counters.map((c) => counterUpdateAction(this.tableName, c)),
          ],
        }),
      );
      return "saved";
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [taskReason, pointerReason] = error.CancellationReasons ?? [];
        if (taskReason?.Code === "ConditionalCheckFailed") return "conflict";
        // The pointer already names a newer task of this customer: leave it, the task is saved next time.
        if (pointerReason?.Code === "ConditionalCheckFailed") return "conflict";
      }
      throw error;
    }
  }

  async recoveryWatches(contacts: readonly ContactKey[]): Promise<Map<ContactKey, RecoveryWatch>> {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(contacts)].map(key.recovery));
    return new Map(
      items.map((item) => {
        const { PK, SK: _sk, expiresAt: _ttl, ...watch } = item;
        const contact = contactKeyInPartition(PK);
        return [contact, { ...watch, contact } as unknown as RecoveryWatch];
      }),
    );
  }

  async watchRecovery(watch: RecoveryWatch): Promise<void> {
    const expiresAt = Math.floor(watchExpiresAt(watch).getTime() / 1_000);
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key.recovery(watch.contact), ...watch, expiresAt } }),
    );
  }

  async recordRecovery(watch: RecoveryWatch): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: key.recovery(watch.contact),
                ConditionExpression: "taskId = :task",
                ExpressionAttributeValues: { ":task": watch.taskId },
              },
            },
            counterUpdateAction(this.tableName, { week: watch.week, key: LOOP_KEY, add: { recovered: 1 } }),
          ],
        }),
      );
      return true;
    } catch (error) {
      // The watch is gone or names a newer task: this recovery was counted (or no longer applies).
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
  }

  async listTasks(query: TaskQuery): Promise<TaskPage> {
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ":pk": `TASKS#${query.partition}` };
    const add = (field: string, value: string | undefined, expression = "#f = :v") => {
      if (value === undefined) return;
      const n = `#${field}`;
      const v = `:${field}`;
      names[n] = field;
      values[v] = value;
      filters.push(expression.replace("#f", n).replace(":v", v));
    };
    add("status", query.status);
    add("team", query.team);
    add("channel", query.channel);
    add("assignee", query.assignee);
    add("themes", query.theme, "contains(#f, :v)");
    let keyCondition = "GSI1PK = :pk";
    if (query.dueBefore) {
      keyCondition += " AND GSI1SK <= :due";
      values[":due"] = `${query.dueBefore}#\uffff`;
    }
    const items: FollowUpTaskV2[] = [];
    let lek: Record<string, unknown> | undefined = query.cursor
      ? decodeTaskCursor(query.cursor, `TASKS#${query.partition}`)
      : undefined;
    for (let round = 0; round < 20 && items.length < query.limit; round++) {
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: values,
        Limit: query.limit - items.length,
        ...(filters.length > 0 && { FilterExpression: filters.join(" AND "), ExpressionAttributeNames: names }),
        ...(lek && { ExclusiveStartKey: lek }),
      };
      const out = await this.db.send(new QueryCommand(input));
      for (const item of out.Items ?? []) items.push(FollowUpTaskV2.parse(item));
      lek = out.LastEvaluatedKey;
      if (!lek) break;
    }
    return { items, ...(lek && { cursor: Buffer.from(JSON.stringify(lek)).toString("base64url") }) };
  }

  async loopCounts(weeks: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const keys = weeks.map((week) => counterKey(week, LOOP_KEY));
    const items = await batchGetAll(this.db, this.tableName, keys);
    return new Map(items.map(({ PK, SK: _sk, ...counts }) => [weekOf(PK), counts as Record<string, number>]));
  }
}
