import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, processRecord, storeBatch } from "#shared/enrich/enrich-batch";
import { type Contact, contactKey, contactOfKey, contactPartition } from "#shared/feedback/model/contact";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { DynamoContactMigration } from "#shared/follow-up/adapters/dynamo-contact-migration";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { migrateContactKeys } from "#shared/follow-up/migrate-contacts";
import { followUpRules } from "#shared/follow-up/model/rules";
import type { ContactMigrationStore } from "#shared/follow-up/ports/contact-migration";
import { SqsIngestQueue } from "#shared/ingest/adapters/sqs-ingest-queue";
import { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * Identity without collisions, against DynamoDB Local and the real worker path: an NPS customer
 * whose id is `twitter:@alice` and the author @alice on twitter get separate tasks and separate
 * histories; and `hearback migrate` moves data written in the old shared key space to contact
 * keys — resumably, and so that a second run finds nothing to do.
 */
let engines: Engines;
let db: DynamoDBDocumentClient;
let deps: EnrichDeps;
let tasks: DynamoTaskStore;

beforeAll(async () => {
  engines = await startEngines("hearback-contacts");
  db = engines.db;
  const rules = followUpRules();
  tasks = new DynamoTaskStore(db, engines.tableName, rules.closeAfterResolvedDays);
  deps = {
    store: engines.stores.enriched,
    queue: new SqsIngestQueue(engines.sqs, { deadLetterQueueUrl: engines.queue.deadLetterQueueUrl }),
    analyzer: new LocalAnalyzer(),
    taxonomy: defaultTaxonomy,
    now: () => new Date(),
    followUp: { tasks, rules, taxonomy: defaultTaxonomy },
    maxReceiveCount: 5,
  };
});
afterAll(async () => {
  await engines?.stop();
});

let seq = 0;
const deliver = async (input: FeedbackInput): Promise<string> => {
  seq++;
  const id = `fb_${String(seq).padStart(26, "0")}`;
  const occurredAt = new Date(Date.now() - (100 - seq) * 60_000).toISOString();
  const record = {
    messageId: `m-${seq}`,
    receiptHandle: `rh-${seq}`,
    body: JSON.stringify({ id, receivedAt: occurredAt, input: { ...input, occurredAt } }),
    attributes: { ApproximateReceiveCount: "1" },
  } as unknown as SQSRecord;
  const queued = [{ messageId: record.messageId, body: record.body, receiveCount: 1 }];
  const prepared = await prepareBatch(queued, deps);
  await storeBatch(prepared, deps);
  for (const q of queued) expect(await processRecord(q, prepared.get(q.messageId), deps)).not.toBe("retry");
  return id;
};

const nps = (customerId: string, score = 1): FeedbackInput => ({
  channel: "nps",
  score,
  comment: "太慢了，很失望",
  customer: { id: customerId },
});
const post = (platform: string, handle: string): FeedbackInput => ({
  channel: "social",
  platform,
  text: "申请退款两个星期了还没到账，太失望了",
  author: { handle },
  sourceId: `${platform}-${handle}-${seq}`,
});

const openTaskOf = async (contact: Contact) => {
  const key = contactKey(contact);
  const id = (await tasks.openTaskIds([key])).get(key);
  return id === undefined ? undefined : tasks.getTask(id);
};
const historyOf = async (contact: Contact) =>
  (await engines.stores.feedback.customerHistory(contactKey(contact))).map((r) => r.id);

describe("a customer id shaped like a social identity", () => {
  it("gets its own task and history, apart from the social author it spells", async () => {
    const customer: Contact = { kind: "customer", id: "twitter:@alice" };
    const author: Contact = { kind: "social", platform: "twitter", handle: "alice" };
    const survey = await deliver(nps("twitter:@alice"));
    const tweet = await deliver(post("twitter", "alice"));

    const [customerTask, authorTask] = [await openTaskOf(customer), await openTaskOf(author)];
    expect(customerTask?.feedbackIds).toEqual([survey]);
    expect(authorTask?.feedbackIds).toEqual([tweet]);
    expect(customerTask?.id).not.toBe(authorTask?.id);
    expect(customerTask).toMatchObject({ contact: customer, customerId: "twitter:@alice" });
    expect(authorTask).toMatchObject({ contact: author, customerId: "@alice (twitter)" });
    expect(await historyOf(customer)).toEqual([survey]);
    expect(await historyOf(author)).toEqual([tweet]);
  });

  it("keeps platforms holding the old separator apart", async () => {
    const a: Contact = { kind: "social", platform: "x:@y", handle: "z" };
    const b: Contact = { kind: "social", platform: "x", handle: "y:@z" };
    const first = await deliver(post("x:@y", "z"));
    const second = await deliver(post("x", "y:@z"));
    expect((await openTaskOf(a))?.feedbackIds).toEqual([first]);
    expect((await openTaskOf(b))?.feedbackIds).toEqual([second]);
  });
});

/** Rewrites what the current code stored for `contact` into the shape the previous version wrote. */
const makeLegacy = async (contact: Contact, old: string) => {
  const key = contactKey(contact);
  const { Items = [] } = await db.send(new ScanCommand({ TableName: engines.tableName, ConsistentRead: true }));
  for (const item of Items) {
    if (item.GSI2PK === contactPartition(key))
      await db.send(
        new UpdateCommand({
          TableName: engines.tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: "SET GSI2PK = :old",
          ExpressionAttributeValues: { ":old": `CUSTOMER#${old}` },
        }),
      );
    if (item.SK === "TASK" && JSON.stringify(item.contact) === JSON.stringify(contact))
      await db.send(
        new UpdateCommand({
          TableName: engines.tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: "SET customerId = :old REMOVE contact",
          ExpressionAttributeValues: { ":old": old },
        }),
      );
    // Survey pointers came with erasure (shared/data-rights/): an older table never had them.
    if (item.PK === contactPartition(key) && !String(item.SK).startsWith("SURVEY#")) {
      const { contact: _c, ...rest } = item;
      const moved = { ...rest, PK: `CUSTOMER#${old}`, ...(item.SK === "RECOVERY" && { customerId: old }) };
      if (item.SK.startsWith("LASTSURVEY#")) delete moved.customerId;
      await db.send(new DeleteCommand({ TableName: engines.tableName, Key: { PK: item.PK, SK: item.SK } }));
      await db.send(new PutCommand({ TableName: engines.tableName, Item: moved }));
    }
  }
};

/** Fails after `pages` pages, like a run whose machine went away. */
const interrupted = (store: ContactMigrationStore, pages: number): ContactMigrationStore => {
  let left = pages;
  return {
    progress: () => store.progress(),
    saveProgress: (c) => store.saveProgress(c),
    markVersion: (v, at) => store.markVersion(v, at),
    migratePage: (cursor, size) => {
      if (left-- <= 0) return Promise.reject(new Error("interrupted"));
      return store.migratePage(cursor, size);
    },
  };
};

describe("hearback migrate", () => {
  it("moves the old shared key space to contact keys, resumably, and finds nothing to do the second time", async () => {
    const customer: Contact = { kind: "customer", id: "legacy-1" };
    const author: Contact = { kind: "social", platform: "weibo", handle: "bob" };
    const survey = await deliver(nps("legacy-1", 2));
    const weibo = await deliver(post("weibo", "bob"));
    await new DynamoSurveyStore(db, engines.tableName).createSurvey(
      {
        surveyId: "sv_legacy",
        kind: "nps",
        customer: { id: "legacy-1" },
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      { notAfter: undefined },
    );
    await makeLegacy(customer, "legacy-1");
    await makeLegacy(author, "weibo:@bob");

    // Before the migration the old items are where the new code does not look.
    expect(await openTaskOf(customer)).toBeUndefined();
    expect(await historyOf(author)).toEqual([]);
    const surveys = new DynamoSurveyStore(db, engines.tableName);
    expect(await surveys.lastSurveyedAt("legacy-1", "nps")).toBeUndefined();
    // …while a task read meanwhile still says whose it is (from its old customerId).
    expect(await tasks.getTask(`task_${weibo.slice(3)}`)).toMatchObject({
      contact: author,
      customerId: "@bob (weibo)",
    });

    const store = new DynamoContactMigration(db, engines.tableName);
    await expect(migrateContactKeys(interrupted(store, 2), { pageSize: 3 })).rejects.toThrow("interrupted");
    expect((await store.progress()).cursor).toBeDefined();
    const report = await migrateContactKeys(store, { pageSize: 3 });
    expect(report).toMatchObject({ alreadyDone: false, resumed: true, unknown: 0 });

    const customerTask = await openTaskOf(customer);
    const authorTask = await openTaskOf(author);
    expect(customerTask).toMatchObject({ contact: customer, customerId: "legacy-1", feedbackIds: [survey] });
    expect(authorTask).toMatchObject({ contact: author, customerId: "@bob (weibo)", feedbackIds: [weibo] });
    expect(await historyOf(customer)).toEqual([survey]);
    expect(await historyOf(author)).toEqual([weibo]);
    const watch = (await tasks.recoveryWatches([contactKey(customer)])).get(contactKey(customer));
    expect(watch).toMatchObject({ taskId: customerTask?.id, contact: contactKey(customer) });
    expect(await surveys.lastSurveyedAt("legacy-1", "nps")).toBeDefined();

    // Nothing keyed the old way is left, and nothing points into the old key space.
    const { Items = [] } = await db.send(new ScanCommand({ TableName: engines.tableName, ConsistentRead: true }));
    const contactPks = Items.flatMap((i) => [i.PK, i.GSI2PK]).filter(
      (pk): pk is string => typeof pk === "string" && pk.startsWith("CUSTOMER#"),
    );
    expect(contactPks.filter((pk) => contactOfKey(pk.slice("CUSTOMER#".length)) === undefined)).toEqual([]);
    expect(Items.filter((i) => i.SK === "TASK" && i.contact === undefined)).toEqual([]);

    expect(await migrateContactKeys(store)).toMatchObject({ alreadyDone: true, scanned: 0 });
    const again = await migrateContactKeys(store, { force: true, pageSize: 7 });
    expect(again).toMatchObject({ feedback: 0, tasks: 0, moved: 0, superseded: 0, unknown: 0 });
    expect(again.scanned).toBeGreaterThan(0);
  });

  it("drops an old pointer when the new code already opened a newer task at the new key", async () => {
    const customer: Contact = { kind: "customer", id: "legacy-2" };
    await deliver(nps("legacy-2"));
    await makeLegacy(customer, "legacy-2");
    // Deployed before migrating: the customer's next answer opens a second task at the new key.
    const newer = await deliver(nps("legacy-2"));
    const store = new DynamoContactMigration(db, engines.tableName);
    const report = await migrateContactKeys(store, { force: true });
    expect(report.superseded).toBeGreaterThan(0);
    expect((await openTaskOf(customer))?.feedbackIds).toEqual([newer]);
    const { Items = [] } = await db.send(new ScanCommand({ TableName: engines.tableName, ConsistentRead: true }));
    expect(Items.filter((i) => i.PK === "CUSTOMER#legacy-2")).toEqual([]);
  });
});
