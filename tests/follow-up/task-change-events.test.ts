import { describe, expect, it } from "vitest";
import { taskEntry } from "#shared/follow-up/adapters/event-publishers";
import { answerQuestion } from "#shared/follow-up/confirmation-answers";
import { noticeId } from "#shared/follow-up/model/notice";
import { reopen, resolve } from "#shared/follow-up/model/transitions";
import type { EventPublisher, TaskNotice } from "#shared/follow-up/ports/notifier";
import { actOnTask } from "#shared/follow-up/task-actions";
import { announceChange, changeNotice, changeType } from "#shared/follow-up/task-notice";
import { contactedTask, feedbackOf, later, MemoryTasks, senderWith } from "./confirmation-fixtures.ts";

/**
 * task.resolved and task.reopened: told to the bus when a lead (tasks API, triage pages) or a customer's answer
 * changes a task, with the task masked as task.opened shows it and an id that is the same however often the change
 * is published.
 */
class Recorder implements EventPublisher {
  readonly published: TaskNotice[] = [];
  constructor(private readonly fail = false) {}
  async publish(notices: readonly TaskNotice[]): Promise<void> {
    if (this.fail) throw new Error("bus down");
    this.published.push(...notices);
  }
}

const KEY = "pseudonym-key-for-tests";

describe("task change events", () => {
  it("name the change: resolved, reopened, or nothing", () => {
    const open = contactedTask();
    const resolved = resolve(open, "refund", "mei", later(60));
    expect(changeType(open, resolved)).toBe("task.resolved");
    expect(changeType(resolved, reopen(resolved, "mei", later(90), "customer wrote again"))).toBe("task.reopened");
    expect(changeType(open, { ...open, status: "assigned" })).toBeUndefined();
  });

  it("carry the task masked, with an id from the version the change saved: stable, and new for a later change", () => {
    const open = contactedTask("c-4242");
    const resolved = resolve(open, "refund", "mei", later(60));
    const n = changeNotice(open, resolved, later(60), KEY);
    expect(n).toMatchObject({ type: "task.resolved", taskId: open.id, team: "logistics", priority: "P2" });
    expect(n?.task).toMatchObject({ status: "resolved", channel: "nps", themes: ["delivery"] });
    // A pseudonym, never the customer's own id.
    expect(JSON.stringify(n)).not.toContain("c-4242");
    expect(n?.task.customerLabel).toMatch(/^cust_/);
    const again = changeNotice(open, resolved, later(61), KEY);
    expect(noticeId(n as TaskNotice)).toBe(`${open.id}#resolved#v${resolved.version}`);
    expect(noticeId(again as TaskNotice)).toBe(noticeId(n as TaskNotice));
    expect(taskEntry(n as TaskNotice).id).toBe(noticeId(n as TaskNotice));

    const reopened = reopen(resolved, "mei", later(90), "not solved");
    const back = changeNotice(resolved, reopened, later(90), KEY);
    expect(back?.type).toBe("task.reopened");
    expect(noticeId(back as TaskNotice)).toBe(`${open.id}#reopened#v${reopened.version}`);
    const resolvedAgain = resolve(reopened, "no_action_needed", "mei", later(120));
    expect(noticeId(changeNotice(reopened, resolvedAgain, later(120), KEY) as TaskNotice)).not.toBe(
      noticeId(n as TaskNotice),
    );
  });

  it("are published by actOnTask once the change is saved, and a failing bus never undoes it", async () => {
    const tasks = new MemoryTasks();
    const task = tasks.put(contactedTask());
    const events = new Recorder();
    const resolved = await actOnTask(
      { tasks, events: { events, pseudonymKey: KEY } },
      task.id,
      "resolve",
      { version: task.version, outcome: "refund" },
      "mei",
      later(60),
    );
    expect(events.published.map((n) => [n.type, n.version])).toEqual([["task.resolved", resolved.version]]);
    // A note changes no status: nothing to tell.
    await actOnTask(
      { tasks, events: { events } },
      task.id,
      "note",
      { version: resolved.version, note: "called back" },
      "mei",
      later(70),
    );
    expect(events.published).toHaveLength(1);

    const problems: unknown[] = [];
    const current = await tasks.getTask(task.id);
    const reopened = await actOnTask(
      { tasks, events: { events: new Recorder(true), onError: (e) => problems.push(e) } },
      task.id,
      "reopen",
      { version: current?.version ?? 0, reason: "not solved" },
      "mei",
      later(80),
    );
    expect(reopened.status).toBe("open");
    expect((await tasks.getTask(task.id))?.status).toBe("open");
    expect(problems).toHaveLength(1);
  });

  it('tell the bus when the customer\'s "no" reopens the task', async () => {
    const tasks = new MemoryTasks();
    const task = tasks.put(contactedTask());
    const { sender } = senderWith(feedbackOf({ [task.feedbackIds[0] ?? ""]: { email: "wang@example.com" } }));
    const resolved = await actOnTask(
      { tasks, confirmations: sender },
      task.id,
      "resolve",
      { version: task.version, outcome: "refund", confirm: true },
      "mei",
      later(60),
    );
    const events = new Recorder();
    expect(
      await answerQuestion({ tasks, events: { events } }, { taskId: task.id, round: 1 }, { solved: false }, later(90)),
    ).toBe("reopened");
    const reopened = await tasks.getTask(task.id);
    expect(events.published.map((n) => [n.type, n.version])).toEqual([["task.reopened", reopened?.version]]);
    expect(reopened?.version).toBeGreaterThan(resolved.version);
    expect(JSON.stringify(events.published)).not.toContain("wang@example.com");
  });

  it("carry the customer's latest words masked, read from the store", async () => {
    const open = contactedTask();
    const resolved = resolve(open, "refund", "mei", later(60));
    const events = new Recorder();
    const latest = {
      id: open.feedbackIds[0] ?? "",
      text: "电话 [phone]，还没收到",
      customerId: "c-1001",
    } as const;
    await announceChange(
      {
        events,
        pseudonymKey: KEY,
        feedback: {
          storedRecords: async (ids) =>
            new Map(ids.filter((id) => id === latest.id).map((id) => [id, { ...storedOf(latest), id }])),
        },
      },
      open,
      resolved,
      later(60),
    );
    expect(events.published[0]?.task.latestText).toBe("电话 [phone]，还没收到");
  });
});

const storedOf = (r: { id: string; text: string; customerId: string }) => ({
  id: r.id,
  channel: "nps" as const,
  receivedAt: "2026-11-24T08:00:00.000Z",
  occurredAt: "2026-11-24T08:00:00.000Z",
  week: "2026-W48",
  score: 3,
  text: r.text,
  language: "zh",
  sentiment: "NEGATIVE" as const,
  sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
  sentimentSource: "text" as const,
  themes: ["delivery"],
  taxonomyVersion: "1",
  analyzer: "rules",
  detractor: true,
  customerId: r.customerId,
  storedAt: "2026-11-24T08:00:00.000Z",
});
