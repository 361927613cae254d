/**
 * Reads an import file as a stream of rows, each with the byte offset just after it (what --resume
 * restarts from). CSV and TSV go through csv-parse on the file's raw bytes, so offsets are exact in
 * every encoding; JSON Lines are split on newlines here. Memory stays flat whatever the file's size:
 * the stream is pulled row by row and pauses while the sender is busy.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { parse } from "csv-parse";
import type { Encoding, Sniffed } from "#shared/import/model/encoding";

/** One row: its number (the CSV header is row 1; JSON Lines count lines), the offset after it, and its content. */
export type SourceRow =
  | { row: number; end: number; kind: "cells"; cells: string[] }
  | { row: number; end: number; kind: "json"; value: unknown; text: string }
  | { row: number; end: number; kind: "unreadable"; text: string; reason: string };

export const HEAD_BYTES = 256 * 1024;

export const readHead = (path: string, bytes = HEAD_BYTES): Buffer => {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(Math.min(bytes, statSync(path).size));
    readSync(fd, buf, 0, buf.length, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
};

const decoderFor = (encoding: Encoding) => {
  if (encoding === "utf-8") return (cell: string | Buffer) => (typeof cell === "string" ? cell : cell.toString("utf8"));
  const decoder = new TextDecoder("gb18030");
  return (cell: string | Buffer) => (typeof cell === "string" ? cell : decoder.decode(cell));
};

const csvParser = (sniffed: Sniffed, extra: { to?: number } = {}) =>
  parse({
    delimiter: sniffed.delimiter,
    // UTF-8 is decoded by the parser; GB18030 cells come as bytes and are decoded here.
    encoding: sniffed.encoding === "utf-8" ? "utf8" : null,
    info: true,
    bom: false,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    ...extra,
  });

interface ParsedRecord {
  record: Array<string | Buffer>;
  info: { bytes: number; records: number };
}

/** The CSV header's cells, and the offset just after it. */
export const readCsvHeader = async (path: string, sniffed: Sniffed): Promise<{ header: string[]; end: number }> => {
  const decode = decoderFor(sniffed.encoding);
  const stream = createReadStream(path, { start: sniffed.dataStart }).pipe(csvParser(sniffed, { to: 1 }));
  for await (const { record, info } of stream as AsyncIterable<ParsedRecord>) {
    stream.destroy();
    return { header: record.map((c) => decode(c).trim()), end: sniffed.dataStart + info.bytes };
  }
  return { header: [], end: sniffed.dataStart };
};

/** CSV rows from `start` (just after the header, or a resume point), numbered from `rowBefore + 1`. */
export async function* csvRows(
  path: string,
  sniffed: Sniffed,
  start: number,
  rowBefore: number,
): AsyncGenerator<SourceRow> {
  const decode = decoderFor(sniffed.encoding);
  const stream = createReadStream(path, { start, highWaterMark: 256 * 1024 }).pipe(csvParser(sniffed));
  for await (const { record, info } of stream as AsyncIterable<ParsedRecord>) {
    yield { row: rowBefore + info.records, end: start + info.bytes, kind: "cells", cells: record.map(decode) };
  }
}

/** JSON Lines from `start`, numbered by line from `rowBefore + 1` (blank lines count, and are skipped). */
export async function* jsonLines(
  path: string,
  encoding: Encoding,
  start: number,
  rowBefore: number,
): AsyncGenerator<SourceRow> {
  const decoder = new TextDecoder(encoding);
  let pending: Buffer = Buffer.alloc(0);
  let offset = start;
  let row = rowBefore;
  const lineOf = (bytes: Buffer, end: number): SourceRow | undefined => {
    row++;
    const text = decoder.decode(bytes).replace(/\r$/, "");
    if (text.trim() === "") return undefined;
    try {
      return { row, end, kind: "json", value: JSON.parse(text) as unknown, text };
    } catch (error) {
      return { row, end, kind: "unreadable", text, reason: `(row): not JSON: ${(error as Error).message}` };
    }
  };
  for await (const chunk of createReadStream(path, { start, highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let from = 0;
    for (let nl = data.indexOf(0x0a, from); nl >= 0; nl = data.indexOf(0x0a, from)) {
      const line = lineOf(data.subarray(from, nl), offset + nl + 1);
      from = nl + 1;
      if (line) yield line;
    }
    offset += from;
    pending = Buffer.from(data.subarray(from));
  }
  if (pending.length > 0) {
    const line = lineOf(pending, offset + pending.length);
    if (line) yield line;
  }
}
