import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFeedbackBody } from "#shared/ingest/model/validation";
import { ValidationError } from "#shared/kernel/errors";

const nps = (over: Record<string, unknown> = {}) => ({ channel: "nps", score: 9, customer: { id: "c-1" }, ...over });
const csat = (over: Record<string, unknown> = {}) => ({ channel: "csat", score: 4, customer: { id: "c-2" }, ...over });
const social = (over: Record<string, unknown> = {}) => ({
  channel: "social",
  platform: "weibo",
  text: "申请退款两个星期了还没到账",
  author: { handle: "xiaoli" },
  sourceId: "weibo-1",
  ...over,
});

/** The ValidationError a body raises; fails the test when the body is accepted or throws something else. */
const rejection = (body: unknown): ValidationError => {
  try {
    parseFeedbackBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`expected ${JSON.stringify(body)?.slice(0, 200)} to be rejected`);
};
const fieldsOf = (body: unknown): string[] => rejection(body).issues.map((i) => i.field);

describe("parseFeedbackBody: what is accepted", () => {
  it("accepts a single item and returns it as a one-item list", () => {
    const items = parseFeedbackBody(nps({ comment: "Great service", sourceId: "s-1" }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ channel: "nps", score: 9, comment: "Great service", customer: { id: "c-1" } });
  });

  it("accepts {items: [...]} with 1 and with 100 items, keeping their order", () => {
    expect(parseFeedbackBody({ items: [csat()] })).toHaveLength(1);
    const hundred = Array.from({ length: 100 }, (_, i) => nps({ score: i % 11, sourceId: `s-${i}` }));
    const parsed = parseFeedbackBody({ items: hundred });
    expect(parsed).toHaveLength(100);
    expect(parsed.map((p) => (p.channel === "nps" ? p.score : -1))).toEqual(hundred.map((h) => h.score));
  });

  it("accepts all three channels in one request", () => {
    const parsed = parseFeedbackBody({ items: [nps(), csat({ score: 1 }), social()] });
    expect(parsed.map((p) => p.channel)).toEqual(["nps", "csat", "social"]);
  });

  it("normalizes occurredAt to ISO 8601 UTC", () => {
    const [item] = parseFeedbackBody(nps({ occurredAt: "2026-11-25T17:30:00+08:00" }));
    expect(item?.occurredAt).toBe("2026-11-25T09:30:00.000Z");
    const [zulu] = parseFeedbackBody(csat({ occurredAt: "2026-11-25T09:30:00Z" }));
    expect(zulu?.occurredAt).toBe("2026-11-25T09:30:00.000Z");
  });

  it("rejects an occurredAt that is not a date-time", () => {
    expect(fieldsOf(nps({ occurredAt: "yesterday" }))).toEqual(["occurredAt"]);
  });

  it("rejects an occurredAt before 2000 or more than a day ahead, which would land in a nonsense week", () => {
    expect(fieldsOf(nps({ occurredAt: "0000-01-01T00:00:00Z" }))).toEqual(["occurredAt"]);
    expect(fieldsOf(nps({ occurredAt: "9999-12-31T23:59:59Z" }))).toEqual(["occurredAt"]);
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    expect(parseFeedbackBody(nps({ occurredAt: soon }))[0]?.occurredAt).toBe(soon);
  });

  it("accepts emoji and traditional Chinese unchanged", () => {
    const comment = "客服態度很好，退貨也很快 👍🏻😊 謝謝！";
    const [item] = parseFeedbackBody(nps({ comment }));
    expect(item?.channel === "nps" && item.comment).toBe(comment);
    const [post] = parseFeedbackBody(social({ text: "🚚💨 物流太慢了 😡" }));
    expect(post?.channel === "social" && post.text).toBe("🚚💨 物流太慢了 😡");
  });

  it("accepts a comment of 1,600 Chinese characters (4,800 bytes)", () => {
    expect(parseFeedbackBody(nps({ comment: "好".repeat(1_600) }))).toHaveLength(1);
    expect(parseFeedbackBody(social({ text: "慢".repeat(1_600) }))).toHaveLength(1);
  });
});

describe("parseFeedbackBody: what is rejected, with the field named", () => {
  it("rejects scores that are not whole numbers in range", () => {
    expect(fieldsOf(nps({ score: 4.5 }))).toEqual(["score"]);
    expect(fieldsOf(nps({ score: 11 }))).toEqual(["score"]);
    expect(fieldsOf(nps({ score: -1 }))).toEqual(["score"]);
    expect(fieldsOf(csat({ score: 0 }))).toEqual(["score"]);
    expect(fieldsOf(csat({ score: 6 }))).toEqual(["score"]);
    expect(fieldsOf(csat({ score: 4.5 }))).toEqual(["score"]);
  });

  it("rejects a score sent as a string, explaining the range", () => {
    const error = rejection(nps({ score: "5" }));
    expect(error.issues).toEqual([{ field: "score", message: "must be a whole number from 0 to 10" }]);
  });

  it("rejects a social post whose text is empty or only whitespace", () => {
    expect(fieldsOf(social({ text: "" }))).toEqual(["text"]);
    expect(fieldsOf(social({ text: "   \n\t " }))).toEqual(["text"]);
  });

  it("rejects an unknown channel and names the channel field", () => {
    const error = rejection({ channel: "fax", score: 5, customer: { id: "c-1" } });
    expect(error.issues.map((i) => i.field)).toEqual(["channel"]);
    expect(error.issues[0]?.message).toContain("nps");
    expect(fieldsOf({ score: 5, customer: { id: "c-1" } })).toEqual(["channel"]);
  });

  it("rejects a missing or blank customer id", () => {
    expect(fieldsOf(nps({ customer: {} }))).toEqual(["customer.id"]);
    expect(fieldsOf(csat({ customer: { id: "   " } }))).toEqual(["customer.id"]);
    // Only invisible characters: zero-width space, direction marks, a BOM.
    expect(fieldsOf(nps({ customer: { id: "\u200b" } }))).toEqual(["customer.id"]);
    expect(fieldsOf(nps({ customer: { id: "\u200e\ufeff\u2060" } }))).toEqual(["customer.id"]);
    expect(fieldsOf(nps({ customer: undefined }))).toEqual(["customer"]);
  });

  it("rejects wrong types field by field", () => {
    expect(fieldsOf(nps({ comment: 42 }))).toEqual(["comment"]);
    expect(fieldsOf(nps({ customer: "c-1" }))).toEqual(["customer"]);
    expect(fieldsOf(nps({ customer: { id: 1001 } }))).toEqual(["customer.id"]);
    expect(fieldsOf(social({ author: { handle: "x", followers: "many" } }))).toEqual(["author.followers"]);
    expect(fieldsOf(social({ url: "ftp://example.com/post" }))).toEqual(["url"]);
    expect(fieldsOf(social({ sourceId: undefined }))).toEqual(["sourceId"]);
  });

  it("rejects an unknown extra field and names it", () => {
    const error = rejection(nps({ rating: 5 }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toContain("rating");
    const nested = rejection(nps({ customer: { id: "c-1", phone: "13812345678" } }));
    expect(nested.issues[0]?.field).toBe("customer");
    expect(nested.issues[0]?.message).toContain("phone");
  });

  it("rejects text over 5,000 UTF-8 bytes even when under 5,000 characters", () => {
    const long = "好".repeat(1_700); // 1,700 characters, 5,100 bytes
    expect(long.length).toBeLessThan(5_000);
    expect(fieldsOf(nps({ comment: long }))).toEqual(["comment"]);
    expect(fieldsOf(social({ text: long }))).toEqual(["text"]);
    expect(fieldsOf(csat({ comment: "a".repeat(5_001) }))).toEqual(["comment"]);
    expect(parseFeedbackBody(csat({ comment: "a".repeat(5_000) }))).toHaveLength(1);
  });

  it("rejects a comment or post holding a lone surrogate", () => {
    expect(fieldsOf(nps({ comment: "broken \ud83d emoji" }))).toEqual(["comment"]);
    expect(fieldsOf(csat({ comment: "tail \udc00" }))).toEqual(["comment"]);
    expect(fieldsOf(social({ text: "\ud800 at the start" }))).toEqual(["text"]);
  });

  it("rejects an invalid email", () => {
    expect(fieldsOf(nps({ customer: { id: "c-1", email: "wang-at-example.com" } }))).toEqual(["customer.email"]);
    expect(parseFeedbackBody(nps({ customer: { id: "c-1", email: "wang@example.com" } }))).toHaveLength(1);
  });

  it("rejects 0 and 101 items, naming the items field", () => {
    expect(fieldsOf({ items: [] })).toEqual(["items"]);
    const many = Array.from({ length: 101 }, (_, i) => nps({ sourceId: `s-${i}` }));
    expect(fieldsOf({ items: many })).toEqual(["items"]);
    expect(fieldsOf({ items: "nope" })).toEqual(["items"]);
  });

  it("rejects a body that is not a JSON object", () => {
    for (const body of [[nps()], null, "nps 9", 42, undefined]) {
      expect(fieldsOf(body)).toEqual(["(body)"]);
    }
  });

  it("reports every invalid item of a batch as items[i].field and accepts none of it", () => {
    const error = rejection({
      items: [nps(), nps({ score: 12 }), csat(), csat({ customer: {} }), social({ text: " " }), { channel: "fax" }],
    });
    expect(error.issues.map((i) => i.field)).toEqual([
      "items[1].score",
      "items[3].customer.id",
      "items[4].text",
      "items[5].channel",
    ]);
    expect(error.message).toContain("4 of 6");
  });
});

describe("parseFeedbackBody: properties", () => {
  it("accepts every whole NPS score from 0 to 10 and rejects every other integer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), (score) => {
        const [item] = parseFeedbackBody(nps({ score }));
        expect(item?.channel === "nps" && item.score).toBe(score);
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 11 })),
        (score) => rejection(nps({ score })).issues[0]?.field === "score",
      ),
    );
  });

  it("accepts any well-formed comment of at most 5,000 UTF-8 bytes, as written", () => {
    const comment = fc
      .oneof(
        fc.string({ unit: "grapheme", maxLength: 1_200 }),
        fc.string({ unit: fc.constantFrom("好", "😊", "é", "a", " ", "\n"), minLength: 1_000, maxLength: 2_500 }),
      )
      .filter((s) => Buffer.byteLength(s, "utf8") <= 5_000);
    fc.assert(
      fc.property(comment, (text) => {
        const [item] = parseFeedbackBody(nps({ comment: text }));
        expect(item?.channel === "nps" && item.comment).toBe(text);
      }),
    );
  });
});
