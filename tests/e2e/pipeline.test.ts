import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "#shared/kernel/time";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { type TableStores, tableStores } from "../support/stores.ts";

/**
 * The whole pipeline as a user runs it: the local stack started from the test, feedback posted
 * over HTTP, the real worker fed by the SQS emulator, results read back through the API.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let stores: TableStores;
let sqs: SQSClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "e2e-key" });
  api = apiClient(stack);
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  stores = tableStores(
    DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: "us-east-1", credentials }),
    ),
    stack.tableName,
  );
  sqs = new SQSClient({ endpoint: stack.sqsEndpoint, region: "us-east-1", credentials, useQueueUrlAsEndpoint: false });
});

afterAll(async () => {
  await stack?.stop({ drain: false });
});

const postOne = async (item: unknown) => {
  const res = await api.post(item);
  expect(res.status).toBe(202);
  const body = (await res.json()) as { items: Array<{ id: string; status: string }> };
  return body.items[0] as { id: string; status: string };
};

describe("three channels, end to end", () => {
  it("stores an unhappy Chinese NPS comment as a negative delivery detractor with a follow-up task, PII masked", async () => {
    const { id, status } = await postOne({
      channel: "nps",
      score: 2,
      comment: "订单三天了还没发货，打电话13812345678也没人接",
      customer: { id: `cust-${run}-1`, email: "wang@example.com", tier: "gold" },
      locale: "zh-CN",
      sourceId: `nps-${run}-1`,
    });
    expect(status).toBe("accepted");
    const stored = await api.waitStored(id);
    expect(stored).toMatchObject({
      channel: "nps",
      score: 2,
      sentiment: "NEGATIVE",
      language: "zh-Hans",
      detractor: true,
      // API keys see customers by pseudonym (shared/privacy/model/policy.ts).
      customerId: expect.stringMatching(/^cust_[0-9a-f]{12}$/),
    });
    expect(JSON.stringify(stored)).not.toContain(`cust-${run}-1`);
    expect(stored.themes).toContain("delivery");
    expect(stored.text).toBe("订单三天了还没发货，打电话[phone]也没人接");
    expect(stored.taskId).toMatch(/^task_/);
    expect(JSON.stringify(stored)).not.toContain("wang@example.com");
  });

  it("stores a happy English CSAT rating as positive and not a detractor", async () => {
    const { id } = await postOne({
      channel: "csat",
      score: 5,
      comment: "The agent sorted out my exchange in five minutes, brilliant service!",
      customer: { id: `cust-${run}-2` },
      service: { ticketId: "T-100", team: "support" },
    });
    const stored = await api.waitStored(id);
    expect(stored).toMatchObject({ channel: "csat", sentiment: "POSITIVE", detractor: false, language: "en" });
    expect(stored.themes).toContain("service");
    expect(stored.service).toEqual({ ticketId: expect.stringMatching(/^ticket_[0-9a-f]{12}$/), team: "support" });
  });

  it("flags a negative social mention as a detractor and tags its theme", async () => {
    const { id } = await postOne({
      channel: "social",
      platform: "weibo",
      text: "申请退款两个星期了还没到账，客服一直推来推去",
      author: { handle: `user_${run}`, followers: 5200 },
      sourceId: `weibo-${run}-1`,
    });
    const stored = await api.waitStored(id);
    expect(stored).toMatchObject({ channel: "social", sentiment: "NEGATIVE", detractor: true, platform: "weibo" });
    expect(stored.themes).toContain("refund");
  });

  it("keeps emoji and traditional Chinese exactly as written", async () => {
    const comment = "外送員態度很好，餐點也很好吃 👍🏻😋";
    const { id } = await postOne({
      channel: "csat",
      score: 5,
      comment,
      customer: { id: `cust-${run}-tw` },
      locale: "zh-TW",
    });
    const stored = await api.waitStored(id);
    expect(stored).toMatchObject({ text: comment, language: "zh-Hant", sentiment: "POSITIVE" });
  });

  it("uses the score as the sentiment when a survey has no comment", async () => {
    const { id } = await postOne({ channel: "nps", score: 10, customer: { id: `cust-${run}-3` } });
    const stored = await api.waitStored(id);
    expect(stored).toMatchObject({ sentiment: "POSITIVE", sentimentSource: "score", detractor: false, themes: [] });
  });
});

describe("exactly once", () => {
  it("answers duplicate for a sourceId sent again, and never makes a second record or count", async () => {
    const item = {
      channel: "csat",
      score: 1,
      comment: "Still no refund after three weeks",
      customer: { id: `cust-${run}-dup` },
      sourceId: `csat-${run}-dup`,
    };
    const first = await postOne(item);
    const stored = await api.waitStored(first.id);
    const week = String(stored.week);
    const before = await stores.counters.weeklyCounters(week);

    const again = await postOne(item);
    expect(again).toEqual({ id: first.id, status: "duplicate" });

    // Straight onto the queue, bypassing the edge's check: the worker's conditional write holds.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queueUrl,
        MessageBody: JSON.stringify({ id: first.id, receivedAt: new Date().toISOString(), input: item }),
      }),
    );
    expect(await stack.drain(15_000)).toBe(true);
    expect(await stores.counters.weeklyCounters(week)).toEqual(before);
    const page = await api.get(`/v1/feedback?channel=csat&limit=100`);
    const ids = ((await page.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id);
    expect(ids.filter((i) => i === first.id)).toHaveLength(1);
  });

  it("treats the same sourceId twice in one request as one item", async () => {
    const item = { channel: "nps", score: 8, customer: { id: "c" }, sourceId: `nps-${run}-twice` };
    const res = await api.post({ items: [item, item] });
    const body = (await res.json()) as { items: Array<{ id: string; status: string }> };
    expect(body.items.map((i) => i.status)).toEqual(["accepted", "duplicate"]);
    expect(body.items[0]?.id).toBe(body.items[1]?.id);
  });
});

describe("nothing lost", () => {
  it("stores every item of a 100-item batch and counts each once", async () => {
    const occurredAt = "2026-03-10T08:00:00Z";
    const items = Array.from({ length: 100 }, (_, i) =>
      i % 3 === 0
        ? { channel: "nps", score: i % 11, customer: { id: `bulk-${i}` }, sourceId: `bulk-${run}-${i}`, occurredAt }
        : i % 3 === 1
          ? {
              channel: "csat",
              score: (i % 5) + 1,
              comment: i % 2 ? "送货很快，包装很好" : "The courier was late again",
              customer: { id: `bulk-${i}` },
              sourceId: `bulk-${run}-${i}`,
              occurredAt,
            }
          : {
              channel: "social",
              platform: "x",
              text: `Order #${i} arrived damaged, not happy`,
              author: { handle: `h${i}` },
              sourceId: `bulk-${run}-${i}`,
              occurredAt,
            },
    );
    const res = await api.post({ items });
    expect(res.status).toBe(202);
    const { items: answers } = (await res.json()) as { items: Array<{ id: string; status: string }> };
    expect(answers.every((a) => a.status === "accepted")).toBe(true);
    expect(await stack.drain(30_000)).toBe(true);

    const stored = await stores.feedback.storedRecords(answers.map((a) => a.id));
    expect(stored.size).toBe(100);
    const counters = await stores.counters.weeklyCounters(isoWeek(occurredAt));
    const total = counters.filter((c) => c.theme === "_all").reduce((n, c) => n + (c.counts.n ?? 0), 0);
    expect(total).toBe(100);
    const npsAll = counters.find((c) => c.channel === "nps" && c.theme === "_all");
    expect(npsAll?.counts.n).toBe(34);
    // Score buckets: i = 0, 33, 66, 99 all have score 0 (i % 11 === 0).
    expect(npsAll?.counts.s0).toBe(4);
  });

  it("parks a poison message in the DLQ with the reason and keeps the worker going", async () => {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: '{"id":"fb_x","input":{"channel":"fax"}}' }),
    );
    const after = await postOne({ channel: "nps", score: 9, customer: { id: `after-poison-${run}` } });
    await api.waitStored(after.id);

    const deadline = Date.now() + 10_000;
    let reason: string | undefined;
    while (!reason && Date.now() < deadline) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ["All"],
        }),
      );
      reason = out.Messages?.find((m) => m.Body?.includes('"fax"'))?.MessageAttributes?.reason?.StringValue;
    }
    expect(reason).toMatch(/invalid message: .*input\.channel/);
  });
});

describe("reading feedback back", () => {
  it("lists newest first with filters and a cursor that walks every page once", async () => {
    const base = Date.parse("2026-02-02T10:00:00Z");
    const items = Array.from({ length: 7 }, (_, i) => ({
      channel: "social",
      platform: "reddit",
      text: i % 2 ? "Love the new app, checkout is so smooth" : "The app crashes every time I pay",
      author: { handle: `r${i}` },
      sourceId: `list-${run}-${i}`,
      occurredAt: new Date(base + i * 3_600_000 * 13).toISOString(),
    }));
    const res = await api.post({ items });
    expect(res.status).toBe(202);
    await stack.drain(15_000);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = new URLSearchParams({ from: "2026-02-01", to: "2026-02-07T00:00:00Z", channel: "social", limit: "3" });
      if (cursor) q.set("cursor", cursor);
      const page = (await (await api.get(`/v1/feedback?${q}`)).json()) as {
        items: Array<{ occurredAt: string; sourceId: string }>;
        cursor?: string;
      };
      seen.push(...page.items.map((i) => i.occurredAt));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(7);
    expect([...seen].sort().reverse()).toEqual(seen);

    const negative = (await (
      await api.get("/v1/feedback?from=2026-02-01&to=2026-02-07T00:00:00Z&sentiment=negative&limit=100")
    ).json()) as { items: Array<{ sentiment: string }> };
    expect(negative.items.length).toBe(4);
    expect(negative.items.every((i) => i.sentiment === "NEGATIVE")).toBe(true);
  });

  it("answers 404 problem+json for an unknown id and 400 naming the bad query field", async () => {
    const missing = await api.get("/v1/feedback/fb_00000000000000000000000000");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    const bad = await api.get("/v1/feedback?limit=1000&channel=email");
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["limit", "channel"]));
  });

  it("reports every component on /health without a key", async () => {
    const res = await api.get("/health", {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; components: Record<string, { status: string }> };
    expect(body.status).toBe("ok");
    expect(Object.keys(body.components)).toEqual(["table", "queue", "analyzer"]);
  });

  it("publishes the API contract at /openapi.json without a key: the committed docs/openapi.json, cacheable", async () => {
    const res = await api.get("/openapi.json", {});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const committed = JSON.parse(readFileSync(new URL("../../docs/openapi.json", import.meta.url), "utf8"));
    expect(await res.json(), "GET /openapi.json differs from docs/openapi.json: run `npm run openapi`").toEqual(
      committed,
    );
  });
});

describe("bad input gets a clear answer", () => {
  it("401 without or with a wrong API key", async () => {
    const none = await api.post({ channel: "nps", score: 1, customer: { id: "x" } }, { authorization: "" });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    const wrong = await api.post({ channel: "nps", score: 1, customer: { id: "x" } }, { authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
  });

  it("415 for a form post, 413 above 1 MiB, 400 for broken JSON", async () => {
    expect((await api.post("score=1", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await api.post(JSON.stringify({ items: ["x".repeat(1_100_000)] }))).status).toBe(413);
    const broken = await api.post("{not json");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { title: string }).title).toBe("Malformed JSON");
  });

  it("400 naming each invalid field of each item, and nothing from that request is queued", async () => {
    const res = await api.post({
      items: [
        { channel: "nps", score: 7, customer: { id: "ok" }, sourceId: `atomic-${run}` },
        { channel: "nps", score: 11, customer: { id: "a" } },
        { channel: "csat", score: 4.5, customer: { id: "b" } },
        { channel: "social", platform: "x", text: "  ", author: { handle: "h" }, sourceId: "s" },
        { channel: "fax" },
      ],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ field: string; message: string }> };
    expect(body.errors.map((e) => e.field)).toEqual([
      "items[1].score",
      "items[2].score",
      "items[3].text",
      "items[4].channel",
    ]);
    const retry = await api.post({ channel: "nps", score: 7, customer: { id: "ok" }, sourceId: `atomic-${run}` });
    expect(((await retry.json()) as { items: Array<{ status: string }> }).items[0]?.status).toBe("accepted");
  });
});
