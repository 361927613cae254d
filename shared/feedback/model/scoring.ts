import type { FeedbackInput, Sentiment, SentimentScores } from "./schema.ts";

export type NpsCategory = "promoter" | "passive" | "detractor";

/** NPS: promoters 9-10, passives 7-8, detractors 0-6. */
export const npsCategory = (score: number): NpsCategory =>
  score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";

/** NPS = % promoters - % detractors, from -100 to 100; undefined when there are no responses. */
export const netPromoterScore = (counts: Record<NpsCategory, number>): number | undefined => {
  const total = counts.promoter + counts.passive + counts.detractor;
  return total === 0 ? undefined : (100 * (counts.promoter - counts.detractor)) / total;
};

/** CSAT = share of 4-5 ratings, in percent; undefined when there are no ratings. */
export const csatPercent = (countsByScore: Readonly<Record<number, number>>): number | undefined => {
  let total = 0;
  let satisfied = 0;
  for (const [score, n] of Object.entries(countsByScore)) {
    total += n;
    if (Number(score) >= 4) satisfied += n;
  }
  return total === 0 ? undefined : (100 * satisfied) / total;
};

/**
 * Who gets a follow-up: NPS detractors (0-6), low ratings (CSAT 1-2) and negative social mentions.
 * For scored channels the score decides, whatever the comment says.
 */
export const isDetractor = (input: FeedbackInput, sentiment: Sentiment): boolean => {
  switch (input.channel) {
    case "nps":
      return npsCategory(input.score) === "detractor";
    case "csat":
      return input.score <= 2;
    case "social":
      return sentiment === "NEGATIVE";
  }
};

/** A score with no comment still says how the customer feels. */
export const sentimentFromScore = (
  input: Extract<FeedbackInput, { channel: "nps" | "csat" }>,
): { sentiment: Sentiment; scores: SentimentScores } => {
  const category =
    input.channel === "nps"
      ? { promoter: "POSITIVE", passive: "NEUTRAL", detractor: "NEGATIVE" }[npsCategory(input.score)]
      : input.score >= 4
        ? "POSITIVE"
        : input.score === 3
          ? "NEUTRAL"
          : "NEGATIVE";
  const sentiment = category as Sentiment;
  return {
    sentiment,
    scores: {
      positive: sentiment === "POSITIVE" ? 1 : 0,
      negative: sentiment === "NEGATIVE" ? 1 : 0,
      neutral: sentiment === "NEUTRAL" ? 1 : 0,
      mixed: 0,
    },
  };
};
