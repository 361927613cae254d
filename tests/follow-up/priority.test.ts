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
  hasText: true,
  sentiment: "NEGATIVE",
  sentimentScores: { positive: 0.05, negative: 0.9, neutral: 0.05, mixed: 0 },
  themes: [],
  urgentThemes: URGENT,
  ...over,
});

const inputs: fc.Arbitrary<PriorityInput> = fc
  .record({
    channel: fc.constantFrom("nps" as const, "csat" as const, "social" as const),
    hasText: fc.boolean(),
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
    // A social post is its text.
    hasText: r.channel === "social" || r.hasText,
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
      { factor: "nps", points: 30, why: "NPS 0 (0-2 band)", args: { score: 0, band: 2 } },
      {
        factor: "negative_sentiment",
        points: 18,
        why: "negative tone 90% (negative)",
        args: { negativePct: 90, sentiment: "NEGATIVE" },
      },
      { factor: "tier", points: 25, why: "gold customer", args: { tier: "gold" } },
      { factor: "urgent_theme", points: 20, why: "urgent theme: refund", args: { themes: ["refund"] } },
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

describe("priorityOf without double counting", () => {
  const silent = {
    hasText: false,
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
  } as const;
  const angry = {
    hasText: true,
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0, negative: 0.9, neutral: 0.1, mixed: 0 },
  } as const;
  const cases = {
    silentNps4: priorityOf(base({ score: 4, ...silent })),
    silentNps0: priorityOf(base({ score: 0, ...silent })),
    angryNps2: priorityOf(base({ score: 2, ...angry })),
    silentNps4Gold: priorityOf(base({ score: 4, tier: "gold", ...silent })),
    angryNps2Gold: priorityOf(base({ score: 2, tier: "gold", ...angry })),
    silentCsat1: priorityOf(base({ channel: "csat", score: 1, ...silent })),
    angryCsat1: priorityOf(base({ channel: "csat", score: 1, ...angry })),
    loudPost: priorityOf(base({ channel: "social", score: undefined, followers: 25_000, ...angry })),
    quietPost: priorityOf(base({ channel: "social", score: undefined, followers: 40, ...angry })),
  };

  it("does not count a silent score's tone: the score already says it", () => {
    expect(cases.silentNps4.factors.map((f) => f.factor)).toEqual(["nps"]);
    expect(cases.silentNps4).toMatchObject({ score: 20, level: "P3" });
    expect(cases.silentCsat1).toMatchObject({ score: 30, level: "P3" });
  });

  it("ranks an angry comment above a silent, worse-looking score", () => {
    expect(cases.angryNps2.score).toBeGreaterThan(cases.silentNps4.score);
    expect(cases.angryNps2.score).toBeGreaterThan(cases.silentNps0.score);
    expect(cases.angryCsat1.score).toBeGreaterThan(cases.silentCsat1.score);
    expect(cases.angryNps2.level).toBe("P2");
  });

  it("puts a VIP ahead of the same feedback from anyone else, and an angry VIP detractor at P1", () => {
    expect(cases.silentNps4Gold.score).toBeGreaterThan(cases.silentNps4.score);
    expect(cases.silentNps4Gold.level).toBe("P2");
    expect(cases.angryNps2Gold).toMatchObject({ level: "P1" });
  });

  it("ranks a loud negative post above a quiet one and above a silent detractor", () => {
    expect(cases.loudPost.score).toBeGreaterThan(cases.quietPost.score);
    expect(cases.loudPost.score).toBeGreaterThan(cases.silentNps4.score);
    expect(cases.loudPost.level).toBe("P2");
  });

  it("orders the representative cases as a support lead would", () => {
    const { silentCsat1: _s, angryCsat1: _a, ...ranked } = cases;
    const order = Object.entries(ranked)
      .sort(([, a], [, b]) => b.score - a.score)
      .map(([name, p]) => `${name} ${p.level}`);
    expect(order).toEqual([
      "angryNps2Gold P1",
      "angryNps2 P2",
      "silentNps4Gold P2",
      "loudPost P2",
      "silentNps0 P3",
      "silentNps4 P3",
      "quietPost P4",
    ]);
    // No two of them tie, so the order above is the queue's, not the sort's.
    expect(new Set(Object.values(ranked).map((p) => p.score)).size).toBe(Object.keys(ranked).length);
  });

  it("never counts tone without text, whatever the reading says", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const p = priorityOf({ ...input, hasText: false });
        expect(p.factors.some((f) => f.factor === "negative_sentiment")).toBe(false);
        const toneless = { ...input.sentimentScores, negative: 0 };
        expect(p.score).toBe(priorityOf({ ...input, sentimentScores: toneless }).score);
      }),
    );
  });
});

describe("stored priorities", () => {
  it("still parse without the factors' arguments (tasks stored before them)", () => {
    const old = { score: 50, level: "P2", factors: [{ factor: "nps", points: 30, why: "NPS 0 (0-2 band)" }] };
    expect(Priority.parse(old)).toEqual(old);
  });

  it("refuse arguments nobody defined", () => {
    const odd = { score: 30, level: "P3", factors: [{ factor: "nps", points: 30, why: "x", args: { mood: "bad" } }] };
    expect(Priority.safeParse(odd).success).toBe(false);
  });
});
