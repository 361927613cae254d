import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retagFeedback } from "#shared/analysis/retag";
import { DynamoEnrichedStore } from "#shared/enrich/adapters/dynamo-enriched-store";
import { enrichFeedback } from "#shared/enrich/model/enrich";
import { DynamoFeedbackStore } from "#shared/feedback/adapters/dynamo-feedback-store";
import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { feedbackKey, originalsKey } from "#shared/platform/table-keys";
import { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * Retention, against DynamoDB Local: the worker keeps the text as written and the contact fields
 * in their own `ORIGINAL` item with the table's TTL, never on the masked record; every reader of
 * originals finds them there, and none after their retention.
 */
let engines: Engines;
let client: DynamoDBDocumentClient;
beforeAll(async () => {
  engines = await startEngines("hearback-originals-test");
  client = engines.db;
});
afterAll(async () => {
  await engines?.stop();
});

const DAY = 86_400;
const NOW = new Date("2026-06-02T09:00:00Z");
const RECEIVED = "2026-06-02T08:00:00.000Z";
const EMAIL = "wang.fang@example.com";
const COMMENT = `快递三天没到，客服电话13812345678也打不通，请回邮件 ${EMAIL}`;

const db = () => client;
const item = async (key: { PK: string; SK: string }) =>
  (await db().send(new GetCommand({ TableName: engines.tableName, Key: key }))).Item;

const queued = (
  sourceId: string,
  over: Partial<Extract<FeedbackInput, { channel: "nps" }>> = {},
  revision?: number,
) => ({
  id: feedbackId("nps", sourceId),
  receivedAt: RECEIVED,
  ...(revision !== undefined && { revision }),
  input: {
    channel: "nps" as const,
    score: 2,
    comment: COMMENT,
    customer: { id: `c-${sourceId}`, email: EMAIL, name: "王芳" },
    sourceId,
    occurredAt: "2026-05-20T10:00:00.000Z",
    ...over,
  },
});
const ctx = { analysis: undefined, themes: ["delivery"], taxonomyVersion: "t1", now: NOW };

describe("the worker's write", () => {
  it("keeps the masked record without originals, and the originals in their own item expiring after the retention", async () => {
    const enriched = enrichFeedback(queued("kept"), ctx);
    expect((await engines.stores.enriched.saveEnrichedBatch([enriched])).get(enriched.record.id)).toBe("stored");

    const record = await item(feedbackKey(enriched.record.id));
    expect(record).toBeDefined();
    expect(record).not.toHaveProperty("originalText");
    expect(record).not.toHaveProperty("customerEmail");
    expect(record).not.toHaveProperty("customerName");
    expect(JSON.stringify(record)).not.toContain(EMAIL);
    expect(JSON.stringify(record)).not.toContain("13812345678");

    // Counted from receipt (our clock), not from when the customer says it happened.
    expect(await item(originalsKey(enriched.record.id))).toEqual({
      ...originalsKey(enriched.record.id),
      originalText: COMMENT,
      customerEmail: EMAIL,
      customerName: "王芳",
      expiresAt: Date.parse(RECEIVED) / 1000 + 365 * DAY,
    });
  });

  it("uses the configured retention, and writes no originals already past it", async () => {
    const store = new DynamoEnrichedStore(db(), engines.tableName, 30);
    const fresh = enrichFeedback(queued("thirty"), ctx);
    await store.saveEnrichedBatch([fresh]);
    expect((await item(originalsKey(fresh.record.id)))?.expiresAt).toBe(Date.parse(RECEIVED) / 1000 + 30 * DAY);

    // A message parked in the DLQ longer than the retention, redriven: the record, no originals.
    const late = enrichFeedback(queued("late"), { ...ctx, now: new Date(Date.parse(RECEIVED) + 31 * DAY * 1000) });
    expect((await store.saveEnrichedBatch([late])).get(late.record.id)).toBe("stored");
    expect(await item(feedbackKey(late.record.id))).toBeDefined();
    expect(await item(originalsKey(late.record.id))).toBeUndefined();
  });

  it("writes nothing for an item with nothing to keep", async () => {
    const bare = enrichFeedback(
      {
        id: feedbackId("nps", "bare"),
        receivedAt: RECEIVED,
        input: { channel: "nps", score: 9, customer: { id: "c-bare" }, sourceId: "bare" },
      },
      ctx,
    );
    await engines.stores.enriched.saveEnrichedBatch([bare]);
    expect(await item(originalsKey(bare.record.id))).toBeUndefined();
  });

  it("writes no originals back on a redelivery (after an erasure, say), and replaces them with a changed answer", async () => {
    const first = enrichFeedback(queued("again", {}, 1), ctx);
    await engines.stores.enriched.saveEnrichedBatch([first]);
    await db().send(new DeleteCommand({ TableName: engines.tableName, Key: originalsKey(first.record.id) }));
    expect((await engines.stores.enriched.saveEnrichedBatch([first])).get(first.record.id)).toBe("duplicate");
    expect(await item(originalsKey(first.record.id))).toBeUndefined();

    const stored = (await engines.stores.feedback.storedRecords([first.record.id])).get(first.record.id);
    const second = enrichFeedback(queued("again", { score: 9, comment: "其实挺好的" }, 2), {
      ...ctx,
      previous: stored,
    });
    expect((await engines.stores.enriched.saveEnrichedBatch([second])).get(first.record.id)).toBe("stored");
    expect(await item(originalsKey(first.record.id))).toMatchObject({
      originalText: "其实挺好的",
      customerEmail: EMAIL,
    });

    // A changed answer with nothing to keep takes the previous answer's originals with it.
    const now = (await engines.stores.feedback.storedRecords([first.record.id])).get(first.record.id);
    const third = enrichFeedback(
      {
        id: first.record.id,
        receivedAt: RECEIVED,
        revision: 3,
        input: { channel: "nps", score: 10, customer: { id: "c-again" }, sourceId: "again" },
      },
      { ...ctx, previous: now },
    );
    expect((await engines.stores.enriched.saveEnrichedBatch([third])).get(first.record.id)).toBe("stored");
    expect(await item(originalsKey(first.record.id))).toBeUndefined();
  });
});

describe("readers of originals", () => {
  it("find the originals in their item (one BatchGetItem) for the triage page, and none once expired", async () => {
    const items = ["r1", "r2", "r3"].map((s) => enrichFeedback(queued(s, { comment: `${COMMENT} ${s}` }), ctx));
    await engines.stores.enriched.saveEnrichedBatch(items);
    const ids = items.map((i) => i.record.id);

    const texts = await engines.stores.feedback.originalTexts([...ids, feedbackId("nps", "never")]);
    expect([...texts.values()]).toEqual(expect.arrayContaining([`${COMMENT} r1`, `${COMMENT} r2`, `${COMMENT} r3`]));
    expect(texts.size).toBe(3);
    expect((await engines.stores.feedback.originals(ids)).get(ids[0] ?? "")).toEqual({
      originalText: `${COMMENT} r1`,
      customerEmail: EMAIL,
      customerName: "王芳",
    });
    // The masked record is what everyone else reads.
    const records = await engines.stores.feedback.storedRecords(ids);
    expect(records.get(ids[0] ?? "")?.text).not.toContain(EMAIL);

    // Past the retention, before DynamoDB's TTL has removed the item: already gone for readers.
    const later = new DynamoFeedbackStore(
      db(),
      engines.tableName,
      () => new Date(Date.parse(RECEIVED) + 366 * DAY * 1000),
    );
    expect((await later.originalTexts(ids)).size).toBe(0);
  });

  it("give re-analysis (a day's records, and retag) the text as written", async () => {
    const day = "2026-07-14";
    // The original names the refund; the masked record keeps only the masked words.
    const items = [
      enrichFeedback(
        {
          id: feedbackId("nps", "retag-original"),
          receivedAt: `${day}T09:00:00.000Z`,
          input: {
            channel: "nps",
            score: 2,
            comment: "退款两周了还没到账",
            customer: { id: "c-retag" },
            sourceId: "retag-original",
            occurredAt: `${day}T08:00:00.000Z`,
          },
        },
        { ...ctx, taxonomyVersion: "old" },
      ),
    ];
    // Stands for a masked text that lost the words (e.g. a detector masked them).
    (items[0] as { record: { text?: string } }).record.text = "[name]";
    await engines.stores.enriched.saveEnrichedBatch(items);

    const page = await engines.stores.feedback.day(day);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ text: "[name]", originalText: "退款两周了还没到账" });

    const range = { since: new Date(`${day}T00:00:00Z`), until: new Date(`${day}T23:00:00Z`) };
    expect(await retagFeedback({ store: engines.stores.feedback, taxonomy: defaultTaxonomy }, range)).toMatchObject({
      retagged: 1,
    });
    const [record] = [...(await engines.stores.feedback.storedRecords([items[0]?.record.id ?? ""])).values()];
    expect(record?.themes).toContain("refund");
  });
});

describe("survey records", () => {
  it("expire the retention after their link ends, and read back as they were", async () => {
    const surveys = new DynamoSurveyStore(db(), engines.tableName, 30);
    const survey = {
      surveyId: "sv-retention",
      kind: "nps" as const,
      customer: { id: "c-survey", email: EMAIL, name: "王芳" },
      createdAt: "2026-06-01T00:00:00.000Z",
      expiresAt: "2026-07-01T00:00:00.000Z",
    };
    expect(await surveys.createSurvey(survey, { notAfter: undefined })).toBe("created");
    expect(await item({ PK: "SURVEY#sv-retention", SK: "SURVEY" })).toMatchObject({
      linkExpiresAt: survey.expiresAt,
      expiresAt: Date.parse(survey.expiresAt) / 1000 + 30 * DAY,
    });
    expect(await surveys.getSurvey("sv-retention")).toEqual(survey);
  });
});
