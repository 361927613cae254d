import { createHash } from "node:crypto";
import type { Analyzer } from "../ports/analyzer.ts";
import { isAnalysisFailure } from "../ports/analyzer.ts";
import { BlendedAnalyzer } from "./blended-analyzer.ts";
import type { LearnedLabel, SentimentModel, TrainingExample } from "./learned-sentiment.ts";

/**
 * Every fifth scored comment (by a hash of its id, so the same ones each time) is held back from
 * training: a new model is judged on comments it has not seen.
 */
export const isHeldBack = (id: string): boolean => (createHash("sha256").update(id).digest()[0] ?? 0) % 5 === 0;

/** Below this many praising or complaining held-back comments a comparison says nothing. */
export const MIN_HELD_BACK = 10;

export interface ModelComparison {
  /** Held-back praising and complaining comments the readings were compared on. */
  comments: number;
  lexicon: number;
  current?: number | undefined;
  candidate: number;
}

/**
 * Share of held-back comments whose reading matches their score: praise read POSITIVE, complaints
 * read NEGATIVE. Passives' comments are left out (their score says little about their words).
 */
const accuracy = async (analyzer: Analyzer, examples: readonly TrainingExample[]): Promise<number> => {
  const results = await analyzer.analyze(examples.map((e, i) => ({ id: String(i), text: e.text })));
  let right = 0;
  results.forEach((r, i) => {
    if (!isAnalysisFailure(r) && r.sentiment === (examples[i]?.label as LearnedLabel)) right++;
  });
  return examples.length === 0 ? 0 : Math.round((right / examples.length) * 1_000) / 1_000;
};

/** The lexicon alone, the current model and the candidate, each blended with the lexicon, on the held-back slice. */
export const compareModels = async (
  lexicon: Analyzer,
  heldBack: readonly TrainingExample[],
  candidate: SentimentModel,
  current: SentimentModel | undefined,
): Promise<ModelComparison> => {
  const polar = heldBack.filter((e) => e.label !== "NEUTRAL");
  return {
    comments: polar.length,
    lexicon: await accuracy(lexicon, polar),
    ...(current && { current: await accuracy(new BlendedAnalyzer(lexicon, current), polar) }),
    candidate: await accuracy(new BlendedAnalyzer(lexicon, candidate), polar),
  };
};

/**
 * A new model replaces the current one only if it reads the held-back comments better than the
 * current one does, and never worse than the lexicon alone. Returns why not, or undefined.
 */
export const whyNotPromoted = (c: ModelComparison): string | undefined => {
  if (c.comments < MIN_HELD_BACK)
    return `only ${c.comments} praising or complaining comments held back to check it on; need ${MIN_HELD_BACK}`;
  if (c.candidate < c.lexicon)
    return `it reads held-back comments worse (${c.candidate}) than the lexicon alone (${c.lexicon})`;
  if (c.current !== undefined && c.candidate <= c.current)
    return `it does not beat the current model on held-back comments (${c.candidate} vs ${c.current})`;
  return undefined;
};
