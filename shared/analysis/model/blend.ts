/**
 * Blending the lexicon's verdict with a learned model's (shared/analysis/model/learned-sentiment.ts): how much
 * the model is trusted, and when it may change the lexicon's label at all.
 */
import type { Sentiment, SentimentScores } from "#shared/feedback/model/schema";
import { exampleCount, type Prediction, type SentimentModel } from "./learned-sentiment.ts";

export interface LexiconVerdict {
  sentiment: Sentiment;
  scores: SentimentScores;
}

/**
 * How much a model's word counts are trusted against the lexicon, before per-text evidence:
 * grows with the number of training texts (n / (n + 200)) and never exceeds 0.8, so the lexicon
 * keeps a say on what the deployment has not seen yet. 50 texts: 0.2; 500: 0.71; 5,000: 0.8.
 */
export function modelWeight(model: SentimentModel): number {
  const n = exampleCount(model);
  return Math.min(0.8, n / (n + 200));
}

/** A lexicon reading this sure of POSITIVE or NEGATIVE (its label's score)… */
export const CONFIDENT_LEXICON = 0.6;
/** …changes only when the model itself says the new label at least this surely. */
export const CONFIDENT_MODEL = 0.85;

/**
 * Whether the blend may replace the lexicon's label: always when the lexicon is unsure (NEUTRAL, or
 * a polar reading below CONFIDENT_LEXICON); otherwise only to the other polarity, and only when the
 * model, on its own, names it with at least CONFIDENT_MODEL. A model trained on a few hundred complaint-heavy comments
 * learns that "下次" and "还" come with complaints ("下次不来了", "还没到"); it must not turn
 * "太棒了，下次还来" into a complaint against a lexicon that reads clear praise.
 */
const mayOverrule = (lexicon: LexiconVerdict, learned: Prediction, next: Sentiment): boolean => {
  if (lexicon.sentiment !== "POSITIVE" && lexicon.sentiment !== "NEGATIVE") return true;
  const sure = lexicon.sentiment === "POSITIVE" ? lexicon.scores.positive : lexicon.scores.negative;
  if (sure < CONFIDENT_LEXICON) return true;
  // The model's NEUTRAL is learned from passives' scores (NPS 7-8, CSAT 3), who often write praise
  // ("东西很好用，很喜欢" from an 8): it never outweighs a sure polar reading.
  return next !== "NEUTRAL" && learned.label === next && learned.confidence >= CONFIDENT_MODEL;
};

/**
 * Blends the lexicon's verdict with the model's: a weighted average of the two probability
 * vectors, the model's share being `weight` scaled down when the text has few features the
 * model knows (no known feature: the lexicon alone). The lexicon's mixed mass is kept, and a
 * MIXED lexicon verdict (strong positive and strong negative clauses) stays MIXED, with the
 * positive/negative lean now informed by the model. A confident lexicon reading keeps its label
 * (and its scores) unless the model is confident of another (`mayOverrule`).
 */
export function combine(lexicon: LexiconVerdict, learned: Prediction, weight: number): LexiconVerdict {
  const w = Math.max(0, Math.min(1, weight)) * Math.min(1, learned.evidence / 3);
  const unchanged = { sentiment: lexicon.sentiment, scores: { ...lexicon.scores } };
  if (w === 0) return unchanged;
  const lx = lexicon.scores;
  const p = learned.probabilities;
  const blended: SentimentScores = {
    positive: (1 - w) * lx.positive + w * p.POSITIVE,
    negative: (1 - w) * lx.negative + w * p.NEGATIVE,
    neutral: (1 - w) * lx.neutral + w * p.NEUTRAL,
    mixed: (1 - w) * lx.mixed,
  };
  let sentiment: Sentiment;
  if (lexicon.sentiment === "MIXED") sentiment = "MIXED";
  else {
    const order: [Sentiment, number][] = [
      ["NEGATIVE", blended.negative],
      ["POSITIVE", blended.positive],
      ["NEUTRAL", blended.neutral],
    ];
    sentiment = order.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  }
  if (sentiment !== lexicon.sentiment && !mayOverrule(lexicon, learned, sentiment)) return unchanged;
  // As in the lexicon's own verdict: the label's score is the largest of the four.
  const key = sentiment.toLowerCase() as keyof SentimentScores;
  const max = Math.max(blended.positive, blended.negative, blended.neutral, blended.mixed);
  if (blended[key] < max) blended[key] = max + 0.05;
  const sum = blended.positive + blended.negative + blended.neutral + blended.mixed;
  const round = (x: number): number => Math.round((x / sum) * 10_000) / 10_000;
  return {
    sentiment,
    scores: {
      positive: round(blended.positive),
      negative: round(blended.negative),
      neutral: round(blended.neutral),
      mixed: round(blended.mixed),
    },
  };
}
