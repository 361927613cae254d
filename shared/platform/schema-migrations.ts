/**
 * `hearback migrate`'s bookkeeping, generic over its steps: the table's schema version and where
 * an unfinished step stopped live in one marker item (`PK = SCHEMA`, `SK = VERSION`); each step
 * moves the table from the version below its own to its own, a Scan page at a time, saving its
 * position after each page so an interrupted run resumes there. Steps decide item by item from
 * the item itself, so re-running one (or `force`) finds nothing left to do.
 */

export interface SchemaProgress {
  /** The table's schema version: 1 when never marked. */
  version: number;
  /** Where an unfinished step stopped (an opaque scan position, see `ownCursor`). */
  cursor?: string | undefined;
}

/** The marker item. */
export interface SchemaMarker {
  progress(): Promise<SchemaProgress>;
  saveProgress(cursor: string): Promise<void>;
  /** Marks the table as migrated to `version` (and forgets the cursor). */
  markVersion(version: number, at: string): Promise<void>;
}

/** What one page of a step did, by the step's own names, and where its next page starts. */
export interface StepPage {
  counts: Record<string, number>;
  cursor?: string | undefined;
}

export interface SchemaStep {
  /** The version the table is at once this step is done. */
  version: number;
  /** Rewrites one page of the table. */
  migratePage(cursor: string | undefined, pageSize: number): Promise<StepPage>;
}

export interface StepReport {
  version: number;
  /** The step picked up where an interrupted run stopped. */
  resumed: boolean;
  pages: number;
  counts: Record<string, number>;
}

export interface SchemaReport {
  /** The table was at the latest version already: nothing was read but the marker. */
  alreadyDone: boolean;
  steps: StepReport[];
}

export interface SchemaOptions {
  /** Run every step again even when the table is marked migrated (harmless: nothing left to do is done). */
  force?: boolean;
  /** Items per Scan page (each page's writes finish before its position is saved). */
  pageSize?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

/** Cursors saved before there were several steps carry no version: they are the first step's. */
const UNTAGGED_CURSOR_VERSION = 2;

/** A saved cursor names its step, so one step never resumes from another's position. */
const tagged = (version: number, cursor: string) =>
  version === UNTAGGED_CURSOR_VERSION ? cursor : `${version}:${cursor}`;

/** The saved cursor if it is `version`'s own. */
export const ownCursor = (version: number, saved: string | undefined): string | undefined => {
  if (saved === undefined) return undefined;
  const match = /^(\d+):(.*)$/.exec(saved);
  const [of, cursor] = match ? [Number(match[1]), match[2]] : [UNTAGGED_CURSOR_VERSION, saved];
  return of === version ? cursor : undefined;
};

/**
 * Runs the steps the table has not had yet, in version order (all of them with `force`). One
 * GetItem when the table is up to date.
 */
export const runSchemaSteps = async (
  marker: SchemaMarker,
  steps: readonly SchemaStep[],
  opts: SchemaOptions = {},
): Promise<SchemaReport> => {
  const log = opts.log ?? (() => undefined);
  const progress = await marker.progress();
  const pending = [...steps]
    .sort((a, b) => a.version - b.version)
    .filter((s) => opts.force || s.version > progress.version);
  if (pending.length === 0) return { alreadyDone: true, steps: [] };
  let version = progress.version;
  const reports: StepReport[] = [];
  for (const step of pending) {
    let cursor = opts.force ? undefined : ownCursor(step.version, progress.cursor);
    const report: StepReport = { version: step.version, resumed: cursor !== undefined, pages: 0, counts: {} };
    do {
      const { cursor: next, counts } = await step.migratePage(cursor, opts.pageSize ?? 100);
      for (const [k, n] of Object.entries(counts)) report.counts[k] = (report.counts[k] ?? 0) + n;
      report.pages++;
      cursor = next;
      if (cursor !== undefined) await marker.saveProgress(tagged(step.version, cursor));
      if (report.pages % 50 === 0)
        log(`version ${step.version}: ${report.counts.scanned ?? 0} items read, ${report.pages} pages`);
    } while (cursor !== undefined);
    // A forced re-run of an older step never lowers the version.
    version = Math.max(version, step.version);
    await marker.markVersion(version, (opts.now?.() ?? new Date()).toISOString());
    reports.push(report);
  }
  return { alreadyDone: false, steps: reports };
};
