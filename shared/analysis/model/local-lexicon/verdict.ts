import type { Sentiment, SentimentScores } from "#shared/feedback/model/schema";
import type { Tally } from "./clauses.ts";

/** Turns the sentiment mass of a text into a verdict and four scores that sum to one. */
export function verdict(t: Tally): { sentiment: Sentiment; scores: SentimentScores } {
  const { pos, neg } = t;
  const total = pos + neg;
  const net = pos - neg;
  const share = total > 0 ? pos / total : 0.5;
  const strongBoth = t.maxPosClause >= 1.8 && t.maxNegClause >= 1.8;
  // Balance is judged on the strongest clauses before contrast weighting: "great food but rude
  // staff" is mixed even though the "but" clause decides which side leans.
  const balanced =
    strongBoth && Math.min(t.maxPosClause, t.maxNegClause) / Math.max(t.maxPosClause, t.maxNegClause) >= 0.5;

  let sentiment: Sentiment;
  if (total < 0.6 || Math.abs(net) < 0.5) sentiment = strongBoth && balanced ? "MIXED" : "NEUTRAL";
  else if (strongBoth && balanced) sentiment = "MIXED";
  else sentiment = net > 0 ? "POSITIVE" : "NEGATIVE";

  const neutralMass = 1.2 / (1.2 + total);
  const polar = 1 - neutralMass;
  const mixedShare = sentiment === "MIXED" ? 0.55 : 0.3 * Math.min(share, 1 - share);
  const scores: SentimentScores = {
    positive: polar * (1 - mixedShare) * share,
    negative: polar * (1 - mixedShare) * (1 - share),
    neutral: neutralMass,
    mixed: polar * mixedShare,
  };
  // Make the verdict's own score the largest, keeping positive vs negative in their proportion.
  const key = sentiment === "POSITIVE" ? "positive" : sentiment === "NEGATIVE" ? "negative" : sentiment.toLowerCase();
  const k = key as keyof SentimentScores;
  const max = Math.max(scores.positive, scores.negative, scores.neutral, scores.mixed);
  if (scores[k] < max) scores[k] = max + 0.05;
  const sum = scores.positive + scores.negative + scores.neutral + scores.mixed;
  return {
    sentiment,
    scores: {
      positive: round(scores.positive / sum),
      negative: round(scores.negative / sum),
      neutral: round(scores.neutral / sum),
      mixed: round(scores.mixed / sum),
    },
  };
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
