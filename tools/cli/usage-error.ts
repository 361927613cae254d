/** A command was called wrongly: the dispatcher prints the message (if any) followed by the usage text. */
export class UsageError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "UsageError";
  }
}
