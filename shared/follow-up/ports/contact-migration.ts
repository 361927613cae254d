/** What one page of the contact-key migration did (see model/contact-migration.ts). */
export interface MigrationCounts {
  /** Items read. */
  scanned: number;
  /** Feedback records whose history index entry was re-keyed. */
  feedback: number;
  /** Tasks given their structured contact. */
  tasks: number;
  /** Open-task pointers, recovery watches and last-surveyed marks moved to their new partition. */
  moved: number;
  /** Old items dropped because the new code had already written a newer one at the new key. */
  superseded: number;
  /** Items whose contact could not be told (a pointer to a task that no longer exists): left as they are. */
  unknown: number;
}

export interface MigrationProgress {
  /** The table's schema version: 1 when never marked. */
  version: number;
  /** Where an unfinished run stopped (an opaque scan position). */
  cursor?: string | undefined;
}

/** The table side of the migration; a full-table Scan, so only for this one-off job. */
export interface ContactMigrationStore {
  progress(): Promise<MigrationProgress>;
  /** Rewrites one page of the table; returns what it did and where the next page starts. */
  migratePage(cursor: string | undefined, pageSize: number): Promise<MigrationCounts & { cursor?: string }>;
  saveProgress(cursor: string): Promise<void>;
  /** Marks the table as migrated to `version` (and forgets the cursor). */
  markVersion(version: number, at: string): Promise<void>;
}
