import { ConflictError } from "#shared/kernel/errors";
import type { Suppression } from "./suppression.ts";

/**
 * An email was not sent because its address is on the suppression list. The message names the
 * reason and date, never the address (it ends up in logs and in the lead's flash line).
 */
export class AddressSuppressedError extends ConflictError {
  override name = "AddressSuppressedError";
  constructor(readonly suppression: Pick<Suppression, "reason" | "at">) {
    super(
      `Not sent: the address ${suppression.reason === "bounce" ? "bounced" : "complained"} on ${suppression.at.slice(0, 10)} and is suppressed.`,
      "Address suppressed",
      { reason: suppression.reason, at: suppression.at },
    );
  }
}
