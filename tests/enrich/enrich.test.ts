import { describe, expect, it } from "vitest";
import type { TextAnalysis } from "#shared/analysis/ports/analyzer";
import { type EnrichContext, enrichFeedback } from "#shared/enrich/model/enrich";
import { ALL_THEMES, UNTAGGED } from "#shared/feedback/model/counters";
import type { FeedbackInput, QueuedFeedback } from "#shared/feedback/model/schema";

const ID = "fb_0123456789abcdefghjkmnpqrs";
const NOW = new Date("2026-11-26T10:00:00Z");
const RECEIVED = "2026-11-25T09:30:00.000Z"; // Wednesday of 2026-W48

const queued = (input: FeedbackInput, receivedAt = RECEIVED): QueuedFeedback => ({ id: ID, receivedAt, input });

const analysis = (sentiment: TextAnalysis["sentiment"], language = "en"): TextAnalysis => ({
  id: ID,
  language,
  sentiment,
  scores: {
    positive: sentiment === "POSITIVE" ? 0.9 : 0.05,
    negative: sentiment === "NEGATIVE" ? 0.9 : 0.05,
    neutral: sentiment === "NEUTRAL" ? 0.9 : 0.05,
    mixed: sentiment === "MIXED" ? 0.85 : 0,
  },
  engine: "test-engine@1",
});

const ctx = (over: Partial<EnrichContext> = {}): EnrichContext => ({
  analysis: undefined,
  themes: [],
  taxonomyVersion: "2026.11",
  now: NOW,
  ...over,
});

const nps = (score: number, extra: Partial<Extract<FeedbackInput, { channel: "nps" }>> = {}): FeedbackInput => ({
  channel: "nps",
  score,
  customer: { id: "c-1001", email: "wang@example.com", name: "王" },
  ...extra,
});

const social = (extra: Partial<Extract<FeedbackInput, { channel: "social" }>> = {}): FeedbackInput => ({
  channel: "social",
  platform: "weibo",
  text: "申请退款两个星期了还没到账",
  author: { handle: "xiaoli", followers: 5200 },
  sourceId: "weibo-5021",
  ...extra,
});

describe("enrichFeedback: sentiment", () => {
  it("lets the text analysis decide when there is a comment", () => {
    const { record } = enrichFeedback(
      queued(nps(10, { comment: "Slow and rude" })),
      ctx({ analysis: analysis("NEGATIVE") }),
    );
    expect(record.sentiment).toBe("NEGATIVE");
    expect(record.sentimentSource).toBe("text");
    expect(record.analyzer).toBe("test-engine@1");
    expect(record.sentimentScores.negative).toBe(0.9);
    expect(record.language).toBe("en");
  });

  it("lets the score decide when there is no comment, or only whitespace", () => {
    for (const input of [nps(3), nps(3, { comment: "   " })]) {
      const { record } = enrichFeedback(queued(input), ctx({ analysis: analysis("POSITIVE") }));
      expect(record.sentiment).toBe("NEGATIVE");
      expect(record.sentimentSource).toBe("score");
      expect(record.analyzer).toBe("score");
      expect(record.sentimentScores).toEqual({ positive: 0, negative: 1, neutral: 0, mixed: 0 });
      expect(record.text).toBeUndefined();
    }
  });

  it("keeps the score even when the text decides the sentiment", () => {
    const { record } = enrichFeedback(queued(nps(2, { comment: "thanks" })), ctx({ analysis: analysis("POSITIVE") }));
    expect(record.score).toBe(2);
    expect(record.sentiment).toBe("POSITIVE");
    expect(record.detractor).toBe(true);
  });

  it("falls back to the sender's locale, then 'und', for the language", () => {
    expect(enrichFeedback(queued(nps(9, { locale: "zh-CN" })), ctx()).record.language).toBe("zh-CN");
    expect(enrichFeedback(queued(nps(9)), ctx()).record.language).toBe("und");
  });
});

describe("enrichFeedback: weekly counters", () => {
  it("adds one _all row with n, sentiment, detractors and the score bucket, and one per theme", () => {
    const { counters } = enrichFeedback(
      queued(nps(4, { comment: "delivery late, refund missing" })),
      ctx({ analysis: analysis("NEGATIVE"), themes: ["delivery", "refund"] }),
    );
    expect(counters).toEqual([
      { week: "2026-W48", key: `nps#${ALL_THEMES}`, add: { n: 1, NEGATIVE: 1, detractors: 1, s4: 1 } },
      { week: "2026-W48", key: "nps#delivery", add: { n: 1, NEGATIVE: 1, detractors: 1 } },
      { week: "2026-W48", key: "nps#refund", add: { n: 1, NEGATIVE: 1, detractors: 1 } },
    ]);
  });

  it("counts an untagged item under _untagged and a satisfied one without detractors", () => {
    const { counters } = enrichFeedback(queued({ channel: "csat", score: 5, customer: { id: "c-2" } }), ctx());
    expect(counters).toEqual([
      { week: "2026-W48", key: "csat#_all", add: { n: 1, POSITIVE: 1, s5: 1 } },
      { week: "2026-W48", key: `csat#${UNTAGGED}`, add: { n: 1, POSITIVE: 1 } },
    ]);
  });

  it("keeps a counted touchpoint's answers apart, with score buckets, and ignores touchpoints nobody counts", () => {
    const { counters } = enrichFeedback(queued(nps(9, { touchpoint: "delivery" })), ctx());
    expect(counters).toContainEqual({ week: "2026-W48", key: "nps#@delivery", add: { n: 1, POSITIVE: 1, s9: 1 } });
    const free = enrichFeedback(queued(nps(9, { touchpoint: "order-88231" })), ctx());
    expect(free.counters.map((c) => c.key)).toEqual(["nps#_all", `nps#${UNTAGGED}`]);
  });

  it("gives social posts no score bucket", () => {
    const { counters } = enrichFeedback(
      queued(social()),
      ctx({ analysis: analysis("NEGATIVE", "zh-Hans"), themes: ["refund"] }),
    );
    expect(counters).toEqual([
      { week: "2026-W48", key: "social#_all", add: { n: 1, NEGATIVE: 1, detractors: 1 } },
      { week: "2026-W48", key: "social#refund", add: { n: 1, NEGATIVE: 1, detractors: 1 } },
    ]);
  });
});

describe("enrichFeedback: detractors", () => {
  it("marks survey detractors, low ratings whatever the comment says, and negative posts", () => {
    expect(enrichFeedback(queued(nps(6)), ctx()).record.detractor).toBe(true);
    const csat = enrichFeedback(
      queued({ channel: "csat", score: 1, comment: "agent was nice", customer: { id: "c-9" } }),
      ctx({ analysis: analysis("POSITIVE") }),
    );
    expect(csat.record.detractor).toBe(true);
    const post = enrichFeedback(queued(social()), ctx({ analysis: analysis("NEGATIVE") }));
    expect(post.record.detractor).toBe(true);
    expect(post.record.customerId).toBeUndefined();
    expect(post.record.authorHandle).toBe("xiaoli");
  });

  it("marks no promoters, passives or non-negative posts, and leaves the task to the follow-up rules", () => {
    for (const [input, a] of [
      [nps(7), undefined],
      [nps(10), undefined],
      [social(), analysis("MIXED")],
      [social(), analysis("NEUTRAL")],
    ] as const) {
      const { record } = enrichFeedback(queued(input), ctx({ analysis: a }));
      expect(record.detractor).toBe(false);
      expect(record.taskId).toBeUndefined();
    }
  });
});

describe("enrichFeedback: stored record", () => {
  it("masks personal data in the record but keeps the original text aside", () => {
    const comment = "打电话13812345678也没人接, mail me at wang@example.com";
    const enriched = enrichFeedback(queued(nps(2, { comment })), ctx({ analysis: analysis("NEGATIVE") }));
    expect(enriched.record.text).toBe("打电话[phone]也没人接, mail me at [email]");
    expect(enriched.originalText).toBe(comment);
    expect(enriched.customerEmail).toBe("wang@example.com");
    expect(enriched.customerName).toBe("王");
    expect(JSON.stringify(enriched.record)).not.toContain("wang@example.com");
    expect(JSON.stringify(enriched.record)).not.toContain("13812345678");
  });

  it("files the item under the week it happened, not the week it arrived", () => {
    const { record, counters } = enrichFeedback(
      queued(nps(9, { occurredAt: "2026-11-29T23:59:00.000Z" }), "2026-11-30T00:05:00.000Z"),
      ctx(),
    );
    expect(record.week).toBe("2026-W48");
    expect(record.occurredAt).toBe("2026-11-29T23:59:00.000Z");
    expect(counters.every((c) => c.week === "2026-W48")).toBe(true);
  });

  it("falls back to receivedAt when occurredAt is missing", () => {
    const { record } = enrichFeedback(queued(nps(9), "2027-01-01T08:00:00.000Z"), ctx());
    expect(record.occurredAt).toBe("2027-01-01T08:00:00.000Z");
    expect(record.week).toBe("2026-W53");
  });

  it("records themes, taxonomy version, storage time and channel details", () => {
    const { record } = enrichFeedback(
      queued({
        channel: "csat",
        score: 4,
        comment: "fast exchange",
        customer: { id: "c-2" },
        touchpoint: "after-sales",
        service: { ticketId: "T-4411", agentId: "a-17" },
        sourceId: "zd-1",
      }),
      ctx({ analysis: analysis("POSITIVE"), themes: ["refund"] }),
    );
    expect(record).toMatchObject({
      id: ID,
      channel: "csat",
      score: 4,
      themes: ["refund"],
      taxonomyVersion: "2026.11",
      storedAt: NOW.toISOString(),
      touchpoint: "after-sales",
      service: { ticketId: "T-4411", agentId: "a-17" },
      sourceId: "zd-1",
      customerId: "c-2",
    });
    const post = enrichFeedback(queued(social({ url: "https://weibo.com/1/abc" })), ctx()).record;
    expect(post).toMatchObject({ platform: "weibo", url: "https://weibo.com/1/abc", followers: 5200 });
    expect(post.score).toBeUndefined();
  });
});
