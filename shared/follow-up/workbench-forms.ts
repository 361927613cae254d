import { problemOf } from "#shared/edge/problem";
import { ValidationError } from "#shared/kernel/errors";
import { TaskTransitionError } from "./model/errors.ts";
import { TaskStatus } from "./model/task.ts";
import { ASSIGNEE_MAX, Assignee } from "./model/task-api.ts";
import type { WorkbenchContext } from "./views/triage-view.ts";

/** What the workbench's forms send, checked, and what a refused action says to the lead, in their words. */

/** A 4xx is the lead's to fix and is said in the flash line, in their words; anything else is ours and is thrown. */
export const sayProblem = (error: unknown, ctx: WorkbenchContext): string => {
  const T = ctx.text;
  const problem = problemOf(error);
  if (problem.status >= 500) throw error;
  if (error instanceof TaskTransitionError) {
    const status = TaskStatus.safeParse(error.status);
    return T.notAllowedNow(status.success ? ctx.words.status(status.data) : error.status);
  }
  if (problem.status === 409) return T.conflict;
  if (problem.status === 404) return T.notFound;
  if (error instanceof ValidationError) {
    const field = error.issues[0]?.field;
    if (field === "outcome") return T.needOutcome;
    if (field === "assignee") return T.assigneeInvalid(ASSIGNEE_MAX);
    if (field === "note") return T.noteEmpty;
    if (field === "subject" || field === "body") return T.replyInvalid;
    return T.invalidInput;
  }
  return problem.status === 400 ? T.invalidInput : problem.detail;
};

/**
 * The colleague an "assign" form names (the task page's field), checked like the tasks API's
 * `assignee`; undefined when the form names nobody (the queue's "Assign to me").
 */
export const assigneeOf = (form: URLSearchParams): string | undefined => {
  if (!form.has("assignee")) return undefined;
  const parsed = Assignee.safeParse(form.get("assignee") ?? "");
  if (!parsed.success) {
    throw new ValidationError("The assignee is invalid", [
      { field: "assignee", message: parsed.error.issues[0]?.message ?? "is invalid" },
    ]);
  }
  return parsed.data;
};
