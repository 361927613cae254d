import type { AuditRecord } from "../model/audit.ts";

/** Who did what with personal data, when: erasures, exports, unmasked views. Append-only. */
export interface AuditLog {
  record(entries: readonly AuditRecord[]): Promise<void>;
  /** One UTC day's entries, oldest first, a page at a time (the cursor is one this log returned). */
  list(
    day: string,
    opts: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: AuditRecord[]; cursor?: string }>;
}
