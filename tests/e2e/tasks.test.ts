import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";

/**
 * Closing the loop, end to end: detractor feedback over HTTP opens (or joins) a task, leads act on
 * it through the API with version checks, and the SLA sweep escalates exactly once per level with
 * an email in the local SES mailbox and an event in the local event log.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "tasks-key" });
  api = apiClient(stack);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

interface Task {
  id: string;
  customerId: string;
  feedbackIds: string[];
  status: string;
  version: number;
  team: string;
  priority: { level: string; score: number; factors: Array<{ factor: string }> };
  reasons: string[];
  firstResponseDueAt: string;
  resolveDueAt: string;
  escalations: Array<{ level: number }>;
}

/** API keys see customers by pseudonym (shared/privacy/): the stored feedback's customerId is the task's. */
const tasksFor = async (customerId: string): Promise<Task[]> => {
  const res = await api.get("/v1/tasks?limit=200");
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Task[] }).items.filter((t) => t.customerId === customerId);
};

const act = (id: string, action: string, body: Record<string, unknown>) =>
  api.request("POST", `/v1/tasks/${id}/${action}`, { body });

describe("tasks from detractors", () => {
  it("opens one task per customer, joins later feedback to it, and explains its priority", async () => {
    const customer = { id: `cust-${run}-1`, tier: "gold" };
    const first = await api.post({
      channel: "nps",
      score: 1,
      comment: "退款三周了还没到账",
      customer,
      sourceId: `t-${run}-1`,
    });
    const [{ id: firstId }] = ((await first.json()) as { items: [{ id: string }] }).items;
    await api.waitStored(firstId);
    const second = await api.post({
      channel: "csat",
      score: 2,
      comment: "客服态度很差",
      customer,
      sourceId: `t-${run}-2`,
    });
    const [{ id: secondId }] = ((await second.json()) as { items: [{ id: string }] }).items;
    const { customerId } = await api.waitStored(secondId);
    expect(customerId).toMatch(/^cust_[0-9a-f]{12}$/);
    expect(JSON.stringify(await api.waitStored(firstId))).not.toContain(customer.id);

    const tasks = await tasksFor(String(customerId));
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task?.feedbackIds.sort()).toEqual([firstId, secondId].sort());
    expect(task?.priority.level).toBe("P1");
    expect(task?.priority.factors.map((f) => f.factor).join(" ")).toMatch(/tier|Tier/);
    expect(task?.reasons.join(" ")).toMatch(/NPS 1/);
    expect(Date.parse(task?.firstResponseDueAt ?? "") - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);

    const detail = (await (await api.get(`/v1/tasks/${task?.id}`)).json()) as {
      feedback: Array<{ id: string }>;
      customerHistory: Array<{ id: string }>;
    };
    expect(detail.feedback.map((f) => f.id).sort()).toEqual([firstId, secondId].sort());
    // The customer's whole history, newest first, from the customer index.
    expect(detail.customerHistory.map((f) => f.id)).toEqual([secondId, firstId]);
  });

  it("opens nothing for a promoter", async () => {
    const res = await api.post({ channel: "nps", score: 10, comment: "很好", customer: { id: `cust-${run}-happy` } });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    const happy = await api.waitStored(id);
    expect(await tasksFor(String(happy.customerId))).toEqual([]);
  });
});

describe("working a task", () => {
  it("assigns, refuses a stale version with 409, records contact, resolves, and exports CSV", async () => {
    const res = await api.post({
      channel: "csat",
      score: 1,
      comment: "the parcel never came",
      customer: { id: `cust-${run}-2` },
    });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    const stored = await api.waitStored(id);
    const [task] = await tasksFor(String(stored.customerId));
    if (!task) throw new Error("no task was opened");

    const assigned = await act(task.id, "assign", { version: task.version, assignee: "mei" });
    expect(assigned.status).toBe(200);
    const after = (await assigned.json()) as Task;
    expect(after).toMatchObject({ status: "assigned", version: task.version + 1 });

    // A second lead still looking at the old version.
    const stale = await act(task.id, "contact", { version: task.version });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toBe("application/problem+json");
    expect(((await stale.json()) as { currentVersion: number }).currentVersion).toBe(after.version);

    const contacted = (await (
      await act(task.id, "contact", { version: after.version, note: "called" })
    ).json()) as Task;
    expect(contacted.status).toBe("contacted");
    const bad = await act(task.id, "resolve", { version: contacted.version, outcome: "shrug" });
    expect(bad.status).toBe(400);
    const resolved = await act(task.id, "resolve", { version: contacted.version, outcome: "replacement" });
    expect(((await resolved.json()) as Task).status).toBe("resolved");

    const csv = await api.get("/v1/tasks/export?status=resolved");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("id,status,priority");
    expect(text).toContain(`"${task.id}","resolved"`);
  });

  it("answers 401 without credentials", async () => {
    expect((await api.get("/v1/tasks", {})).status).toBe(401);
  });
});

describe("the SLA sweep", () => {
  it("escalates an overdue task once per level, emailing the team then the supervisor", async () => {
    const customer = { id: `cust-${run}-late` };
    const res = await api.post({ channel: "nps", score: 0, comment: "没人回复我", customer });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    const stored = await api.waitStored(id);
    const [task] = await tasksFor(String(stored.customerId));
    if (!task) throw new Error("no task was opened");

    const { sweep } = await import("#functions/schedule/sweep-tasks");
    const firstDue = Date.parse(task.firstResponseDueAt);
    const one = await sweep(new Date(firstDue + 10 * 60_000));
    expect(one.escalated).toBeGreaterThanOrEqual(1);
    const again = await sweep(new Date(firstDue + 11 * 60_000));
    const afterTwo = (await (await api.get(`/v1/tasks/${task.id}`)).json()) as Task;
    expect(afterTwo.escalations.map((e) => e.level)).toEqual([1]);
    expect(again.escalated).toBe(0);

    await sweep(new Date(firstDue + 3 * 3_600_000));
    await sweep(new Date(firstDue + 3 * 3_600_000 + 60_000));
    const later = (await (await api.get(`/v1/tasks/${task.id}`)).json()) as Task;
    expect(later.escalations.map((e) => e.level).sort()).toEqual([1, 2]);

    const mailbox = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string } }>;
    };
    // Task emails are in the staff's language (zh-Hans by default) and link to the task's page.
    const about = mailbox.emails.filter(
      (e) => e.subject.includes("逾期") && (e.body.text ?? "").includes(`/triage/tasks/${task.id}`),
    );
    expect(about.map((e) => e.destination.to[0]).sort()).toEqual([
      "support-supervisor@example.com",
      "support-team@example.com",
    ]);
    const events = readFileSync(process.env.EVENTS_FILE ?? "", "utf8");
    expect(events).toContain(`"taskId":"${task.id}"`);
    expect(events).toContain('"detailType":"task.escalated"');
  });
});
