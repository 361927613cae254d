import type { ContactKey } from "#shared/feedback/model/contact";
import type { CounterIncrement } from "#shared/feedback/model/counters";
import type { RecoveryWatch } from "../model/recovery.ts";
import type { FollowUpTaskV2 } from "../model/task.ts";

export interface TaskQuery {
  /** Active tasks sort by next deadline, resolved by auto-close time, closed by close time. */
  partition: "active" | "resolved" | "closed";
  status?: string | undefined;
  team?: string | undefined;
  theme?: string | undefined;
  channel?: string | undefined;
  assignee?: string | undefined;
  /** Only tasks whose index time (e.g. next deadline) is at or before this instant. */
  dueBefore?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface TaskPage {
  items: FollowUpTaskV2[];
  cursor?: string | undefined;
}

/** One task the worker opened or joined, with what is written in the same transaction. */
export interface TaskSave {
  task: FollowUpTaskV2;
  /** The version it was read at; undefined: a new task, which must not exist yet. */
  expectedVersion: number | undefined;
  /** Loop counters, summed per row with the other saves'. */
  counters?: readonly CounterIncrement[] | undefined;
  /** The recovery watch a new detractor task starts (replacing the customer's previous one). */
  watch?: RecoveryWatch | undefined;
}

/** What a batch of saves and recoveries did: by task id, and by contact (true: the recovery is counted now). */
export interface TaskSaveOutcomes {
  saves: Map<string, "saved" | "conflict">;
  recoveries: Map<ContactKey, boolean>;
}

export interface TaskStore {
  /** contact key -> id of the contact's active task, for those who have one. */
  openTaskIds(contacts: readonly ContactKey[]): Promise<Map<ContactKey, string>>;
  /** The active task of the first contacts and the recovery watch of the second, in one read. */
  contactStates(
    withOpenTask: readonly ContactKey[],
    withWatch: readonly ContactKey[],
  ): Promise<{ openTaskIds: Map<ContactKey, string>; watches: Map<ContactKey, RecoveryWatch> }>;
  getTasks(ids: readonly string[]): Promise<Map<string, FollowUpTaskV2>>;
  getTask(id: string): Promise<FollowUpTaskV2 | undefined>;
  /** Conditional on `expectedVersion` (undefined: must not exist yet); `counters` are added in the same transaction. */
  saveTask(
    task: FollowUpTaskV2,
    expectedVersion: number | undefined,
    counters?: readonly CounterIncrement[],
  ): Promise<"saved" | "conflict">;
  /**
   * The worker's batch of saves, active tasks only, and of recoveries, in as few transactions as fit: each save as
   * `saveTask` would (conditional on its version, its contact's pointer kept in step), with its watch; each
   * recovery as `recordRecovery` would. A save whose condition failed is a "conflict" and a recovery whose watch
   * is gone false (nothing of either written; the rest still are).
   */
  saveTasks(saves: readonly TaskSave[], recoveries?: readonly RecoveryWatch[]): Promise<TaskSaveOutcomes>;
  listTasks(query: TaskQuery): Promise<TaskPage>;
  /** Follow-up loop counters per week (opened, responded/resolved in or out of SLA, recovered). */
  loopCounts(weeks: readonly string[]): Promise<Map<string, Record<string, number>>>;
  /** contact key -> the detractor watch still waiting for a better answer. */
  recoveryWatches(contacts: readonly ContactKey[]): Promise<Map<ContactKey, RecoveryWatch>>;
  /** Starts (or replaces) a customer's watch; it lapses by itself after the recovery window. */
  watchRecovery(watch: RecoveryWatch): Promise<void>;
  /** Ends the watch and counts the recovery in one transaction; false when it was counted already. */
  recordRecovery(watch: RecoveryWatch): Promise<boolean>;
  /** The same for several customers at once (one transaction); by contact, true when counted now. */
  recordRecoveries(watches: readonly RecoveryWatch[]): Promise<Map<ContactKey, boolean>>;
}
