import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tagThemes } from "#shared/analysis/model/themes";
import { defaultTaxonomy, type Taxonomy } from "#shared/taxonomy/taxonomy";
import { type ThemeMetrics, themeMetrics } from "./theme-metrics.ts";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Theme precision on what a new user sees first: the comments of the local demo week
 * (shared/local/demo/*.json, text we wrote for a fictional brand), each labelled in
 * demo-week-themes.json with the themes a careful reader would give it. A label names its comment by
 * the comment's opening, so a changed or reordered demo fails loudly instead of scoring the wrong
 * text. The taxonomy was tuned while these labels existed, so this is a check that the demo reads
 * right, not an unseen test (the labelled sets are that).
 */
interface Label {
  opening: string;
  themes: string[];
}

const demoTexts = (): { text: string; language: string }[] => {
  const read = (file: string) =>
    JSON.parse(readFileSync(resolve(REPO_ROOT, "shared/local/demo", file), "utf8")) as Record<string, unknown>[];
  const texts = [
    ...read("nps-answers.json").map((a) => ({ text: a.comment, locale: a.locale })),
    ...read("csat-answers.json").map((a) => ({ text: a.comment, locale: a.locale })),
    ...read("social-posts.json").map((p) => ({ text: p.text, locale: p.locale })),
  ];
  return texts
    .filter((t): t is { text: string; locale: string } => typeof t.text === "string" && t.text.trim() !== "")
    .map(({ text, locale }) => ({ text, language: String(locale).startsWith("zh") ? "zh-Hans" : "en" }));
};

export function demoWeekThemes(taxonomy: Taxonomy = defaultTaxonomy): {
  rows: number;
  themes: Record<string, ThemeMetrics>;
} {
  const labels = JSON.parse(readFileSync(resolve(REPO_ROOT, "tools/eval/demo-week-themes.json"), "utf8")) as Label[];
  const texts = demoTexts();
  const judged = labels.map((label) => {
    const matches = texts.filter((t) => t.text.startsWith(label.opening));
    if (matches.length !== 1) {
      throw new Error(`demo-week-themes.json: "${label.opening}" opens ${matches.length} demo comments, not 1`);
    }
    const [{ text, language }] = matches as [{ text: string; language: string }];
    return { gold: label.themes, got: tagThemes(text, language, taxonomy) };
  });
  const unlabelled = texts.filter((t) => !labels.some((l) => t.text.startsWith(l.opening)));
  if (unlabelled.length > 0) {
    throw new Error(
      `demo-week-themes.json has no label for "${unlabelled[0]?.text.slice(0, 20)}" (and ${unlabelled.length - 1} more)`,
    );
  }
  return { rows: judged.length, themes: themeMetrics(judged) };
}
