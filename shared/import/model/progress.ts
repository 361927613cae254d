import * as z from "zod";

/**
 * Where an import stands, so a stopped one resumes (`--resume`). Chunks of rows are sent side by
 * side and answered in any order; the import has *committed* up to the end of the longest run of
 * answered chunks from the start. The progress file records that point: the byte offset after its
 * last row, that row's number, the counts so far and the rejects file's length. A resumed import
 * starts there; rows sent after it and before the stop are sent again, which dedup makes harmless.
 */

export const Counts = z.strictObject({
  accepted: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type Counts = z.infer<typeof Counts>;

export const zeroCounts = (): Counts => ({ accepted: 0, duplicate: 0, rejected: 0 });
export const addCounts = (a: Counts, b: Counts): Counts => ({
  accepted: a.accepted + b.accepted,
  duplicate: a.duplicate + b.duplicate,
  rejected: a.rejected + b.rejected,
});

/** "12,345 accepted, 3 duplicate, 17 rejected": the summary every import ends with. */
export const summaryOf = (c: Counts): string =>
  `${c.accepted.toLocaleString("en")} accepted, ${c.duplicate.toLocaleString("en")} duplicate, ${c.rejected.toLocaleString("en")} rejected`;

export const Committed = z.strictObject({
  /** Byte offset in the input just after the last committed row. */
  offset: z.number().int().nonnegative(),
  /** Number of the last committed row (the header is row 1). */
  row: z.number().int().nonnegative(),
  counts: Counts,
  /** Length of the rejects file once the committed rows' rejects are in it. */
  rejectsBytes: z.number().int().nonnegative(),
});
export type Committed = z.infer<typeof Committed>;

export const ProgressFile = z.strictObject({
  version: z.literal(1),
  /** The input as it was: a different file under the same name is not resumed. */
  input: z.strictObject({ size: z.number().int().nonnegative(), headSha256: z.string() }),
  /** The options that decide what a row becomes: resuming with others would change rows half-way. */
  options: z.string(),
  /** Header cells (CSV) as read at the start, so a resume need not trust its own reading twice. */
  header: z.array(z.string()),
  rejectsFile: z.string(),
  committed: Committed,
  updatedAt: z.string(),
});
export type ProgressFile = z.infer<typeof ProgressFile>;

/** A contiguous run of rows sent together: what committing it adds. */
export interface ChunkEnd<R> {
  seq: number;
  offset: number;
  row: number;
  counts: Counts;
  /** What the chunk leaves for the rejects file, written in row order once it commits. */
  rejects: R[];
}

/**
 * Commits answered chunks in order: `complete` takes a chunk in any order and returns the chunks
 * that are now committed (possibly none, possibly several), oldest first.
 */
export class CommitTracker<R> {
  private nextSeq = 0;
  private readonly answered = new Map<number, ChunkEnd<R>>();

  complete(chunk: ChunkEnd<R>): Array<ChunkEnd<R>> {
    this.answered.set(chunk.seq, chunk);
    const ready: Array<ChunkEnd<R>> = [];
    for (let next = this.answered.get(this.nextSeq); next; next = this.answered.get(this.nextSeq)) {
      this.answered.delete(this.nextSeq);
      this.nextSeq++;
      ready.push(next);
    }
    return ready;
  }

  /** Chunks answered but waiting for an earlier one. */
  get waiting(): number {
    return this.answered.size;
  }
}
