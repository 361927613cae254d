import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CsatFeedback, NpsFeedback, Sentiment, SocialFeedback } from "#shared/feedback/model/schema";
import {
  csatPercent,
  isDetractor,
  netPromoterScore,
  npsCategory,
  sentimentFromScore,
} from "#shared/feedback/model/scoring";

const nps = (score: number, comment?: string): NpsFeedback => ({
  channel: "nps",
  score,
  customer: { id: "c-1" },
  ...(comment !== undefined && { comment }),
});
const csat = (score: number, comment?: string): CsatFeedback => ({
  channel: "csat",
  score,
  customer: { id: "c-2" },
  ...(comment !== undefined && { comment }),
});
const social: SocialFeedback = {
  channel: "social",
  platform: "weibo",
  text: "物流太慢了",
  author: { handle: "xiaoli" },
  sourceId: "w-1",
};
const SENTIMENTS: Sentiment[] = ["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"];

const counts = fc.record({
  promoter: fc.nat({ max: 10_000 }),
  passive: fc.nat({ max: 10_000 }),
  detractor: fc.nat({ max: 10_000 }),
});

describe("npsCategory", () => {
  it("puts 0-6 in detractors, 7-8 in passives and 9-10 in promoters", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(npsCategory)).toEqual(Array(7).fill("detractor"));
    expect([7, 8].map(npsCategory)).toEqual(["passive", "passive"]);
    expect([9, 10].map(npsCategory)).toEqual(["promoter", "promoter"]);
  });
});

describe("netPromoterScore", () => {
  it("is % promoters minus % detractors on known figures", () => {
    expect(netPromoterScore({ promoter: 50, passive: 30, detractor: 20 })).toBe(30);
    expect(netPromoterScore({ promoter: 1, passive: 2, detractor: 1 })).toBe(0);
    expect(netPromoterScore({ promoter: 0, passive: 5, detractor: 0 })).toBe(0);
  });

  it("is undefined when there are no responses", () => {
    expect(netPromoterScore({ promoter: 0, passive: 0, detractor: 0 })).toBeUndefined();
  });

  it("always lies within -100..100 when there are responses", () => {
    fc.assert(
      fc.property(
        counts.filter((c) => c.promoter + c.passive + c.detractor > 0),
        (c) => {
          const score = netPromoterScore(c);
          expect(score).toBeDefined();
          expect(score).toBeGreaterThanOrEqual(-100);
          expect(score).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it("is 100 when everyone is a promoter and -100 when everyone is a detractor", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => {
        expect(netPromoterScore({ promoter: n, passive: 0, detractor: 0 })).toBe(100);
        expect(netPromoterScore({ promoter: 0, passive: 0, detractor: n })).toBe(-100);
      }),
    );
  });

  it("moves towards zero when passives are added, never changing sign", () => {
    fc.assert(
      fc.property(
        counts.filter((c) => c.promoter !== c.detractor),
        fc.integer({ min: 1, max: 10_000 }),
        (c, extra) => {
          const before = netPromoterScore(c) as number;
          const after = netPromoterScore({ ...c, passive: c.passive + extra }) as number;
          expect(Math.abs(after)).toBeLessThan(Math.abs(before));
          expect(Math.sign(after)).toBe(Math.sign(before));
        },
      ),
    );
  });
});

describe("csatPercent", () => {
  it("is the share of 4 and 5 ratings, in percent", () => {
    expect(csatPercent({ 1: 1, 2: 1, 3: 2, 4: 3, 5: 3 })).toBe(60);
    expect(csatPercent({ 5: 7 })).toBe(100);
    expect(csatPercent({ 1: 2, 2: 1, 3: 1 })).toBe(0);
    expect(csatPercent({ 3: 1, 4: 2 })).toBeCloseTo(66.667, 2);
  });

  it("is undefined when there are no ratings", () => {
    expect(csatPercent({})).toBeUndefined();
    expect(csatPercent({ 4: 0, 5: 0 })).toBeUndefined();
  });

  it("always lies within 0..100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 }), (ratings) => {
        const byScore: Record<number, number> = {};
        for (const r of ratings) byScore[r] = (byScore[r] ?? 0) + 1;
        const share = csatPercent(byScore) as number;
        expect(share).toBeCloseTo((100 * ratings.filter((r) => r >= 4).length) / ratings.length, 9);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe("isDetractor", () => {
  it("follows up NPS 0-6 whatever the comment says, and never 7-10", () => {
    for (const sentiment of SENTIMENTS) {
      for (let score = 0; score <= 10; score++) {
        expect(isDetractor(nps(score, "Love it, thanks!"), sentiment)).toBe(score <= 6);
      }
    }
  });

  it("follows up CSAT 1-2 regardless of comment sentiment, and never 3-5", () => {
    for (const sentiment of SENTIMENTS) {
      expect(isDetractor(csat(1, "Thanks anyway, the agent was lovely"), sentiment)).toBe(true);
      expect(isDetractor(csat(2), sentiment)).toBe(true);
      expect(isDetractor(csat(3), sentiment)).toBe(false);
      expect(isDetractor(csat(4, "terrible, rude agent"), sentiment)).toBe(false);
      expect(isDetractor(csat(5), sentiment)).toBe(false);
    }
  });

  it("follows up a social post only when it is negative", () => {
    expect(isDetractor(social, "NEGATIVE")).toBe(true);
    expect(isDetractor(social, "POSITIVE")).toBe(false);
    expect(isDetractor(social, "NEUTRAL")).toBe(false);
    expect(isDetractor(social, "MIXED")).toBe(false);
  });
});

describe("sentimentFromScore", () => {
  it("reads NPS promoters as positive, passives as neutral, detractors as negative", () => {
    expect(sentimentFromScore(nps(10)).sentiment).toBe("POSITIVE");
    expect(sentimentFromScore(nps(9)).sentiment).toBe("POSITIVE");
    expect(sentimentFromScore(nps(8)).sentiment).toBe("NEUTRAL");
    expect(sentimentFromScore(nps(7)).sentiment).toBe("NEUTRAL");
    expect(sentimentFromScore(nps(6)).sentiment).toBe("NEGATIVE");
    expect(sentimentFromScore(nps(0)).sentiment).toBe("NEGATIVE");
  });

  it("reads CSAT 4-5 as positive, 3 as neutral, 1-2 as negative", () => {
    expect([1, 2, 3, 4, 5].map((s) => sentimentFromScore(csat(s)).sentiment)).toEqual([
      "NEGATIVE",
      "NEGATIVE",
      "NEUTRAL",
      "POSITIVE",
      "POSITIVE",
    ]);
  });

  it("puts the whole score on the chosen sentiment", () => {
    expect(sentimentFromScore(csat(5)).scores).toEqual({ positive: 1, negative: 0, neutral: 0, mixed: 0 });
    expect(sentimentFromScore(nps(3)).scores).toEqual({ positive: 0, negative: 1, neutral: 0, mixed: 0 });
    expect(sentimentFromScore(nps(7)).scores).toEqual({ positive: 0, negative: 0, neutral: 1, mixed: 0 });
  });
});
