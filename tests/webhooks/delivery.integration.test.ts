import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { lambdaContext } from "#shared/local/lambda-context";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { DynamoDeadLetters } from "#shared/webhooks/adapters/dynamo-dead-letters";
import { DynamoEndpointStore } from "#shared/webhooks/adapters/dynamo-endpoint-store";
import { HttpTransport } from "#shared/webhooks/adapters/http-transport";
import { SqsDeliveryQueue } from "#shared/webhooks/adapters/sqs-delivery-queue";
import { TableSecretStore } from "#shared/webhooks/adapters/table-secret-store";
import { attempt, type DeliveryDeps, fanOut, handleDeliveryMessage } from "#shared/webhooks/deliver";
import { deleteWebhook, putWebhook, redeliver } from "#shared/webhooks/manage-webhooks";
import type { WebhookEndpoint } from "#shared/webhooks/model/endpoint";
import { WebhookBody } from "#shared/webhooks/model/endpoint";
import { webhookIdOf } from "#shared/webhooks/model/events";
import type { DisableReason } from "#shared/webhooks/model/owner-email";
import type { DeliveryJob } from "#shared/webhooks/model/retry";
import { type Engines, startEngines } from "../support/engines.ts";
import { sqsEvent } from "../support/fixtures.ts";
import { taskEvent } from "./fixtures.ts";
import { closedPort, type Receiver, startReceiver } from "./receiver.ts";

/**
 * The delivery use case against the real local engines (DynamoDB Local, fauxqs) and a real receiver on
 * 127.0.0.1, with a clock the test moves: retries with their delays, waits longer than SQS's 15 minutes,
 * dead letters, disabling after sustained failure (the owner told once), 410 Gone, and redelivery.
 */
let engines: Engines;
let receiver: Receiver;
let status = 200;
// Now, to the second: receivers (and Webhook.verify) refuse timestamps more than five minutes off.
const start = () => new Date(Math.floor(Date.now() / 1000) * 1000);
let clock = start();
const enqueued: Array<{ job: DeliveryJob; delaySeconds: number }> = [];
const disabled: Array<{ id: string; reason: DisableReason }> = [];
let deps: DeliveryDeps;

const body = WebhookBody(defaultTaxonomy, { allowLoopback: true });

beforeAll(async () => {
  engines = await startEngines("hearback-webhooks-test");
  receiver = await startReceiver(() => status);
  const queue = new SqsDeliveryQueue(engines.sqs, engines.queue.webhookQueueUrl);
  deps = {
    endpoints: new DynamoEndpointStore(engines.db, engines.tableName),
    deadLetters: new DynamoDeadLetters(engines.db, engines.tableName),
    secrets: new TableSecretStore(engines.db, engines.tableName),
    transport: new HttpTransport({ allowLoopback: true }, 2_000),
    queue: {
      enqueue: async (jobs) => {
        enqueued.push(...jobs);
        await queue.enqueue(jobs);
      },
    },
    owner: { disabled: async (e, reason) => void disabled.push({ id: e.id, reason }) },
    taxonomy: defaultTaxonomy,
    locale: "en",
    timeZone: "Asia/Shanghai",
    baseUrl: "https://voc.example.com",
    schedule: [5, 300, 1_800],
    disableAfterHours: 1,
    urlRules: { allowLoopback: true },
    now: () => clock,
    random: () => 0,
  };
}, 120_000);
afterAll(async () => {
  await receiver?.stop();
  await engines?.stop();
});
beforeEach(() => {
  status = 200;
  enqueued.length = 0;
  disabled.length = 0;
  clock = start();
});
afterEach(async () => {
  for (const e of await deps.endpoints.list()) await deleteWebhook(deps, e.id);
});

const register = async (id: string, over: Record<string, unknown> = {}) =>
  (await putWebhook(deps, id, body.parse({ url: `${receiver.url}/${id}`, events: ["task.opened"], ...over }))).view;
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const endpointOf = async (id: string) => (await deps.endpoints.get(id)) as WebhookEndpoint;

describe("webhook delivery", () => {
  it("delivers an event once to each endpoint that wants it, signed with its own secret", async () => {
    const a = await register("alpha");
    await register("beta", { filters: { channels: ["social"] } });
    const results = await fanOut(deps, taskEvent());
    expect(results).toEqual(["delivered"]);
    const [got] = await receiver.waitFor("/alpha", 1);
    expect(new Webhook(a.secret ?? "").verify(got?.body ?? "", got?.headers as Record<string, string>)).toMatchObject({
      type: "task.opened",
    });
    expect(receiver.received.some((r) => r.path === "/beta")).toBe(false);
  });

  it("retries on the schedule, a long wait in hops of at most 15 minutes, and records recovery", async () => {
    await register("gamma");
    status = 503;
    expect(await fanOut(deps, taskEvent())).toEqual(["retrying"]);
    expect(enqueued.map((e) => [e.job.attempt, e.delaySeconds])).toEqual([[2, 5]]);
    expect((await endpointOf("gamma")).failingSince).toBe(clock.toISOString());

    later(5);
    expect(await attempt(deps, enqueued[0]?.job as DeliveryJob)).toBe("retrying");
    const third = enqueued[1]?.job as DeliveryJob;
    expect([third.attempt, enqueued[1]?.delaySeconds]).toEqual([3, 300]);

    // Back from the queue too early (a hop of a longer wait): it waits again, for what is left.
    later(100);
    expect(await attempt(deps, third)).toBe("waiting");
    expect(enqueued[2]).toEqual({ job: third, delaySeconds: 200 });

    later(200);
    status = 200;
    expect(await attempt(deps, third)).toBe("delivered");
    expect((await endpointOf("gamma")).failingSince).toBeUndefined();
    // The same webhook-id on every attempt.
    const ids = new Set((await receiver.waitFor("/gamma", 3)).map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    // The jobs really are on the queue: the first comes back after its 5 s delay.
    const seen: DeliveryJob[] = [];
    const deadline = Date.now() + 15_000;
    while (!seen.some((job) => job.attempt === 2) && Date.now() < deadline) {
      const out = await engines.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: engines.queue.webhookQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      for (const m of out.Messages ?? []) seen.push(JSON.parse(m.Body ?? "{}") as DeliveryJob);
    }
    expect(seen.some((job) => job.attempt === 2)).toBe(true);
  }, 30_000);

  it("dead-letters after the last attempt, and redelivers with the same webhook-id", async () => {
    await register("delta");
    status = 500;
    const deltaDeps = { ...deps, disableAfterHours: 48 };
    expect(await fanOut(deltaDeps, taskEvent())).toEqual(["retrying"]);
    for (const wait of [5, 300, 1_800]) {
      later(wait);
      const job = enqueued.at(-1)?.job as DeliveryJob;
      expect(await attempt(deltaDeps, job)).toBe(wait === 1_800 ? "dead-lettered" : "retrying");
    }
    const [letter] = await deps.deadLetters.list("delta", 10);
    expect(letter).toMatchObject({ lastStatus: 500, job: { attempt: 4 } });

    status = 200;
    expect(await redeliver(deps, "delta", { limit: 100 })).toEqual({ queued: 1, reenabled: false });
    const again = enqueued.at(-1)?.job as DeliveryJob;
    expect(again).toMatchObject({ attempt: 1, redelivery: true, webhookId: letter?.job.webhookId });
    expect(await deps.deadLetters.list("delta", 10)).toEqual([]);
    expect(await attempt(deps, again)).toBe("delivered");
  });

  it("disables an endpoint failing for longer than the limit, tells its owner once, and parks what comes next", async () => {
    await register("epsilon", { owner: "owner@example.com" });
    status = 502;
    expect(await fanOut(deps, taskEvent())).toEqual(["retrying"]);
    later(3_601);
    expect(await attempt(deps, enqueued.at(-1)?.job as DeliveryJob)).toBe("dead-lettered");
    expect(await endpointOf("epsilon")).toMatchObject({ enabled: false });
    expect(disabled).toEqual([
      {
        id: "epsilon",
        reason: expect.objectContaining({ kind: "failing", last: expect.stringContaining("HTTP 502") }),
      },
    ]);
    // Another event is not even tried: the endpoint wants nothing while disabled.
    expect(await fanOut(deps, taskEvent("escalated"))).toEqual([]);
    // A retry already on the queue is parked, not sent; the same delivery parked twice is one dead letter.
    expect(await attempt(deps, { ...(enqueued[0]?.job as DeliveryJob) })).toBe("dead-lettered");
    expect(disabled).toHaveLength(1);
    expect(await redeliver(deps, "epsilon", { limit: 100 })).toEqual({ queued: 1, reenabled: true });
    expect(await endpointOf("epsilon")).toMatchObject({ enabled: true });
    expect((await endpointOf("epsilon")).failingSince).toBeUndefined();
  });

  it("stops at 410 Gone: disabled at once", async () => {
    await register("zeta");
    status = 410;
    expect(await fanOut(deps, taskEvent())).toEqual(["dead-lettered"]);
    expect(disabled.map((d) => d.id)).toEqual(["zeta"]);
  });

  it("refuses, at send time, a name that resolves to a loopback address on AWS", async () => {
    const transport = new HttpTransport({ allowLoopback: false }, 2_000);
    const result = await transport.post({ url: `http://localhost:${receiver.port}/x`, headers: {}, body: "{}" });
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/^blocked: localhost resolves to a non-public address/);
  });

  it("answers a timeout and a refused connection without throwing", async () => {
    // A receiver that takes the request and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const transport = new HttpTransport({ allowLoopback: true }, 200);
      const slow = await transport.post({ url: `http://127.0.0.1:${port}/`, headers: {}, body: "{}" });
      expect(slow).toMatchObject({ error: "timeout" });
      expect(slow.status).toBeUndefined();
      const refused = await transport.post({ url: `http://127.0.0.1:${await closedPort()}/`, headers: {}, body: "{}" });
      expect(refused.error).toMatch(/^ECONNREFUSED/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("handles an SQS batch from the fixture with a partial batch response: the malformed record alone fails", async () => {
    await register("eta", { events: ["*"] });
    process.env.WEBHOOK_QUEUE_URL = engines.queue.webhookQueueUrl;
    const { deliverWebhooks } = await import("#functions/queue/deliver-webhooks");
    const response = await deliverWebhooks(
      sqsEvent("deliver-webhooks-batch"),
      lambdaContext("deliver-webhooks", 60),
      deps,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "w-2" }]);
    const [got] = await receiver.waitFor("/eta", 1);
    expect(got?.headers["webhook-id"]).toBe(webhookIdOf("task_01kbmzr5g0000000000000000a#opened#team", "eta"));
  });

  it("sends a malformed message to the queue's DLQ (by throwing), and ignores bus events it does not deliver", async () => {
    await expect(handleDeliveryMessage(deps, "not json")).rejects.toThrow("not JSON");
    await expect(handleDeliveryMessage(deps, '{"kind":"what"}')).rejects.toThrow("neither");
    const bounce = {
      id: "1",
      "detail-type": "Email Bounced",
      source: "hearback",
      time: clock.toISOString(),
      detail: {},
    };
    expect(await handleDeliveryMessage(deps, JSON.stringify(bounce))).toEqual([]);
  });
});
