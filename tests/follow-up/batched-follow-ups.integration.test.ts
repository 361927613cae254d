import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, processRecord, storeBatch } from "#shared/enrich/enrich-batch";
import { contactKey } from "#shared/feedback/model/contact";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { followUpRules } from "#shared/follow-up/model/rules";
import { joinTask, resolve } from "#shared/follow-up/model/transitions";
import type { TaskStore } from "#shared/follow-up/ports/task-store";
import { SqsIngestQueue } from "#shared/ingest/adapters/sqs-ingest-queue";
import { isoWeek } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * A batch's follow-ups, against DynamoDB Local and the real worker path: every customer's task is
 * read and saved together, a few requests per batch whatever the number of customers, with the
 * outcomes of one customer at a time: a task each, joins once, a customer whose task changed
 * meanwhile re-read and joined, every recovery counted once.
 */
let engines: Engines;
let store: DynamoTaskStore;
const calls: Record<string, number> = {};
/** Runs once before the next saveTasks, as another worker or a support lead would, meanwhile. */
let beforeNextSave: (() => Promise<void>) | undefined;

/** The real task store, counting the calls the worker makes. */
const counting = (target: DynamoTaskStore): TaskStore =>
  new Proxy(target, {
    get(t, name, receiver) {
      const member = Reflect.get(t, name, receiver);
      if (typeof member !== "function") return member;
      return async (...args: unknown[]) => {
        calls[String(name)] = (calls[String(name)] ?? 0) + 1;
        if (name === "saveTasks" && beforeNextSave) {
          const meanwhile = beforeNextSave;
          beforeNextSave = undefined;
          await meanwhile();
        }
        return member.apply(t, args);
      };
    },
  });

let deps: EnrichDeps;
beforeAll(async () => {
  engines = await startEngines("hearback-batched-follow-ups");
  const rules = followUpRules();
  store = new DynamoTaskStore(engines.db, engines.tableName, rules.closeAfterResolvedDays);
  deps = {
    store: engines.stores.enriched,
    queue: new SqsIngestQueue(engines.sqs, { deadLetterQueueUrl: engines.queue.deadLetterQueueUrl }),
    analyzer: new LocalAnalyzer(),
    taxonomy: defaultTaxonomy,
    now: () => new Date(),
    followUp: { tasks: counting(store), rules, taxonomy: defaultTaxonomy },
    maxReceiveCount: 5,
  };
});
afterAll(async () => {
  await engines?.stop();
});

let seq = 0;
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
const message = (input: FeedbackInput, occurredAt = at(1)) => {
  seq++;
  const id = `fb_${String(seq).padStart(26, "0")}`;
  return {
    id,
    messageId: `m-${seq}`,
    body: JSON.stringify({ id, receivedAt: occurredAt, input: { ...input, occurredAt } }),
  };
};

/** One batch through the worker; the task store's calls it made. */
const deliver = async (messages: ReadonlyArray<{ messageId: string; body: string }>) => {
  for (const name of Object.keys(calls)) delete calls[name];
  const queued = messages.map((m) => ({ messageId: m.messageId, body: m.body, receiveCount: 1 }));
  const prepared = await prepareBatch(queued, deps);
  await storeBatch(prepared, deps);
  for (const q of queued) expect(await processRecord(q, prepared.get(q.messageId), deps)).not.toBe("retry");
  return { ...calls };
};

const nps = (customerId: string, score: number): FeedbackInput => ({
  channel: "nps",
  score,
  comment: score <= 6 ? "发货太慢了" : "后来处理得很好",
  customer: { id: customerId },
});
const taskOf = async (customerId: string) => {
  const key = contactKey({ kind: "customer", id: customerId });
  const id = (await store.openTaskIds([key])).get(key);
  return id === undefined ? undefined : store.getTask(id);
};
const recordOf = async (id: string) => (await engines.stores.enriched.storedRecords([id])).get(id);

describe("a batch's follow-up tasks", () => {
  it("opens a task for each detractor in the batch with one read of the pointers and one save", async () => {
    const customers = Array.from({ length: 8 }, (_, i) => `batch-open-${i}`);
    const messages = customers.map((c) => message(nps(c, 2)));
    const made = await deliver(messages);
    expect(made).toMatchObject({ contactStates: 1, saveTasks: 1 });
    expect(made.openTaskIds).toBeUndefined();
    expect(made.saveTask).toBeUndefined();
    for (const [i, c] of customers.entries()) {
      const task = await taskOf(c);
      expect(task?.feedbackIds).toEqual([messages[i]?.id]);
      expect((await recordOf(messages[i]?.id ?? ""))?.taskId).toBe(task?.id);
    }
  });

  it("joins each customer's open task once, and nothing again when the batch is delivered twice", async () => {
    const customers = ["batch-join-a", "batch-join-b"];
    await deliver(customers.map((c) => message(nps(c, 1))));
    const again = customers.map((c) => message(nps(c, 3)));
    await deliver(again);
    await deliver(again.map((m) => ({ ...m, messageId: `${m.messageId}-redelivered` })));
    for (const c of customers) expect((await taskOf(c))?.feedbackIds).toHaveLength(2);
  });

  it("never takes an answer stored already to a task again, even delivered afresh after its task was resolved", async () => {
    await deliver([message(nps("batch-resolved", 1))]);
    const joined = message(nps("batch-resolved", 2));
    await deliver([joined]);
    const task = await taskOf("batch-resolved");
    expect(task?.feedbackIds).toHaveLength(2);
    if (!task) throw new Error("expected a task");
    expect(await store.saveTask(resolve(task, "no_action_needed", "mei", new Date()), task.version)).toBe("saved");
    // The same answer again as a new message (handed out once: no redelivery to tell it by).
    await deliver([{ ...joined, messageId: `${joined.messageId}-again` }]);
    expect(await taskOf("batch-resolved")).toBeUndefined();
    expect((await recordOf(joined.id))?.taskId).toBe(task.id);
  });

  it("re-reads and joins the task of a customer whose task changed meanwhile, and saves the others once", async () => {
    await deliver([message(nps("batch-race-a", 1))]);
    const first = await taskOf("batch-race-a");
    const meanwhile = message(nps("batch-race-a", 2));
    beforeNextSave = async () => {
      // Another worker joins the same task between this batch's read and its save.
      const task =
        first &&
        joinTask(first, {
          feedbackId: meanwhile.id,
          at: new Date(),
          priority: first.priority,
          reasons: ["NPS 2"],
          themes: [],
        });
      if (task) expect(await store.saveTask(task, first?.version)).toBe("saved");
    };
    const batch = [message(nps("batch-race-a", 3)), message(nps("batch-race-b", 2))];
    const made = await deliver(batch);
    expect(made.saveTasks).toBe(2);
    const a = await taskOf("batch-race-a");
    expect(a?.id).toBe(first?.id);
    expect(a?.feedbackIds).toEqual([first?.feedbackIds[0], meanwhile.id, batch[0]?.id]);
    expect((await recordOf(batch[0]?.id ?? ""))?.taskId).toBe(a?.id);
    expect((await taskOf("batch-race-b"))?.feedbackIds).toEqual([batch[1]?.id]);
  });

  it("counts every recovery in the batch once, in one transaction, and none again on redelivery", async () => {
    const week = isoWeek(at(3));
    const loop = async () => (await store.loopCounts([week])).get(week)?.recovered ?? 0;
    const before = await loop();
    const customers = ["batch-recover-a", "batch-recover-b", "batch-recover-c"];
    await deliver(customers.map((c) => message(nps(c, 2), at(3))));
    const better = customers.map((c) => message(nps(c, 9), at(1)));
    const made = await deliver(better);
    expect(made).toMatchObject({ contactStates: 1, recordRecoveries: 1 });
    expect((await loop()) - before).toBe(3);
    await deliver(better.map((m) => ({ ...m, messageId: `${m.messageId}-redelivered` })));
    expect((await loop()) - before).toBe(3);
  });

  it("opens tasks and counts recoveries in the same batch with one read and one write", async () => {
    const week = isoWeek(at(3));
    const loop = async () => (await store.loopCounts([week])).get(week)?.recovered ?? 0;
    const before = await loop();
    await deliver([message(nps("batch-mixed-back", 2), at(3))]);
    const batch = [message(nps("batch-mixed-back", 9), at(1)), message(nps("batch-mixed-new", 1), at(1))];
    const made = await deliver(batch);
    expect(made).toEqual({ contactStates: 1, saveTasks: 1 });
    expect((await loop()) - before).toBe(1);
    expect((await taskOf("batch-mixed-new"))?.feedbackIds).toEqual([batch[1]?.id]);
    await deliver(batch.map((m) => ({ ...m, messageId: `${m.messageId}-redelivered` })));
    expect((await loop()) - before).toBe(1);
  });

  it("judges a better answer against the new watch a detractor's new task starts, never also the old one", async () => {
    const oldWeek = isoWeek(at(20));
    const newWeek = isoWeek(at(3));
    const recovered = async (week: string) => (await store.loopCounts([week])).get(week)?.recovered ?? 0;
    const before = { old: await recovered(oldWeek), new: await recovered(newWeek) };
    await deliver([message(nps("batch-recover-twice", 1), at(20))]);
    const first = await taskOf("batch-recover-twice");
    if (!first) throw new Error("expected a task");
    expect(await store.saveTask(resolve(first, "no_action_needed", "mei", new Date()), first.version)).toBe("saved");
    // A new detractor answer opens a new task (and watch); a better one after it recovers that one, once.
    const made = await deliver([
      message(nps("batch-recover-twice", 2), at(3)),
      message(nps("batch-recover-twice", 9), at(1)),
    ]);
    expect(made).toEqual({ contactStates: 1, saveTasks: 1 });
    expect((await recovered(newWeek)) - before.new).toBe(1);
    if (oldWeek !== newWeek) expect((await recovered(oldWeek)) - before.old).toBe(0);
  });

  it("counts a recovery from a watch the same batch started", async () => {
    const week = isoWeek(at(3));
    const loop = async () => (await store.loopCounts([week])).get(week)?.recovered ?? 0;
    const before = await loop();
    const made = await deliver([
      message(nps("batch-recover-same", 2), at(3)),
      message(nps("batch-recover-same", 10), at(1)),
    ]);
    expect((await loop()) - before).toBe(1);
    // Counted with the task it recovers, in the same write; no watch is left waiting for an answer that came already.
    expect(made).toEqual({ contactStates: 1, saveTasks: 1 });
    const key = contactKey({ kind: "customer", id: "batch-recover-same" });
    expect((await store.recoveryWatches([key])).size).toBe(0);
    expect((await store.loopCounts([week])).get(week)?.detractorTasks).toBeGreaterThan(0);
  });
});
