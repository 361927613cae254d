import {
  runSchemaSteps,
  type SchemaMarker,
  type SchemaOptions,
  type SchemaReport,
  type SchemaStep,
} from "#shared/platform/schema-migrations";
import { contactKeysStep } from "./migrate-contacts.ts";
import type { ContactMigrationStore } from "./ports/contact-migration.ts";

/** The version a table is at after `hearback migrate` (4: the erasure horizon; 5: touchpoint x theme counts). */
export const SCHEMA_VERSION = 5;

export interface SchemaMigration {
  marker: SchemaMarker;
  /** Version 2: contact keys (model/contact-migration.ts). */
  contacts: ContactMigrationStore;
  /** Version 3: originals and survey contacts expire (model/retention-migration.ts). */
  retention: SchemaStep;
  /** Version 4: the erasure horizon (shared/data-rights/adapters/dynamo-erasure-horizon-migration.ts). */
  erasureHorizon: SchemaStep;
  /** Version 5: older records counted in the touchpoint x theme rows (shared/feedback/adapters/dynamo-counters-backfill.ts). */
  countersBackfill: SchemaStep;
}

/**
 * `hearback migrate`: every step the table has not had yet, in order, each resumable; one GetItem
 * on a table that is up to date.
 */
export const migrateSchema = (migration: SchemaMigration, opts: SchemaOptions = {}): Promise<SchemaReport> =>
  runSchemaSteps(
    migration.marker,
    [contactKeysStep(migration.contacts), migration.retention, migration.erasureHorizon, migration.countersBackfill],
    opts,
  );
