import * as z from "zod";

export const AuditedAction = z.enum(["erase", "export", "view-unmasked"]);
export type AuditedAction = z.infer<typeof AuditedAction>;

/**
 * One line of the personal-data audit: who (a support lead, `api:<key name>`, `cli:<user>`), when,
 * what, about whom. The subject is a pseudonym (or hearback's own record ids), never a customer id
 * or address, so the audit itself holds no personal data and outlives an erasure.
 */
export const AuditRecord = z.object({
  at: z.string(),
  actor: z.string().min(1),
  action: AuditedAction,
  /** `cust_…`/`author_…` pseudonym of the customer, or the ids of what was shown. */
  subject: z.string(),
  /** Counts and record ids: what was erased, exported or shown. */
  detail: z.string().optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** Audit lines are kept three years (PIPL art. 55-56 records of processing), then expire. */
export const AUDIT_RETENTION_DAYS = 3 * 365;

/** Many unmasked reads of one request become one line: who saw which records. */
export const viewAudit = (
  actor: string,
  reads: ReadonlyArray<{ kind: string; id: string }>,
  at: string,
): AuditRecord | undefined => {
  if (reads.length === 0) return undefined;
  const ids = [...new Set(reads.map((r) => `${r.kind}:${r.id}`))];
  const shown = ids.slice(0, 50).join(", ");
  return {
    at,
    actor,
    action: "view-unmasked",
    subject: `${ids.length} record${ids.length === 1 ? "" : "s"}`,
    detail: ids.length > 50 ? `${shown}, … (${ids.length - 50} more)` : shown,
  };
};
