/**
 * The files an import keeps beside its input: the rejects (every row that could not be imported,
 * with its number and the reason, then the row as it was, so it can be fixed and imported again)
 * and the progress file --resume reads.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { stringify } from "csv-stringify/sync";
import { ProgressFile } from "#shared/import/model/progress";

export const progressFileFor = (input: string): string => `${input}.import-progress.json`;
export const defaultRejectsFile = (input: string, format: "csv" | "jsonl"): string =>
  `${input.replace(/\.(csv|tsv|txt|jsonl|ndjson|json)$/i, "")}.rejects.${format}`;

/** A rejected row, as the rejects file shows it. */
export interface Reject {
  row: number;
  reason: string;
  /** CSV: the row's cells as read; JSON Lines: the parsed line, or its text when it was not JSON. */
  original: string[] | unknown;
}

/**
 * Appends rejects in row order. Written synchronously at each commit, so the length the progress
 * file records is on disk before it is recorded. CSV rejects are UTF-8 with a BOM, so Excel opens
 * Chinese text right whatever the input's encoding.
 */
export class RejectsFile {
  private fd: number | undefined;
  private bytes: number;

  constructor(
    readonly path: string,
    private readonly format: "csv" | "jsonl",
    private readonly header: readonly string[],
    /** Where a resumed import's rejects end (anything after it is rewritten); 0 for a new import. */
    keepBytes: number,
  ) {
    this.bytes = keepBytes > 0 && existsSync(path) ? keepBytes : 0;
    if (this.bytes === 0) rmSync(path, { force: true });
    else {
      this.fd = openSync(path, "r+");
      ftruncateSync(this.fd, keepBytes);
    }
  }

  get length(): number {
    return this.bytes;
  }

  get written(): boolean {
    return this.bytes > 0;
  }

  append(rejects: readonly Reject[]): void {
    if (rejects.length === 0) return;
    let text = "";
    if (this.fd === undefined) {
      this.fd = openSync(this.path, "w");
      if (this.format === "csv") text += `\ufeff${stringify([["rejected_row", "rejected_reason", ...this.header]])}`;
    }
    for (const r of rejects) {
      text +=
        this.format === "csv"
          ? stringify([[String(r.row), r.reason, ...(r.original as string[])]])
          : `${JSON.stringify({ row: r.row, reason: r.reason, original: r.original })}\n`;
    }
    const buf = Buffer.from(text, "utf8");
    writeSync(this.fd, buf, 0, buf.length, this.bytes);
    this.bytes += buf.length;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

export const readProgress = (path: string): ProgressFile | undefined => {
  if (!existsSync(path)) return undefined;
  const parsed = ProgressFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path} is not an import progress file this version reads; delete it to start over`);
  return parsed.data;
};

/** Written beside and renamed, so a reader (a resume after a crash) never sees half a file. */
export const writeProgress = (path: string, progress: ProgressFile): void => {
  const scratch = `${path}.${process.pid}.tmp`;
  writeFileSync(scratch, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(scratch, path);
};

export const removeProgress = (path: string): void => rmSync(path, { force: true });
