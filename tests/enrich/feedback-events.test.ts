import { describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, type QueueRecord, storeBatch } from "#shared/enrich/enrich-batch";
import type { EnrichedFeedback } from "#shared/enrich/model/enrich";
import { feedbackStoredEntry } from "#shared/enrich/model/feedback-event";
import type { SaveOutcome } from "#shared/enrich/ports/enriched-store";
import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput, QueuedFeedback, StoredFeedback } from "#shared/feedback/model/schema";
import type { BusEntry, BusPublisher } from "#shared/kernel/bus";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

/**
 * feedback.stored: the worker tells the bus of each record it stored (not of duplicates), masked, after the batch is
 * saved; a bus that fails never fails or repeats the batch.
 */
const NOW = new Date("2026-11-26T10:00:00Z");
const KEY = "pseudonym-key-for-tests";

class Store {
  readonly stored = new Set<string>();
  async storedRecords(): Promise<Map<string, StoredFeedback>> {
    return new Map();
  }
  async saveEnrichedBatch(items: readonly EnrichedFeedback[]): Promise<Map<string, SaveOutcome>> {
    const out = new Map<string, SaveOutcome>();
    for (const { record } of items) {
      out.set(record.id, this.stored.has(record.id) ? "duplicate" : "stored");
      this.stored.add(record.id);
    }
    return out;
  }
}

class Bus implements BusPublisher {
  readonly calls: BusEntry[][] = [];
  constructor(private readonly fail = false) {}
  async put(entries: readonly BusEntry[]): Promise<void> {
    if (this.fail) throw new Error("bus down");
    this.calls.push([...entries]);
  }
}

const message = (input: FeedbackInput): QueuedFeedback => ({
  id: feedbackId(input.channel, input.sourceId ?? "x"),
  receivedAt: "2026-11-25T09:30:00.000Z",
  input,
});
let n = 0;
const record = (m: QueuedFeedback): QueueRecord => ({
  messageId: `m-${++n}`,
  body: JSON.stringify(m),
  receiveCount: 1,
});

const complaint = message({
  channel: "nps",
  score: 2,
  comment: "订单三天了还没发货，电话 13812345678，邮箱 wang@example.com",
  customer: { id: "c-1001", email: "wang@example.com" },
  sourceId: "survey-1",
});
const praise = message({
  channel: "csat",
  score: 5,
  comment: "The agent fixed my exchange in five minutes, thank you!",
  customer: { id: "c-2002" },
  sourceId: "zd-2",
});

const deps = (bus: BusPublisher, store = new Store(), problems: unknown[] = []): EnrichDeps => ({
  store,
  queue: { deadLetter: async () => {} },
  analyzer: new LocalAnalyzer(),
  taxonomy: defaultTaxonomy,
  now: () => NOW,
  maxReceiveCount: 5,
  events: { bus, pseudonymKey: KEY, onError: (e) => problems.push(e) },
});

describe("feedback.stored", () => {
  it("is published for each record stored, masked, with what filters match on", async () => {
    const bus = new Bus();
    const batch = [record(complaint), record(praise)];
    await storeBatch(await prepareBatch(batch, deps(bus)), deps(bus));
    const entries = bus.calls.flat();
    expect(entries.map((e) => e.type)).toEqual(["feedback.stored", "feedback.stored"]);
    const c = entries.find((e) => e.detail.feedbackId === complaint.id);
    expect(c).toMatchObject({
      id: `feedback.stored:${complaint.id}:r1`,
      at: NOW.toISOString(),
      detail: { channel: "nps", sentiment: "NEGATIVE", score: 2, week: "2026-W48" },
    });
    expect(c?.detail.themes).toContain("delivery");
    const text = JSON.stringify(entries);
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("wang@example.com");
    expect(text).not.toContain("c-1001");
    expect(c?.detail.customerLabel).toMatch(/^cust_/);
  });

  it("is not published again for a redelivered record (a duplicate), and carries the same id when it is", async () => {
    const bus = new Bus();
    const store = new Store();
    await storeBatch(await prepareBatch([record(complaint)], deps(bus, store)), deps(bus, store));
    await storeBatch(await prepareBatch([record(complaint)], deps(bus, store)), deps(bus, store));
    expect(bus.calls.flat()).toHaveLength(1);
    const stored = {
      id: complaint.id,
      channel: "nps" as const,
      receivedAt: NOW.toISOString(),
      occurredAt: NOW.toISOString(),
      week: "2026-W48",
      language: "zh",
      sentiment: "NEGATIVE" as const,
      sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
      sentimentSource: "text" as const,
      themes: ["delivery"],
      taxonomyVersion: "t",
      analyzer: "local",
      detractor: true,
      taskId: "task_1",
      storedAt: NOW.toISOString(),
    };
    const a = feedbackStoredEntry(stored, { at: NOW, priority: "P1" });
    const b = feedbackStoredEntry(stored, { at: new Date(NOW.getTime() + 1000), priority: "P1" });
    expect(b.id).toBe(a.id);
    expect(a.detail).toMatchObject({ taskId: "task_1", priority: "P1" });
    expect(feedbackStoredEntry({ ...stored, revision: 2 }, { at: NOW }).id).not.toBe(a.id);
  });

  it("is not published for history (an import of feedback older than the follow-up age)", async () => {
    const bus = new Bus();
    const old = message({
      channel: "nps",
      score: 3,
      comment: "去年的订单一直没到",
      customer: { id: "c-3003" },
      sourceId: "import-1",
      occurredAt: "2025-06-01T08:00:00.000Z",
    });
    const d = { ...deps(bus), events: { bus, pseudonymKey: KEY, maxAgeDays: 14 } };
    const prepared = await prepareBatch([record(old), record(praise)], d);
    await storeBatch(prepared, d);
    expect([...prepared.values()].map((p) => p.kind)).toEqual(["saved", "saved"]);
    expect(bus.calls.flat().map((e) => e.detail.feedbackId)).toEqual([praise.id]);
  });

  it("never fails the batch when the bus does: the records are stored, the error is logged", async () => {
    const problems: unknown[] = [];
    const store = new Store();
    const d = deps(new Bus(true), store, problems);
    const prepared = await prepareBatch([record(complaint), record(praise)], d);
    await storeBatch(prepared, d);
    expect([...prepared.values()].map((p) => p.kind)).toEqual(["saved", "saved"]);
    expect(store.stored.size).toBe(2);
    expect(problems).toHaveLength(1);
  });
});
