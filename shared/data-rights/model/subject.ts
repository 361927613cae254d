import type { Contact } from "#shared/feedback/model/contact";
import { pseudonymOf } from "#shared/privacy/model/disclose";

/** How audit lines name a customer: the pseudonym the APIs show for them, never the id itself. */
export const auditSubject = (contact: Contact, key: string): string =>
  contact.kind === "customer"
    ? pseudonymOf("cust", contact.id, key)
    : contact.kind === "social"
      ? pseudonymOf("author", contact.handle, key)
      : "erased";
