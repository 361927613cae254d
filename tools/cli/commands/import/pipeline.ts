/**
 * The import itself: rows read as a stream, mapped and validated, cut into chunks of up to 100
 * items, and handed to a sink (the ingest queue, or the API) with a bounded number of chunks in
 * flight, so memory stays flat and the file is read no faster than the target takes it. Answered
 * chunks commit in order (shared/import/model/progress.ts): their rejects go to the rejects file,
 * and the progress file moves past them, so a stopped import resumes where it stood.
 */

import { createHash } from "node:crypto";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import {
  addCounts,
  CommitTracker,
  type Committed,
  type Counts,
  type ProgressFile,
  zeroCounts,
} from "#shared/import/model/progress";
import {
  defaultRejectsFile,
  progressFileFor,
  type Reject,
  RejectsFile,
  readProgress,
  removeProgress,
  sha256,
  writeProgress,
} from "./files.ts";
import { type ImportSettings, type Prepared, prepareImport } from "./prepare.ts";

/** What a target says of each item of a chunk, in order. */
export type SinkAnswer = { status: "accepted" | "duplicate" } | { status: "rejected"; reason: string };
export interface Sink {
  accept(items: readonly FeedbackInput[]): Promise<SinkAnswer[]>;
}

export interface Snapshot {
  /** Offset of the last row read, and the file's size: how far along it is. */
  bytes: number;
  totalBytes: number;
  /** Rows read by this run (a resumed run starts at 0). */
  rows: number;
  /** Everything so far, a resumed run's earlier counts included; items still in flight are not. */
  counts: Counts;
}

export interface ImportRunOptions extends ImportSettings {
  rejectsFile?: string | undefined;
  resume?: boolean | undefined;
  /** Items per chunk (the API takes 100 a request). */
  chunkSize?: number | undefined;
  /** Chunks in flight at once. */
  inFlight?: number | undefined;
  /** Stops reading; what is in flight is answered and committed first. */
  signal?: AbortSignal | undefined;
  onProgress?: ((snapshot: Snapshot) => void) | undefined;
  /** Called when the import starts: what it reads, and where it resumes. */
  onStart?: ((prepared: Prepared, resumedAt: Committed | undefined) => void) | undefined;
}

export interface ImportResult {
  counts: Counts;
  /** Rows read by this run. */
  rows: number;
  rejectsFile: string | undefined;
  /** Stopped before the end (the signal, or `error`); the progress file says where to resume. */
  stopped: boolean;
  committed: Committed;
  progressFile: string;
  error?: unknown;
}

/** Rows with one chunk's worth of rejects but no item still cut a chunk, so rejects and progress move on. */
const MAX_ROWS_PER_CHUNK = 500;
/** Ids seen recently, in two generations of this many: a row repeated in the file is a duplicate without a round trip. */
const RECENT_IDS = 100_000;

/**
 * What identifies a row, as the feedback id does (channel and source id), as 16 bytes in a flat
 * string: a window of feedback ids, built by concatenation, would keep a rope of 26 pieces per id.
 */
const rowKey = (item: FeedbackInput): string =>
  createHash("sha256").update(`${item.channel}\u0000${item.sourceId}`).digest().toString("latin1", 0, 16);

class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  has(id: string) {
    return this.current.has(id) || this.previous.has(id);
  }
  add(id: string) {
    if (this.current.size >= RECENT_IDS) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
  }
}

interface Chunk {
  seq: number;
  items: FeedbackInput[];
  /** The row number and original of each item, for the rejects a target may still answer. */
  itemRows: number[];
  itemOriginals: unknown[];
  rejects: Reject[];
  counts: Counts;
  rows: number;
  offset: number;
  row: number;
}

export const runImport = async (opts: ImportRunOptions, sink: Sink): Promise<ImportResult> => {
  const prepared = await prepareImport(opts);
  const progressFile = progressFileFor(opts.file);
  const rejectsPath =
    opts.rejectsFile ?? defaultRejectsFile(opts.file, prepared.sniffed.format === "csv" ? "csv" : "jsonl");
  const input = { size: prepared.size, headSha256: sha256(prepared.head) };

  let committed: Committed = {
    offset: prepared.firstRowOffset,
    row: prepared.firstRowBefore,
    counts: zeroCounts(),
    rejectsBytes: 0,
  };
  let resumedAt: Committed | undefined;
  const saved = opts.resume ? readProgress(progressFile) : undefined;
  if (saved) {
    if (saved.input.size !== input.size || saved.input.headSha256 !== input.headSha256)
      throw new Error(`${opts.file} changed since the import stopped; import it without --resume`);
    if (saved.options !== prepared.signature)
      throw new Error(`the import was started with other options (${saved.options}); resume with the same ones`);
    committed = saved.committed;
    resumedAt = saved.committed;
  }
  opts.onStart?.(prepared, resumedAt);

  const rejects = new RejectsFile(
    rejectsPath,
    prepared.sniffed.format === "csv" ? "csv" : "jsonl",
    prepared.header,
    saved && saved.rejectsFile === rejectsPath ? saved.committed.rejectsBytes : 0,
  );
  const progressOf = (): ProgressFile => ({
    version: 1,
    input,
    options: prepared.signature,
    header: prepared.header,
    rejectsFile: rejectsPath,
    committed,
    updatedAt: new Date().toISOString(),
  });
  let lastSaved = 0;
  const saveProgress = (force = false) => {
    if (!force && Date.now() - lastSaved < 1_000) return;
    lastSaved = Date.now();
    writeProgress(progressFile, progressOf());
  };

  const chunkSize = opts.chunkSize ?? 100;
  const maxInFlight = opts.inFlight ?? 8;
  const tracker = new CommitTracker<Reject>();
  const recent = new RecentIds();
  const inFlight = new Set<Promise<void>>();
  let live = { ...committed.counts };
  let failure: { error: unknown } | undefined;
  let rowsRead = 0;
  let seq = 0;
  const fresh = (offset: number, row: number): Chunk => ({
    seq: seq++,
    items: [],
    itemRows: [],
    itemOriginals: [],
    rejects: [],
    counts: zeroCounts(),
    rows: 0,
    offset,
    row,
  });

  const commit = (chunk: Chunk, answers: readonly SinkAnswer[]) => {
    const answered = zeroCounts();
    const late: Reject[] = [];
    answers.forEach((answer, i) => {
      answered[answer.status]++;
      if (answer.status === "rejected")
        late.push({ row: chunk.itemRows[i] as number, reason: answer.reason, original: chunk.itemOriginals[i] });
    });
    live = addCounts(live, answered);
    const counts = addCounts(chunk.counts, answered);
    const all = late.length > 0 ? [...chunk.rejects, ...late].sort((a, b) => a.row - b.row) : chunk.rejects;
    for (const ready of tracker.complete({
      seq: chunk.seq,
      offset: chunk.offset,
      row: chunk.row,
      counts,
      rejects: all,
    })) {
      rejects.append(ready.rejects);
      committed = {
        offset: ready.offset,
        row: ready.row,
        counts: addCounts(committed.counts, ready.counts),
        rejectsBytes: rejects.length,
      };
    }
    saveProgress();
  };

  const dispatch = async (chunk: Chunk) => {
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const sent = (chunk.items.length > 0 ? sink.accept(chunk.items) : Promise.resolve([]))
      .then((answers) => commit(chunk, answers))
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };

  let chunk = fresh(committed.offset, committed.row);
  try {
    for await (const row of prepared.rows(committed.offset, committed.row)) {
      if (opts.signal?.aborted || failure) break;
      rowsRead++;
      chunk.rows++;
      chunk.offset = row.end;
      chunk.row = row.row;
      const outcome = prepared.outcome(row);
      if (outcome.kind === "rejected") {
        chunk.rejects.push({ row: row.row, reason: outcome.reason, original: prepared.original(row) });
        chunk.counts.rejected++;
        live.rejected++;
      } else if (outcome.kind === "item") {
        const id = rowKey(outcome.item);
        if (recent.has(id)) {
          chunk.counts.duplicate++;
          live.duplicate++;
        } else {
          recent.add(id);
          chunk.items.push(outcome.item);
          chunk.itemRows.push(row.row);
          chunk.itemOriginals.push(prepared.original(row));
        }
      }
      if (chunk.items.length >= chunkSize || chunk.rows >= MAX_ROWS_PER_CHUNK) {
        await dispatch(chunk);
        chunk = fresh(chunk.offset, chunk.row);
      }
      opts.onProgress?.({ bytes: row.end, totalBytes: prepared.size, rows: rowsRead, counts: live });
    }
    // Rows read before a stop are not sent: the progress file ends before them.
    if (!opts.signal?.aborted && !failure && chunk.rows > 0) await dispatch(chunk);
    while (inFlight.size > 0) await Promise.race(inFlight);
  } catch (error) {
    failure ??= { error };
    while (inFlight.size > 0) await Promise.race(inFlight);
  } finally {
    rejects.close();
  }

  const stopped = failure !== undefined || opts.signal?.aborted === true;
  if (stopped) saveProgress(true);
  else removeProgress(progressFile);
  opts.onProgress?.({ bytes: committed.offset, totalBytes: prepared.size, rows: rowsRead, counts: live });
  return {
    counts: stopped ? live : committed.counts,
    rows: rowsRead,
    rejectsFile: rejects.written ? rejectsPath : undefined,
    stopped,
    committed,
    progressFile,
    ...(failure && { error: failure.error }),
  };
};
