import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";

/**
 * The confirmation over HTTP on the whole local stack: a lead resolves through the tasks API, the
 * customer's email lands in the local SES mailbox, and its link is served by the local gateway's
 * /c/{token} route (the routes CDK deploys), where a GET changes nothing and the page's form answers.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const run = Date.now().toString(36);
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "confirm-key" });
  api = apiClient(stack);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

interface Task {
  id: string;
  customerId: string;
  status: string;
  version: number;
  round: number;
  confirmations?: Array<{ round: number; state: string }>;
}

const act = (id: string, action: string, body: Record<string, unknown>) =>
  api.request("POST", `/v1/tasks/${id}/${action}`, { body });
const taskById = async (id: string): Promise<Task> => (await (await api.get(`/v1/tasks/${id}`)).json()) as Task;

describe("confirmation after resolving, over HTTP", () => {
  it("mails the link on resolve, shows the question on GET without acting, and reopens on the customer's no", async () => {
    const email = `li-${run}@example.com`;
    const posted = await api.post({
      channel: "csat",
      score: 1,
      comment: "换货到现在还没寄出",
      customer: { id: `confirm-${run}`, email },
      locale: "zh-CN",
      sourceId: `confirm-${run}`,
    });
    const [{ id }] = ((await posted.json()) as { items: [{ id: string }] }).items;
    const { customerId, taskId } = await api.waitStored(id);
    expect(typeof taskId).toBe("string");
    const listed = ((await (await api.get("/v1/tasks?limit=200")).json()) as { items: Task[] }).items;
    const task = listed.find((t) => t.customerId === customerId) as Task;

    const contacted = (await (await act(task.id, "contact", { version: task.version })).json()) as Task;
    const badConfirm = await act(task.id, "resolve", {
      version: contacted.version,
      outcome: "replacement",
      confirm: "yes",
    });
    expect(badConfirm.status).toBe(400);
    expect(JSON.stringify(await badConfirm.json())).toContain("confirm");
    const resolvedRes = await act(task.id, "resolve", { version: contacted.version, outcome: "replacement" });
    expect(resolvedRes.status).toBe(200);
    const resolved = (await resolvedRes.json()) as Task;
    expect(resolved).toMatchObject({ status: "resolved", confirmations: [{ round: 1, state: "sent" }] });

    const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] }; body: { text: string } }>;
    };
    const mails = store.emails.filter((e) => e.destination.to.includes(email));
    expect(mails.map((m) => m.subject)).toEqual(["您的问题解决了吗？"]);
    const noLink = new RegExp(`${stack.url}/c/\\S+\\?a=no`).exec(mails[0]?.body.text ?? "")?.[0] ?? "";
    expect(noLink).not.toBe("");

    for (const method of ["GET", "HEAD", "GET"]) {
      expect((await fetch(noLink, { method, headers: { "user-agent": PHONE } })).status).toBe(200);
    }
    expect((await taskById(task.id)).version).toBe(resolved.version);

    const page = await (await fetch(noLink, { headers: { "user-agent": PHONE } })).text();
    expect(page).toContain("您的问题解决了吗？");
    const ticket = /name="t" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const answered = await fetch(noLink.replace(/\?.*$/, ""), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": PHONE, origin: stack.url },
      body: new URLSearchParams({ t: ticket, answer: "no", comment: "还是没收到" }).toString(),
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain("我们已重新处理您的请求");
    expect(await taskById(task.id)).toMatchObject({ status: "open", round: 2 });
  });
});
