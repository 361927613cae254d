import { parseMailEvent, recipientEvents } from "./model/ses-event.ts";
import { transientWindowStart, verdictAfterTransients, verdictFor } from "./model/suppression.ts";
import type { MailSuppressions } from "./ports/suppressions.ts";

/**
 * What one SES event did, by count (never by address: the report is logged). An event of a shape
 * we do not know is ignored and said so: throwing would only have EventBridge retry it, unchanged.
 */
export type MailEventReport =
  | { status: "ignored"; problems: string[] }
  | {
      status: "recorded";
      eventType: "Bounce" | "Complaint";
      /** Addresses this event put on the list. */
      suppressed: number;
      /** Already on it (a redelivered event, an earlier bounce) or lifted since: nothing changed. */
      alreadySuppressed: number;
      /** Soft bounces counted without suppressing (yet). */
      transient: number;
      /** "not-spam" feedback reports: nothing to do. */
      ignored: number;
    };

/**
 * Bounces and complaints from SES onto the suppression list. Idempotent: the same event twice
 * suppresses nothing new and counts each soft bounce once (by its message id).
 */
export const recordMailEvent = async (
  deps: { suppressions: MailSuppressions },
  raw: unknown,
): Promise<MailEventReport> => {
  const parsed = parseMailEvent(raw);
  if (!parsed.ok) return { status: "ignored", problems: parsed.problems };
  const report = {
    status: "recorded" as const,
    eventType: parsed.event.detail.eventType,
    suppressed: 0,
    alreadySuppressed: 0,
    transient: 0,
    ignored: 0,
  };
  for (const recipient of recipientEvents(parsed.event)) {
    let verdict = verdictFor(recipient);
    if (verdict.action === "count-transient") {
      report.transient++;
      const count = await deps.suppressions.recordTransient(
        recipient.address,
        { messageId: recipient.messageId, at: recipient.at },
        transientWindowStart(recipient.at),
      );
      verdict = verdictAfterTransients(recipient, count);
    }
    if (verdict.action === "suppress") {
      const outcome = await deps.suppressions.suppress(recipient.address, verdict.suppression);
      if (outcome === "suppressed") report.suppressed++;
      else report.alreadySuppressed++;
    } else if (recipient.kind === "not-spam") report.ignored++;
  }
  return report;
};
