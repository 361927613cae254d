import { runSchemaSteps, type SchemaOptions, type SchemaStep } from "#shared/platform/schema-migrations";
import { CONTACT_KEYS_VERSION } from "./model/contact-migration.ts";
import type { ContactMigrationStore, MigrationCounts } from "./ports/contact-migration.ts";

export interface MigrationReport extends MigrationCounts {
  /** The table was marked migrated already: nothing was read but the marker. */
  alreadyDone: boolean;
  /** The run picked up where an interrupted one stopped. */
  resumed: boolean;
  pages: number;
}

export type MigrateOptions = SchemaOptions;

const none = (): MigrationCounts => ({ scanned: 0, feedback: 0, tasks: 0, moved: 0, superseded: 0, unknown: 0 });

/** The contact-key step (schema version 2) on its own store, for the generic runner. */
export const contactKeysStep = (store: ContactMigrationStore): SchemaStep => ({
  version: CONTACT_KEYS_VERSION,
  migratePage: async (at, pageSize) => {
    const { cursor, ...counts } = await store.migratePage(at, pageSize);
    return { counts: { ...counts }, cursor };
  },
});

/**
 * Moves a table written before customers and social authors had separate key spaces to contact
 * keys (schema version 2; see model/contact-migration.ts) and nothing else. One GetItem when the
 * table is marked done; otherwise a Scan, page by page, saving its position after each page so an
 * interrupted run resumes there. Every write is conditional on what was read, so a re-run (or
 * `force`) changes nothing. `hearback migrate` runs every step (migrate-schema.ts).
 */
export const migrateContactKeys = async (
  store: ContactMigrationStore,
  opts: MigrateOptions = {},
): Promise<MigrationReport> => {
  const { alreadyDone, steps } = await runSchemaSteps(store, [contactKeysStep(store)], opts);
  const [step] = steps;
  const report: MigrationReport = { ...none(), alreadyDone, resumed: step?.resumed ?? false, pages: step?.pages ?? 0 };
  for (const k of Object.keys(none()) as Array<keyof MigrationCounts>) report[k] += step?.counts[k] ?? 0;
  return report;
};
