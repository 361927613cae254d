import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";

/**
 * The task email as a support team gets it from the local stack: feedback posted like the demo
 * posts it opens a task, and the local SES mailbox holds a Chinese email (the staff's default
 * language) linking to the task's page on this stack.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "task-email-key" });
  api = apiClient(stack);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
}

describe("a new task's email in the local mailbox", () => {
  it("is in Chinese, in local time, and links to the task's page", async () => {
    const res = await api.post({
      channel: "nps",
      score: 1,
      comment: "订单三天了还没发货，客服也不回复，电话 13812345678",
      customer: { id: `c-${run}`, email: `wang-${run}@example.com`, tier: "gold" },
      touchpoint: "delivery",
      locale: "zh-CN",
      sourceId: `survey-${run}`,
    });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    const stored = await api.waitStored(id);
    const list = (await (await api.get("/v1/tasks?limit=200")).json()) as {
      items: Array<{ id: string; customerId: string; priority: { level: string } }>;
    };
    const task = list.items.find((t) => t.customerId === stored.customerId);
    if (!task) throw new Error("no task was opened");
    expect(["P1", "P2"]).toContain(task.priority.level);

    const link = `${stack.url}/triage/tasks/${task.id}`;
    let email: StoredEmail | undefined;
    for (let tries = 0; tries < 50 && !email; tries++) {
      const box = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as { emails: StoredEmail[] };
      email = box.emails.find((e) => e.body.text?.includes(link));
      if (!email) await new Promise((r) => setTimeout(r, 100));
    }
    if (!email) throw new Error("no email links to the task");
    expect(email.destination.to).toEqual(["support-team@example.com"]);
    expect(email.subject).toMatch(new RegExp(`^\\[hearback\\] ${task.priority.level} 新跟进任务 · `));
    expect(email.body.text).toContain("新的跟进任务需要认领");
    expect(email.body.text).toContain("（中国标准时间）");
    expect(email.body.text).toContain("金牌客户");
    expect(email.body.html).toContain(`<a href="${link}"`);
    expect(email.body.html).toContain('lang="zh-Hans"');
    const everything = `${email.subject}${email.body.text}${email.body.html}`;
    expect(everything).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // Masked and pseudonymised, as for everyone without the right to personal data.
    expect(everything).not.toContain("13812345678");
    expect(everything).not.toContain(`c-${run}`);
    expect(everything).not.toContain(`wang-${run}`);
    // The customer as the workbench names them ("客户 #3F9A0C"), not the raw pseudonym; masks in Chinese.
    const code = String(stored.customerId).slice(5, 11).toUpperCase();
    expect(email.body.text).toContain(`客户 #${code}`);
    expect(email.body.html).toContain(`客户 #${code}`);
    expect(everything).not.toContain(String(stored.customerId));
    expect(everything).not.toMatch(/\[(phone|email|name|card)\]/);
  });
});
