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

export class NotFoundError extends HearbackError {
  override name = "NotFoundError";
}

/** A dependency (store, queue, analyzer) is unavailable for now; the caller may retry. */
export class UnavailableError extends HearbackError {
  override name = "UnavailableError";
}
