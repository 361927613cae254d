import { describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { AnalysisRequest, AnalysisResult, Analyzer } from "#shared/analysis/ports/analyzer";
import {
  type EnrichDeps,
  type Prepared,
  prepareBatch,
  processRecord,
  type QueueRecord,
  RetryableEnrichError,
  storeBatch,
} from "#shared/enrich/enrich-batch";
import type { EnrichedFeedback } from "#shared/enrich/model/enrich";
import type { SaveOutcome } from "#shared/enrich/ports/enriched-store";
import { BatchTimer, profiledDeps } from "#shared/enrich/profile";
import { feedbackId } from "#shared/feedback/model/ids";
import { type FeedbackInput, type QueuedFeedback, StoredFeedback } from "#shared/feedback/model/schema";
import type { DeadLetter } from "#shared/ingest/ports/ingest-queue";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const NOW = new Date("2026-11-26T10:00:00Z");

/** A record stored before this test ran (only its id matters to the worker's redelivery check). */
const placeholder = (id: string) => ({
  id,
  channel: "nps",
  receivedAt: NOW.toISOString(),
  occurredAt: NOW.toISOString(),
  week: "2026-W48",
  language: "en",
  sentiment: "NEUTRAL",
  sentimentScores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
  sentimentSource: "score",
  themes: [],
  taxonomyVersion: "t",
  analyzer: "score",
  detractor: false,
  storedAt: NOW.toISOString(),
});

/** In-memory store: remembers what was saved, can be told to fail. */
class FakeStore {
  readonly saved: EnrichedFeedback[] = [];
  readonly storedIdCalls: string[][] = [];
  failSave: Error | undefined;
  constructor(readonly stored = new Set<string>()) {}
  async storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>> {
    this.storedIdCalls.push([...ids]);
    return new Map(
      ids
        .filter((id) => this.stored.has(id))
        .map((id) => [id, this.saved.find((s) => s.record.id === id)?.record ?? StoredFeedback.parse(placeholder(id))]),
    );
  }
  async saveEnrichedBatch(items: readonly EnrichedFeedback[]): Promise<Map<string, SaveOutcome>> {
    if (this.failSave) throw this.failSave;
    const outcomes = new Map<string, SaveOutcome>();
    for (const item of items) {
      if (this.stored.has(item.record.id)) {
        outcomes.set(item.record.id, "duplicate");
        continue;
      }
      this.stored.add(item.record.id);
      this.saved.push(item);
      outcomes.set(item.record.id, "stored");
    }
    return outcomes;
  }
}

class FakeQueue {
  readonly dead: DeadLetter[] = [];
  async deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    this.dead.push(...letters);
  }
}

/** Wraps an analyzer and records every call it gets. */
class SpyAnalyzer implements Analyzer {
  readonly calls: AnalysisRequest[][] = [];
  constructor(
    readonly name: string,
    private readonly answer: (requests: readonly AnalysisRequest[]) => Promise<AnalysisResult[]>,
  ) {}
  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    this.calls.push([...requests]);
    return this.answer(requests);
  }
}

const local = new LocalAnalyzer();
const spyLocal = (name = "local") => new SpyAnalyzer(name, (r) => local.analyze(r));

const setup = (over: Partial<EnrichDeps> = {}, stored?: Set<string>) => {
  const store = new FakeStore(stored);
  const queue = new FakeQueue();
  const analyzer = spyLocal();
  const deps: EnrichDeps = {
    store,
    queue,
    analyzer,
    taxonomy: defaultTaxonomy,
    now: () => NOW,
    maxReceiveCount: 5,
    ...over,
  };
  return { store, queue, analyzer, deps };
};

let counter = 0;
const message = (input: FeedbackInput): QueuedFeedback => ({
  id: feedbackId(input.channel, input.sourceId ?? `auto-${++counter}`),
  receivedAt: "2026-11-25T09:30:00.000Z",
  input,
});
const record = (body: QueuedFeedback | string, receiveCount = 1, messageId = `m-${++counter}`): QueueRecord => ({
  messageId,
  body: typeof body === "string" ? body : JSON.stringify(body),
  receiveCount,
});

const complaint = message({
  channel: "nps",
  score: 2,
  comment: "订单三天了还没发货，客服也不回复",
  customer: { id: "c-1001" },
  sourceId: "survey-1",
});
const praise = message({
  channel: "csat",
  score: 5,
  comment: "The agent fixed my exchange in five minutes, thank you!",
  customer: { id: "c-2002" },
  sourceId: "zd-2",
});
const silent = message({ channel: "nps", score: 10, customer: { id: "c-3003" }, sourceId: "survey-3" });
const post = message({
  channel: "social",
  platform: "weibo",
  text: "申请退款两个星期了还没到账，太失望了",
  author: { handle: "xiaoli" },
  sourceId: "weibo-5021",
});

/** prepareBatch, storeBatch, then processRecord for each record, collecting outcomes or thrown errors. */
const runBatch = async (records: QueueRecord[], deps: EnrichDeps) => {
  const prepared = await prepareBatch(records, deps);
  await storeBatch(prepared, deps);
  const outcomes: Array<string | Error> = [];
  for (const r of records) {
    try {
      outcomes.push(await processRecord(r, prepared.get(r.messageId), deps));
    } catch (error) {
      outcomes.push(error as Error);
    }
  }
  return { prepared, outcomes };
};

describe("enrich worker: happy path", () => {
  it("stores every valid record with its analysis, themes, counters and tasks", async () => {
    const { store, queue, deps } = setup();
    const records = [record(complaint), record(praise), record(silent), record(post)];
    const { outcomes } = await runBatch(records, deps);
    expect(outcomes).toEqual(["stored", "stored", "stored", "stored"]);
    expect(queue.dead).toEqual([]);
    const byId = new Map(store.saved.map((s) => [s.record.id, s]));

    const c = byId.get(complaint.id);
    expect(c?.record.sentimentSource).toBe("text");
    expect(c?.record.sentiment).toBe("NEGATIVE");
    expect(c?.record.language).toMatch(/^zh/);
    expect(c?.record.themes).toContain("delivery");
    expect(c?.record.taxonomyVersion).toBe(defaultTaxonomy.version);

    expect(byId.get(praise.id)?.record.sentiment).toBe("POSITIVE");

    expect(byId.get(silent.id)?.record.sentimentSource).toBe("score");
    expect(byId.get(silent.id)?.record.themes).toEqual([]);

    expect(byId.get(post.id)?.record.themes).toContain("refund");
  });

  it("calls the analyzer once per batch with every text, and skips items without text", async () => {
    const { analyzer, store, deps } = setup();
    await runBatch([record(complaint), record(praise), record(silent), record(post)], deps);
    expect(analyzer.calls).toHaveLength(1);
    expect(analyzer.calls[0]?.map((r) => r.id).sort()).toEqual([complaint.id, praise.id, post.id].sort());
    expect(analyzer.calls[0]?.find((r) => r.id === post.id)?.text).toBe("申请退款两个星期了还没到账，太失望了");
    // Handed out for the first time, without follow-up: nothing to look up before the store's own condition.
    expect(store.storedIdCalls).toEqual([]);
  });

  it("does not call the analyzer when no item has text", async () => {
    const { analyzer, deps } = setup();
    const { outcomes } = await runBatch([record(silent)], deps);
    expect(outcomes).toEqual(["stored"]);
    expect(analyzer.calls).toHaveLength(0);
  });
});

describe("enrich worker: malformed messages", () => {
  it("parks a body that is not JSON in the DLQ at once, with the reason", async () => {
    const { queue, store, deps } = setup();
    const bad = record("{not json", 1, "m-bad");
    const { outcomes } = await runBatch([bad], deps);
    expect(outcomes).toEqual(["dead-lettered"]);
    expect(queue.dead).toEqual([
      { body: "{not json", kind: "malformed", reason: "body is not JSON", attempts: 1, sourceMessageId: "m-bad" },
    ]);
    expect(store.saved).toEqual([]);
  });

  it("parks a message that breaks the schema on its first receive, naming the field", async () => {
    const { queue, deps } = setup();
    const broken = { ...complaint, input: { ...complaint.input, score: 42 } };
    const { outcomes } = await runBatch([record(broken, 1), record(praise)], deps);
    expect(outcomes).toEqual(["dead-lettered", "stored"]);
    expect(queue.dead).toHaveLength(1);
    expect(queue.dead[0]?.reason).toMatch(/^invalid message: /);
    expect(queue.dead[0]?.reason).toContain("input.score");
    expect(queue.dead[0]?.body).toBe(JSON.stringify(broken));
  });

  it("parks a message missing its id", async () => {
    const { queue, deps } = setup();
    const { id: _id, ...noId } = complaint;
    await runBatch([record(JSON.stringify(noId))], deps);
    expect(queue.dead[0]?.reason).toContain("id");
  });
});

describe("enrich worker: redeliveries", () => {
  it("looks a redelivered message up first and answers duplicate for an id already stored, without analyzing it", async () => {
    const { store, analyzer, deps } = setup({}, new Set([complaint.id]));
    const { outcomes, prepared } = await runBatch([record(complaint, 2), record(praise)], deps);
    expect(outcomes).toEqual(["duplicate", "stored"]);
    expect(store.storedIdCalls).toEqual([[complaint.id]]);
    expect(store.saved.map((s) => s.record.id)).toEqual([praise.id]);
    expect(analyzer.calls[0]?.map((r) => r.id)).toEqual([praise.id]);
    expect([...prepared.values()].map((p) => p.kind).sort()).toEqual(["already-stored", "saved"]);
  });

  it("does not save a redelivered, already-stored id again", async () => {
    const { store, deps } = setup({}, new Set([silent.id]));
    store.failSave = new Error("must not be called");
    const { outcomes } = await runBatch([record(silent, 3)], deps);
    expect(outcomes).toEqual(["duplicate"]);
  });

  it("answers duplicate for a first delivery of an id stored already: the store's condition finds it", async () => {
    const { store, deps } = setup({}, new Set([praise.id]));
    const { outcomes } = await runBatch([record(praise)], deps);
    expect(outcomes).toEqual(["duplicate"]);
    expect(store.saved).toEqual([]);
  });
});

describe("enrich worker: failures and retries", () => {
  it("throws a retryable error when the store fails below maxReceiveCount", async () => {
    const { store, queue, deps } = setup();
    store.failSave = new Error("ProvisionedThroughputExceeded");
    for (const receiveCount of [1, 2, 3, 4]) {
      const { outcomes } = await runBatch([record(complaint, receiveCount)], deps);
      expect(outcomes[0]).toBeInstanceOf(RetryableEnrichError);
      expect((outcomes[0] as Error).message).toContain("ProvisionedThroughputExceeded");
    }
    expect(queue.dead).toEqual([]);
  });

  it("parks the message at receive 5 with 'gave up after 5 attempts' and the cause", async () => {
    const { store, queue, deps } = setup();
    store.failSave = new Error("ProvisionedThroughputExceeded");
    const last = record(complaint, 5, "m-last");
    const { outcomes } = await runBatch([last], deps);
    expect(outcomes).toEqual(["dead-lettered"]);
    expect(queue.dead).toEqual([
      {
        body: last.body,
        kind: "retries-exhausted",
        reason: "gave up after 5 attempts: store failed: ProvisionedThroughputExceeded",
        attempts: 5,
        sourceMessageId: "m-last",
      },
    ]);
  });

  it("marks every text item retryable when the analyzer throws, while items without text are stored", async () => {
    const broken = new SpyAnalyzer("comprehend", async () => {
      throw new Error("ThrottlingException");
    });
    const { store, queue, deps } = setup({ analyzer: broken });
    const records = [record(complaint), record(silent), record(post)];
    const { prepared, outcomes } = await runBatch(records, deps);
    expect(prepared.get(records[0]?.messageId as string)).toMatchObject({
      kind: "retry",
      id: complaint.id,
      reason: "AnalyzerUnavailable: ThrottlingException",
    });
    expect(prepared.get(records[2]?.messageId as string)?.kind).toBe("retry");
    expect(outcomes[0]).toBeInstanceOf(RetryableEnrichError);
    expect(outcomes[1]).toBe("stored");
    expect(outcomes[2]).toBeInstanceOf(RetryableEnrichError);
    expect(store.saved.map((s) => s.record.id)).toEqual([silent.id]);
    expect(queue.dead).toEqual([]);
  });

  it("parks an item whose analysis keeps failing once it reaches maxReceiveCount", async () => {
    const broken = new SpyAnalyzer("comprehend", async () => {
      throw new Error("ThrottlingException");
    });
    const { queue, deps } = setup({ analyzer: broken, maxReceiveCount: 3 });
    const { outcomes } = await runBatch([record(post, 3)], deps);
    expect(outcomes).toEqual(["dead-lettered"]);
    expect(queue.dead[0]?.reason).toBe("gave up after 3 attempts: AnalyzerUnavailable: ThrottlingException");
  });

  it("uses the fallback analyzer for items the main analyzer cannot handle, and only for those", async () => {
    const picky = new SpyAnalyzer("comprehend", async (requests) =>
      requests.map(
        (r): AnalysisResult =>
          r.id === post.id
            ? { id: r.id, error: { code: "UnsupportedLanguage", message: "zh-Hant", retryable: false } }
            : {
                id: r.id,
                language: "en",
                sentiment: "POSITIVE",
                scores: { positive: 1, negative: 0, neutral: 0, mixed: 0 },
                engine: "comprehend",
              },
      ),
    );
    const fallback = spyLocal("fallback");
    const { store, deps } = setup({ analyzer: picky, fallbackAnalyzer: fallback });
    const { outcomes } = await runBatch([record(praise), record(post)], deps);
    expect(outcomes).toEqual(["stored", "stored"]);
    expect(picky.calls).toHaveLength(1);
    expect(fallback.calls).toEqual([[expect.objectContaining({ id: post.id })]]);
    const byId = new Map(store.saved.map((s) => [s.record.id, s.record]));
    expect(byId.get(praise.id)?.analyzer).toBe("comprehend");
    expect(byId.get(post.id)?.analyzer).toBe("local-lexicon@1");
    expect(byId.get(post.id)?.sentiment).toBe("NEGATIVE");
  });

  it("retries a non-retryable analyzer failure when there is no fallback", async () => {
    const picky = new SpyAnalyzer("comprehend", async (requests) =>
      requests.map((r) => ({ id: r.id, error: { code: "UnsupportedLanguage", message: "xx", retryable: false } })),
    );
    const { deps } = setup({ analyzer: picky });
    const { outcomes } = await runBatch([record(post, 1)], deps);
    expect(outcomes[0]).toBeInstanceOf(RetryableEnrichError);
    expect((outcomes[0] as Error).message).toBe("UnsupportedLanguage: xx");
  });

  it("retries a record that was never prepared, and parks it at the last attempt", async () => {
    const { queue, deps } = setup();
    await expect(processRecord(record(praise, 1), undefined, deps)).rejects.toBeInstanceOf(RetryableEnrichError);
    const missing: Prepared | undefined = undefined;
    expect(await processRecord(record(praise, 5), missing, deps)).toBe("dead-lettered");
    expect(queue.dead[0]?.reason).toBe("gave up after 5 attempts: record was not prepared");
  });
});

describe("enrich worker: profiling (npm run bench -- --profile)", () => {
  it("changes nothing the worker does, and names the steps the batch went through", async () => {
    const plain = setup();
    // One of them redelivered, so the lookup of stored records is a step too.
    const records = [record(complaint, 2), record(praise), record(silent), record(post), record("not json")];
    const expected = await runBatch(records, plain.deps);

    const profiled = setup();
    const timer = new BatchTimer();
    const { outcomes } = await runBatch(records, profiledDeps(profiled.deps, timer));
    expect(outcomes).toEqual(expected.outcomes);
    expect(profiled.store.saved.map((s) => s.record)).toEqual(plain.store.saved.map((s) => s.record));
    expect(profiled.queue.dead).toEqual(plain.queue.dead);

    const batch = timer.finish(records.length);
    expect(batch.records).toBe(5);
    expect(Object.keys(batch.steps).sort()).toEqual(
      ["analysis", "dead-letters", "enrich", "parse", "store", "stored-records"].sort(),
    );
  });
});
