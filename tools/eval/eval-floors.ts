import type { Report } from "./eval.ts";

/**
 * The quality floors the offline analyzer must keep on the labeled sets (../shared/datasets), and
 * the goals we work towards. CI runs `npm run eval -- --check`, which fails when any floor is
 * missed. Set names are the dataset file names without ".jsonl". The floors are re-checked on an
 * unseen half of every set, so they are met by general rules, never by fitting single rows.
 */
export type Floor =
  /** Sentiment accuracy of a set (3-class where the set has neutral). */
  | { kind: "accuracy"; set: string; floor: number; goal: number }
  /** F1 of one theme on a set. */
  | { kind: "themeF1"; set: string; theme: string; floor: number; goal: number }
  /**
   * Precision of one theme on a set: of the items tagged with it, the share that are about it. What a
   * digest reader sees under a theme's name, so it has floors of its own (issue 13).
   */
  | { kind: "themePrecision"; set: string; theme: string; floor: number; goal: number }
  /** Precision of one theme on the local demo week (labelled by us; tools/eval/demo-week.ts). */
  | { kind: "demoWeekPrecision"; theme: string; floor: number; goal: number }
  /** F1 of every theme the set labels. */
  | { kind: "everyThemeF1"; set: string; floor: number; goal: number }
  /** Accuracy of `set` at most `floor` below (or above) that of `of`: one script must not read worse. */
  | { kind: "accuracyGap"; set: string; of: string; floor: number; goal: number }
  /** Items per second on short texts (< 140 characters), one core, pooled over all sets. */
  | { kind: "itemsPerSecond"; floor: number; goal: number };

export const FLOORS: readonly Floor[] = [
  { kind: "accuracy", set: "en_airline", floor: 0.62, goal: 0.75 },
  { kind: "accuracy", set: "en_uci_reviews", floor: 0.76, goal: 0.85 },
  { kind: "accuracy", set: "zh_waimai", floor: 0.78, goal: 0.88 },
  { kind: "accuracy", set: "zh_chnsenticorp_hotels", floor: 0.8, goal: 0.88 },
  { kind: "accuracy", set: "zh_online_shopping", floor: 0.78, goal: 0.88 },
  { kind: "accuracyGap", set: "zh_waimai_traditional", of: "zh_waimai", floor: 0.02, goal: 0 },
  { kind: "themeF1", set: "en_airline", theme: "delivery", floor: 0.75, goal: 0.85 },
  { kind: "themeF1", set: "en_airline", theme: "service", floor: 0.7, goal: 0.85 },
  { kind: "themeF1", set: "en_semeval14_restaurants", theme: "product_quality", floor: 0.65, goal: 0.85 },
  { kind: "themeF1", set: "en_semeval14_restaurants", theme: "service", floor: 0.75, goal: 0.85 },
  { kind: "themeF1", set: "en_semeval14_restaurants", theme: "price", floor: 0.7, goal: 0.85 },
  { kind: "everyThemeF1", set: "zh_asap_restaurants", floor: 0.8, goal: 0.9 },
  // Precision floors, set from the run of 2026-12-05 (a little below it), after the word senses of
  // taxonomy 2026-12-2 (docs/analysis.md, "Themes with precision"). en_airline's usability stays low
  // by the set's labels: its annotators file app and website trouble under customer service, which
  // our taxonomy calls usability.
  { kind: "themePrecision", set: "en_airline", theme: "delivery", floor: 0.72, goal: 0.85 },
  { kind: "themePrecision", set: "en_airline", theme: "service", floor: 0.68, goal: 0.85 },
  { kind: "themePrecision", set: "en_airline", theme: "product_quality", floor: 0.48, goal: 0.8 },
  { kind: "themePrecision", set: "en_airline", theme: "usability", floor: 0.15, goal: 0.8 },
  { kind: "themePrecision", set: "en_semeval14_restaurants", theme: "environment", floor: 0.68, goal: 0.8 },
  { kind: "themePrecision", set: "en_semeval14_restaurants", theme: "price", floor: 0.63, goal: 0.85 },
  { kind: "themePrecision", set: "en_semeval14_restaurants", theme: "product_quality", floor: 0.75, goal: 0.85 },
  { kind: "themePrecision", set: "en_semeval14_restaurants", theme: "service", floor: 0.78, goal: 0.85 },
  { kind: "themePrecision", set: "zh_asap_restaurants", theme: "delivery", floor: 0.72, goal: 0.85 },
  { kind: "themePrecision", set: "zh_asap_restaurants", theme: "environment", floor: 0.78, goal: 0.85 },
  { kind: "themePrecision", set: "zh_asap_restaurants", theme: "price", floor: 0.8, goal: 0.9 },
  { kind: "themePrecision", set: "zh_asap_restaurants", theme: "product_quality", floor: 0.95, goal: 0.95 },
  { kind: "themePrecision", set: "zh_asap_restaurants", theme: "service", floor: 0.8, goal: 0.9 },
  // What a new user reads first: the demo week's quotes under each theme.
  { kind: "demoWeekPrecision", theme: "delivery", floor: 0.82, goal: 0.9 },
  { kind: "demoWeekPrecision", theme: "service", floor: 0.86, goal: 0.9 },
  { kind: "demoWeekPrecision", theme: "product_quality", floor: 0.85, goal: 0.9 },
  { kind: "demoWeekPrecision", theme: "usability", floor: 0.8, goal: 0.9 },
  { kind: "demoWeekPrecision", theme: "price", floor: 0.8, goal: 0.9 },
  { kind: "demoWeekPrecision", theme: "payment", floor: 0.72, goal: 0.9 },
  { kind: "demoWeekPrecision", theme: "refund", floor: 0.9, goal: 0.9 },
  { kind: "itemsPerSecond", floor: 5_000, goal: 30_000 },
];

export interface FloorResult {
  /** What was measured, e.g. "en_airline theme delivery F1". */
  metric: string;
  /** The measured value; undefined when the report lacks it (which fails the floor). */
  value: number | undefined;
  floor: number;
  goal: number;
  /** "max" when lower is better (a gap), "min" otherwise. */
  direction: "min" | "max";
  pass: boolean;
  goalMet: boolean;
}

function judge(
  metric: string,
  value: number | undefined,
  floor: number,
  goal: number,
  direction: "min" | "max" = "min",
): FloorResult {
  // A tolerance for float noise: 0.85 - 0.83 is a gap of 0.02, not 0.0200000001.
  const ok = (limit: number) =>
    value !== undefined &&
    Number.isFinite(value) &&
    (direction === "min" ? value >= limit - 1e-9 : value <= limit + 1e-9);
  return { metric, value, floor, goal, direction, pass: ok(floor), goalMet: ok(goal) };
}

/** Judges a report against the floors: one result per measured number, in table order. */
export function checkFloors(report: Report, floors: readonly Floor[] = FLOORS): FloorResult[] {
  const out: FloorResult[] = [];
  for (const f of floors) {
    switch (f.kind) {
      case "accuracy":
        out.push(judge(`${f.set} sentiment accuracy`, report.sets[f.set]?.sentiment.accuracy, f.floor, f.goal));
        break;
      case "themeF1":
        out.push(judge(`${f.set} theme ${f.theme} F1`, report.sets[f.set]?.themes[f.theme]?.f1, f.floor, f.goal));
        break;
      case "themePrecision":
        out.push(
          judge(`${f.set} theme ${f.theme} precision`, report.sets[f.set]?.themes[f.theme]?.precision, f.floor, f.goal),
        );
        break;
      case "demoWeekPrecision":
        out.push(
          judge(`demo week theme ${f.theme} precision`, report.demoWeek?.themes[f.theme]?.precision, f.floor, f.goal),
        );
        break;
      case "everyThemeF1": {
        const themes = Object.entries(report.sets[f.set]?.themes ?? {});
        if (themes.length === 0) out.push(judge(`${f.set} every theme F1`, undefined, f.floor, f.goal));
        for (const [id, m] of themes) out.push(judge(`${f.set} theme ${id} F1`, m.f1, f.floor, f.goal));
        break;
      }
      case "accuracyGap": {
        const a = report.sets[f.set]?.sentiment.accuracy;
        const b = report.sets[f.of]?.sentiment.accuracy;
        const gap = a === undefined || b === undefined ? undefined : Math.abs(a - b);
        out.push(judge(`${f.set} accuracy gap to ${f.of}`, gap, f.floor, f.goal, "max"));
        break;
      }
      case "itemsPerSecond":
        out.push(judge("items/s, short texts, one core", report.itemsPerSecond, f.floor, f.goal));
        break;
    }
  }
  return out;
}

/** The floors a report misses, as lines for a CI log; empty when everything passes. */
export function missedFloors(results: readonly FloorResult[]): string[] {
  return results
    .filter((r) => !r.pass)
    .map(
      (r) =>
        `${r.metric}: ${r.value === undefined ? "missing" : formatValue(r.value)} ${r.direction === "min" ? "<" : ">"} floor ${formatValue(r.floor)}`,
    );
}

export const formatValue = (x: number): string => (Math.abs(x) >= 100 ? String(Math.round(x)) : x.toFixed(3));

/** A plain-text table: metric, value, floor, goal, PASS/FAIL (and whether the goal is met). */
export function floorTable(results: readonly FloorResult[]): string {
  const rows = results.map((r) => [
    r.metric,
    r.value === undefined ? "missing" : formatValue(r.value),
    `${r.direction === "max" ? "<= " : ""}${formatValue(r.floor)}`,
    `${r.direction === "max" ? "<= " : ""}${formatValue(r.goal)}`,
    r.pass ? (r.goalMet ? "PASS (goal met)" : "PASS") : "FAIL",
  ]);
  const header = ["metric", "value", "floor", "goal", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
