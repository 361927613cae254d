/**
 * Learning from little, skewed data (issue 13): for each labelled set with praise and complaints,
 * 50, 200 and 1,000 comments are drawn from one half of the set with a complaint-heavy skew (70 %
 * negative, as a detractor-rich deployment collects them) and go through what `hearback train` does:
 * a fifth held back, the minimum of each class, training, the promotion check against the lexicon
 * alone. What would then be in use (the blended model, or the lexicon alone when the model was not
 * trained or not promoted) is scored on the other half against the lexicon alone. The floor: never
 * more than 0.01 below the lexicon at any size. Nothing is written to disk.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BlendedAnalyzer } from "#shared/analysis/model/blended-analyzer";
import { type LearnedLabel, type TrainingExample, trainModel } from "#shared/analysis/model/learned-sentiment";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { compareModels, isHeldBack, whyNotPromoted } from "#shared/analysis/model/model-check";
import { type Analyzer, isAnalysisFailure } from "#shared/analysis/ports/analyzer";
import { DEFAULT_TRAINING } from "#shared/analysis/train-model";

export const SMALL_DATA_SIZES = [50, 200, 1_000] as const;
export const NEGATIVE_SHARE = 0.7;
/** The blend may read at most this much worse than the lexicon alone, at any size. */
export const SMALL_DATA_FLOOR = -0.01;

interface Row {
  id: string;
  text: string;
  lang: string;
  sentiment: "positive" | "negative" | "neutral" | "mixed";
}

export interface SmallDataResult {
  set: string;
  size: number;
  /** Examples actually drawn (a small set may have fewer than asked). */
  drawn: number;
  /** What `hearback train` would have done with this sample. */
  outcome: "promoted" | "not trained" | "not promoted";
  lexicon: number;
  blended: number;
  gap: number;
}

const fnv1a = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

const label = (s: Row["sentiment"]): LearnedLabel | undefined =>
  s === "positive" ? "POSITIVE" : s === "negative" ? "NEGATIVE" : s === "neutral" ? "NEUTRAL" : undefined;

/** Accuracy on praise and complaints; a neutral or mixed reading counts as the side its scores lean to. */
const accuracy = async (analyzer: Analyzer, rows: readonly Row[]): Promise<number> => {
  const results = await analyzer.analyze(rows.map((r) => ({ id: r.id, text: r.text, localeHint: r.lang })));
  let right = 0;
  results.forEach((r, i) => {
    if (isAnalysisFailure(r)) return;
    const lean =
      r.sentiment === "POSITIVE" || r.sentiment === "NEGATIVE"
        ? r.sentiment.toLowerCase()
        : r.scores.positive > r.scores.negative
          ? "positive"
          : r.scores.negative > r.scores.positive
            ? "negative"
            : "";
    if (lean === rows[i]?.sentiment) right++;
  });
  return rows.length === 0 ? 0 : right / rows.length;
};

export const smallDataEvaluation = async (dataDir: string): Promise<SmallDataResult[]> => {
  const lexicon = new LocalAnalyzer();
  const results: SmallDataResult[] = [];
  for (const file of readdirSync(dataDir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    const rows = readFileSync(join(dataDir, file), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Row);
    const polar = rows.filter((r) => r.sentiment === "positive" || r.sentiment === "negative");
    if (!polar.some((r) => r.sentiment === "positive") || !polar.some((r) => r.sentiment === "negative")) continue;
    const pool = polar
      .filter((r) => fnv1a(r.id) % 2 === 0)
      .sort((a, b) => fnv1a(`${a.id}#draw`) - fnv1a(`${b.id}#draw`));
    const test = polar.filter((r) => fnv1a(r.id) % 2 === 1);
    const lexiconAccuracy = await accuracy(lexicon, test);
    const negatives = pool.filter((r) => r.sentiment === "negative");
    const positives = pool.filter((r) => r.sentiment === "positive");
    for (const size of SMALL_DATA_SIZES) {
      const wantNegative = Math.round(size * NEGATIVE_SHARE);
      const drawn = [
        ...negatives.slice(0, wantNegative),
        ...positives.slice(
          0,
          Math.min(size - wantNegative, Math.round((negatives.slice(0, wantNegative).length * 3) / 7)),
        ),
      ];
      const asExample = (r: Row): TrainingExample[] => {
        const l = label(r.sentiment);
        return l ? [{ text: r.text, language: r.lang, label: l }] : [];
      };
      const training = drawn.filter((r) => !isHeldBack(r.id)).flatMap(asExample);
      const heldBack = drawn.filter((r) => isHeldBack(r.id)).flatMap(asExample);
      const perClass = (l: LearnedLabel) => training.filter((e) => e.label === l).length;
      const minPerClass = DEFAULT_TRAINING.minPerClass ?? 0;
      let outcome: SmallDataResult["outcome"] = "not trained";
      let blended = lexiconAccuracy;
      if (
        training.length >= DEFAULT_TRAINING.minExamples &&
        perClass("POSITIVE") >= minPerClass &&
        perClass("NEGATIVE") >= minPerClass
      ) {
        const model = trainModel(training, { now: new Date("2025-01-01T00:00:00.000Z") });
        const refused = whyNotPromoted(await compareModels(lexicon, heldBack, model, undefined));
        outcome = refused ? "not promoted" : "promoted";
        if (!refused) blended = await accuracy(new BlendedAnalyzer(lexicon, model), test);
      }
      results.push({
        set: file.replace(/\.jsonl$/, ""),
        size,
        drawn: drawn.length,
        outcome,
        lexicon: lexiconAccuracy,
        blended,
        gap: blended - lexiconAccuracy,
      });
    }
  }
  return results;
};

export const smallDataTable = (results: readonly SmallDataResult[]): string => {
  const header = `${"set (70 % negative training sample)".padEnd(40)} ${"size".padStart(5)} ${"drawn".padStart(5)}  ${"model".padEnd(12)}  lexicon  in use     gap  result`;
  const lines = results.map(
    (r) =>
      `${r.set.padEnd(40)} ${String(r.size).padStart(5)} ${String(r.drawn).padStart(5)}  ${r.outcome.padEnd(12)}  ${r.lexicon.toFixed(3).padStart(7)}  ${r.blended.toFixed(3).padStart(7)}  ${(r.gap >= 0 ? "+" : "") + r.gap.toFixed(3)}  ${r.gap >= SMALL_DATA_FLOOR ? "PASS" : "FAIL"}`,
  );
  return [header, "-".repeat(header.length), ...lines].join("\n");
};

export const smallDataMisses = (results: readonly SmallDataResult[]): string[] =>
  results
    .filter((r) => r.gap < SMALL_DATA_FLOOR)
    .map(
      (r) =>
        `${r.set}: after ${r.drawn} skewed comments (${r.outcome}), ${r.blended.toFixed(3)} < lexicon ${r.lexicon.toFixed(3)} - 0.01`,
    );
