/**
 * Baseline measurement of the local analyzer and the theme taxonomy against the labeled sets in
 * ../shared/datasets (see its README). Reads every *.jsonl there and prints, per set, sentiment
 * accuracy and macro-F1, per-theme precision/recall/F1, and items per second (sentiment, language
 * and themes together, one core, after a warm-up pass).
 *
 *   npx tsx scripts/measure-analyzer.ts [--data ../shared/datasets] [--errors 10]
 *
 * Scoring rules:
 * - The classes of a set are the labels that occur in it. For a set without "neutral" or "mixed"
 *   (two-class sets), a NEUTRAL or MIXED prediction is turned into a polarity by the larger of the
 *   positive and negative scores: the set's annotators were forced to pick a side, so we compare
 *   the side the analyzer leans to. An exact tie stays unresolved and counts as wrong.
 * - Where a set has "neutral" but no "mixed", MIXED becomes the larger of positive/negative.
 * - Themes are judged only for the theme ids that occur in the set's labels (a set labels only
 *   some aspects, e.g. restaurant reviews have no "delivery"), and only on rows that carry a
 *   `themes` field. The airline set labels reasons on negative tweets only, so its themes are
 *   judged on the rows labeled negative.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { analyzeText, detectLanguage } from "../shared/adapters/local-analyzer.ts";
import { tagThemes } from "../shared/domain/themes.ts";

interface Row {
  id: string;
  text: string;
  lang: string;
  sentiment: "positive" | "negative" | "neutral" | "mixed";
  source: string;
  themes?: string[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = resolve(option("--data") ?? "../shared/datasets");
const showErrors = Number(option("--errors") ?? 0);

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const fmt = (x: number): string => x.toFixed(3);

function measure(file: string): void {
  const rows: Row[] = readFileSync(join(dataDir, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const classes = [...new Set(rows.map((r) => r.sentiment))].sort();
  const hasNeutral = classes.includes("neutral");
  const hasMixed = classes.includes("mixed");

  const run = () =>
    rows.map((r) => {
      const a = analyzeText(r.text);
      return { ...a, language: detectLanguage(r.text), themes: tagThemes(r.text, r.lang) };
    });
  run(); // warm-up pass, so items/s measures steady state rather than JIT compilation
  const started = performance.now();
  const results = run();
  const elapsed = (performance.now() - started) / 1000;

  const predicted = results.map((a) => {
    let label = a.sentiment.toLowerCase();
    if ((label === "neutral" && !hasNeutral) || (label === "mixed" && !hasMixed)) {
      const { positive, negative } = a.scores;
      label = positive > negative ? "positive" : negative > positive ? "negative" : "unresolved";
    }
    return label;
  });

  let correct = 0;
  let langCorrect = 0;
  const perClass = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const confusion = new Map<string, number>();
  rows.forEach((r, i) => {
    const p = predicted[i] as string;
    if (p === r.sentiment) correct++;
    if ((results[i] as { language: string }).language === r.lang) langCorrect++;
    confusion.set(`${r.sentiment}>${p}`, (confusion.get(`${r.sentiment}>${p}`) ?? 0) + 1);
    for (const [c, s] of perClass) {
      if (p === c && r.sentiment === c) s.tp++;
      else if (p === c) s.fp++;
      else if (r.sentiment === c) s.fn++;
    }
  });
  const macro =
    [...perClass.values()].reduce((sum, s) => sum + f1(s.tp / (s.tp + s.fp || 1), s.tp / (s.tp + s.fn || 1)), 0) /
    classes.length;

  console.log(`\n${file}  (${rows.length} rows; classes ${classes.join("/")})`);
  console.log(
    `  sentiment accuracy ${fmt(correct / rows.length)}  macro-F1 ${fmt(macro)}  language ${fmt(langCorrect / rows.length)}  ${Math.round(rows.length / elapsed)} items/s`,
  );
  console.log(
    `  confusion (gold>predicted): ${[...confusion.entries()]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );

  const themed = rows
    .map((r, i) => ({ r, predicted: (results[i] as { themes: string[] }).themes }))
    .filter(({ r }) => r.themes !== undefined && (r.source !== "airline" || r.sentiment === "negative"));
  const vocabulary = [...new Set(themed.flatMap(({ r }) => r.themes ?? []))].sort();
  for (const theme of vocabulary) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { r, predicted: p } of themed) {
      const gold = (r.themes ?? []).includes(theme);
      const got = p.includes(theme);
      if (gold && got) tp++;
      else if (got) fp++;
      else if (gold) fn++;
    }
    const precision = tp / (tp + fp || 1);
    const recall = tp / (tp + fn || 1);
    console.log(
      `  theme ${theme.padEnd(16)} P ${fmt(precision)}  R ${fmt(recall)}  F1 ${fmt(f1(precision, recall))}  (gold ${tp + fn}, rows ${themed.length})`,
    );
  }

  if (showErrors > 0) {
    let shown = 0;
    rows.forEach((r, i) => {
      if (shown >= showErrors || predicted[i] === r.sentiment) return;
      shown++;
      const a = results[i] as { scores: { positive: number; negative: number } };
      console.log(
        `    ${r.sentiment} -> ${predicted[i]} (+${a.scores.positive} -${a.scores.negative}) ${r.text.slice(0, 160)}`,
      );
    });
  }
}

const files = readdirSync(dataDir)
  .filter((f) => f.endsWith(".jsonl"))
  .sort();
if (files.length === 0) {
  console.error(`no *.jsonl files in ${dataDir}`);
  process.exit(1);
}
// Warm up the lazily built lexicons so the first set's items/s is not charged for them.
analyzeText("warm up 热身");
tagThemes("warm up 热身", "zh-Hans");
for (const file of files) measure(file);
