/**
 * Measures the learned sentiment model (shared/analysis/model/learned-sentiment.ts) against the lexicon.
 * For every *.jsonl set in the data folder: a deterministic split by a hash of the row id (half
 * to learn from, the other half to score, disjoint), a model trained in memory on the first
 * half's labels, and accuracy / macro-F1 on the second half for the lexicon alone (LocalAnalyzer),
 * the model alone, and the two blended (BlendedAnalyzer). Nothing is written to disk: the sets'
 * licences forbid shipping a model trained on them.
 *
 *   npx tsx tools/eval/eval-learned.ts --learn-from ../shared/datasets [--weight 0.7]
 *
 * Scoring follows tools/eval/eval.ts: the classes are the labels that occur in the set;
 * where a set has no "neutral" (or no "mixed"), such a prediction becomes the side the positive
 * and negative scores lean to. Rows labeled "mixed" are not learned from (the model knows three
 * classes) but are scored.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { BlendedAnalyzer } from "#shared/analysis/model/blended-analyzer";
import {
  type LearnedLabel,
  predict,
  serializeModel,
  type TrainingExample,
  trainModel,
} from "#shared/analysis/model/learned-sentiment";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { AnalysisResult, Analyzer } from "#shared/analysis/ports/analyzer";
import type { SentimentScores } from "#shared/feedback/model/schema";

interface Row {
  id: string;
  text: string;
  lang: string;
  sentiment: "positive" | "negative" | "neutral" | "mixed";
  source: string;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = resolve(option("--learn-from") ?? option("--data") ?? "../shared/datasets");
const weightOption = option("--weight");

/** FNV-1a, 32 bits: a stable hash of the row id decides its half. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
const isTrainRow = (id: string): boolean => fnv1a(id) % 2 === 0;

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function score(
  rows: readonly Row[],
  predicted: readonly { sentiment: string; scores: SentimentScores }[],
  classes: readonly string[],
): { accuracy: number; macroF1: number } {
  const hasNeutral = classes.includes("neutral");
  const hasMixed = classes.includes("mixed");
  let correct = 0;
  const perClass = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  rows.forEach((r, i) => {
    const a = predicted[i] as { sentiment: string; scores: SentimentScores };
    let label = a.sentiment.toLowerCase();
    if ((label === "neutral" && !hasNeutral) || (label === "mixed" && !hasMixed)) {
      const { positive, negative } = a.scores;
      label = positive > negative ? "positive" : negative > positive ? "negative" : "unresolved";
    }
    if (label === r.sentiment) correct++;
    for (const [c, s] of perClass) {
      if (label === c && r.sentiment === c) s.tp++;
      else if (label === c) s.fp++;
      else if (r.sentiment === c) s.fn++;
    }
  });
  const macroF1 =
    [...perClass.values()].reduce((sum, s) => sum + f1(s.tp / (s.tp + s.fp || 1), s.tp / (s.tp + s.fn || 1)), 0) /
    classes.length;
  return { accuracy: correct / rows.length, macroF1 };
}

async function run(analyzer: Analyzer, rows: readonly Row[]) {
  const results: AnalysisResult[] = await analyzer.analyze(
    rows.map((r) => ({ id: r.id, text: r.text, localeHint: r.lang })),
  );
  return results.map((res) => {
    if ("error" in res) throw new Error(`${res.id}: ${res.error.message}`);
    return res;
  });
}

const toLabel = (s: Row["sentiment"]): LearnedLabel | undefined =>
  s === "positive" ? "POSITIVE" : s === "negative" ? "NEGATIVE" : s === "neutral" ? "NEUTRAL" : undefined;

const files = readdirSync(dataDir)
  .filter((f) => f.endsWith(".jsonl"))
  .sort();
if (files.length === 0) {
  console.error(`no *.jsonl files in ${dataDir}`);
  process.exit(1);
}

const fmt = (x: number): string => x.toFixed(3);
const header = `${"set".padEnd(32)} ${"train".padStart(5)} ${"test".padStart(5)}  ${"lexicon acc/F1".padEnd(14)}  ${"model acc/F1".padEnd(14)}  ${"blended acc/F1".padEnd(14)}  ${"features".padStart(8)}  ${"json KB".padStart(7)}  ${"gzip KB".padStart(7)}`;
console.log(header);
console.log("-".repeat(header.length));

const lexicon = new LocalAnalyzer();
for (const file of files) {
  const rows: Row[] = readFileSync(join(dataDir, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const classes = [...new Set(rows.map((r) => r.sentiment))].sort();
  const train = rows.filter((r) => isTrainRow(r.id));
  const test = rows.filter((r) => !isTrainRow(r.id));
  const examples: TrainingExample[] = train.flatMap((r) => {
    const label = toLabel(r.sentiment);
    return label ? [{ text: r.text, language: r.lang, label }] : [];
  });
  const model = trainModel(examples, { now: new Date("2025-01-01T00:00:00.000Z") });
  const json = serializeModel(model);
  const gz = gzipSync(json).length;

  const blended = new BlendedAnalyzer(lexicon, model, weightOption ? { weight: Number(weightOption) } : {});
  const lex = score(test, await run(lexicon, test), classes);
  const mod = score(
    test,
    test.map((r) => {
      const p = predict(model, r.text, r.lang);
      return {
        sentiment: p.label,
        scores: {
          positive: p.probabilities.POSITIVE,
          negative: p.probabilities.NEGATIVE,
          neutral: p.probabilities.NEUTRAL,
          mixed: 0,
        },
      };
    }),
    classes,
  );
  const ble = score(test, await run(blended, test), classes);
  const cell = (s: { accuracy: number; macroF1: number }) => `${fmt(s.accuracy)}/${fmt(s.macroF1)}`.padEnd(14);
  console.log(
    `${file.padEnd(32)} ${String(examples.length).padStart(5)} ${String(test.length).padStart(5)}  ${cell(lex)}  ${cell(mod)}  ${cell(ble)}  ${String(model.features.length).padStart(8)}  ${(json.length / 1024).toFixed(1).padStart(7)}  ${(gz / 1024).toFixed(1).padStart(7)}`,
  );
}
