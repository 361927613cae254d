import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sentiment } from "#shared/feedback/model/schema";
import {
  BusinessHours,
  businessHoursFor,
  DEFAULT_RULES,
  type FeedbackForRules,
  FollowUpRules,
  followUpRules,
  type OpenReason,
  parseReason,
  reasonText,
  SHANGHAI_OFFICE_HOURS,
  shouldOpenTask,
  teamFor,
  teamsByTheme,
  urgentThemeIds,
} from "#shared/follow-up/model/rules";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const URGENT = urgentThemeIds(defaultTaxonomy);
const TEAMS = teamsByTheme(defaultTaxonomy);
const rules = followUpRules();
const SENTIMENTS: Sentiment[] = ["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"];

/** Scores as sure of the label as a clear text reads (negative 0.8 for NEGATIVE). */
const SURE: Record<Sentiment, FeedbackForRules["sentimentScores"]> = {
  NEGATIVE: { positive: 0, negative: 0.8, neutral: 0.2, mixed: 0 },
  POSITIVE: { positive: 0.8, negative: 0, neutral: 0.2, mixed: 0 },
  NEUTRAL: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
  MIXED: { positive: 0.2, negative: 0.3, neutral: 0, mixed: 0.5 },
};
const fb = (over: Partial<FeedbackForRules>): FeedbackForRules => ({
  channel: "nps",
  sentiment: "NEUTRAL",
  sentimentScores: SURE[over.sentiment ?? "NEUTRAL"],
  themes: [],
  ...over,
});

describe("FollowUpRules", () => {
  it("accepts the defaults from the domain brief", () => {
    expect(FollowUpRules.parse(DEFAULT_RULES)).toMatchObject({
      npsDetractorMax: 6,
      csatMax: 2,
      firstResponseHours: 2,
      resolveHours: 24,
      escalation: { level1AfterOverdueMinutes: 0, level2AfterOverdueMinutes: 120 },
      closeAfterResolvedDays: 3,
    });
  });

  it("layers overrides on the defaults and rejects nonsense", () => {
    expect(followUpRules({ socialMinFollowers: 500 }).socialMinFollowers).toBe(500);
    expect(() => followUpRules({ npsDetractorMax: 11 })).toThrow();
    expect(() => followUpRules({ firstResponseHours: 0 })).toThrow();
    expect(() =>
      followUpRules({ escalation: { level1AfterOverdueMinutes: 60, level2AfterOverdueMinutes: 30 } }),
    ).toThrow(/level 2 cannot come before level 1/);
  });

  it("validates business hours: zone, weekdays, HH:MM, end after start", () => {
    expect(BusinessHours.safeParse(SHANGHAI_OFFICE_HOURS).success).toBe(true);
    const bad = (over: Partial<BusinessHours>) =>
      BusinessHours.safeParse({ ...SHANGHAI_OFFICE_HOURS, ...over }).success;
    expect(bad({ timeZone: "Mars/Olympus" })).toBe(false);
    expect(bad({ days: [] })).toBe(false);
    expect(bad({ days: [0] })).toBe(false);
    expect(bad({ days: [1, 1] })).toBe(false);
    expect(bad({ start: "9:00" })).toBe(false);
    expect(bad({ start: "18:00", end: "09:00" })).toBe(false);
  });

  it("lets a team's business hours win over the deployment's", () => {
    const ny = { ...SHANGHAI_OFFICE_HOURS, timeZone: "America/New_York" };
    const r = followUpRules({ businessHours: SHANGHAI_OFFICE_HOURS, teamBusinessHours: { billing: ny } });
    expect(businessHoursFor(r, "billing")).toEqual(ny);
    expect(businessHoursFor(r, "logistics")).toEqual(SHANGHAI_OFFICE_HOURS);
    expect(businessHoursFor(rules, "logistics")).toBeUndefined();
  });
});

describe("taxonomy helpers", () => {
  it("reads urgent themes and owning teams from the taxonomy", () => {
    expect([...URGENT].sort()).toEqual(["payment", "refund", "safety"]);
    expect(TEAMS.get("delivery")).toBe("logistics");
  });

  it("routes to the team of the first urgent theme, else the first known theme, else the fallback", () => {
    expect(teamFor(["delivery", "refund"], TEAMS, URGENT, "customer_service")).toBe("after_sales");
    expect(teamFor(["nope", "delivery", "price"], TEAMS, URGENT, "customer_service")).toBe("logistics");
    expect(teamFor([], TEAMS, URGENT, "customer_service")).toBe("customer_service");
  });
});

describe("shouldOpenTask", () => {
  it("opens for NPS detractors (0-6) only", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.constantFrom(...SENTIMENTS), (score, sentiment) => {
        const d = shouldOpenTask(fb({ channel: "nps", score, sentiment }), rules, URGENT);
        expect(d.open).toBe(score <= 6);
        if (d.open) expect(d.reasons[0]).toContain(`NPS ${score}`);
      }),
    );
  });

  it("opens for CSAT 1-2 only", () => {
    for (const score of [1, 2, 3, 4, 5]) {
      expect(shouldOpenTask(fb({ channel: "csat", score }), rules, URGENT).open).toBe(score <= 2);
    }
  });

  it("opens for negative social posts that reach the follower threshold", () => {
    const r = followUpRules({ socialMinFollowers: 1_000 });
    const post = (followers: number | undefined, sentiment: Sentiment = "NEGATIVE") =>
      shouldOpenTask(fb({ channel: "social", sentiment, followers }), r, URGENT);
    expect(post(999).open).toBe(false);
    expect(post(undefined).open).toBe(false);
    expect(post(1_000)).toEqual({ open: true, reasons: ["Negative social post (1000 followers, threshold 1000)"] });
    expect(post(50_000, "MIXED").open).toBe(false);
    expect(shouldOpenTask(fb({ channel: "social", sentiment: "NEGATIVE" }), rules, URGENT).open).toBe(true);
    expect(
      shouldOpenTask(fb({ channel: "social", sentiment: "NEGATIVE" }), followUpRules({ socialNegative: false }), URGENT)
        .open,
    ).toBe(false);
  });

  it("opens for urgent themes only on a sure negative reading, and lists every rule that fired", () => {
    expect(
      shouldOpenTask(fb({ channel: "nps", score: 8, sentiment: "NEGATIVE", themes: ["refund"] }), rules, URGENT),
    ).toEqual({
      open: true,
      reasons: ["Urgent theme: refund"],
    });
    // Praise, a neutral question, an unsure complaint: the theme alone calls no one.
    for (const over of [
      { sentiment: "POSITIVE" as const },
      { sentiment: "NEUTRAL" as const },
      { sentiment: "NEGATIVE" as const, sentimentScores: { positive: 0.1, negative: 0.5, neutral: 0.4, mixed: 0 } },
    ]) {
      expect(shouldOpenTask(fb({ channel: "nps", score: 9, themes: ["refund"], ...over }), rules, URGENT)).toEqual({
        open: false,
      });
    }
    expect(
      shouldOpenTask(
        fb({ channel: "nps", score: 8, sentiment: "NEGATIVE", themes: ["refund"] }),
        followUpRules({ urgentThemes: false }),
        URGENT,
      ),
    ).toEqual({ open: false });
    expect(
      shouldOpenTask(
        fb({ channel: "csat", score: 1, sentiment: "NEGATIVE", themes: ["delivery", "payment"] }),
        rules,
        URGENT,
      ),
    ).toEqual({
      open: true,
      reasons: ["CSAT 1 of 5 (at or below 2)", "Urgent theme: payment"],
    });
  });

  it("opens for a detractor's score whatever the text reads, and for a social post only on a sure reading", () => {
    expect(shouldOpenTask(fb({ channel: "nps", score: 3, sentiment: "POSITIVE" }), rules, URGENT).open).toBe(true);
    const unsure = { positive: 0.2, negative: 0.55, neutral: 0.25, mixed: 0 };
    expect(
      shouldOpenTask(fb({ channel: "social", sentiment: "NEGATIVE", sentimentScores: unsure }), rules, URGENT),
    ).toEqual({
      open: false,
    });
    expect(
      shouldOpenTask(fb({ channel: "social", sentiment: "NEGATIVE" }), followUpRules({ minNegativeScore: 0.9 }), URGENT)
        .open,
    ).toBe(false);
  });

  it("never opens for happy, untroubled feedback", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ channel: fc.constant("nps" as const), score: fc.integer({ min: 7, max: 10 }) }),
          fc.record({ channel: fc.constant("csat" as const), score: fc.integer({ min: 3, max: 5 }) }),
        ),
        fc.subarray(["delivery", "price", "service", "usability"]),
        (f, themes) => {
          expect(shouldOpenTask(fb({ ...f, sentiment: "NEGATIVE", themes }), rules, URGENT)).toEqual({ open: false });
        },
      ),
    );
  });
});

describe("stored reasons", () => {
  const reasons: fc.Arbitrary<OpenReason> = fc.oneof(
    fc.record({ rule: fc.constant("nps" as const), score: fc.nat(10), max: fc.nat(10) }),
    fc.record({
      rule: fc.constant("csat" as const),
      score: fc.integer({ min: 1, max: 5 }),
      max: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record(
      {
        rule: fc.constant("social" as const),
        followers: fc.nat(10_000_000),
        min: fc.integer({ min: 1, max: 100_000 }),
      },
      { requiredKeys: ["rule"] },
    ),
    fc.record({
      rule: fc.constant("urgent_theme" as const),
      themes: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/), { minLength: 1, maxLength: 3 }),
    }),
  );

  it("read back as the rule and values that wrote them, so any page can say them in its language", () => {
    fc.assert(
      fc.property(reasons, (r) => {
        const text = reasonText(r);
        const read = parseReason(text);
        // A social post's threshold is only written when it is set; its followers then always are.
        const expected = r.rule === "social" && r.min !== undefined ? { ...r, followers: r.followers ?? 0 } : r;
        expect(read).toEqual(expected);
      }),
    );
  });

  it("are the sentences tasks have always stored, and whatever else is kept as unknown", () => {
    expect(parseReason("NPS 3 (detractor: 0-6)")).toEqual({ rule: "nps", score: 3, max: 6 });
    expect(parseReason("CSAT 1 of 5 (at or below 2)")).toEqual({ rule: "csat", score: 1, max: 2 });
    expect(parseReason("Negative social post (5200 followers)")).toEqual({ rule: "social", followers: 5200 });
    expect(parseReason("Negative social post")).toEqual({ rule: "social" });
    expect(parseReason("Urgent theme: payment, refund")).toEqual({
      rule: "urgent_theme",
      themes: ["payment", "refund"],
    });
    expect(parseReason("the customer phoned twice")).toBeUndefined();
  });

  it("are what shouldOpenTask stores", () => {
    const d = shouldOpenTask(
      fb({ channel: "csat", score: 1, themes: ["payment"], sentiment: "NEGATIVE" }),
      rules,
      URGENT,
    );
    expect(d.open && d.reasons.map(parseReason)).toEqual([
      { rule: "csat", score: 1, max: 2 },
      { rule: "urgent_theme", themes: ["payment"] },
    ]);
  });
});
