import type { Contact } from "#shared/feedback/model/contact";
import { contactKey } from "#shared/feedback/model/contact";
import type { AuditRecord } from "./model/audit.ts";
import { type ErasureReport, scrubTask } from "./model/erasure.ts";
import type { AuditLog } from "./ports/audit-log.ts";
import type { CustomerData, CustomerHoldings, Erasures } from "./ports/customer-data.ts";

export interface CustomerRightsDeps {
  data: CustomerData;
  erasures: Erasures;
  audit: Pick<AuditLog, "record">;
  /** How the audit names the subject: the customer's pseudonym (shared/privacy/model/disclose.ts). */
  subjectOf: (contact: Contact) => string;
  now: () => Date;
}

const countOf = (h: CustomerHoldings) => h.feedback.length + h.tasks.length + h.surveys.length + h.other.length;

/**
 * Erases everything held about a contact (see model/erasure.ts for what goes and what stays). The
 * tombstone comes first, so a message redelivered while this runs is dropped by the worker; a second
 * pass catches a record a worker was storing at that very moment. Audited; idempotent.
 */
export const eraseCustomer = async (
  contact: Contact,
  actor: string,
  deps: CustomerRightsDeps,
): Promise<ErasureReport> => {
  const key = contactKey(contact);
  const erasedAt = deps.now().toISOString();
  await deps.erasures.tombstone(key, erasedAt);
  const report: ErasureReport = { erasedAt, feedback: 0, tasks: 0, surveys: 0, otherItems: 0 };
  for (let pass = 0; pass < 2; pass++) {
    const holdings = await deps.data.holdings(key);
    if (countOf(holdings) === 0) break;
    await deps.data.erase(
      key,
      holdings,
      holdings.tasks.map((t) => scrubTask(t, erasedAt)),
    );
    report.feedback += holdings.feedback.length;
    report.tasks += holdings.tasks.length;
    report.surveys += holdings.surveys.length;
    report.otherItems += holdings.other.length;
  }
  const line: AuditRecord = {
    at: erasedAt,
    actor,
    action: "erase",
    subject: deps.subjectOf(contact),
    detail: `${report.feedback} feedback, ${report.tasks} tasks scrubbed, ${report.surveys} surveys, ${report.otherItems} other items`,
  };
  await deps.audit.record([line]);
  return report;
};

/** Everything held about a contact, as JSON (PIPL art. 45, GDPR art. 15 and 20). Audited. */
export const exportCustomer = async (contact: Contact, actor: string, deps: Omit<CustomerRightsDeps, "erasures">) => {
  const holdings = await deps.data.holdings(contactKey(contact));
  const exportedAt = deps.now().toISOString();
  await deps.audit.record([
    {
      at: exportedAt,
      actor,
      action: "export",
      subject: deps.subjectOf(contact),
      detail: `${holdings.feedback.length} feedback, ${holdings.tasks.length} tasks, ${holdings.surveys.length} surveys`,
    },
  ]);
  return {
    contact,
    exportedAt,
    feedback: holdings.feedback,
    tasks: holdings.tasks,
    surveys: holdings.surveys.map(({ keys: _keys, ...survey }) => survey),
    other: holdings.other,
  };
};
