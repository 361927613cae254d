import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erasureHorizonMigration } from "#shared/data-rights/wiring";
import { feedbackId } from "#shared/feedback/model/ids";
import { countersBackfillMigration } from "#shared/feedback/wiring";
import { DynamoRetentionMigration } from "#shared/follow-up/adapters/dynamo-retention-migration";
import { migrateSchema, SCHEMA_VERSION } from "#shared/follow-up/migrate-schema";
import { schemaMigration } from "#shared/follow-up/wiring";
import { DynamoSchemaMarker } from "#shared/platform/schema-marker";
import { feedbackKey, originalsKey } from "#shared/platform/table-keys";
import { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * `hearback migrate` to schema version 3, against DynamoDB Local: records written before kept the
 * text as written and the contact fields on themselves; they move to expiring `ORIGINAL` items
 * (or, past their retention, just go), surveys get their TTL, and a re-run finds nothing to do.
 */
let engines: Engines;
let db: DynamoDBDocumentClient;
beforeAll(async () => {
  engines = await startEngines("hearback-retention-migration");
  db = engines.db;
});
afterAll(async () => {
  await engines?.stop();
});

const DAY = 86_400;
const NOW = new Date("2026-06-02T09:00:00Z");
const get = async (key: { PK: string; SK: string }) =>
  (await db.send(new GetCommand({ TableName: engines.tableName, Key: key }))).Item;
const put = (item: Record<string, unknown>) => db.send(new PutCommand({ TableName: engines.tableName, Item: item }));

/** A record as the worker wrote it before version 3: the originals on the record itself. */
const oldRecord = (sourceId: string, receivedAt: string, extra: Record<string, unknown> = {}) => {
  const id = feedbackId("nps", sourceId);
  return {
    ...feedbackKey(id),
    GSI1PK: `FEED#${receivedAt.slice(0, 10)}`,
    GSI1SK: `${receivedAt}#${id}`,
    id,
    channel: "nps",
    receivedAt,
    occurredAt: receivedAt,
    week: "2026-W20",
    score: 2,
    text: "请回邮件 [email]",
    language: "zh-Hans",
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
    sentimentSource: "score",
    themes: [],
    taxonomyVersion: "t1",
    analyzer: "score",
    detractor: true,
    customerId: `c-${sourceId}`,
    storedAt: receivedAt,
    originalText: "请回邮件 wang@example.com",
    customerEmail: "wang@example.com",
    customerName: "王芳",
    ...extra,
  };
};

describe("hearback migrate, schema version 3", () => {
  it("moves old records' originals to expiring items, drops expired ones, gives surveys their TTL; a re-run does nothing", async () => {
    // Contact keys (version 2) done already.
    await new DynamoSchemaMarker(db, engines.tableName).markVersion(2, "2026-05-01T00:00:00.000Z");
    const recent = oldRecord("recent", "2026-05-20T08:00:00.000Z");
    const emailOnly = oldRecord("email-only", "2026-05-21T08:00:00.000Z", {
      originalText: undefined,
      customerName: undefined,
    });
    const expired = oldRecord("expired", "2025-03-01T08:00:00.000Z");
    const untouched = { ...oldRecord("new-shape", "2026-05-22T08:00:00.000Z") };
    for (const f of ["originalText", "customerEmail", "customerName"] as const) delete untouched[f];
    const oldSurvey = {
      PK: "SURVEY#sv-old",
      SK: "SURVEY",
      surveyId: "sv-old",
      kind: "nps",
      customer: { id: "c-old", email: "wang@example.com" },
      createdAt: "2026-05-01T00:00:00.000Z",
      expiresAt: "2026-05-31T00:00:00.000Z",
    };
    for (const item of [recent, emailOnly, expired, untouched, oldSurvey]) await put(item);

    const migration = {
      ...schemaMigration({ TABLE_NAME: engines.tableName }, db, {
        erasureHorizon: erasureHorizonMigration({ TABLE_NAME: engines.tableName }, db),
        countersBackfill: countersBackfillMigration({ TABLE_NAME: engines.tableName }, db),
      }),
      retention: new DynamoRetentionMigration(db, engines.tableName, 365, () => NOW),
    };
    // Small pages, so the step walks (and saves) several positions.
    const report = await migrateSchema(migration, { pageSize: 2 });
    expect(report.alreadyDone).toBe(false);
    expect(report.steps.map((s) => s.version)).toEqual([3, 4, 5]);
    expect(report.steps[0]?.counts).toMatchObject({ originals: 2, dropped: 1, surveys: 1, changed: 0 });
    expect(report.steps[0]?.pages).toBeGreaterThan(2);

    // Masked records stay; their originals live apart, expiring the retention after receipt.
    for (const r of [recent, emailOnly, expired]) {
      const record = await get(feedbackKey(r.id));
      expect(record).toMatchObject({ text: r.text, themes: [], detractor: true });
      expect(record).not.toHaveProperty("originalText");
      expect(record).not.toHaveProperty("customerEmail");
      expect(record).not.toHaveProperty("customerName");
    }
    expect(await get(originalsKey(recent.id))).toEqual({
      ...originalsKey(recent.id),
      originalText: recent.originalText,
      customerEmail: recent.customerEmail,
      customerName: recent.customerName,
      expiresAt: Date.parse(recent.receivedAt) / 1000 + 365 * DAY,
    });
    expect(await get(originalsKey(emailOnly.id))).toEqual({
      ...originalsKey(emailOnly.id),
      customerEmail: emailOnly.customerEmail,
      expiresAt: Date.parse(emailOnly.receivedAt) / 1000 + 365 * DAY,
    });
    expect(await get(originalsKey(expired.id))).toBeUndefined();
    expect(await get(originalsKey(untouched.id))).toBeUndefined();

    // The readers see the moved originals; the survey reads back as it was.
    expect((await engines.stores.feedback.originalTexts([recent.id])).get(recent.id)).toBe(recent.originalText);
    expect(await get({ PK: "SURVEY#sv-old", SK: "SURVEY" })).toMatchObject({
      linkExpiresAt: oldSurvey.expiresAt,
      expiresAt: Date.parse(oldSurvey.expiresAt) / 1000 + 365 * DAY,
    });
    expect((await new DynamoSurveyStore(db, engines.tableName).getSurvey("sv-old"))?.expiresAt).toBe(
      oldSurvey.expiresAt,
    );

    expect((await migration.marker.progress()).version).toBe(SCHEMA_VERSION);
    expect(await migrateSchema(migration)).toEqual({ alreadyDone: true, steps: [] });
    const forced = await migrateSchema(migration, { force: true, pageSize: 3 });
    expect(forced.steps.map((s) => s.version)).toEqual([2, 3, 4, 5]);
    expect(forced.steps[1]?.counts).toMatchObject({ originals: 0, dropped: 0, surveys: 0, changed: 0 });
    expect((await migration.marker.progress()).version).toBe(SCHEMA_VERSION);
  });

  it("resumes an interrupted run at its own position, and leaves a record the new code rewrote meanwhile", async () => {
    const marker = new DynamoSchemaMarker(db, engines.tableName);
    await marker.markVersion(2, "2026-05-01T00:00:00.000Z");
    const items = Array.from({ length: 6 }, (_, i) => oldRecord(`resume-${i}`, "2026-05-25T08:00:00.000Z"));
    for (const item of items) await put(item);
    const retention = new DynamoRetentionMigration(db, engines.tableName, 365, () => NOW);
    let pages = 0;
    const interrupted = {
      version: retention.version,
      migratePage: (cursor: string | undefined, size: number) => {
        if (++pages > 2) throw new Error("interrupted");
        return retention.migratePage(cursor, size);
      },
    };
    const migration = {
      ...schemaMigration({ TABLE_NAME: engines.tableName }, db, {
        erasureHorizon: erasureHorizonMigration({ TABLE_NAME: engines.tableName }, db),
        countersBackfill: countersBackfillMigration({ TABLE_NAME: engines.tableName }, db),
      }),
      retention: interrupted,
    };
    await expect(migrateSchema(migration, { pageSize: 2 })).rejects.toThrow("interrupted");
    const saved = await marker.progress();
    expect(saved).toMatchObject({ version: 2, cursor: expect.stringMatching(/^3:/) });

    // Meanwhile the worker replaced one record (a changed answer): its own originals must stay.
    const rewritten = items[5] ?? items[0];
    const {
      originalText: _t,
      customerEmail: _e,
      customerName: _n,
      ...masked
    } = rewritten as ReturnType<typeof oldRecord>;
    await put({ ...masked, revision: 2 });
    await put({ ...originalsKey(masked.id), originalText: "newer", expiresAt: 1_900_000_000 });

    const resumed = await migrateSchema({ ...migration, retention }, { pageSize: 2 });
    expect(resumed.steps[0]?.resumed).toBe(true);
    for (const item of items.slice(0, 5)) {
      expect(await get(feedbackKey(item.id))).not.toHaveProperty("originalText");
      expect((await get(originalsKey(item.id)))?.originalText).toBe(item.originalText);
    }
    expect((await get(originalsKey(masked.id)))?.originalText).toBe("newer");
    expect((await marker.progress()).version).toBe(SCHEMA_VERSION);
  });
});
