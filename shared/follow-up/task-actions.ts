import { ConflictError, NotFoundError, ValidationError } from "#shared/kernel/errors";
import { TaskTransitionError } from "./model/errors.ts";
import { loopCounterChange } from "./model/loop.ts";
import { type FollowUpTaskV2, isTaskId, Outcome } from "./model/task.ts";
import {
  addNote,
  assign,
  close,
  markContacted,
  reopen,
  resolve,
  resumeFromCustomer,
  waitOnCustomer,
} from "./model/transitions.ts";
import type { TaskStore } from "./ports/task-store.ts";
import { type ConfirmationSender, planConfirmation, sendConfirmation } from "./resolution-confirmation.ts";
import { announceChange, type TaskChangeEvents } from "./task-notice.ts";

export const TASK_ACTIONS = ["assign", "note", "contact", "wait", "resume", "resolve", "close", "reopen"] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface ActionInput {
  version: number;
  assignee?: string | undefined;
  note?: string | undefined;
  outcome?: string | undefined;
  reason?: string | undefined;
  /**
   * Resolve only: ask the customer "is your problem solved?" (true), or not (false); left out, the
   * deployment's `confirmResolution` rule decides. Asked only when their email is known.
   */
  confirm?: boolean | undefined;
}

export class TaskNotFoundError extends NotFoundError {
  override name = "TaskNotFoundError";
}

/** Someone else changed the task since it was read: nothing was written; reload and retry. */
export class TaskConflictError extends ConflictError {
  override name = "TaskConflictError";
  constructor(readonly current: FollowUpTaskV2 | undefined) {
    super("The task was changed by someone else; reload it and try again.", "Conflict", {
      currentVersion: current?.version,
      currentStatus: current?.status,
    });
  }
}

const apply = (
  task: FollowUpTaskV2,
  action: TaskAction,
  input: ActionInput,
  actor: string,
  at: Date,
): FollowUpTaskV2 => {
  switch (action) {
    case "assign":
      return assign(task, input.assignee?.trim() || actor, actor, at);
    case "note":
      if (!input.note?.trim())
        throw new ValidationError("A note needs text", [{ field: "note", message: "must not be empty" }]);
      return addNote(task, actor, at, input.note.trim());
    case "contact":
      return markContacted(task, actor, at, input.note);
    case "wait":
      return waitOnCustomer(task, actor, at, input.note);
    case "resume":
      return resumeFromCustomer(task, actor, at, input.note);
    case "resolve": {
      const outcome = Outcome.safeParse(input.outcome);
      if (!outcome.success) {
        throw new ValidationError("Say how the task was resolved", [
          { field: "outcome", message: `must be one of ${Outcome.options.join(", ")}` },
        ]);
      }
      return resolve(task, outcome.data, actor, at, input.note);
    }
    case "close":
      return close(task, actor, at, input.reason === "timeout" ? "timeout" : "customer_confirmed");
    case "reopen":
      return reopen(task, actor, at, input.reason?.trim() || "reopened");
  }
};

/**
 * One lifecycle step by a person, written only over the version they saw: two leads acting on the
 * same task at once never lose an update; the second gets a TaskConflictError (HTTP 409). With
 * `confirmations`, a resolve also asks the customer whether the problem is solved (after the
 * resolve is saved; the email's fate never undoes it) and returns the task with that recorded.
 * With `events`, a resolve or reopen is told to the bus (task.resolved, task.reopened) once saved.
 */
export const actOnTask = async (
  deps: {
    tasks: Pick<TaskStore, "getTask" | "saveTask">;
    confirmations?: ConfirmationSender | undefined;
    events?: TaskChangeEvents | undefined;
  },
  taskId: string,
  action: TaskAction,
  input: ActionInput,
  actor: string,
  now: Date,
): Promise<FollowUpTaskV2> => {
  // An id that cannot exist is answered without a read (and without echoing it back).
  if (!isTaskId(taskId)) throw new TaskNotFoundError("No such task.");
  const task = await deps.tasks.getTask(taskId);
  if (!task) throw new TaskNotFoundError(`No task has the id ${taskId}.`);
  if (task.version !== input.version) throw new TaskConflictError(task);
  const applied = apply(task, action, input, actor, now);
  if (applied === task) return task;
  const confirmations = action === "resolve" ? deps.confirmations : undefined;
  const next = confirmations ? planConfirmation(confirmations, applied, input.confirm, now) : applied;
  const loop = loopCounterChange(task, next);
  if ((await deps.tasks.saveTask(next, task.version, loop ? [loop] : [])) === "conflict") {
    throw new TaskConflictError(await deps.tasks.getTask(taskId));
  }
  await announceChange(deps.events, task, next, now);
  return confirmations ? sendConfirmation({ ...confirmations, tasks: deps.tasks }, next, now) : next;
};

export { TaskTransitionError };
