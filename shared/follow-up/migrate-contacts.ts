import { CONTACT_KEYS_VERSION } from "./model/contact-migration.ts";
import type { ContactMigrationStore, MigrationCounts } from "./ports/contact-migration.ts";

export interface MigrationReport extends MigrationCounts {
  /** The table was marked migrated already: nothing was read but the marker. */
  alreadyDone: boolean;
  /** The run picked up where an interrupted one stopped. */
  resumed: boolean;
  pages: number;
}

export interface MigrateOptions {
  /** Scan everything again even when the table is marked migrated (harmless: nothing left to do is done). */
  force?: boolean;
  /** Items per Scan page (each page's writes finish before its position is saved). */
  pageSize?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

const none = (): MigrationCounts => ({ scanned: 0, feedback: 0, tasks: 0, moved: 0, superseded: 0, unknown: 0 });

/**
 * Moves a table written before customers and social authors had separate key spaces to contact
 * keys (schema version 2; see model/contact-migration.ts). One GetItem when the table is marked
 * done; otherwise a Scan, page by page, saving its position after each page so an interrupted run
 * resumes there. Every write is conditional on what was read, so a re-run (or `force`) changes nothing.
 */
export const migrateContactKeys = async (
  store: ContactMigrationStore,
  opts: MigrateOptions = {},
): Promise<MigrationReport> => {
  const log = opts.log ?? (() => undefined);
  const progress = await store.progress();
  if (progress.version >= CONTACT_KEYS_VERSION && !opts.force)
    return { ...none(), alreadyDone: true, resumed: false, pages: 0 };
  const resumed = !opts.force && progress.cursor !== undefined;
  let cursor = opts.force ? undefined : progress.cursor;
  const report: MigrationReport = { ...none(), alreadyDone: false, resumed, pages: 0 };
  do {
    const { cursor: next, ...counts } = await store.migratePage(cursor, opts.pageSize ?? 100);
    for (const k of Object.keys(counts) as Array<keyof MigrationCounts>) report[k] += counts[k];
    report.pages++;
    cursor = next;
    if (cursor !== undefined) await store.saveProgress(cursor);
    if (report.pages % 50 === 0) log(`${report.scanned} items read, ${report.pages} pages`);
  } while (cursor !== undefined);
  await store.markVersion(CONTACT_KEYS_VERSION, (opts.now?.() ?? new Date()).toISOString());
  return report;
};
