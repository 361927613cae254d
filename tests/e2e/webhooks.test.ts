import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { taskWords } from "#shared/follow-up/views/task-words";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { feishuSign } from "#shared/webhooks/model/chat-sign";
import { webhooks } from "../../tools/cli/commands/webhooks.ts";
import { apiClient } from "../support/api.ts";
import { closedPort, type Receiver, startReceiver } from "../webhooks/receiver.ts";

/**
 * Webhooks end to end on the local stack: endpoints registered over the API, a detractor's answer
 * opening a follow-up task, and its task.opened event delivered by the same delivery function as on
 * AWS (from the webhook queue the local publisher feeds) to receivers on 127.0.0.1: a Standard
 * Webhooks signature checked with the reference package, a Feishu card signed the Feishu way, a
 * retry after a 503, and a receiver that was down: its deliveries dead-lettered, the endpoint
 * disabled with an email to its owner, then everything redelivered once it is back.
 */
let stack: LocalStack;
let receiver: Receiver;
let revived: Receiver | undefined;
let downPort: number;
const KEY = "webhooks-key";
const FEISHU_SIGNING = "feishu-bot-signing-secret";

beforeAll(async () => {
  // The first delivery to /flaky fails with 503; the rest succeed.
  receiver = await startReceiver((path, nth) => (path === "/flaky" && nth === 1 ? 503 : 200));
  downPort = await closedPort();
  stack = await startLocalStack({
    port: 0,
    apiKey: KEY,
    firstScheduledRunMs: 3_600_000,
    env: {
      // Short enough for a test: retries after 1 s each; an endpoint failing for 0.5 s is disabled.
      WEBHOOK_RETRY_SECONDS: "1,1,1",
      WEBHOOK_DISABLE_AFTER_HOURS: String(0.5 / 3600),
      WEBHOOK_TIMEOUT_SECONDS: "3",
      STAFF_TIME_ZONE: "Asia/Shanghai",
    },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop({ drain: false });
  await receiver?.stop();
  await revived?.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  apiClient(stack).request(method, `/v1/webhooks${path}`, { body, headers: { authorization: `Bearer ${KEY}` } });

const secrets: Record<string, string> = {};
const register = async (id: string, body: Record<string, unknown>) => {
  const res = await call("PUT", `/${id}`, body);
  expect(res.status, id).toBe(201);
  const view = (await res.json()) as { secret?: string };
  expect(view.secret).toMatch(/^whsec_/);
  secrets[id] = view.secret ?? "";
};

/** `hearback webhooks …` against this stack, as an operator would run it; what it printed. */
const cli = async (args: string[]): Promise<string> => {
  const printed: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)));
  try {
    await webhooks([...args, "--url", stack.url, "--key", KEY]);
  } finally {
    spy.mockRestore();
  }
  return printed.join("\n");
};

const mailbox = async () =>
  (
    (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] }; body: { text: string } }>;
    }
  ).emails;

describe("webhooks on the local stack", () => {
  it("registers endpoints, shows secrets once, and refuses bad ones field by field", async () => {
    await register("integration", { url: `${receiver.url}/standard`, events: ["task.opened"] });
    await register("lark", {
      url: `${receiver.url}/feishu`,
      events: ["*"],
      format: "feishu",
      locale: "zh-Hans",
      timeZone: "Asia/Shanghai",
      signingSecret: FEISHU_SIGNING,
    });
    await register("flaky", { url: `${receiver.url}/flaky`, events: ["task.opened"] });
    await register("down", {
      url: `http://127.0.0.1:${downPort}/down`,
      events: ["task.opened"],
      owner: "owner@example.com",
    });

    const got = (await (await call("GET", "/lark")).json()) as Record<string, unknown>;
    expect(got).toMatchObject({ id: "lark", format: "feishu", signed: true, enabled: true });
    expect(JSON.stringify(got)).not.toContain("whsec_");
    expect(JSON.stringify(got)).not.toContain(FEISHU_SIGNING);
    const listed = (await (await call("GET", "")).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((e) => e.id)).toEqual(["down", "flaky", "integration", "lark"]);

    const bad = await call("PUT", "/metadata", {
      url: "https://169.254.169.254/latest/meta-data",
      events: ["task.closed"],
      filters: { themes: ["no-such-theme"] },
    });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(["events[0]", "filters.themes[0]", "url"]);
    expect((await call("PUT", "/plain", { url: "http://example.com/hook", events: ["*"] })).status).toBe(400);
    expect((await call("PUT", "/Bad_Id", { url: `${receiver.url}/x`, events: ["*"] })).status).toBe(400);
    expect((await call("GET", "/nobody")).status).toBe(404);
  });

  it("answers a test send with the receiver's status", async () => {
    const res = await call("POST", "/integration/test");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ delivered: true, status: 200 });
    const [test] = await receiver.waitFor("/standard", 1);
    expect(JSON.parse(test?.body ?? "{}")).toMatchObject({ type: "task.opened", data: { test: true } });
  });

  it("delivers a detractor's task.opened, signed, to each endpoint in its format", async () => {
    const posted = await apiClient(stack).post(
      {
        channel: "nps",
        score: 1,
        comment: "退款三周了还没到账，客服电话 13812345678 也打不通",
        customer: { id: "c-webhook-1", email: "wang@example.com", tier: "gold" },
        sourceId: "webhook-e2e-1",
        locale: "zh-CN",
      },
      { authorization: `Bearer ${KEY}` },
    );
    expect(posted.status).toBe(202);

    // Standard Webhooks: verified with the reference package and the secret answered at registration.
    const [, standard] = await receiver.waitFor("/standard", 2, 30_000);
    const headers = standard?.headers as Record<string, string>;
    const payload = new Webhook(secrets.integration ?? "").verify(standard?.body ?? "", headers) as {
      type: string;
      data: { taskId: string; task: { latestText: string; resolveDueAt: string } };
    };
    expect(payload.type).toBe("task.opened");
    expect(payload.data.taskId).toMatch(/^task_/);
    expect(payload.data.task.latestText).not.toContain("13812345678");
    expect(() => new Webhook(secrets.integration ?? "").verify(`${standard?.body} `, headers)).toThrow();

    // Feishu: an interactive card in Chinese, signed with the bot's signing secret. The endpoint takes every event
    // type ("*"), so the task's card arrives beside the feedback.stored one of the same answer.
    const cards = await receiver.waitFor("/feishu", 2, 30_000);
    const feishu = cards.find((r) => r.body.includes("新的跟进任务"));
    const card = JSON.parse(feishu?.body ?? "{}") as {
      timestamp: string;
      sign: string;
      msg_type: string;
      card: unknown;
    };
    expect(card.msg_type).toBe("interactive");
    expect(card.sign).toBe(feishuSign(Number(card.timestamp), FEISHU_SIGNING));
    const text = JSON.stringify(card.card);
    expect(text).toContain("新的跟进任务");
    expect(text).toContain(`/triage/tasks/${payload.data.taskId}`);
    // The SLA deadline in the endpoint's zone (Shanghai), as the task emails write times.
    expect(text).toContain(taskWords("zh-Hans").dateTime(payload.data.task.resolveDueAt, "Asia/Shanghai"));
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("wang@example.com");

    // A 503, then a retry a second later with the same webhook-id.
    const flaky = await receiver.waitFor("/flaky", 2, 30_000);
    expect(flaky.map((r) => r.headers["webhook-id"])).toEqual([
      flaky[0]?.headers["webhook-id"],
      flaky[0]?.headers["webhook-id"],
    ]);
    expect((flaky[1]?.at ?? 0) - (flaky[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  }, 60_000);

  it("dead-letters what a down receiver missed, disables it and emails its owner, then redelivers", async () => {
    const deadline = Date.now() + 30_000;
    let letters: Array<{ webhookId: string; type: string }> = [];
    while (letters.length === 0 && Date.now() < deadline) {
      letters = ((await (await call("GET", "/down/dead-letters")).json()) as { items: typeof letters }).items;
      if (letters.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(letters).toHaveLength(1);
    expect(letters[0]?.type).toBe("task.opened");
    expect(await (await call("GET", "/down")).json()).toMatchObject({ enabled: false });
    const mail = (await mailbox()).find((m) => m.destination.to.includes("owner@example.com"));
    expect(mail?.subject).toContain("down");

    const listed = await cli(["list"]);
    expect(listed).toMatch(
      /down {2}standard {2}http:\/\/127\.0\.0\.1:\d+\/down\n {4}events: task\.opened; disabled since/,
    );
    expect(listed).toContain("1 dead letter");

    revived = await startReceiver(() => 200, downPort);
    expect(await cli(["redeliver", "down"])).toContain("Queued 1 delivery to down again");
    const [again] = await revived.waitFor("/down", 1, 20_000);
    expect(again?.headers["webhook-id"]).toBe(letters[0]?.webhookId);
    new Webhook(secrets.down ?? "").verify(again?.body ?? "", again?.headers as Record<string, string>);
    expect(((await (await call("GET", "/down/dead-letters")).json()) as { items: unknown[] }).items).toEqual([]);
    expect(await (await call("GET", "/down")).json()).toMatchObject({ enabled: true });

    expect((await call("DELETE", "/down")).status).toBe(204);
    expect((await call("GET", "/down")).status).toBe(404);
  }, 60_000);

  it("delivers task.resolved when a lead resolves a task, signed, with the task masked", async () => {
    await register("resolutions", { url: `${receiver.url}/resolved`, events: ["task.resolved"] });
    const api = apiClient(stack);
    const auth = { authorization: `Bearer ${KEY}` };
    const listed = (await (await api.request("GET", "/v1/tasks?limit=50", { headers: auth })).json()) as {
      items: Array<{ id: string; version: number; status: string }>;
    };
    const task = listed.items.find((t) => t.status !== "resolved");
    expect(task).toBeDefined();
    const resolved = await api.request("POST", `/v1/tasks/${task?.id}/resolve`, {
      body: { version: task?.version, outcome: "no_action_needed", confirm: false },
      headers: auth,
    });
    expect(resolved.status).toBe(200);

    const [delivery] = await receiver.waitFor("/resolved", 1, 20_000);
    const payload = new Webhook(secrets.resolutions ?? "").verify(
      delivery?.body ?? "",
      delivery?.headers as Record<string, string>,
    ) as { type: string; data: { taskId: string; task: { status: string; customerLabel: string } } };
    expect(payload.type).toBe("task.resolved");
    expect(payload.data.taskId).toBe(task?.id);
    expect(payload.data.task.status).toBe("resolved");
    expect(payload.data.task.customerLabel).toMatch(/^cust_/);
    expect(delivery?.body).not.toContain("13812345678");
    expect(delivery?.body).not.toContain("wang@example.com");
  }, 40_000);

  it("delivers feedback.stored to an endpoint filtered on its channel, and not to one filtered on another", async () => {
    await register("nps-feedback", {
      url: `${receiver.url}/nps-feedback`,
      events: ["feedback.stored"],
      filters: { channels: ["nps"] },
    });
    await register("social-feedback", {
      url: `${receiver.url}/social-feedback`,
      events: ["feedback.stored"],
      filters: { channels: ["social"] },
    });
    const posted = await apiClient(stack).post(
      {
        channel: "nps",
        score: 9,
        comment: "发货很快，谢谢",
        customer: { id: "c-webhook-2" },
        sourceId: "webhook-e2e-2",
      },
      { authorization: `Bearer ${KEY}` },
    );
    expect(posted.status).toBe(202);

    const [delivery] = await receiver.waitFor("/nps-feedback", 1, 20_000);
    const payload = new Webhook(secrets["nps-feedback"] ?? "").verify(
      delivery?.body ?? "",
      delivery?.headers as Record<string, string>,
    ) as { type: string; data: { channel: string; feedbackId: string; week: string; sentiment: string } };
    expect(payload.type).toBe("feedback.stored");
    expect(payload.data).toMatchObject({ channel: "nps", feedbackId: expect.stringMatching(/^fb_/) });
    expect(payload.data.week).toMatch(/^\d{4}-W\d{2}$/);
    // The same event went to every endpoint in one delivery pass; give a straggler a moment, then none came.
    await new Promise((r) => setTimeout(r, 1_500));
    await expect(receiver.waitFor("/social-feedback", 1, 0)).rejects.toThrow("0 of 1");
  }, 40_000);
});
