import { describe, expect, it, vi } from "vitest";
import { feedbackId, isFeedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput, QueuedFeedback } from "#shared/feedback/model/schema";
import { type AcceptDeps, acceptFeedback, DEFAULT_SETTLE_MS } from "#shared/ingest/accept-feedback";
import type { AcceptedItem } from "#shared/ingest/ports/acceptance-ledger";

const NOW = new Date("2026-11-25T09:30:00.000Z");

class FakeStore {
  readonly accepted = new Map<string, AcceptedItem>();
  readonly lookups: string[][] = [];
  failMark: Error | undefined;
  readonly stored = new Set<string>();
  async heldIds(ids: readonly string[], pendingSince: Date): Promise<Set<string>> {
    this.lookups.push([...ids]);
    const since = pendingSince.toISOString();
    return new Set(ids.filter((id) => this.stored.has(id) || (this.accepted.get(id)?.receivedAt ?? "") >= since));
  }
  async markAccepted(items: readonly AcceptedItem[]): Promise<void> {
    if (this.failMark) throw this.failMark;
    for (const item of items) this.accepted.set(item.id, item);
  }
}

class FakeQueue {
  readonly sent: QueuedFeedback[] = [];
  failSend: Error | undefined;
  async send(messages: readonly QueuedFeedback[]): Promise<void> {
    if (this.failSend) throw this.failSend;
    this.sent.push(...messages);
  }
}

const setup = () => {
  const store = new FakeStore();
  const queue = new FakeQueue();
  const onMarkFailed = vi.fn();
  const deps: AcceptDeps = { store, queue, now: () => NOW, onMarkFailed };
  return { store, queue, onMarkFailed, deps };
};

const nps = (sourceId?: string, score = 9): FeedbackInput => ({
  channel: "nps",
  score,
  customer: { id: "c-1" },
  ...(sourceId !== undefined && { sourceId }),
});
const csat = (sourceId?: string): FeedbackInput => ({
  channel: "csat",
  score: 2,
  customer: { id: "c-2" },
  ...(sourceId !== undefined && { sourceId }),
});

describe("acceptFeedback", () => {
  it("queues new items with their id and receipt time, and remembers them", async () => {
    const { store, queue, deps } = setup();
    const answers = await acceptFeedback([nps("s-1"), csat("t-1")], deps);
    expect(answers).toEqual([
      { id: feedbackId("nps", "s-1"), status: "accepted" },
      { id: feedbackId("csat", "t-1"), status: "accepted" },
    ]);
    expect(queue.sent).toEqual([
      { id: feedbackId("nps", "s-1"), receivedAt: NOW.toISOString(), input: nps("s-1") },
      { id: feedbackId("csat", "t-1"), receivedAt: NOW.toISOString(), input: csat("t-1") },
    ]);
    expect([...store.accepted.values()]).toEqual([
      { id: feedbackId("nps", "s-1"), channel: "nps", receivedAt: NOW.toISOString() },
      { id: feedbackId("csat", "t-1"), channel: "csat", receivedAt: NOW.toISOString() },
    ]);
  });

  it("answers duplicate for an item accepted before and does not queue it again", async () => {
    const { queue, deps } = setup();
    await acceptFeedback([nps("s-1")], deps);
    const again = await acceptFeedback([nps("s-1", 3), nps("s-2")], deps);
    expect(again).toEqual([
      { id: feedbackId("nps", "s-1"), status: "duplicate" },
      { id: feedbackId("nps", "s-2"), status: "accepted" },
    ]);
    expect(queue.sent.map((m) => m.id)).toEqual([feedbackId("nps", "s-1"), feedbackId("nps", "s-2")]);
  });

  it("accepts again an item accepted more than the settling time ago and never stored, but not a stored one", async () => {
    const { store, queue, deps } = setup();
    await acceptFeedback([nps("lost"), nps("kept")], deps);
    store.stored.add(feedbackId("nps", "kept"));
    const soon = { ...deps, now: () => new Date(NOW.getTime() + DEFAULT_SETTLE_MS - 1_000) };
    expect((await acceptFeedback([nps("lost"), nps("kept")], soon)).map((a) => a.status)).toEqual([
      "duplicate",
      "duplicate",
    ]);
    const later = { ...deps, now: () => new Date(NOW.getTime() + DEFAULT_SETTLE_MS + 1_000) };
    expect((await acceptFeedback([nps("lost"), nps("kept")], later)).map((a) => a.status)).toEqual([
      "accepted",
      "duplicate",
    ]);
    expect(queue.sent.map((m) => m.id)).toEqual([
      feedbackId("nps", "lost"),
      feedbackId("nps", "kept"),
      feedbackId("nps", "lost"),
    ]);
    // Accepted again means a fresh settling time: an immediate resend is a duplicate again.
    expect((await acceptFeedback([nps("lost")], later))[0]?.status).toBe("duplicate");
    expect(DEFAULT_SETTLE_MS).toBe(15 * 60_000);
  });

  it("answers duplicate for the second copy within one request, queuing only the first", async () => {
    const { queue, deps } = setup();
    const answers = await acceptFeedback([nps("s-1", 2), nps("s-1", 10), csat("s-1")], deps);
    expect(answers.map((a) => a.status)).toEqual(["accepted", "duplicate", "accepted"]);
    expect(answers[0]?.id).toBe(answers[1]?.id);
    expect(answers[2]?.id).not.toBe(answers[0]?.id);
    expect(queue.sent).toHaveLength(2);
    expect(queue.sent[0]?.input).toMatchObject({ score: 2 });
  });

  it("never treats items without a sourceId as duplicates, and does not look them up", async () => {
    const { store, queue, deps } = setup();
    const answers = await acceptFeedback([nps(), nps(), csat("t-1")], deps);
    expect(answers.map((a) => a.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(new Set(answers.map((a) => a.id)).size).toBe(3);
    for (const a of answers) expect(isFeedbackId(a.id)).toBe(true);
    expect(store.lookups).toEqual([[feedbackId("csat", "t-1")]]);
    expect(queue.sent).toHaveLength(3);
  });

  it("marks nothing and propagates the error when the queue send fails", async () => {
    const { store, queue, onMarkFailed, deps } = setup();
    queue.failSend = new Error("SQS unavailable");
    await expect(acceptFeedback([nps("s-1"), csat("t-1")], deps)).rejects.toThrow("SQS unavailable");
    expect(store.accepted.size).toBe(0);
    expect(onMarkFailed).not.toHaveBeenCalled();

    // Once the queue is back, the same items are accepted, not wrongly reported as duplicates.
    queue.failSend = undefined;
    const retry = await acceptFeedback([nps("s-1"), csat("t-1")], deps);
    expect(retry.map((a) => a.status)).toEqual(["accepted", "accepted"]);
  });

  it("still answers accepted when marking fails, reporting the failure", async () => {
    const { store, queue, onMarkFailed, deps } = setup();
    const failure = new Error("DynamoDB throttled");
    store.failMark = failure;
    const answers = await acceptFeedback([nps("s-1"), csat("t-1")], deps);
    expect(answers.map((a) => a.status)).toEqual(["accepted", "accepted"]);
    expect(queue.sent).toHaveLength(2);
    expect(onMarkFailed).toHaveBeenCalledTimes(1);
    expect(onMarkFailed).toHaveBeenCalledWith(failure);
  });

  it("does not fail when marking fails and no onMarkFailed is given", async () => {
    const { store, queue } = setup();
    store.failMark = new Error("DynamoDB throttled");
    const answers = await acceptFeedback([nps("s-1")], { store, queue, now: () => NOW });
    expect(answers).toEqual([{ id: feedbackId("nps", "s-1"), status: "accepted" }]);
  });
});
