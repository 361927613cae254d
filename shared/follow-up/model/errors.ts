import { ConflictError, HearbackError } from "#shared/kernel/errors";

/**
 * Base of every error the follow-up domain raises on purpose, so the glue can tell "the request
 * broke a follow-up rule" (answer 409/422, do not retry) from an outage (retry).
 */
export class FollowUpError extends HearbackError {
  override name = "FollowUpError";
}

/** A lifecycle step that the task's current state does not allow, e.g. resolving a closed task. */
export class TaskTransitionError extends ConflictError {
  override name = "TaskTransitionError";
  constructor(
    message: string,
    /** The step that was refused, e.g. "resolve". */
    readonly action: string,
    /** The status the task was in when the step was refused. */
    readonly status: string,
  ) {
    super(message, "Not allowed now");
  }
}

/** Business hours that cannot produce a deadline (no working days, end not after start, bad zone). */
export class BusinessHoursError extends FollowUpError {
  override name = "BusinessHoursError";
}
