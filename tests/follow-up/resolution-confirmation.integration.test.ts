import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { APIGatewayProxyEventV2, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, processRecord, storeBatch } from "#shared/enrich/enrich-batch";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { SesCustomerMailer } from "#shared/follow-up/adapters/ses-customer-mailer";
import { confirmationOf } from "#shared/follow-up/model/confirmation";
import { followUpRules } from "#shared/follow-up/model/rules";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import type { ConfirmationSender } from "#shared/follow-up/resolution-confirmation";
import { readResolutionSatisfaction } from "#shared/follow-up/resolution-satisfaction";
import { actOnTask } from "#shared/follow-up/task-actions";
import { SqsIngestQueue } from "#shared/ingest/adapters/sqs-ingest-queue";
import type { SigningKey } from "#shared/kernel/signing-key";
import { isoWeek } from "#shared/kernel/time";
import { LOCAL_AWS_ENV, type MailEngine, startMailbox } from "#shared/local/engines";
import { confirmationMarks, postLimiter } from "#shared/surveys/wiring";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * "Is your problem solved?" end to end on the real parts: feedback through the worker opens a task
 * in DynamoDB Local, resolving it mails the customer through the local SES mailbox, and the links
 * in that email, opened and answered on the real page handler, close or reopen the task, with the
 * answer counted in the week's loop counters.
 */
let engines: Engines;
let mailbox: MailEngine;
let ses: SESv2Client;
let tasks: DynamoTaskStore;
let enrich: EnrichDeps;
let sender: ConfirmationSender;
let confirmResolution: typeof import("#functions/http/confirm-resolution").confirmResolution;
let pageDeps: Parameters<typeof confirmResolution>[1] & object;
const SECRET = "integration-confirm-secret-of-32-chars";
const KEY: SigningKey = { id: "i1", secret: new TextEncoder().encode(SECRET) };
const BASE = "https://hb.example.com";
const rules = followUpRules();

beforeAll(async () => {
  [engines, mailbox] = await Promise.all([startEngines("hearback-confirmations"), startMailbox({})]);
  process.env.SURVEY_SIGNING_KEYS = JSON.stringify({ id: KEY.id, secret: SECRET });
  ({ confirmResolution } = await import("#functions/http/confirm-resolution"));
  const table = { TABLE_NAME: engines.tableName };
  ses = new SESv2Client({
    endpoint: mailbox.url,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  tasks = new DynamoTaskStore(engines.db, engines.tableName, rules.closeAfterResolvedDays);
  enrich = {
    store: engines.stores.enriched,
    queue: new SqsIngestQueue(engines.sqs, { deadLetterQueueUrl: engines.queue.deadLetterQueueUrl }),
    analyzer: new LocalAnalyzer(),
    taxonomy: defaultTaxonomy,
    now: () => new Date(),
    followUp: { tasks, rules, taxonomy: defaultTaxonomy },
    maxReceiveCount: 5,
  };
  sender = {
    feedback: engines.stores.feedback,
    mailer: new SesCustomerMailer(ses, "Lumo 客服 <support@example.com>", ["care@example.com"]),
    marks: confirmationMarks(table, engines.db),
    keys: [KEY],
    baseUrl: BASE,
    rules,
  };
  pageDeps = { tasks, limiter: postLimiter(table, engines.db), keys: [KEY], now: () => new Date() };
});
afterAll(async () => {
  ses?.destroy();
  await Promise.all([engines?.stop(), mailbox?.stop()]);
});

let seq = 0;
/** Feedback through the real worker path (validation, analysis, masking, follow-up rules, store). */
const deliver = async (input: FeedbackInput): Promise<string> => {
  seq++;
  const id = `fb_${String(seq).padStart(26, "0")}`;
  const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
  const record = {
    messageId: `m-${seq}`,
    body: JSON.stringify({ id, receivedAt: occurredAt, input: { ...input, occurredAt } }),
    receiveCount: 1,
  } satisfies { messageId: string; body: string; receiveCount: number } & Partial<SQSRecord>;
  const prepared = await prepareBatch([record], enrich);
  await storeBatch(prepared, enrich);
  expect(await processRecord(record, prepared.get(record.messageId), enrich)).not.toBe("retry");
  return `task_${id.slice(3)}`;
};

/** A lead contacts the customer and resolves the task with a refund, asking for confirmation as by default. */
const contactAndResolve = async (taskId: string): Promise<FollowUpTaskV2> => {
  const deps = { tasks, confirmations: sender };
  const task = (await tasks.getTask(taskId)) as FollowUpTaskV2;
  const contacted = await actOnTask(deps, taskId, "contact", { version: task.version }, "mei", new Date());
  return actOnTask(deps, taskId, "resolve", { version: contacted.version, outcome: "refund" }, "mei", new Date());
};

interface Mail {
  from: string;
  replyTo: string[];
  subject: string;
  destination: { to: string[] };
  body: { text: string; html?: string };
  headers?: Array<{ name: string; value: string }>;
}
const inbox = async (to: string): Promise<Mail[]> => {
  const store = (await (await fetch(`${mailbox.url}/store`)).json()) as { emails: Mail[] };
  return store.emails.filter((e) => e.destination.to.includes(to));
};

const pageEvent = (url: string, method: "GET" | "POST", body = ""): APIGatewayProxyEventV2 => {
  const { pathname, searchParams } = new URL(url);
  const token = decodeURIComponent(pathname.slice("/c/".length));
  return {
    version: "2.0",
    routeKey: `${method} /c/{token}`,
    rawPath: pathname,
    rawQueryString: searchParams.toString(),
    headers: {
      host: "hb.example.com",
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
      ...(method === "POST" && { origin: BASE }),
    },
    queryStringParameters: Object.fromEntries(searchParams),
    pathParameters: { token },
    requestContext: { domainName: "hb.example.com", http: { method, path: pathname, sourceIp: "203.0.113.9" } },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
};

/** Opens the link from the email as a phone would, then sends the form as the customer fills it. */
const answerFromEmail = async (url: string, fields: Record<string, string>) => {
  const page = String((await confirmResolution(pageEvent(url, "GET"), pageDeps)).body);
  const ticket = /name="t" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return confirmResolution(
    pageEvent(url.replace(/\?.*$/, ""), "POST", new URLSearchParams({ t: ticket, ...fields }).toString()),
    pageDeps,
  );
};

const linkIn = (mail: Mail | undefined, answer: "yes" | "no") =>
  new RegExp(`${BASE}/c/\\S+\\?a=${answer}`).exec(mail?.body.text ?? "")?.[0] ?? "";

const week = () => isoWeek(new Date(Date.now() - 3_600_000));

describe("confirmation after resolving, on DynamoDB Local and the local SES mailbox", () => {
  it("mails the customer in Chinese, and their 'no' reopens the task with their words and fresh clocks", async () => {
    const before = (await tasks.loopCounts([week()])).get(week()) ?? {};
    const taskId = await deliver({
      channel: "nps",
      score: 2,
      comment: "订单三天了还没发货",
      customer: { id: "confirm-no", email: "wang.confirm@example.com", name: "王女士" },
      locale: "zh-CN",
      sourceId: "confirm-no-1",
    });
    const resolved = await contactAndResolve(taskId);
    expect(resolved.status).toBe("resolved");
    expect(confirmationOf(resolved, 1)?.state).toBe("sent");

    const [mail, ...more] = await inbox("wang.confirm@example.com");
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      from: "Lumo 客服 <support@example.com>",
      replyTo: ["care@example.com"],
      subject: "您的问题解决了吗？",
    });
    expect(mail?.headers).toContainEqual({ name: "Content-Language", value: "zh-Hans" });
    expect(mail?.body.text).toContain("王女士，您好：");
    expect(mail?.body.html).toContain(">否，还没有</a>");
    expect(mail?.body.text).not.toContain(taskId);

    // A link scanner opening both links changes nothing.
    for (const answer of ["yes", "no"] as const) {
      expect((await confirmResolution(pageEvent(linkIn(mail, answer), "GET"), pageDeps)).statusCode).toBe(200);
    }
    expect((await tasks.getTask(taskId))?.version).toBe(resolved.version);

    const done = await answerFromEmail(linkIn(mail, "no"), { answer: "no", csat: "2", comment: "退款还没到账" });
    expect(done.statusCode).toBe(200);
    expect(String(done.body)).toContain("我们已重新处理您的请求");
    const reopened = (await tasks.getTask(taskId)) as FollowUpTaskV2;
    expect(reopened).toMatchObject({ status: "open", round: 2 });
    expect(Date.parse(reopened.clockStartedAt)).toBeGreaterThan(Date.parse(resolved.resolvedAt ?? ""));
    expect(reopened.firstRespondedAt).toBeUndefined();
    expect(reopened.audit.find((e) => e.action === "confirmation_answered")?.detail).toContain("“退款还没到账”");
    // The reopened task is the customer's active one again: the queue shows it.
    const active = await tasks.listTasks({ partition: "active", limit: 200 });
    expect(active.items.map((t) => t.id)).toContain(taskId);
    const after = (await tasks.loopCounts([week()])).get(week()) ?? {};
    expect((after.resolutionNo ?? 0) - (before.resolutionNo ?? 0)).toBe(1);

    // Resolved again within the quiet period: no second email, and the task says why.
    const again = await contactAndResolve(taskId);
    expect(confirmationOf(again, 2)).toMatchObject({ state: "not_sent", reason: "quiet_period" });
    expect(await inbox("wang.confirm@example.com")).toHaveLength(1);
  });

  it("records a 'no' without reopening when later feedback has opened another task for the customer", async () => {
    const customer = { id: "confirm-two", email: "two.confirm@example.com" };
    const first = await deliver({ channel: "nps", score: 3, customer, locale: "en", sourceId: "confirm-two-1" });
    await contactAndResolve(first);
    const [mail] = await inbox("two.confirm@example.com");
    const second = await deliver({
      channel: "nps",
      score: 1,
      comment: "Still broken",
      customer,
      sourceId: "confirm-two-2",
    });
    expect(second).not.toBe(first);
    expect((await tasks.getTask(second))?.status).toBe("open");

    const done = await answerFromEmail(linkIn(mail, "no"), { answer: "no", comment: "not fixed" });
    expect(done.statusCode).toBe(200);
    expect(String(done.body)).toContain("We have passed it on to our support team.");
    const old = (await tasks.getTask(first)) as FollowUpTaskV2;
    expect(old).toMatchObject({ status: "resolved", round: 1 });
    expect(old.audit.at(-1)?.detail).toBe(
      "not solved, says the customer (the customer has another open task: recorded only): “not fixed”",
    );
    expect((await tasks.getTask(second))?.status).toBe("open");
  });

  it("closes the task on 'yes', counts it once, and says so when the link is opened again", async () => {
    const taskId = await deliver({
      channel: "csat",
      score: 1,
      comment: "The courier was rude",
      customer: { id: "confirm-yes", email: "amy.confirm@example.com" },
      locale: "en",
      sourceId: "confirm-yes-1",
    });
    await contactAndResolve(taskId);
    const [mail] = await inbox("amy.confirm@example.com");
    expect(mail?.subject).toBe("Is your problem solved?");
    const before = await readResolutionSatisfaction(tasks, new Date());

    const done = await answerFromEmail(linkIn(mail, "yes"), { answer: "yes", csat: "5" });
    expect(String(done.body)).toContain("We’re glad it’s solved");
    expect(await tasks.getTask(taskId)).toMatchObject({ status: "closed", closeReason: "customer_confirmed" });
    // Opening the link again says it was answered, and offers no form.
    const again = String((await confirmResolution(pageEvent(linkIn(mail, "no"), "GET"), pageDeps)).body);
    expect(again).toContain("You have already answered this question.");
    expect(again).not.toContain("<form");
    expect((await tasks.getTask(taskId))?.status).toBe("closed");

    const after = await readResolutionSatisfaction(tasks, new Date());
    expect(after.yes - before.yes).toBe(1);
    expect(after.no).toBe(before.no);
  });
});
