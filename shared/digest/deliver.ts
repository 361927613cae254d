import { normaliseAddress } from "#shared/mail/model/suppression";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import type { DigestSubscription } from "./model/subscriptions.ts";
import type { DigestLedger } from "./ports/delivery.ts";

/** What one delivery run did for one subscription and period. */
export interface DeliveryCounts {
  sent: number;
  /** Already sent in this period, or unsubscribed. */
  skipped: number;
  /** On the suppression list (their address bounced or complained): not mailed, not claimed. */
  suppressed: number;
  failed: number;
}

export interface DeliveryDeps {
  ledger: Pick<DigestLedger, "claim" | "release" | "unsubscribed">;
  /** Addresses that bounced or complained are not mailed (counted as `suppressed`). */
  suppressions?: Pick<MailSuppressions, "suppressedAmong"> | undefined;
}

/**
 * Sends one period's email (a week's digest, a month's report) to each recipient of a subscription
 * at most once: people who unsubscribed are skipped, and so are addresses on the suppression list
 * (not claimed, so a run after the suppression is lifted still reaches them); a claim is recorded
 * before each email and given back if sending fails, so a retried run never sends twice and a
 * failed one can be run again.
 */
export const deliverToRecipients = async (
  { ledger, suppressions }: DeliveryDeps,
  subscription: Pick<DigestSubscription, "id" | "recipients">,
  period: string,
  now: Date,
  sendTo: (to: string) => Promise<void>,
): Promise<DeliveryCounts> => {
  const counts: DeliveryCounts = { sent: 0, skipped: 0, suppressed: 0, failed: 0 };
  const [gone, dead] = await Promise.all([
    ledger.unsubscribed(subscription.id, subscription.recipients),
    suppressions?.suppressedAmong(subscription.recipients) ?? new Map<string, unknown>(),
  ]);
  for (const to of subscription.recipients) {
    if (gone.has(to.toLowerCase())) {
      counts.skipped++;
      continue;
    }
    if (dead.has(normaliseAddress(to))) {
      counts.suppressed++;
      continue;
    }
    if (!(await ledger.claim(subscription.id, period, to, now.toISOString()))) {
      counts.skipped++;
      continue;
    }
    try {
      await sendTo(to);
      counts.sent++;
    } catch {
      await ledger.release(subscription.id, period, to);
      counts.failed++;
    }
  }
  return counts;
};
