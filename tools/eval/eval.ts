/**
 * Evaluation harness: measures an Analyzer (the offline one by default) and the theme taxonomy
 * against the labeled sets in ../shared/datasets (see its README), and checks the floors in
 * tools/eval/eval-floors.ts.
 *
 *   npm run eval -- [--data DIR] [--json FILE] [--check] [--errors N]
 *
 * --data DIR   every *.jsonl in DIR is a set (default: ../shared/datasets next to the repo)
 * --json FILE  writes the report: {"sets": {"<file name without .jsonl>": {"sentiment": {"accuracy",
 *              "macroF1", "confusion"}, "themes": {"<id>": {"precision", "recall", "f1"}},
 *              "itemsPerSecond"}}, "itemsPerSecond"}
 * --check      exits 1, listing every floor missed
 * --errors N   prints up to N misclassified rows per set (for local investigation only)
 *
 * Scoring rules:
 * - The classes of a set are the labels that occur in it. For a set without "neutral" or "mixed"
 *   (two-class sets), a NEUTRAL or MIXED prediction is turned into a polarity by the larger of the
 *   positive and negative scores: the set's annotators were forced to pick a side, so we compare
 *   the side the analyzer leans to. An exact tie stays unresolved and counts as wrong.
 * - Where a set has "neutral" but no "mixed", MIXED becomes the larger of positive/negative.
 * - Macro-F1 averages the F1 of the set's classes; an unresolved or failed prediction counts as a
 *   miss for the gold class.
 * - Themes are judged only for the theme ids that occur in the set's labels (a set labels only
 *   some aspects, e.g. restaurant reviews have no "delivery"), and only on rows that carry a
 *   `themes` field. The airline set labels reasons on negative tweets only, so its themes are
 *   judged on the rows labeled negative.
 * - Themes are tagged from the text and the language the analyzer detected, as the worker does.
 * - Items/s: the whole per-item work (analyzer batch call, then themes) on the set's short texts
 *   (< 140 characters), one thread, the median of 3 timed passes after a warm-up pass. The
 *   report's top-level figure pools the short texts of all sets; the floor applies to it.
 */
// First: the functions' log level and the SDK's Node notice, as for the CLI (tools/cli/process-defaults.ts).
import "../cli/process-defaults.ts";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { tagThemes } from "#shared/analysis/model/themes";
import { type AnalysisResult, type Analyzer, isAnalysisFailure } from "#shared/analysis/ports/analyzer";
import { defaultTaxonomy, type Taxonomy } from "#shared/taxonomy/taxonomy";
import { demoWeekThemes } from "./demo-week.ts";
import { checkFloors, FLOORS, floorTable, formatValue, missedFloors } from "./eval-floors.ts";
import { SMALL_DATA_FLOOR, smallDataEvaluation, smallDataMisses, smallDataTable } from "./small-data.ts";
import { type ThemeMetrics, themeMetrics } from "./theme-metrics.ts";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_DATA = resolve(REPO_ROOT, "../shared/datasets");
/** Texts shorter than this count as short for the throughput figure. */
export const SHORT_TEXT = 140;

export type Gold = "positive" | "negative" | "neutral" | "mixed";

export interface Row {
  id: string;
  text: string;
  lang: string;
  sentiment: Gold;
  source: string;
  themes?: string[];
}

export type { ThemeMetrics } from "./theme-metrics.ts";

export interface SetReport {
  rows: number;
  classes: string[];
  sentiment: {
    accuracy: number;
    macroF1: number;
    /** gold label -> predicted label -> count ("unresolved": a tie; "error": the analyzer failed). */
    confusion: Record<string, Record<string, number>>;
  };
  languageAccuracy: number;
  themes: Record<string, ThemeMetrics>;
  /** Rows on which themes were judged. */
  themeRows: number;
  itemsPerSecond: number;
  shortTexts: number;
}

export interface Report {
  data: string;
  analyzer: string;
  sets: Record<string, SetReport>;
  /** Themes on the demo week, labelled by us (tools/eval/demo-week.ts). */
  demoWeek?: { rows: number; themes: Record<string, ThemeMetrics> };
  /** Pooled over the short texts of every set. */
  itemsPerSecond: number;
  shortTexts: number;
}

export interface EvaluateOptions {
  data: string;
  analyzer?: Analyzer;
  taxonomy?: Taxonomy;
}

/** What one row came out as: the label it is scored with, plus the raw analysis. */
export interface Prediction {
  label: string;
  language: string | undefined;
  themes: string[];
  result: AnalysisResult;
}

export function loadSet(file: string): Row[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/** The *.jsonl files of a directory, sorted, as [set name, path]. */
export function setFiles(dir: string): [string, string][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => [basename(f, ".jsonl"), join(dir, f)]);
}

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

async function run(rows: readonly Row[], analyzer: Analyzer, taxonomy: Taxonomy): Promise<Prediction[]> {
  const results = await analyzer.analyze(rows.map((r) => ({ id: r.id, text: r.text })));
  return rows.map((r, i) => {
    const result = results[i] as AnalysisResult;
    const language = isAnalysisFailure(result) ? undefined : result.language;
    return { label: "", language, themes: tagThemes(r.text, language ?? r.lang, taxonomy), result };
  });
}

/** Items per second: median of 3 timed passes after one warm-up pass. */
async function throughput(rows: readonly Row[], analyzer: Analyzer, taxonomy: Taxonomy): Promise<number> {
  if (rows.length === 0) return Number.NaN;
  await run(rows, analyzer, taxonomy);
  const rates: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    await run(rows, analyzer, taxonomy);
    rates.push(rows.length / ((performance.now() - started) / 1000));
  }
  return rates.sort((a, b) => a - b)[1] as number;
}

function scoreLabel(result: AnalysisResult, hasNeutral: boolean, hasMixed: boolean): string {
  if (isAnalysisFailure(result)) return "error";
  let label = result.sentiment.toLowerCase();
  if ((label === "neutral" && !hasNeutral) || (label === "mixed" && !hasMixed)) {
    const { positive, negative } = result.scores;
    label = positive > negative ? "positive" : negative > positive ? "negative" : "unresolved";
  }
  return label;
}

async function evaluateSet(
  rows: readonly Row[],
  analyzer: Analyzer,
  taxonomy: Taxonomy,
): Promise<{ report: SetReport; predictions: Prediction[] }> {
  const classes = [...new Set(rows.map((r) => r.sentiment))].sort();
  const hasNeutral = classes.includes("neutral");
  const hasMixed = classes.includes("mixed");
  const predictions = await run(rows, analyzer, taxonomy);
  for (const p of predictions) p.label = scoreLabel(p.result, hasNeutral, hasMixed);

  let correct = 0;
  let langCorrect = 0;
  const confusion: Record<string, Record<string, number>> = {};
  const perClass = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  rows.forEach((r, i) => {
    const p = predictions[i] as Prediction;
    if (p.label === r.sentiment) correct++;
    if (p.language === r.lang) langCorrect++;
    const row = confusion[r.sentiment] ?? {};
    row[p.label] = (row[p.label] ?? 0) + 1;
    confusion[r.sentiment] = row;
    for (const [c, s] of perClass) {
      if (p.label === c && r.sentiment === c) s.tp++;
      else if (p.label === c) s.fp++;
      else if (r.sentiment === c) s.fn++;
    }
  });
  const macroF1 =
    [...perClass.values()].reduce((sum, s) => sum + f1(s.tp / (s.tp + s.fp || 1), s.tp / (s.tp + s.fn || 1)), 0) /
    (classes.length || 1);

  const judged = rows
    .map((r, i) => ({ r, got: (predictions[i] as Prediction).themes }))
    .filter(({ r }) => r.themes !== undefined && (r.source !== "airline" || r.sentiment === "negative"));
  const themes = themeMetrics(judged.map(({ r, got }) => ({ gold: r.themes ?? [], got })));

  const short = rows.filter((r) => r.text.length < SHORT_TEXT);
  return {
    report: {
      rows: rows.length,
      classes,
      sentiment: { accuracy: correct / (rows.length || 1), macroF1, confusion },
      languageAccuracy: langCorrect / (rows.length || 1),
      themes,
      themeRows: judged.length,
      itemsPerSecond: await throughput(short, analyzer, taxonomy),
      shortTexts: short.length,
    },
    predictions,
  };
}

/**
 * Runs every set in `opts.data` through `opts.analyzer` (the offline analyzer by default) and the
 * taxonomy, and returns the report. `onSet` sees each set's rows and predictions (for error lists).
 */
export async function evaluate(
  opts: EvaluateOptions,
  onSet?: (name: string, rows: readonly Row[], predictions: readonly Prediction[]) => void,
): Promise<Report> {
  const analyzer = opts.analyzer ?? new LocalAnalyzer();
  const taxonomy = opts.taxonomy ?? defaultTaxonomy;
  const files = setFiles(opts.data);
  if (files.length === 0) throw new Error(`no *.jsonl files in ${opts.data}`);
  // Build lazily compiled lexicons and taxonomy first, so no set's items/s pays for them.
  await run(
    [{ id: "warm-up", text: "warm up 热身", lang: "en", sentiment: "neutral", source: "" }],
    analyzer,
    taxonomy,
  );
  const sets: Record<string, SetReport> = {};
  const allShort: Row[] = [];
  for (const [name, file] of files) {
    const rows = loadSet(file);
    const { report, predictions } = await evaluateSet(rows, analyzer, taxonomy);
    sets[name] = report;
    allShort.push(...rows.filter((r) => r.text.length < SHORT_TEXT));
    onSet?.(name, rows, predictions);
  }
  return {
    data: opts.data,
    analyzer: analyzer.name,
    sets,
    itemsPerSecond: await throughput(allShort, analyzer, taxonomy),
    shortTexts: allShort.length,
  };
}

/** The per-set part of the printed output. */
export function describeSet(name: string, s: SetReport): string {
  const lines = [
    `${name}  (${s.rows} rows; classes ${s.classes.join("/")})`,
    `  sentiment accuracy ${formatValue(s.sentiment.accuracy)}  macro-F1 ${formatValue(s.sentiment.macroF1)}  language ${formatValue(s.languageAccuracy)}  ${Number.isNaN(s.itemsPerSecond) ? "-" : Math.round(s.itemsPerSecond)} items/s (${s.shortTexts} short texts)`,
    `  confusion (gold > predicted): ${Object.entries(s.sentiment.confusion)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([gold, row]) =>
          `${gold} > ${Object.entries(row)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([p, n]) => `${p} ${n}`)
            .join(", ")}`,
      )
      .join("; ")}`,
  ];
  for (const [id, m] of Object.entries(s.themes)) {
    lines.push(
      `  theme ${id.padEnd(16)} P ${formatValue(m.precision)}  R ${formatValue(m.recall)}  F1 ${formatValue(m.f1)}  (gold ${m.support}, rows ${s.themeRows})`,
    );
  }
  return lines.join("\n");
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

async function main(args: readonly string[]): Promise<number> {
  const known = new Set(["--data", "--json", "--check", "--errors", "--learn-from", "--weight"]);
  for (const a of args) {
    if (a.startsWith("--") && !known.has(a)) throw new Error(`unknown option ${a}`);
  }
  if (args.includes("--learn-from")) {
    // Learning from a set's own labels is measured on disjoint halves by tools/eval/eval-learned.ts,
    // which reads the same options from the command line.
    await import("./eval-learned.ts");
    return 0;
  }
  const data = resolve(option(args, "--data") ?? DEFAULT_DATA);
  const json = option(args, "--json");
  const showErrors = Number(option(args, "--errors") ?? 0);

  const report = await evaluate({ data }, (name, rows, predictions) => {
    if (showErrors <= 0) return;
    let shown = 0;
    rows.forEach((r, i) => {
      const p = predictions[i] as Prediction;
      if (shown >= showErrors || p.label === r.sentiment) return;
      shown++;
      const scores = isAnalysisFailure(p.result) ? "" : ` (+${p.result.scores.positive} -${p.result.scores.negative})`;
      console.log(`  [${name}] ${r.sentiment} -> ${p.label}${scores} ${r.text.slice(0, 160)}`);
    });
  });
  for (const [name, s] of Object.entries(report.sets)) console.log(`\n${describeSet(name, s)}`);
  report.demoWeek = demoWeekThemes();
  console.log(`\ndemo week  (${report.demoWeek.rows} comments of the local demo, themes labelled by us)`);
  for (const [id, m] of Object.entries(report.demoWeek.themes)) {
    console.log(
      `  theme ${id.padEnd(16)} P ${formatValue(m.precision)}  R ${formatValue(m.recall)}  F1 ${formatValue(m.f1)}  (gold ${m.support})`,
    );
  }
  console.log(`\nall sets: ${Math.round(report.itemsPerSecond)} items/s on ${report.shortTexts} short texts\n`);

  const results = checkFloors(report, FLOORS);
  console.log(floorTable(results));
  if (json) {
    writeFileSync(resolve(json), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nreport written to ${resolve(json)}`);
  }
  const smallData = await smallDataEvaluation(data);
  console.log(
    `\nLearning from little, skewed data (what hearback train would leave in use vs the lexicon alone, on the unseen half; floor ${SMALL_DATA_FLOOR}):\n`,
  );
  console.log(smallDataTable(smallData));
  const missed = [...missedFloors(results), ...smallDataMisses(smallData)];
  if (args.includes("--check") && missed.length > 0) {
    console.error(`\n${missed.length} floor(s) missed:\n${missed.map((m) => `  - ${m}`).join("\n")}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 2;
    },
  );
}
