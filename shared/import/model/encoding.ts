import { ImportFileError } from "./fields.ts";

/**
 * What a file is, from its first bytes: its text encoding, its format and its delimiter.
 *
 * Encodings: UTF-8, UTF-8 with the BOM Excel writes ("CSV UTF-8"), and GB18030 (GBK's superset:
 * what Excel on Chinese Windows saves as plain "CSV"). A head that is valid UTF-8 is UTF-8; one
 * that is not is GB18030, if it decodes as that. GB18030 never uses bytes below 0x30 inside a
 * character, so quotes, commas, tabs and newlines are the ASCII bytes themselves: a CSV parser
 * splits GB18030 bytes correctly, and byte offsets stay exact for --resume.
 */

export const ENCODINGS = ["utf-8", "gb18030"] as const;
export type Encoding = (typeof ENCODINGS)[number];
export type Format = "csv" | "jsonl";

export interface Sniffed {
  encoding: Encoding;
  format: Format;
  /** CSV only: the field delimiter. */
  delimiter: string;
  /** Where the header (CSV) or first line (JSON Lines) starts: after a BOM and Excel's "sep=" line. */
  dataStart: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const startsWith = (head: Uint8Array, bytes: readonly number[]) => bytes.every((b, i) => head[i] === b);

/** Drops a multi-byte character the sample cut in half, so the rest can be judged. */
const wholeUtf8 = (head: Uint8Array): Uint8Array => {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  return head.subarray(0, end);
};

const decodes = (encoding: string, bytes: Uint8Array): boolean => {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

export const detectEncoding = (head: Uint8Array): Encoding => {
  if (startsWith(head, UTF8_BOM) || decodes("utf-8", wholeUtf8(head))) return "utf-8";
  // The sample may end inside a GB18030 character too: judge all but its last three bytes.
  if (decodes("gb18030", head.subarray(0, Math.max(0, head.length - 3)))) return "gb18030";
  throw new ImportFileError("the file is neither UTF-8 nor GB18030 text: save it as CSV UTF-8");
};

/** The delimiter the first line uses most, outside quotes: comma, tab or semicolon (Excel in Europe). */
export const detectDelimiter = (line: string): string => {
  const counts = new Map<string, number>([
    [",", 0],
    ["\t", 0],
    [";", 0],
  ]);
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
};

/**
 * Reads the head of a file. `format`, `encoding` and `delimiter` force what the user chose;
 * anything else is detected. `name` is the file name (its extension hints at the format).
 */
export const sniff = (
  head: Uint8Array,
  name: string,
  chosen: { format?: Format | undefined; encoding?: Encoding | undefined; delimiter?: string | undefined } = {},
): Sniffed => {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
    throw new ImportFileError('an Excel workbook (.xlsx): save it from Excel as "CSV UTF-8" and import that');
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    throw new ImportFileError('UTF-16 text (Excel\'s "Unicode Text"): save it as "CSV UTF-8" and import that');
  const encoding = chosen.encoding ?? detectEncoding(head);
  let dataStart = startsWith(head, UTF8_BOM) ? 3 : 0;
  const text = new TextDecoder(encoding).decode(head.subarray(dataStart));
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const extension = name.toLowerCase().split(".").pop();
  const format: Format =
    chosen.format ??
    (extension === "jsonl" || extension === "ndjson" || extension === "json" || firstLine.trimStart().startsWith("{")
      ? "jsonl"
      : "csv");
  if (format === "jsonl") return { encoding, format, delimiter: "", dataStart };
  // Excel reads and writes a first line "sep=;" naming the delimiter.
  const sep = /^sep=(.)$/.exec(firstLine.trim());
  if (sep) {
    const lineEnd = head.indexOf(0x0a, dataStart);
    dataStart = lineEnd < 0 ? head.length : lineEnd + 1;
    return { encoding, format, delimiter: chosen.delimiter ?? (sep[1] as string), dataStart };
  }
  const delimiter =
    chosen.delimiter ?? (extension === "tsv" || extension === "tab" ? "\t" : detectDelimiter(firstLine));
  return { encoding, format, delimiter, dataStart };
};
