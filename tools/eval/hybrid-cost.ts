/**
 * What hybrid mode saves: npx tsx tools/eval/hybrid-cost.ts [--data ../shared/datasets] [--threshold 0.75]
 *
 * For every labeled set, runs the local engine and counts the texts hybrid mode would still send to
 * Amazon Comprehend (local confidence below the threshold), the share of Comprehend calls saved, and
 * the cost per 1,000 items of ANALYZER=comprehend (language detection + sentiment for every text)
 * against ANALYZER=hybrid (sentiment only, for the doubtful texts, language already known), from
 * Comprehend's published price (shared/analysis/model/comprehend-cost.ts). It also shows the local engine's
 * accuracy on the texts it keeps, which is what hybrid mode trusts without asking Comprehend.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { comprehendCostUsd } from "#shared/analysis/model/comprehend-cost";
import { confidenceOf } from "#shared/analysis/model/hybrid-analyzer";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { isAnalysisFailure } from "#shared/analysis/ports/analyzer";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: resolve(import.meta.dirname, "../../../shared/datasets") },
    threshold: { type: "string", default: "0.75" },
  },
});
const threshold = Number(values.threshold);

interface Row {
  id: string;
  text: string;
  lang: string;
  sentiment: string;
}

const rows: Record<string, unknown>[] = [];
const local = new LocalAnalyzer();
for (const file of readdirSync(values.data)
  .filter((f) => f.endsWith(".jsonl"))
  .sort()) {
  const set = readFileSync(join(values.data, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const results = await local.analyze(set.map((r) => ({ id: r.id, text: r.text, localeHint: r.lang })));
  const kept: boolean[] = results.map((r) => !isAnalysisFailure(r) && confidenceOf(r) >= threshold);
  const doubtful = set.filter((_, i) => !kept[i]).map((r) => r.text);
  // Two-class sets (no neutral label): judge polarity, as the eval harness does.
  const twoClass = !set.some((r) => r.sentiment === "neutral");
  const keptCorrect = results.filter((r, i) => {
    if (!kept[i] || isAnalysisFailure(r)) return false;
    const gold = set[i]?.sentiment.toUpperCase();
    const predicted =
      twoClass && (r.sentiment === "NEUTRAL" || r.sentiment === "MIXED")
        ? r.scores.positive >= r.scores.negative
          ? "POSITIVE"
          : "NEGATIVE"
        : r.sentiment;
    return predicted === gold;
  }).length;
  const keptCount = kept.filter(Boolean).length;
  const per1000 = 1000 / set.length;
  rows.push({
    set: basename(file, ".jsonl"),
    items: set.length,
    "sent to Comprehend": `${((100 * doubtful.length) / set.length).toFixed(1)} %`,
    "calls saved": `${((100 * keptCount) / set.length).toFixed(1)} %`,
    "local accuracy on kept": keptCount ? (keptCorrect / keptCount).toFixed(3) : "-",
    "comprehend USD/1k": (
      comprehendCostUsd(
        set.map((r) => r.text),
        { detectLanguage: true },
      ) * per1000
    ).toFixed(3),
    "hybrid USD/1k": (comprehendCostUsd(doubtful, { detectLanguage: false }) * per1000).toFixed(3),
  });
}
console.log(`threshold ${threshold}: a local result at least this confident skips Comprehend`);
console.table(rows);
console.log(
  "Price: USD 0.0001 per 100-character unit, 3 units minimum per text, per API (detect language, sentiment).",
);
