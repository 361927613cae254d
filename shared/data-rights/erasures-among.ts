import type { ContactKey } from "#shared/feedback/model/contact";
import { erasedByTombstone } from "./model/erasure.ts";
import type { Erasures } from "./ports/customer-data.ts";

/**
 * When the contacts of a batch of messages were erased, looked up only where it matters: a message received after
 * the latest erasure (the register's horizon, one read) cannot be an erased customer's, so while nobody was erased
 * since the batch's messages came in, no tombstone is read at all.
 */
export const erasuresAmong = async (
  erasures: Pick<Erasures, "erasedAt" | "horizon">,
  messages: ReadonlyArray<{ contact: ContactKey; receivedAt: string }>,
): Promise<Map<ContactKey, string>> => {
  const horizon = await erasures.horizon();
  if (horizon.known && horizon.latest === undefined) return new Map();
  const contacts = messages.flatMap(({ contact, receivedAt }) =>
    !horizon.known || erasedByTombstone(receivedAt, horizon.latest) ? [contact] : [],
  );
  return contacts.length === 0 ? new Map() : erasures.erasedAt(contacts);
};
