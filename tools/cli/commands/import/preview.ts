/**
 * `hearback import FILE --dry-run`: what the import would do, sending nothing. It reads the whole
 * file (as fast as the disk allows) and shows how it was read, the mapping, the first item as it
 * would be sent, and the first rows it would reject with their reasons.
 */
import { describeMapping } from "#shared/import/model/mapping";
import { progressDisplay } from "./display.ts";
import { type ImportSettings, prepareImport } from "./prepare.ts";

const FIRST_ERRORS = 10;

export const dryRun = async (settings: ImportSettings): Promise<string[]> => {
  const prepared = await prepareImport(settings);
  const { sniffed, mapping } = prepared;
  const out: string[] = [];
  const format =
    sniffed.format === "jsonl"
      ? "JSON Lines"
      : `CSV delimited by ${sniffed.delimiter === "\t" ? "tabs" : `"${sniffed.delimiter}"`}`;
  const bom = sniffed.dataStart > 0 && sniffed.encoding === "utf-8" ? " with BOM" : "";
  out.push(
    `file: ${settings.file} (${(prepared.size / 1_048_576).toFixed(1)} MiB, ${sniffed.encoding}${bom}, ${format})`,
  );
  if (mapping) {
    const how = settings.preset === undefined ? "recognized from the header; --preset to choose another" : "--preset";
    out.push(`preset: ${mapping.preset.label} (${how})`, "mapping:", ...describeMapping(mapping).map((l) => `  ${l}`));
  } else {
    out.push("rows are API items (docs/api.md): no mapping");
  }

  let rows = 0;
  let valid = 0;
  let example: unknown;
  const errors: string[] = [];
  let rejected = 0;
  const display = progressDisplay({
    startBytes: prepared.firstRowOffset,
    label: "dry run",
    describe: (c) => `${c.accepted.toLocaleString("en")} valid, ${c.rejected.toLocaleString("en")} rejected`,
  });
  try {
    for await (const row of prepared.rows(prepared.firstRowOffset, prepared.firstRowBefore)) {
      rows++;
      const outcome = prepared.outcome(row);
      if (outcome.kind === "item") {
        valid++;
        example ??= outcome.item;
      } else if (outcome.kind === "rejected") {
        rejected++;
        if (errors.length < FIRST_ERRORS) errors.push(`  row ${row.row}: ${outcome.reason}`);
      }
      display.update({
        bytes: row.end,
        totalBytes: prepared.size,
        rows,
        counts: { accepted: valid, duplicate: 0, rejected },
      });
    }
  } finally {
    display.stop();
  }
  if (example !== undefined) out.push("first item, as it would be sent:", `  ${JSON.stringify(example)}`);
  out.push(
    `${rows.toLocaleString("en")} rows: ${valid.toLocaleString("en")} valid, ${rejected.toLocaleString("en")} rejected ` +
      "(duplicates show only when importing)",
  );
  if (errors.length > 0) out.push(`first ${errors.length === 1 ? "error" : `${errors.length} errors`}:`, ...errors);
  out.push("nothing was sent (--dry-run)");
  return out;
};
