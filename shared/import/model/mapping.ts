import { type Channel, FeedbackInput } from "#shared/feedback/model/schema";
import { issuesOf } from "#shared/kernel/validation";
import {
  contentSourceId,
  FIELDS,
  type Field,
  headerKey,
  ImportFileError,
  isField,
  looksRoundedByExcel,
  numberOrText,
  setPath,
  type Values,
} from "./fields.ts";
import { type ColumnPick, channelOf, type Preset } from "./presets.ts";
import { parseInstant, TIME_FORMATS } from "./times.ts";

/** Which column each field comes from, for one file's header. */
export interface Mapping {
  preset: Preset;
  headers: readonly string[];
  /** Field or preset key -> column index. */
  columns: ReadonlyMap<string, number>;
  /** Keys given by --map (shown as such by --dry-run). */
  mapped: ReadonlySet<string>;
}

export interface RowOptions {
  /** The channel of rows that name none (--channel). */
  channel?: Channel | undefined;
  /** The zone of times written without one (--time-zone). */
  timeZone: string;
  /** Replaces the preset's id prefix (--source-prefix). */
  sourcePrefix?: string | undefined;
}

/** What became of a row: an item for the queue, a reason it cannot be one, or nothing to import. */
export type RowOutcome =
  | { kind: "item"; item: FeedbackInput }
  | { kind: "rejected"; reason: string }
  | { kind: "skip" };

const pick = (headers: readonly string[], rule: ColumnPick, used: ReadonlySet<number>): number => {
  if (typeof rule === "string") return headers.findIndex((h) => headerKey(h) === headerKey(rule));
  const name = typeof rule === "function" ? rule(headers) : headers.find((h, i) => !used.has(i) && rule.test(h));
  return name === undefined ? -1 : headers.indexOf(name);
};

/**
 * Resolves the preset's columns against a header, then applies `--map COLUMN=FIELD` pairs over it.
 * Patterns never take a column another field already has (the NPS question is not also the comment).
 */
export const resolveMapping = (
  headers: readonly string[],
  preset: Preset,
  overrides: ReadonlyArray<readonly [column: string, field: string]> = [],
): Mapping => {
  const columns = new Map<string, number>();
  const used = new Set<number>();
  for (const [key, rules] of Object.entries(preset.columns)) {
    for (const rule of rules) {
      const index = pick(headers, rule, used);
      if (index < 0) continue;
      columns.set(key, index);
      used.add(index);
      break;
    }
  }
  const mapped = new Set<string>();
  for (const [column, field] of overrides) {
    const index = headers.findIndex((h) => headerKey(h) === headerKey(column));
    if (index < 0)
      throw new ImportFileError(
        `--map ${column}=${field}: the file has no column "${column}" (it has: ${headers.join(", ")})`,
      );
    if (!isField(field) && !(field in preset.columns))
      throw new ImportFileError(`--map ${column}=${field}: "${field}" is not a field; fields: ${FIELDS.join(", ")}`);
    columns.set(field, index);
    mapped.add(field);
  }
  return { preset, headers, columns, mapped };
};

/** The mapping as --dry-run shows it: one line per field, found or not. */
export const describeMapping = (mapping: Mapping): string[] => {
  const keys = [...new Set([...Object.keys(mapping.preset.columns), ...mapping.columns.keys()])];
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((key) => {
    const index = mapping.columns.get(key);
    const from =
      index === undefined
        ? `(no column; --map COLUMN=${key} to set it)`
        : `"${mapping.headers[index]}"${mapping.mapped.has(key) ? " (--map)" : ""}`;
    return `${key.padEnd(width)}  <-  ${from}`;
  });
};

/** "score: must be a whole number from 0 to 10; customer.id must not be empty": the API's messages. */
const reasonOf = (issues: ReadonlyArray<{ field: string; message: string }>): string =>
  issues.map((i) => (i.message.startsWith(i.field) ? i.message : `${i.field}: ${i.message}`)).join("; ");

const REQUIRED: Readonly<Record<Channel, readonly Field[]>> = {
  nps: ["score", "customer.id"],
  csat: ["score", "customer.id"],
  social: ["platform", "text", "author.handle"],
};

/** Validates an item exactly as POST /v1/feedback does, so a reject carries the API's field messages. */
export const validateItem = (item: unknown): RowOutcome => {
  const parsed = FeedbackInput.safeParse(item);
  return parsed.success
    ? { kind: "item", item: parsed.data }
    : { kind: "rejected", reason: reasonOf(issuesOf(parsed.error, [], "(row)")) };
};

/**
 * One row of cells (in header order) to an API item: the preset's conversions, the row's time read
 * in the file's zone, the source id prefixed, then the API's own validation.
 */
export const mapRow = (cells: readonly string[], mapping: Mapping, opts: RowOptions): RowOutcome => {
  const extra = cells.slice(mapping.headers.length).filter((c) => c.trim() !== "");
  if (extra.length > 0)
    return { kind: "rejected", reason: `the row has ${cells.length} fields, the header ${mapping.headers.length}` };
  let values: Values = {};
  for (const [key, index] of mapping.columns) {
    const cell = cells[index]?.trim();
    if (cell) values[key] = cell;
  }
  let channel: Channel | undefined;
  if (mapping.preset.convert) {
    const converted = mapping.preset.convert(values);
    if ("skip" in converted) return { kind: "skip" };
    if ("reject" in converted) return { kind: "rejected", reason: converted.reject };
    values = converted.values;
    channel = converted.channel;
  }
  const named = values.channel;
  channel = named === undefined ? (channel ?? opts.channel ?? mapping.preset.channel) : channelOf(named);
  // An unknown channel is the schema's to name, with the channels it takes.
  if (channel === undefined)
    return named === undefined
      ? { kind: "rejected", reason: "channel: no channel column and no --channel" }
      : validateItem({ channel: named });

  const raw = values.sourceId;
  if (raw !== undefined && looksRoundedByExcel(raw))
    return {
      kind: "rejected",
      reason: `sourceId: "${raw}" is a number a spreadsheet rounded; export the id column as text`,
    };
  const prefixed = raw === undefined ? undefined : `${opts.sourcePrefix ?? mapping.preset.sourcePrefix}${raw}`;
  if (mapping.preset.sourcePrefix !== "" && prefixed === undefined)
    return { kind: "rejected", reason: "sourceId: empty; without the export's id a re-run could not find this row" };
  // Anonymous survey answers: the response is the respondent.
  if (values["customer.id"] === undefined && channel !== "social" && mapping.preset.sourcePrefix !== "" && raw)
    values["customer.id"] = `respondent:${raw}`;
  for (const field of REQUIRED[channel]) {
    if (values[field] !== undefined) continue;
    const index = mapping.columns.get(field);
    return {
      kind: "rejected",
      reason:
        index === undefined
          ? `${field}: no column (--map COLUMN=${field})`
          : `${field}: empty in column "${mapping.headers[index]}"`,
    };
  }

  const item: Record<string, unknown> = { channel };
  for (const [key, value] of Object.entries(values)) {
    if (!isField(key) || key === "channel" || key === "sourceId" || value === undefined) continue;
    if (key === "occurredAt") {
      const at = parseInstant(value, opts.timeZone);
      if (at === undefined)
        return { kind: "rejected", reason: `occurredAt: "${value}" is not a time (${TIME_FORMATS})` };
      setPath(item, key, at);
    } else {
      setPath(item, key, key === "score" || key === "author.followers" ? numberOrText(value) : value);
    }
  }
  item.sourceId = prefixed ?? contentSourceId(item);
  return validateItem(item);
};

/** A JSON Lines row that is already an API item: validated as it is, given a source id from its content if it has none. */
export const mapApiItem = (value: unknown): RowOutcome => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { kind: "rejected", reason: "(row): must be a JSON object, one feedback item per line" };
  const item = value as Record<string, unknown>;
  return validateItem(item.sourceId === undefined ? { ...item, sourceId: contentSourceId(item) } : item);
};

/** A JSON object's leaves by dotted path, so a preset reads JSON Lines exports like CSV columns. */
export const flatten = (value: Record<string, unknown>, prefix = "", out: Record<string, string> = {}) => {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, path, out);
    else if (v !== null && v !== undefined) out[path] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
};
