import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weeklyCounters } from "#shared/feedback/wiring";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";

/**
 * Issue 13, corrections that teach: a person marks a reading wrong and sets the right one. The item
 * changes, its weekly counts move with it in the same transaction, and bad corrections are refused
 * with the field named.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let db: DynamoDBDocumentClient;
let id = "";
let week = "";

const correct = (target: string, body: unknown) => api.request("POST", `/v1/feedback/${target}/corrections`, { body });
/** A counter row as readers see it: its shards summed (the correction may move counts on any shard). */
const counts = async (key: string): Promise<Record<string, number>> =>
  (await weeklyCounters({ TABLE_NAME: stack.tableName }, db).weeklyCounters(week)).find(
    (c) => `${c.channel}#${c.theme}` === key,
  )?.counts ?? {};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "corrections-key" });
  api = apiClient(stack);
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials: {
        accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
      },
    }),
  );
  // Praise with a word the lexicon reads as a complaint, about food, tagged by keyword as delivery too.
  const res = await api.post({
    channel: "social",
    platform: "weibo",
    text: "外卖小哥送得真快，菜也好吃到哭",
    author: { handle: "foodie" },
    sourceId: "correction-1",
  });
  id = ((await res.json()) as { items: [{ id: string }] }).items[0].id;
  week = String((await api.waitStored(id)).week);
}, 90_000);

afterAll(async () => {
  db?.destroy();
  await stack?.stop({ drain: false });
});

describe("correcting an item's reading", () => {
  it("stores the corrected sentiment and themes with who, when and what it was, and moves the counts", async () => {
    const before = (await (await api.get(`/v1/feedback/${id}`)).json()) as { sentiment: string; themes: string[] };
    const allBefore = await counts("social#_all");
    const res = await correct(id, { sentiment: "POSITIVE", themes: ["product_quality", "delivery"], note: "夸我们的" });
    expect(res.status).toBe(200);
    const item = (await res.json()) as Record<string, unknown>;
    expect(item).toMatchObject({
      sentiment: "POSITIVE",
      themes: ["delivery", "product_quality"],
      detractor: false,
      correction: {
        sentiment: "POSITIVE",
        by: "api:local",
        note: "夸我们的",
        was: { sentiment: before.sentiment, themes: before.themes },
      },
    });
    // GET shows the same; the channel's row counts it as POSITIVE now, and the theme rows follow.
    expect(await (await api.get(`/v1/feedback/${id}`)).json()).toMatchObject({ sentiment: "POSITIVE" });
    const allAfter = await counts("social#_all");
    expect(allAfter.n).toBe(allBefore.n);
    expect(Number(allAfter.POSITIVE ?? 0)).toBe(
      Number(allBefore.POSITIVE ?? 0) + (before.sentiment === "POSITIVE" ? 0 : 1),
    );
    expect((await counts("social#product_quality")).POSITIVE).toBe(1);
  });

  it("refuses a bad correction with the field named, and an unknown item with 404", async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await correct(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    };
    await bad({}, "sentiment");
    await bad({ sentiment: "HAPPY" }, "sentiment");
    await bad({ themes: ["not_a_theme"] }, "themes[0]");
    await bad({ themes: ["delivery", "delivery"] }, "themes");
    await bad({ sentiment: "NEGATIVE", extra: 1 }, "extra");
    await bad({ sentiment: "NEGATIVE", note: "x".repeat(1_001) }, "note");
    expect((await correct("fb_00000000000000000000000000", { sentiment: "NEGATIVE" })).status).toBe(404);
    expect((await correct("not-an-id", { sentiment: "NEGATIVE" })).status).toBe(404);
  });
});
