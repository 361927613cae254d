import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, processRecord, storeBatch } from "#shared/enrich/enrich-batch";
import { contactKey } from "#shared/feedback/model/contact";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { followUpRules } from "#shared/follow-up/model/rules";
import { openTask } from "#shared/follow-up/model/transitions";
import { SqsIngestQueue } from "#shared/ingest/adapters/sqs-ingest-queue";
import { isoWeek } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * Recovery, against DynamoDB Local and the real worker path: a detractor whose task opened and who
 * later answers better on the same scale is counted as recovered once, under the week of the
 * detractor's answer — not for a different scale, not for another bad answer, not twice on redelivery.
 */
let engines: Engines;
let deps: EnrichDeps;
let tasks: DynamoTaskStore;

beforeAll(async () => {
  engines = await startEngines("hearback-recovery");
  const db = engines.db;
  const rules = followUpRules();
  tasks = new DynamoTaskStore(db, engines.tableName, rules.closeAfterResolvedDays);
  deps = {
    store: engines.stores.enriched,
    queue: new SqsIngestQueue(engines.sqs, { deadLetterQueueUrl: engines.queue.deadLetterQueueUrl }),
    analyzer: new LocalAnalyzer(),
    taxonomy: defaultTaxonomy,
    now: () => new Date(),
    followUp: { tasks, rules, taxonomy: defaultTaxonomy },
    maxReceiveCount: 5,
  };
});
afterAll(async () => {
  await engines?.stop();
});

let seq = 0;
const message = (input: FeedbackInput, occurredAt: string): SQSRecord => {
  seq++;
  const id = `fb_${String(seq).padStart(26, "0")}`;
  return {
    messageId: `m-${seq}`,
    receiptHandle: `rh-${seq}`,
    body: JSON.stringify({ id, receivedAt: occurredAt, input: { ...input, occurredAt } }),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(Date.parse(occurredAt)),
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: String(Date.parse(occurredAt)),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:ingest",
    awsRegion: "us-east-1",
  };
};

const deliver = async (...records: SQSRecord[]) => {
  const event: SQSEvent = { Records: records };
  const queued = event.Records.map((r) => ({
    messageId: r.messageId,
    body: r.body,
    receiveCount: Number(r.attributes.ApproximateReceiveCount),
  }));
  const prepared = await prepareBatch(queued, deps);
  await storeBatch(prepared, deps);
  for (const q of queued) expect(await processRecord(q, prepared.get(q.messageId), deps)).not.toBe("retry");
};

const loop = async (week: string) => (await tasks.loopCounts([week])).get(week) ?? {};

const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

describe("detractor recovery", () => {
  it("counts a later, better answer on the same scale once, under the detractor's week", async () => {
    const week = isoWeek(at(3));
    const before = await loop(week);
    const customer = { id: "recover-1" };
    await deliver(message({ channel: "nps", score: 2, comment: "发货太慢了", customer }, at(3)));
    const opened = await loop(week);
    expect((opened.detractorTasks ?? 0) - (before.detractorTasks ?? 0)).toBe(1);

    // A CSAT answer is another scale: it says nothing about the NPS detractor.
    await deliver(message({ channel: "csat", score: 5, customer }, at(2)));
    expect((await loop(week)).recovered ?? 0).toBe(before.recovered ?? 0);

    const better = message({ channel: "nps", score: 9, comment: "后来处理得很好", customer }, at(1));
    await deliver(better);
    expect(((await loop(week)).recovered ?? 0) - (before.recovered ?? 0)).toBe(1);

    // Redelivered, and yet another good answer: still counted once (the watch is gone).
    await deliver({ ...better, messageId: "again" });
    await deliver(message({ channel: "nps", score: 10, customer }, at(0)));
    expect(((await loop(week)).recovered ?? 0) - (before.recovered ?? 0)).toBe(1);
  });

  it("counts a recovery once when two workers record it at the same time", async () => {
    const week = isoWeek(new Date());
    const before = (await loop(week)).recovered ?? 0;
    const watch = {
      contact: contactKey({ kind: "customer", id: "recover-race" }),
      taskId: "task_race",
      channel: "nps" as const,
      score: 3,
      answeredAt: at(1),
      week,
    };
    await tasks.watchRecovery(watch);
    const results = await Promise.all([tasks.recordRecovery(watch), tasks.recordRecovery(watch)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(((await loop(week)).recovered ?? 0) - before).toBe(1);
  });

  it("does not count another bad answer, or one from before the task, as recovery", async () => {
    const week = isoWeek(at(2));
    const before = await loop(week);
    const customer = { id: "recover-2" };
    await deliver(message({ channel: "csat", score: 1, comment: "客服不理人", customer }, at(2)));
    // Higher but still a reason to follow up (CSAT 2): it joins the task instead.
    await deliver(message({ channel: "csat", score: 2, customer }, at(1)));
    // Better, but answered before the detractor's answer (arrived late).
    await deliver(message({ channel: "csat", score: 5, customer }, at(3)));
    const after = await loop(week);
    expect((after.detractorTasks ?? 0) - (before.detractorTasks ?? 0)).toBe(1);
    expect(after.recovered ?? 0).toBe(before.recovered ?? 0);
    const key = contactKey({ kind: "customer", id: customer.id });
    expect((await tasks.recoveryWatches([key])).get(key)?.score).toBe(1);
  });
});

describe("one active task per customer", () => {
  const newTask = (id: string) =>
    openTask({
      id,
      contact: { kind: "customer", id: "race-customer" },
      channel: "nps",
      feedbackId: `fb_${id}`,
      themes: [],
      team: "customer_service",
      priority: { score: 50, level: "P2", factors: [] },
      reasons: ["NPS 2"],
      sla: { firstResponseHours: 2, resolveHours: 24 },
      openedAt: new Date(),
    });

  it("refuses a second task while the customer's first is active (two workers racing)", async () => {
    expect(await tasks.saveTask(newTask("task_race_a"), undefined)).toBe("saved");
    expect(await tasks.saveTask(newTask("task_race_b"), undefined)).toBe("conflict");
    const key = contactKey({ kind: "customer", id: "race-customer" });
    expect((await tasks.openTaskIds([key])).get(key)).toBe("task_race_a");
    expect(await tasks.getTask("task_race_b")).toBeUndefined();
  });

  it("lets the racing worker join the winner's task instead", async () => {
    const customer = { id: "race-2" };
    await Promise.all([
      deliver(message({ channel: "nps", score: 1, comment: "太慢了", customer }, at(1))),
      deliver(message({ channel: "nps", score: 2, comment: "客服不回", customer }, at(1))),
    ]);
    const key = contactKey({ kind: "customer", id: customer.id });
    const pointer = (await tasks.openTaskIds([key])).get(key) ?? "";
    expect((await tasks.getTask(pointer))?.feedbackIds).toHaveLength(2);
  });
});
