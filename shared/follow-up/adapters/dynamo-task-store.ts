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
  counterUpdateAction,
  MAX_TRANSACTION_ACTIONS,
  sendCounterTransaction,
  type TransactItem,
} from "#shared/platform/dynamo";
import { weekPartition } from "#shared/platform/table-keys";
import { LOOP_KEY, RECOVERED } from "../model/loop.ts";
import { type RecoveryWatch, watchExpiresAt } from "../model/recovery.ts";
import { FollowUpTaskV2, isActive, nextDeadline } from "../model/task.ts";
import type { TaskPage, TaskQuery, TaskSave, TaskSaveOutcomes, TaskStore } from "../ports/task-store.ts";

const OPEN_TASK = "OPENTASK";
const key = {
  task: (id: string) => ({ PK: `TASK#${id}`, SK: "TASK" }),
  openTask: (contact: ContactKey) => ({ PK: contactPartition(contact), SK: OPEN_TASK }),
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
    return (await this.contactStates(contacts, [])).openTaskIds;
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

  /** A recovery's own action: its watch ends, only if it still names the same task (else it was counted, or replaced). */
  private recoveryEnd(watch: RecoveryWatch): TransactItem {
    return {
      Delete: {
        TableName: this.tableName,
        Key: key.recovery(watch.contact),
        ConditionExpression: "taskId = :task",
        ExpressionAttributeValues: { ":task": watch.taskId },
      },
    };
  }

  /**
   * The batch's task saves and recoveries in one transaction (more only past DynamoDB's 100 actions, one after
   * another since they share the loop row): a round trip per batch instead of one per customer, and one instead of
   * two when the batch both opens tasks and counts recoveries. A save whose condition failed is reported "conflict",
   * a recovery whose watch is gone or names a newer task false (counted before, or no longer applies); the rest are
   * sent again without them, as the worker's store does with records.
   */
  async saveTasks(saves: readonly TaskSave[], recoveries: readonly RecoveryWatch[] = []): Promise<TaskSaveOutcomes> {
    const outcomes: TaskSaveOutcomes = { saves: new Map(), recoveries: new Map() };
    type Entry = { actions: TransactItem[]; counters: readonly CounterIncrement[]; done: (saved: boolean) => void };
    const entries: Entry[] = [
      ...saves.map(
        (save): Entry => ({
          actions: this.saveActions(save),
          counters: save.counters ?? [],
          done: (saved) => outcomes.saves.set(save.task.id, saved ? "saved" : "conflict"),
        }),
      ),
      ...[...new Map(recoveries.map((w) => [w.contact, w])).values()].map(
        (watch): Entry => ({
          actions: [this.recoveryEnd(watch)],
          counters: [{ week: watch.week, key: LOOP_KEY, add: { [RECOVERED]: 1 } }],
          done: (counted) => outcomes.recoveries.set(watch.contact, counted),
        }),
      ),
    ];
    const groups: Entry[][] = [];
    let size = 0;
    for (const entry of entries) {
      const current = groups.at(-1);
      const counters = mergeCounters([...(current ?? []), entry].flatMap((e) => e.counters)).length;
      if (current && size + entry.actions.length + counters <= MAX_TRANSACTION_ACTIONS) {
        current.push(entry);
        size += entry.actions.length;
      } else {
        groups.push([entry]);
        size = entry.actions.length;
      }
    }
    for (const group of groups) {
      let pending = group;
      while (pending.length > 0) {
        const owned = pending.flatMap((entry) => entry.actions.map((action) => ({ action, entry })));
        const counters = mergeCounters(pending.flatMap((e) => e.counters));
        try {
          await sendCounterTransaction(
            this.db,
            (shard) => [
              ...owned.map((o) => o.action),
              ...counters.map((c) => counterUpdateAction(this.tableName, c, shard)),
            ],
            this.counterWrites,
          );
          for (const entry of pending) entry.done(true);
          pending = [];
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const failed = new Set(
            (error.CancellationReasons ?? []).flatMap((r, i) =>
              r.Code === "ConditionalCheckFailed" && owned[i] ? [owned[i].entry] : [],
            ),
          );
          if (failed.size === 0) throw error;
          for (const entry of failed) entry.done(false);
          pending = pending.filter((entry) => !failed.has(entry));
        }
      }
    }
    return outcomes;
  }

  /**
   * What the worker needs to know of a batch's customers, in one BatchGetItem: the active task of those whose
   * feedback opens or joins one, and the recovery watch of those whose answer may recover one.
   */
  async contactStates(
    withOpenTask: readonly ContactKey[],
    withWatch: readonly ContactKey[],
  ): Promise<{ openTaskIds: Map<ContactKey, string>; watches: Map<ContactKey, RecoveryWatch> }> {
    const keys = [...[...new Set(withOpenTask)].map(key.openTask), ...[...new Set(withWatch)].map(key.recovery)];
    const items = keys.length > 0 ? await batchGetAll(this.db, this.tableName, keys) : [];
    const openTaskIds = new Map<ContactKey, string>();
    const watches = new Map<ContactKey, RecoveryWatch>();
    for (const item of items) {
      const { PK, SK, expiresAt: _ttl, ...rest } = item;
      const contact = contactKeyInPartition(PK);
      if (SK === OPEN_TASK) openTaskIds.set(contact, String(rest.taskId));
      else watches.set(contact, { ...rest, contact } as unknown as RecoveryWatch);
    }
    return { openTaskIds, watches };
  }

  async recoveryWatches(contacts: readonly ContactKey[]): Promise<Map<ContactKey, RecoveryWatch>> {
    return (await this.contactStates([], contacts)).watches;
  }

  async watchRecovery(watch: RecoveryWatch): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: watchItem(watch) }));
  }

  async recordRecovery(watch: RecoveryWatch): Promise<boolean> {
    return (await this.recordRecoveries([watch])).get(watch.contact) === true;
  }

  /** Several customers' recoveries in one transaction (while they fit): each watch ends and its loop row counts it. */
  async recordRecoveries(watches: readonly RecoveryWatch[]): Promise<Map<ContactKey, boolean>> {
    return (await this.saveTasks([], watches)).recoveries;
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
