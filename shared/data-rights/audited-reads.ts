import type { UnmaskedRead } from "#shared/privacy/model/disclose";
import { viewAudit } from "./model/audit.ts";
import type { AuditLog } from "./ports/audit-log.ts";

/**
 * Collects the records one request shows unmasked (the policy's `onUnmasked` hook) and writes them as
 * one audit line at the end of the request: who saw which records, when.
 */
export const auditedReads = (audit: Pick<AuditLog, "record">, now: () => Date) => {
  const reads: UnmaskedRead[] = [];
  return {
    onUnmasked: (read: UnmaskedRead) => {
      reads.push(read);
    },
    flush: async (actor: string) => {
      const line = viewAudit(actor, reads.splice(0), now().toISOString());
      if (line) await audit.record([line]);
    },
  };
};
