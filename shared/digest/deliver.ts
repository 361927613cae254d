import type { DigestSubscription } from "./model/subscriptions.ts";
import type { DigestLedger } from "./ports/delivery.ts";

/**
 * Sends one period's email (a week's digest, a month's report) to each recipient of a subscription
 * at most once: people who unsubscribed are skipped, a claim is recorded before each email and given
 * back if sending fails, so a retried run never sends twice and a failed one can be run again.
 */
export const deliverToRecipients = async (
  ledger: Pick<DigestLedger, "claim" | "release" | "unsubscribed">,
  subscription: Pick<DigestSubscription, "id" | "recipients">,
  period: string,
  now: Date,
  sendTo: (to: string) => Promise<void>,
): Promise<{ sent: number; skipped: number; failed: number }> => {
  const counts = { sent: 0, skipped: 0, failed: 0 };
  const gone = await ledger.unsubscribed(subscription.id, subscription.recipients);
  for (const to of subscription.recipients) {
    if (gone.has(to.toLowerCase()) || !(await ledger.claim(subscription.id, period, to, now.toISOString()))) {
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
