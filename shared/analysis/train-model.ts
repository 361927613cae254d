import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import {
  deserializeModel,
  labelFromScore,
  type SentimentModel,
  serializeModel,
  type TrainingExample,
  trainModel,
} from "./model/learned-sentiment.ts";
import { LocalAnalyzer } from "./model/local-analyzer.ts";
import { compareModels, isHeldBack, type ModelComparison, whyNotPromoted } from "./model/model-check.ts";
import type { ModelStore } from "./ports/model-store.ts";

export interface TrainingOptions {
  /** How far back to learn from. */
  days: number;
  /** Below this many labeled comments the lexicon alone is better than a thin model. */
  minExamples: number;
  /**
   * And below this many praising (POSITIVE) or complaining (NEGATIVE) comments: a model that has
   * seen only complaints learns which words complaints use, not which words they do not.
   */
  minPerClass?: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { days: 180, minExamples: 50, minPerClass: 20 };

export type TrainingResult =
  | {
      status: "trained";
      version: string;
      examples: number;
      byLabel: Record<string, number>;
      features: number;
      comparison: ModelComparison;
    }
  /** Trained, but not better: the current model (or the lexicon alone) stays. */
  | { status: "kept"; reason: string; examples: number; comparison: ModelComparison }
  | { status: "skipped"; reason: string; examples: number };

const DAY = 86_400_000;
/** A corrected comment counts as this many scored ones in training. */
export const CORRECTION_WEIGHT = 3;

/**
 * Learns this deployment's own vocabulary from its scored comments: an NPS 2 or a 1-star CSAT
 * says how its comment feels better than any lexicon. Reads day by day (Query, never Scan), trains
 * a small Naive Bayes model on four in five comments, and stores it for the workers to pick up only
 * if it reads the held-back fifth better than the current model (and no worse than the lexicon
 * alone); otherwise the current one stays and the result says why (model/model-check.ts).
 */
export const trainFromScoredFeedback = async (
  deps: {
    feedback: Pick<FeedbackStore, "day">;
    models: Pick<ModelStore, "saveModel" | "loadModel">;
    now: () => Date;
  },
  options: TrainingOptions = DEFAULT_TRAINING,
): Promise<TrainingResult> => {
  const now = deps.now();
  const examples: TrainingExample[] = [];
  const heldBack: TrainingExample[] = [];
  for (let d = options.days; d >= 0; d--) {
    const day = new Date(now.getTime() - d * DAY).toISOString().slice(0, 10);
    let cursor: string | undefined;
    do {
      const page = await deps.feedback.day(day, cursor);
      cursor = page.cursor;
      for (const record of page.items) {
        if (!record.text?.trim()) continue;
        // A person's correction is the best label there is: it outweighs the score (it counts as
        // CORRECTION_WEIGHT comments) and teaches from social posts too, which have no score.
        const corrected = record.correction?.sentiment;
        const label =
          corrected === "POSITIVE" || corrected === "NEGATIVE" || corrected === "NEUTRAL"
            ? corrected
            : record.channel !== "social" && record.score !== undefined
              ? labelFromScore(record.channel, record.score)
              : undefined;
        if (label === undefined) continue;
        // The masked text: the model never needs, and so never holds, anyone's phone or email.
        const example = { text: record.text, language: record.language, label };
        const into = isHeldBack(record.id) ? heldBack : examples;
        for (let n = corrected === label ? CORRECTION_WEIGHT : 1; n > 0; n--) into.push(example);
      }
    } while (cursor);
  }
  if (examples.length < options.minExamples) {
    return {
      status: "skipped",
      reason: `${examples.length} scored comments in the last ${options.days} days; need at least ${options.minExamples}`,
      examples: examples.length,
    };
  }
  const byLabel: Record<string, number> = {};
  for (const e of examples) byLabel[e.label] = (byLabel[e.label] ?? 0) + 1;
  const minPerClass = options.minPerClass ?? DEFAULT_TRAINING.minPerClass ?? 0;
  const thin = (["POSITIVE", "NEGATIVE"] as const).filter((label) => (byLabel[label] ?? 0) < minPerClass);
  if (thin.length > 0) {
    return {
      status: "skipped",
      reason: `${thin.map((l) => `${byLabel[l] ?? 0} ${l.toLowerCase()}`).join(" and ")} comments; need at least ${minPerClass} of each`,
      examples: examples.length,
    };
  }
  const model = trainModel(examples, { now });
  const stored = await deps.models.loadModel();
  let current: SentimentModel | undefined;
  try {
    current = stored && deserializeModel(stored.json);
  } catch {
    current = undefined; // an unreadable model is no model: the candidate is judged against the lexicon
  }
  const comparison = await compareModels(new LocalAnalyzer(), heldBack, model, current);
  const notBetter = whyNotPromoted(comparison);
  if (notBetter) return { status: "kept", reason: notBetter, examples: examples.length, comparison };
  await deps.models.saveModel({ version: model.version, trainedAt: model.trainedAt, json: serializeModel(model) });
  return {
    status: "trained",
    version: model.version,
    examples: examples.length,
    byLabel,
    features: model.features.length,
    comparison,
  };
};
