import { phoneNumbersIn } from "#shared/analysis/model/pii";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { localeOf, type SupportedLocale } from "#shared/kernel/locale";
import type { FollowUpTaskV2 } from "./model/task.ts";
import type { ContactDetails } from "./model/task-api.ts";

export const customerLocale = (records: readonly StoredFeedback[], fallback: SupportedLocale): SupportedLocale => {
  for (const r of records) {
    const fromLocale = r.locale === undefined ? undefined : localeOf(r.locale);
    if (fromLocale) return fromLocale;
    const fromLanguage = localeOf(r.language);
    if (fromLanguage) return fromLanguage;
  }
  return fallback;
};

/**
 * How a support lead reaches the customer of a task: the email and name they gave (with a survey
 * link or in the feedback), the phone numbers they wrote in their words, and the language to write
 * to them in. Read from the feedback's originals, newest first, while their retention lasts; what
 * the customer gave last wins. Personal data: show it raw only to viewers with the right, and
 * audit it (shared/privacy/).
 */
export const contactDetails = async (
  feedback: Pick<FeedbackStore, "originals" | "storedRecords">,
  task: Pick<FollowUpTaskV2, "feedbackIds">,
  fallbackLocale: SupportedLocale,
): Promise<ContactDetails> => {
  const ids = [...task.feedbackIds].reverse();
  const [originals, records] = await Promise.all([feedback.originals(ids), feedback.storedRecords(ids)]);
  const details: ContactDetails = { phones: [], locale: fallbackLocale };
  const phones = new Set<string>();
  for (const id of ids) {
    const o = originals.get(id);
    if (!o) continue;
    details.email ??= o.customerEmail;
    details.name ??= o.customerName;
    if (o.originalText) for (const p of phoneNumbersIn(o.originalText)) phones.add(p);
  }
  details.phones = [...phones].slice(0, 3);
  details.locale = customerLocale(
    ids.flatMap((id) => records.get(id) ?? []),
    fallbackLocale,
  );
  return details;
};
