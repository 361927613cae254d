import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sentiment } from "#shared/feedback/model/schema";
import {
  explainPriority,
  levelOf,
  MAX_PRIORITY_SCORE,
  maxPriority,
  Priority,
  type PriorityInput,
  priorityOf,
} from "#shared/follow-up/model/priority";

const URGENT: ReadonlySet<string> = new Set(["payment", "refund", "safety"]);
const TIERS = [undefined, "bronze", "silver", "gold", "vip", "platinum", "enterprise"] as const;
const tierRank = (t: string | undefined) => (t === undefined || t === "bronze" ? 0 : t === "silver" ? 1 : 2);

const base = (over: Partial<PriorityInput> = {}): PriorityInput => ({
  channel: "nps",
  score: 3,
  sentiment: "NEGATIVE",
  sentimentScores: { positive: 0.05, negative: 0.9, neutral: 0.05, mixed: 0 },
  themes: [],
  urgentThemes: URGENT,
  ...over,
});

const inputs: fc.Arbitrary<PriorityInput> = fc
  .record({
    channel: fc.constantFrom("nps" as const, "csat" as const, "social" as const),
    nps: fc.integer({ min: 0, max: 10 }),
    csat: fc.integer({ min: 1, max: 5 }),
    sentiment: fc.constantFrom<Sentiment>("POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"),
    negative: fc.double({ min: 0, max: 1, noNaN: true }),
    tier: fc.constantFrom(...TIERS),
    followers: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
    themes: fc.subarray(["delivery", "payment", "refund", "price", "safety"]),
  })
  .map((r) => ({
    channel: r.channel,
    score: r.channel === "nps" ? r.nps : r.channel === "csat" ? r.csat : undefined,
    sentiment: r.sentiment,
    sentimentScores: { positive: 0, negative: r.negative, neutral: 1 - r.negative, mixed: 0 },
    tier: r.tier,
    followers: r.followers,
    themes: r.themes,
    urgentThemes: URGENT,
  }));

describe("priorityOf", () => {
  it("explains a gold detractor: every factor with its points and why", () => {
    const p = priorityOf(base({ score: 0, tier: "Gold", themes: ["delivery", "refund"] }));
    expect(p.factors).toEqual([
      { factor: "nps", points: 30, why: "NPS 0 (0-2 band)" },
      { factor: "negative_sentiment", points: 18, why: "negative tone 90% (negative)" },
      { factor: "tier", points: 25, why: "gold customer" },
      { factor: "urgent_theme", points: 20, why: "urgent theme: refund" },
    ]);
    expect(p).toMatchObject({ score: 93, level: "P1" });
    expect(explainPriority(p)).toBe(
      "P1 (93): NPS 0 (0-2 band) +30, negative tone 90% (negative) +18, gold customer +25, urgent theme: refund +20",
    );
  });

  it("ranks a loud social post by reach", () => {
    const post = (followers: number) =>
      priorityOf(base({ channel: "social", score: undefined, followers })).factors.find((f) => f.factor === "reach");
    expect(post(999)).toBeUndefined();
    expect(post(1_000)?.points).toBe(15);
    expect(post(10_000)?.points).toBe(25);
  });

  it("scores CSAT 1 above CSAT 2 and nothing for 3+", () => {
    const csat = (score: number) =>
      priorityOf(base({ channel: "csat", score })).factors.find((f) => f.factor === "csat");
    expect([1, 2, 3, 4, 5].map((s) => csat(s)?.points)).toEqual([30, 20, undefined, undefined, undefined]);
  });

  it("caps at 100 and says so", () => {
    const p = priorityOf(base({ score: 0, tier: "vip", followers: 20_000, themes: ["safety"] }));
    expect(p.score).toBe(100);
    expect(explainPriority(p)).toContain("(100 (capped from 118))");
  });

  it("has factors that sum to the score before the cap, and a valid shape", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const p = priorityOf(input);
        const sum = p.factors.reduce((s, f) => s + f.points, 0);
        expect(p.score).toBe(Math.min(MAX_PRIORITY_SCORE, sum));
        expect(p.level).toBe(levelOf(p.score));
        expect(Priority.safeParse(p).success).toBe(true);
        expect(p.factors.every((f) => f.points > 0 && f.why.length > 0)).toBe(true);
      }),
    );
  });

  it("never ranks a customer lower for a higher tier, more followers or a lower score", () => {
    fc.assert(
      fc.property(
        inputs,
        fc.constantFrom(...TIERS),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10 }),
        (input, tier, extraFollowers, lower) => {
          const before = priorityOf(input).score;
          if (tierRank(tier) >= tierRank(input.tier))
            expect(priorityOf({ ...input, tier }).score).toBeGreaterThanOrEqual(before);
          const followers = (input.followers ?? 0) + extraFollowers;
          expect(priorityOf({ ...input, followers }).score).toBeGreaterThanOrEqual(before);
          if (input.score !== undefined) {
            const score = Math.max(input.channel === "csat" ? 1 : 0, input.score - lower);
            expect(priorityOf({ ...input, score }).score).toBeGreaterThanOrEqual(before);
          }
        },
      ),
    );
  });

  it("never ranks lower for a more negative tone or an urgent theme", () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0, max: 1, noNaN: true }), (input, more) => {
        const before = priorityOf(input).score;
        const negative = Math.min(1, input.sentimentScores.negative + more);
        expect(
          priorityOf({ ...input, sentimentScores: { ...input.sentimentScores, negative } }).score,
        ).toBeGreaterThanOrEqual(before);
        expect(priorityOf({ ...input, themes: [...input.themes, "payment"] }).score).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it("maps scores to levels at 60 / 40 / 20", () => {
    expect([100, 60, 59, 40, 39, 20, 19, 0].map(levelOf)).toEqual(["P1", "P1", "P2", "P2", "P3", "P3", "P4", "P4"]);
  });

  it("keeps the first of two equal priorities and otherwise the higher", () => {
    const a = priorityOf(base());
    const b = priorityOf(base());
    expect(maxPriority(a, b)).toBe(a);
    const high = priorityOf(base({ tier: "gold" }));
    expect(maxPriority(a, high)).toBe(high);
    expect(maxPriority(high, a)).toBe(high);
  });
});
