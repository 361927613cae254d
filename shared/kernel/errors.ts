/** Base of every error the domain raises on purpose. Domain errors know nothing about HTTP. */
export class HearbackError extends Error {
  override name = "HearbackError";
}

/** Input that breaks the message schema. `issues` name the fields, in the order found. */
export class ValidationError extends HearbackError {
  override name = "ValidationError";
  constructor(
    message: string,
    readonly issues: ReadonlyArray<{ field: string; message: string }>,
  ) {
    super(message);
  }
}

/**
 * The request conflicts with the current state: a stale version, a step the state does not allow
 * now, a resource managed elsewhere. `title` names the kind of conflict for people; `details` says
 * what the caller needs to recover (e.g. the current version).
 */
export class ConflictError extends HearbackError {
  override name = "ConflictError";
  constructor(
    message: string,
    readonly title = "Conflict",
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends HearbackError {
  override name = "NotFoundError";
}

/** A dependency (store, queue, analyzer) is unavailable for now; the caller may retry. */
export class UnavailableError extends HearbackError {
  override name = "UnavailableError";
}

/** Too many requests from one caller or for one resource; nothing was done. Retry after the wait. */
export class RateLimitError extends HearbackError {
  override name = "RateLimitError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
