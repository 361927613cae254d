/**
 * What an import file is and what each of its rows becomes: the file sniffed (encoding, format,
 * delimiter), the preset chosen or recognized, the header mapped, and a function from a row read by
 * ./source.ts to an API item or the reason it cannot be one. Shared by the import and --dry-run.
 */
import { statSync } from "node:fs";
import { basename } from "node:path";
import type { Channel } from "#shared/feedback/model/schema";
import { type Encoding, type Format, type Sniffed, sniff } from "#shared/import/model/encoding";
import { ImportFileError } from "#shared/import/model/fields";
import {
  flatten,
  type Mapping,
  mapApiItem,
  mapRow,
  type RowOutcome,
  resolveMapping,
} from "#shared/import/model/mapping";
import { detectPreset, presetById } from "#shared/import/model/presets";
import { csvRows, jsonLines, readCsvHeader, readHead, type SourceRow } from "./source.ts";

export interface ImportSettings {
  file: string;
  /** A preset id (delighted, qualtrics, formbricks, zendesk, generic), or "api" for JSON Lines of API items. */
  preset?: string | undefined;
  map?: ReadonlyArray<readonly [string, string]> | undefined;
  channel?: Channel | undefined;
  timeZone?: string | undefined;
  sourcePrefix?: string | undefined;
  encoding?: Encoding | undefined;
  format?: Format | undefined;
  delimiter?: string | undefined;
}

export interface Prepared {
  sniffed: Sniffed;
  size: number;
  head: Buffer;
  /** CSV header cells (or the first JSON object's keys under a preset); empty for API items. */
  header: string[];
  /** Where rows start (after the header). */
  firstRowOffset: number;
  /** The number of the row before the first (1 for a CSV header). */
  firstRowBefore: number;
  /** Undefined for JSON Lines of API items, which need no mapping. */
  mapping: Mapping | undefined;
  rows(start: number, rowBefore: number): AsyncGenerator<SourceRow>;
  outcome(row: SourceRow): RowOutcome;
  /** The row as the rejects file keeps it. */
  original(row: SourceRow): string[] | unknown;
  /** The options that decide what a row becomes, as the progress file compares them. */
  signature: string;
}

export const prepareImport = async (settings: ImportSettings): Promise<Prepared> => {
  const size = statSync(settings.file).size;
  const head = readHead(settings.file);
  const sniffed = sniff(head, basename(settings.file), settings);
  const preset = settings.preset === undefined || settings.preset === "api" ? undefined : presetById(settings.preset);
  if (settings.preset !== undefined && settings.preset !== "api" && !preset)
    throw new ImportFileError(`unknown preset "${settings.preset}"`);
  const rowOptions = {
    channel: settings.channel,
    timeZone: settings.timeZone ?? "UTC",
    sourcePrefix: settings.sourcePrefix,
  };
  const signature = JSON.stringify({
    preset: settings.preset ?? null,
    map: settings.map ?? [],
    ...rowOptions,
    encoding: sniffed.encoding,
    format: sniffed.format,
    delimiter: sniffed.delimiter,
  });

  if (sniffed.format === "csv") {
    if (settings.preset === "api") throw new ImportFileError("--preset api reads JSON Lines; this file is CSV");
    const { header, end } = await readCsvHeader(settings.file, sniffed);
    if (header.length === 0) throw new ImportFileError("the file is empty: no header row");
    const mapping = resolveMapping(header, preset ?? detectPreset(header), settings.map);
    return {
      sniffed,
      size,
      head,
      header,
      firstRowOffset: end,
      firstRowBefore: 1,
      mapping,
      rows: (start, rowBefore) => csvRows(settings.file, sniffed, start, rowBefore),
      outcome: (row) =>
        row.kind === "cells"
          ? mapRow(row.cells, mapping, rowOptions)
          : { kind: "rejected", reason: "reason" in row ? row.reason : "not a CSV row" },
      original: (row) => (row.kind === "cells" ? row.cells : []),
      signature,
    };
  }

  // JSON Lines: API items as they are, unless a preset is named or the first object is not an item.
  let mapping: Mapping | undefined;
  let header: string[] = [];
  const first = await firstJson(settings.file, sniffed);
  const isItem = first !== null && typeof first === "object" && "channel" in first;
  if (preset || (settings.preset === undefined && first !== undefined && !isItem)) {
    header = Object.keys(flatten((first ?? {}) as Record<string, unknown>));
    mapping = resolveMapping(header, preset ?? detectPreset(header), settings.map);
  } else if (settings.map && settings.map.length > 0) {
    throw new ImportFileError(
      "--map needs a preset for JSON Lines of API items (they need no mapping): add --preset generic",
    );
  }
  const mapped = mapping;
  return {
    sniffed,
    size,
    head,
    header,
    firstRowOffset: sniffed.dataStart,
    firstRowBefore: 0,
    mapping,
    rows: (start, rowBefore) => jsonLines(settings.file, sniffed.encoding, start, rowBefore),
    outcome: (row) => {
      if (row.kind !== "json") return { kind: "rejected", reason: "reason" in row ? row.reason : "not JSON" };
      if (!mapped) return mapApiItem(row.value);
      if (row.value === null || typeof row.value !== "object" || Array.isArray(row.value))
        return { kind: "rejected", reason: "(row): must be a JSON object" };
      const flat = flatten(row.value as Record<string, unknown>);
      return mapRow(
        mapped.headers.map((h) => flat[h] ?? ""),
        mapped,
        rowOptions,
      );
    },
    original: (row) => (row.kind === "json" ? row.value : row.kind === "unreadable" ? row.text : row.cells),
    signature,
  };
};

const firstJson = async (file: string, sniffed: Sniffed): Promise<unknown> => {
  for await (const row of jsonLines(file, sniffed.encoding, sniffed.dataStart, 0)) {
    return row.kind === "json" ? row.value : undefined;
  }
  return undefined;
};
