import { type AnswerEffect, answerConfirmation, type CustomerAnswer, confirmationOf } from "./model/confirmation.ts";
import { loopCounterChange } from "./model/loop.ts";
import { type FollowUpTaskV2, isTaskId } from "./model/task.ts";
import type { TaskStore } from "./ports/task-store.ts";
import { announceChange, type TaskChangeEvents } from "./task-notice.ts";

/**
 * The customer's side of "is your problem solved?" (the page behind the link,
 * functions/http/confirm-resolution.ts): what the link still asks, and recording the answer. The
 * link names a task and a round (shared/surveys/model/confirmation-token.ts); this finds them.
 */

export interface ConfirmationRef {
  taskId: string;
  round: number;
}

export type QuestionStatus = "ask" | "already_answered" | "not_found";

/** A task the link may act on: a real id, still there, and not erased on the customer's request. */
const findTask = async (
  tasks: Pick<TaskStore, "getTask">,
  ref: ConfirmationRef,
): Promise<FollowUpTaskV2 | undefined> => {
  if (!isTaskId(ref.taskId)) return undefined;
  const task = await tasks.getTask(ref.taskId);
  return task && task.contact.kind !== "erased" ? task : undefined;
};

/** What a GET of the link shows: the question, "you already answered", or the friendly 404. */
export const questionStatus = async (
  deps: { tasks: Pick<TaskStore, "getTask"> },
  ref: ConfirmationRef,
): Promise<QuestionStatus> => {
  const task = await findTask(deps.tasks, ref);
  const entry = task && confirmationOf(task, ref.round);
  if (!entry) return "not_found";
  return entry.answer ? "already_answered" : "ask";
};

export type AnswerOutcome = AnswerEffect | "already_answered" | "not_found" | "busy";

const MAX_CONFLICT_RETRIES = 4;

/**
 * Records the customer's answer and what it does to the task, with its yes or no counted in the
 * loop counters, all in one write conditional on the version read. Someone else writing the task
 * meanwhile (a lead, the sweep closing it) only means reading it again and deciding anew, so an
 * answer racing the auto-close is recorded against whichever state won. A "no" while the customer
 * has another active task (opened by later feedback, where they are being helped now) is recorded
 * on this one without reopening it. "busy" when the task kept changing under every attempt
 * (nothing was written; the customer may try again).
 */
export const answerQuestion = async (
  deps: { tasks: Pick<TaskStore, "getTask" | "saveTask">; events?: TaskChangeEvents | undefined },
  ref: ConfirmationRef,
  answer: CustomerAnswer,
  now: Date,
): Promise<AnswerOutcome> => {
  let canReopen = true;
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const task = await findTask(deps.tasks, ref);
    if (!task) return "not_found";
    const result = answerConfirmation(task, ref.round, answer, now, canReopen);
    if (result.effect === "not_asked") return "not_found";
    if (result.effect === "already_answered") return "already_answered";
    const loop = loopCounterChange(task, result.task);
    if ((await deps.tasks.saveTask(result.task, task.version, loop ? [loop] : [])) === "saved") {
      // A "no" that reopened the task is told to the bus (task.reopened).
      await announceChange(deps.events, task, result.task, now);
      return result.effect;
    }
    // The task itself did not change: its customer's open-task pointer names another task (new
    // feedback opened one after this resolution), so this one cannot become active again.
    if (result.effect === "reopened" && (await deps.tasks.getTask(task.id))?.version === task.version)
      canReopen = false;
  }
  return "busy";
};
