import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type ContactKey, contactKey, contactKeyInPartition, contactPartition } from "#shared/feedback/model/contact";
import { type CounterIncrement, mergeCounters } from "#shared/feedback/model/counters";
import { ValidationError } from "#shared/kernel/errors";
import {
  batchGetAll,
  type CounterWriteOptions,
  conditionFailedAt,
  counterUpdateAction,
  MAX_TRANSACTION_ACTIONS,
  sendCounterTransaction,
  type TransactItem,
} from "#shared/platform/dynamo";
import { weekPartition } from "#shared/platform/table-keys";
import { LOOP_KEY, RECOVERED } from "../model/loop.ts";
import { type RecoveryWatch, watchExpiresAt } from "../model/recovery.ts";
import { FollowUpTaskV2, isActive, nextDeadline } from "../model/task.ts";
import type { TaskPage, TaskQuery, TaskSave, TaskStore } from "../ports/task-store.ts";

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

/** A recovery watch as stored: it lapses by itself (TTL) after the recovery window. */
const watchItem = (watch: RecoveryWatch) => ({
  ...key.recovery(watch.contact),
  ...watch,
  expiresAt: Math.floor(watchExpiresAt(watch).getTime() / 1_000),
});

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
    private readonly counterWrites: CounterWriteOptions = {},
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

  /** The task, written only over the version it was read at (undefined: only if it does not exist yet). */
  private taskPut(task: FollowUpTaskV2, expectedVersion: number | undefined): TransactItem {
    return {
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
    };
  }

  /**
   * An active task's pointer: only if the customer has no active task, or it is this one: two
   * workers each opening a task for the same customer cannot both win (the loser re-reads and joins).
   */
  private pointerPut(task: FollowUpTaskV2): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key.openTask(contactKey(task.contact)), taskId: task.id },
        ConditionExpression: "attribute_not_exists(PK) OR taskId = :id",
        ExpressionAttributeValues: { ":id": task.id },
      },
    };
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
      // The loop counts go to any shard of the week's loop row (readers sum them); a transaction that lost a race
      // for an item to another worker is sent again, on another shard, before anyone hears of it.
      await sendCounterTransaction(
        this.db,
        (shard): TransactItem[] => [
          this.taskPut(task, expectedVersion),
          isActive(task)
            ? this.pointerPut(task)
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
          ...counters.map((c) => counterUpdateAction(this.tableName, c, shard)),
        ],
        this.counterWrites,
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

  /** A save's own actions (task, pointer, watch); its counters are summed with the others'. */
  private saveActions(save: TaskSave): TransactItem[] {
    const { task, watch } = save;
    if (!isActive(task)) throw new Error(`saveTasks saves active tasks only; task ${task.id} is ${task.status}`);
    return [
      this.taskPut(task, save.expectedVersion),
      this.pointerPut(task),
      ...(watch ? [{ Put: { TableName: this.tableName, Item: watchItem(watch) } }] : []),
    ];
  }

  /**
   * One transaction for the whole batch of saves (more only past DynamoDB's 100 actions, one after
   * another since they share the loop row): a round trip per batch instead of one per customer.
   * A save whose condition failed is reported "conflict" and the rest are sent again without it,
   * as the worker's store does with records.
   */
  async saveTasks(saves: readonly TaskSave[]): Promise<Map<string, "saved" | "conflict">> {
    const outcomes = new Map<string, "saved" | "conflict">();
    const groups: TaskSave[][] = [];
    let size = 0;
    for (const save of saves) {
      const own = this.saveActions(save).length;
      const current = groups.at(-1);
      const counters = mergeCounters([...(current ?? []), save].flatMap((s) => s.counters ?? [])).length;
      if (current && size + own + counters <= MAX_TRANSACTION_ACTIONS) {
        current.push(save);
        size += own;
      } else {
        groups.push([save]);
        size = own;
      }
    }
    for (const group of groups) {
      let pending = group;
      while (pending.length > 0) {
        const owned = pending.flatMap((save) => this.saveActions(save).map((action) => ({ action, id: save.task.id })));
        const counters = mergeCounters(pending.flatMap((s) => s.counters ?? []));
        try {
          await sendCounterTransaction(
            this.db,
            (shard) => [
              ...owned.map((o) => o.action),
              ...counters.map((c) => counterUpdateAction(this.tableName, c, shard)),
            ],
            this.counterWrites,
          );
          for (const save of pending) outcomes.set(save.task.id, "saved");
          pending = [];
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const failed = new Set(
            (error.CancellationReasons ?? []).flatMap((r, i) =>
              r.Code === "ConditionalCheckFailed" && owned[i] ? [owned[i].id] : [],
            ),
          );
          if (failed.size === 0) throw error;
          for (const id of failed) outcomes.set(id, "conflict");
          pending = pending.filter((save) => !failed.has(save.task.id));
        }
      }
    }
    return outcomes;
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
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: watchItem(watch) }));
  }

  async recordRecovery(watch: RecoveryWatch): Promise<boolean> {
    return (await this.recordRecoveries([watch])).get(watch.contact) === true;
  }

  /**
   * Several customers' recoveries in one transaction (one per 50): each watch ends and its loop row
   * counts it. A watch already gone or naming a newer task (counted before, or no longer applies)
   * is left out and the rest sent again.
   */
  async recordRecoveries(watches: readonly RecoveryWatch[]): Promise<Map<ContactKey, boolean>> {
    const outcomes = new Map<ContactKey, boolean>();
    const unique = [...new Map(watches.map((w) => [w.contact, w])).values()];
    // Each watch takes a delete and at most one counter row: 50 of them fill a transaction.
    for (let i = 0; i < unique.length; i += MAX_TRANSACTION_ACTIONS / 2) {
      let pending = unique.slice(i, i + MAX_TRANSACTION_ACTIONS / 2);
      while (pending.length > 0) {
        const sending = pending;
        const counters = mergeCounters(sending.map((w) => ({ week: w.week, key: LOOP_KEY, add: { [RECOVERED]: 1 } })));
        try {
          await sendCounterTransaction(
            this.db,
            (shard) => [
              ...sending.map(
                (w): TransactItem => ({
                  Delete: {
                    TableName: this.tableName,
                    Key: key.recovery(w.contact),
                    ConditionExpression: "taskId = :task",
                    ExpressionAttributeValues: { ":task": w.taskId },
                  },
                }),
              ),
              ...counters.map((c) => counterUpdateAction(this.tableName, c, shard)),
            ],
            this.counterWrites,
          );
          for (const w of sending) outcomes.set(w.contact, true);
          pending = [];
        } catch (error) {
          const gone = new Set(sending.filter((_, j) => conditionFailedAt(error, j)));
          if (gone.size === 0) throw error;
          for (const w of gone) outcomes.set(w.contact, false);
          pending = sending.filter((w) => !gone.has(w));
        }
      }
    }
    return outcomes;
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

  /**
   * One Query per week for its loop row's shards, summed: a Query is billed by the bytes it reads (the shards of
   * one row come to well under 4 KB), where BatchGetItem would bill every shard as a read of its own, and it
   * finds every shard there is, however many `counterShards` says today.
   */
  async loopCounts(weeks: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const found = await Promise.all(
      [...new Set(weeks)].map(async (week) => {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "PK = :pk AND begins_with(SK, :row)",
            ExpressionAttributeValues: { ":pk": weekPartition(week), ":row": LOOP_KEY },
          }),
        );
        const items = out.Items ?? [];
        if (items.length === 0) return undefined;
        const sum: Record<string, number> = {};
        for (const { PK: _pk, SK: _sk, ...counts } of items)
          for (const [name, value] of Object.entries(counts))
            if (typeof value === "number") sum[name] = (sum[name] ?? 0) + value;
        return [week, sum] as const;
      }),
    );
    return new Map(found.filter((f) => f !== undefined));
  }
}
