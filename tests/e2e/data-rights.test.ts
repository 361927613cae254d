import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { sessionCookieOf, signInToTriage } from "./secure-stack.ts";

/**
 * Issue 12, data rights: a customer (whose id is their email address) asks for their data, then for its
 * erasure. Afterwards no API, page or table item holds their id, email, name or words; their tasks stay,
 * scrubbed; a redelivered message does not bring them back; other people's data is untouched; and each
 * export, erasure and unmasked view is in the audit.
 */
const ID = "li.lei@example.com";
const NAME = "李雷";
const WORDS = "退款三周了还没到账，太差了，李雷";
const RAW = [ID, NAME, "李雷"];

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};
const ids: Record<string, string> = {};
let taskId = "";
let surveyUrl = "";

const accepted = async (item: unknown) => {
  const res = await api.post(item);
  expect(res.status).toBe(202);
  return ((await res.json()) as { items: [{ id: string }] }).items[0].id;
};
const call = async (method: string, path: string) => api.request(method, path);
const wholeTable = async () => {
  const db = new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials });
  const items: unknown[] = [];
  let start: Record<string, never> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey as typeof start;
  } while (start);
  db.destroy();
  return JSON.stringify(items);
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "rights-key", env: { DEV_PII_VIEWERS: "pii-lead" } });
  api = apiClient(stack);
  ids.nps = await accepted({
    channel: "nps",
    score: 1,
    comment: WORDS,
    customer: { id: ID, email: ID, name: NAME, tier: "gold" },
    sourceId: "rights-nps",
  });
  ids.csat = await accepted({
    channel: "csat",
    score: 2,
    comment: "客服不回消息",
    customer: { id: ID },
    sourceId: "rights-csat",
  });
  // Someone else, and the same person as a social author (a different identity): both untouched.
  ids.other = await accepted({
    channel: "nps",
    score: 0,
    comment: "配送太慢",
    customer: { id: "other-1" },
    sourceId: "rights-other",
  });
  ids.social = await accepted({
    channel: "social",
    platform: "weibo",
    text: "快递丢了，太差了",
    author: { handle: "li_lei", followers: 10 },
    sourceId: "rights-social",
  });
  for (const id of Object.values(ids)) await api.waitStored(id);
  taskId = String((await api.waitStored(ids.nps as string)).taskId);
  const minted = await api.request("POST", "/v1/survey-links", {
    body: { kind: "csat", customer: { id: ID, email: ID, name: NAME }, locale: "zh-CN" },
  });
  expect(minted.status).toBe(201);
  surveyUrl = ((await minted.json()) as { links: Array<{ url: string }> }).links[0]?.url ?? "";
}, 120_000);

afterAll(async () => {
  await stack?.stop({ drain: false });
});

describe("a customer's data rights", () => {
  it("exports everything held about them, the words as written included, and audits it", async () => {
    const res = await call("GET", `/v1/customers/${encodeURIComponent(ID)}/export`);
    expect(res.status).toBe(200);
    const exported = (await res.json()) as {
      feedback: Array<{ id: string; originalText?: string }>;
      tasks: Array<{ id: string }>;
      surveys: unknown[];
    };
    expect(exported.feedback.map((f) => f.id).sort()).toEqual([ids.csat, ids.nps].sort());
    expect(exported.feedback.find((f) => f.id === ids.nps)?.originalText).toBe(WORDS);
    expect(exported.tasks.map((t) => t.id)).toEqual([taskId]);
    expect(exported.surveys).toHaveLength(1);
  });

  it("records what a pii-viewer saw unmasked", async () => {
    const cookie = `hb_session=${sessionCookieOf(await signInToTriage(stack, "pii-lead", DEFAULT_DEV_PASSWORD)) ?? ""}`;
    const page = await fetch(`${stack.url}/triage`, { headers: { cookie } });
    // A pii-viewer sees the customer by the name they gave (their id otherwise), unmasked.
    expect(await page.text()).toContain(NAME);
  });

  it("erases them everywhere, keeps their tasks scrubbed, and leaves everyone else alone", async () => {
    const res = await call("DELETE", `/v1/customers/${encodeURIComponent(ID)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ feedback: 2, tasks: 1, surveys: 1 });

    for (const id of [ids.nps, ids.csat]) expect((await call("GET", `/v1/feedback/${id}`)).status).toBe(404);
    for (const id of [ids.other, ids.social]) expect((await call("GET", `/v1/feedback/${id}`)).status).toBe(200);
    const task = (await (await call("GET", `/v1/tasks/${taskId}`)).json()) as Record<string, unknown>;
    expect(task).toMatchObject({
      contact: { kind: "erased" },
      customerId: "[erased]",
      feedback: [],
      customerHistory: [],
    });
    expect((await fetch(surveyUrl)).status).not.toBe(200);

    const outputs = [
      await (await call("GET", "/v1/feedback?limit=100")).text(),
      await (await call("GET", "/v1/tasks?status=active")).text(),
      await (await call("GET", "/v1/tasks/export")).text(),
      JSON.stringify(task),
      await (
        await fetch(`${stack.url}/triage`, {
          headers: {
            cookie: `hb_session=${sessionCookieOf(await signInToTriage(stack, "pii-lead", DEFAULT_DEV_PASSWORD)) ?? ""}`,
          },
        })
      ).text(),
      await wholeTable(),
    ];
    // An export now finds nothing (it names only the customer it was asked about).
    const exported = (await (await call("GET", `/v1/customers/${encodeURIComponent(ID)}/export`)).json()) as Record<
      string,
      unknown[]
    >;
    expect([exported.feedback, exported.tasks, exported.surveys, exported.other]).toEqual([[], [], [], []]);
    for (const [i, output] of outputs.entries()) {
      const at = output.indexOf(ID);
      expect(
        RAW.filter((raw) => output.includes(raw)),
        `output ${i}: …${output.slice(Math.max(0, at - 200), at + 60)}`,
      ).toEqual([]);
    }
  });

  it("drops a redelivered message from before the erasure, and stores what they send afterwards", async () => {
    const sqs = new SQSClient({
      endpoint: stack.sqsEndpoint,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const before = new Date(Date.now() - 60_000).toISOString();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queueUrl,
        MessageBody: JSON.stringify({
          id: ids.nps,
          receivedAt: before,
          input: { channel: "nps", score: 1, comment: WORDS, customer: { id: ID, name: NAME }, sourceId: "rights-nps" },
        }),
      }),
    );
    sqs.destroy();
    expect(await stack.drain(15_000)).toBe(true);
    expect((await call("GET", `/v1/feedback/${ids.nps}`)).status).toBe(404);
    expect(await wholeTable()).not.toContain(ID);

    const again = await accepted({ channel: "nps", score: 9, customer: { id: ID }, sourceId: "rights-later" });
    expect(await api.waitStored(again)).toMatchObject({ score: 9 });
  });

  it("lists every export, erasure and unmasked view in the audit, naming no one", async () => {
    const res = await call("GET", `/v1/audit?day=${new Date().toISOString().slice(0, 10)}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const { items } = JSON.parse(body) as { items: Array<{ action: string; actor: string; subject: string }> };
    const actions = items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(["export", "view-unmasked", "erase"]));
    expect(items.find((i) => i.action === "erase")).toMatchObject({
      actor: "api:local",
      subject: expect.stringMatching(/^cust_/),
    });
    expect(items.find((i) => i.action === "view-unmasked")?.actor).toBe("pii-lead");
    expect(RAW.filter((raw) => body.includes(raw))).toEqual([]);
  });

  it("answers 400 naming the field for a bad id, day or cursor", async () => {
    const bad = async (method: string, path: string, field: string) => {
      const res = await call(method, path);
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(await res.json()), path).toContain(field);
    };
    await bad("DELETE", "/v1/customers/%20%20", "id");
    await bad("DELETE", `/v1/customers/x?nope=1`, "nope");
    await bad("GET", "/v1/audit?day=2026-02-30", "day");
    await bad("GET", "/v1/audit?cursor=forged", "cursor");
    await bad("GET", "/v1/audit?limit=100000", "limit");
  });
});
