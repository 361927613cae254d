import * as z from "zod";
import { type Channel, Sentiment, type SentimentScores } from "#shared/feedback/model/schema";

/**
 * Where a task ranks in the queue, as plain additive points so that a support lead can see why a
 * task sits above another ("NPS 0 +30, gold customer +25, ...") and argue with the weights, which
 * a model score would not allow. Points are whole numbers; the score is their sum capped at 100.
 */

export const PriorityLevel = z.enum(["P1", "P2", "P3", "P4"]);
export type PriorityLevel = z.infer<typeof PriorityLevel>;

/**
 * What a factor was computed from, so that it can be shown in any language (shared/follow-up/views/
 * task-words.ts); `why` keeps the English line for logs. Absent on factors stored before.
 */
export const FactorArgs = z.strictObject({
  /** The NPS or CSAT answer. */
  score: z.number().int().optional(),
  /** The upper end of the NPS band the answer fell in (0 to `band`). */
  band: z.number().int().optional(),
  /** The customer's tier, as the tier field shows it. */
  tier: z.string().optional(),
  followers: z.number().min(0).optional(),
  /** The reach threshold the followers met. */
  min: z.number().min(0).optional(),
  /** Theme ids (taxonomy), for the urgent-theme factor. */
  themes: z.array(z.string()).optional(),
  /** How sure the reading is that the text is negative, 0-100. */
  negativePct: z.number().int().min(0).max(100).optional(),
  sentiment: Sentiment.optional(),
});
export type FactorArgs = z.infer<typeof FactorArgs>;

export const PriorityFactor = z.strictObject({
  factor: z.string(),
  points: z.number().int(),
  why: z.string(),
  args: FactorArgs.optional(),
});
export type PriorityFactor = z.infer<typeof PriorityFactor>;

export const Priority = z.strictObject({
  score: z.number().int().min(0).max(100),
  level: PriorityLevel,
  factors: z.array(PriorityFactor),
});
export type Priority = z.infer<typeof Priority>;

export const MAX_PRIORITY_SCORE = 100;

/** Points by NPS answer: the angrier the detractor, the sooner the call. */
export const NPS_POINTS = [
  { max: 2, points: 30 },
  { max: 4, points: 20 },
  { max: 6, points: 10 },
] as const;

export const CSAT_POINTS = { 1: 30, 2: 20 } as const;

/** Up to this many points for a confidently negative text (negative score 0..1 times this). */
export const NEGATIVE_STRENGTH_POINTS = 20;

/** High-value customers first (the brief: RFM top tiers get the fastest response). */
export const TIER_POINTS = {
  enterprise: 25,
  platinum: 25,
  vip: 25,
  gold: 25,
  silver: 10,
} as const;

/** A loud complaint spreads: reach thresholds are followers of the post's author. */
export const REACH_POINTS = [
  { min: 10_000, points: 25 },
  { min: 1_000, points: 15 },
] as const;

export const URGENT_THEME_POINTS = 20;

/** Lowest score of each level; anything below the P3 floor is P4. */
export const LEVEL_FLOORS = { P1: 60, P2: 40, P3: 20 } as const;

export interface PriorityInput {
  channel: Channel;
  score?: number | undefined;
  /**
   * Whether the customer wrote words the tone was read from. Without words the "tone" is the
   * score restated (a silent NPS 4 reads 100 % negative), which the score's own points already
   * count: the tone adds points only when there is text.
   */
  hasText: boolean;
  sentiment: Sentiment;
  sentimentScores: SentimentScores;
  tier?: string | undefined;
  followers?: number | undefined;
  themes: readonly string[];
  urgentThemes: ReadonlySet<string>;
}

export const levelOf = (score: number): PriorityLevel =>
  score >= LEVEL_FLOORS.P1 ? "P1" : score >= LEVEL_FLOORS.P2 ? "P2" : score >= LEVEL_FLOORS.P3 ? "P3" : "P4";

const tierPoints = (tier: string): number | undefined =>
  Object.hasOwn(TIER_POINTS, tier) ? TIER_POINTS[tier as keyof typeof TIER_POINTS] : undefined;

export const priorityOf = (input: PriorityInput): Priority => {
  const factors: PriorityFactor[] = [];
  const { channel, score } = input;

  if (channel === "nps" && score !== undefined) {
    const band = NPS_POINTS.find((b) => score <= b.max);
    if (band) {
      factors.push({
        factor: "nps",
        points: band.points,
        why: `NPS ${score} (0-${band.max} band)`,
        args: { score, band: band.max },
      });
    }
  }
  if (channel === "csat" && score !== undefined && Object.hasOwn(CSAT_POINTS, score)) {
    const points = CSAT_POINTS[score as keyof typeof CSAT_POINTS];
    factors.push({ factor: "csat", points, why: `CSAT ${score} of 5`, args: { score } });
  }

  // Analyzers may return slightly out-of-range numbers; clamp so one odd score cannot dominate.
  const negative = input.hasText ? Math.min(1, Math.max(0, input.sentimentScores.negative || 0)) : 0;
  const strength = Math.round(negative * NEGATIVE_STRENGTH_POINTS);
  if (strength > 0) {
    const negativePct = Math.round(negative * 100);
    factors.push({
      factor: "negative_sentiment",
      points: strength,
      why: `negative tone ${negativePct}% (${input.sentiment.toLowerCase()})`,
      args: { negativePct, sentiment: input.sentiment },
    });
  }

  const tier = input.tier?.trim().toLowerCase();
  const tp = tier ? tierPoints(tier) : undefined;
  if (tier && tp !== undefined) factors.push({ factor: "tier", points: tp, why: `${tier} customer`, args: { tier } });

  const followers = input.followers ?? 0;
  const reach = REACH_POINTS.find((r) => followers >= r.min);
  if (reach) {
    factors.push({
      factor: "reach",
      points: reach.points,
      why: `${followers} followers (>= ${reach.min})`,
      args: { followers, min: reach.min },
    });
  }

  const urgent = input.themes.filter((t) => input.urgentThemes.has(t));
  if (urgent.length > 0) {
    factors.push({
      factor: "urgent_theme",
      points: URGENT_THEME_POINTS,
      why: `urgent theme: ${urgent.join(", ")}`,
      args: { themes: urgent },
    });
  }

  const total = factors.reduce((sum, f) => sum + f.points, 0);
  const capped = Math.min(MAX_PRIORITY_SCORE, total);
  return { score: capped, level: levelOf(capped), factors };
};

/** One line for a queue view or a notification: "P1 (73): NPS 0 (0-2 band) +30, gold customer +25". */
export const explainPriority = (p: Priority): string => {
  const parts = p.factors.map((f) => `${f.why} +${f.points}`);
  const total = p.factors.reduce((sum, f) => sum + f.points, 0);
  const cap = total > p.score ? ` (capped from ${total})` : "";
  return `${p.level} (${p.score}${cap})${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
};

/** The higher of two priorities; on a tie the first wins, so re-joining never churns the task. */
export const maxPriority = (a: Priority, b: Priority): Priority => (b.score > a.score ? b : a);
