/**
 * What one feedback item uses on AWS, counted by running hearback's own code — the accept use case with the
 * DynamoDB and SQS adapters at the edge, the enrich use case with the feedback and task stores and the
 * follow-up rules in the worker, the Comprehend adapter in each analyzer mode — against recording stand-ins
 * for the AWS clients. Nothing here guesses how many writes a record costs: the stand-ins see the requests
 * the adapters send and price them by DynamoDB's and SQS's own metering rules (item sizes, transactions at
 * twice the units, index writes, 64 KB SQS chunks, Comprehend units of 100 characters: bench/metered-aws.ts).
 *
 * The DynamoDB stand-in keeps items in memory, so a customer's second detractor joins the task the first one
 * opened, as it would on AWS. Records are analyzed by the local engine in every mode: the counter rows and
 * tasks a record causes barely depend on which engine scored it.
 */
import type { ComprehendClient } from "@aws-sdk/client-comprehend";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { HybridAnalyzer } from "#shared/analysis/model/hybrid-analyzer";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { AnalysisRequest, Analyzer } from "#shared/analysis/ports/analyzer";
import { comprehendAnalyzer } from "#shared/analysis/wiring";
import { prepareBatch, type QueueRecord, storeBatch } from "#shared/enrich/enrich-batch";
import { enrichedStore } from "#shared/enrich/wiring";
import { type FeedbackInput, feedbackText, MAX_ITEMS_PER_REQUEST } from "#shared/feedback/model/schema";
import type { TaskNotice } from "#shared/follow-up/ports/notifier";
import { rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { acceptFeedback } from "#shared/ingest/accept-feedback";
import { acceptanceLedger, ingestQueue } from "#shared/ingest/wiring";
import { demoWeek } from "#shared/local/demo-data";
import { loadConfig } from "#shared/platform/config";
import { enrichWorker } from "#shared/platform/resources";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { MeteredComprehend, MeteredQueue, MeteredTable } from "./metered-aws.ts";

export interface ComprehendUsage {
  /** Batch calls per worker batch, both APIs together (for the duration estimate). */
  callsPerBatch: number;
  /** Per item (items without text cost nothing). */
  languageUnitsPerItem: number;
  sentimentUnitsPerItem: number;
  /** Share of texts sent to Comprehend at all. */
  textsSentShare: number;
}

export interface PipelineUsage {
  items: number;
  itemsPerPost: number;
  /** Share of items with a text (a comment or a post). */
  textShare: number;
  edge: { rruPerItem: number; wruPerItem: number; sqsSendRequestsPerItem: number; dynamoRoundTripsPerPost: number };
  worker: {
    batchSize: number;
    /** DynamoDB requests per batch, one after another (for the duration estimate). */
    dynamoRequestsPerBatch: number;
    rruPerItem: number;
    wruPerItem: number;
    /** wruPerItem by what was written. */
    wruPerItemByKind: Record<string, number>;
    transactionsPerItem: number;
    /** SES emails (new P1/P2 tasks) and EventBridge events (every new task) per item. */
    emailsPerItem: number;
    eventsPerItem: number;
    requests: Record<string, number>;
  };
  messageBytes: number;
  comprehend: { comprehend: ComprehendUsage; hybrid: ComprehendUsage };
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const requestCount = (t: MeteredTable) => Object.values(t.requests).reduce((sum, c) => sum + c, 0);

const chunk = <T>(xs: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

/** Runs `items` through the edge and the worker, `itemsPerPost` to a request, and averages per item. */
export const measurePipelineUsage = async (
  items: readonly FeedbackInput[],
  options: {
    itemsPerPost: number;
    now: Date;
    /** The worker's stand-in table, when the caller wants to read what was written where (bench/write-profile.ts). */
    workerTable?: MeteredTable | undefined;
  },
): Promise<PipelineUsage> => {
  const config = loadConfig({ TABLE_NAME: "hearback" });
  const { now, itemsPerPost } = options;
  const n = items.length;

  // --- edge: POST /v1/feedback -> accepted markers + SQS -------------------------------------------------------
  const edgeTable = new MeteredTable();
  const queue = new MeteredQueue();
  const edgeStore = acceptanceLedger(config, edgeTable.documentClient);
  const ingest = ingestQueue(
    { QUEUE_URL: "https://sqs/queue", DLQ_URL: undefined },
    queue.client as unknown as SQSClient,
  );
  const posts = chunk(items, itemsPerPost);
  for (const post of posts) {
    await acceptFeedback(post, { store: edgeStore, queue: ingest, now: () => now });
  }

  // --- worker: batches from the queue -> records, counters, tasks -----------------------------------------------
  const table = options.workerTable ?? new MeteredTable();
  const rules = rulesFrom(config);
  const emails: TaskNotice[] = [];
  const events: TaskNotice[] = [];
  const local = new LocalAnalyzer();
  const deps = {
    store: enrichedStore(config, table.documentClient),
    queue: {
      deadLetter: async () => {
        throw new Error("the bench's messages are all valid");
      },
    },
    analyzer: local,
    taxonomy: defaultTaxonomy,
    now: () => now,
    maxReceiveCount: config.MAX_RECEIVE_COUNT,
    followUp: {
      tasks: taskStore(config, rules, table.documentClient),
      rules,
      taxonomy: defaultTaxonomy,
      mailer: { send: async (notices: readonly TaskNotice[]) => void emails.push(...notices) },
      events: { publish: async (notices: readonly TaskNotice[]) => void events.push(...notices) },
    },
    mask: { handles: config.PII_MASK_HANDLES, keep: config.PII_KEEP_PATTERNS },
  };
  const batches = chunk(queue.messages, enrichWorker.batchSize);
  for (const [b, bodies] of batches.entries()) {
    const records: QueueRecord[] = bodies.map((body, i) => ({ messageId: `m${b}-${i}`, body, receiveCount: 1 }));
    const prepared = await prepareBatch(records, deps);
    await storeBatch(prepared, deps);
    const failed = [...prepared.values()].filter((p) => p.kind !== "saved");
    if (failed.length > 0) throw new Error(`the bench's batch ${b} did not store: ${JSON.stringify(failed[0])}`);
  }

  // --- Comprehend, as each mode's wiring uses it (shared/wiring.ts analyzers) -----------------------------------
  const requests = items.map((item, i): AnalysisRequest | undefined => {
    const text = feedbackText(item);
    return text === undefined ? undefined : { id: String(i), text, localeHint: item.locale };
  });
  const texts = requests.filter((r) => r !== undefined);
  const comprehendUsage = async (make: (client: ComprehendClient) => Analyzer): Promise<ComprehendUsage> => {
    const meter = new MeteredComprehend();
    const analyzer = make(meter.client as unknown as ComprehendClient);
    // The worker analyzes each batch's texts in one call; batches hold batchSize messages.
    for (const batch of chunk(requests, enrichWorker.batchSize)) {
      const withText = batch.filter((r) => r !== undefined);
      if (withText.length > 0) await analyzer.analyze(withText);
    }
    return {
      callsPerBatch: round((meter.calls.language + meter.calls.sentiment) / batches.length, 2),
      languageUnitsPerItem: round(meter.units.language / n),
      sentimentUnitsPerItem: round(meter.units.sentiment / n),
      textsSentShare: texts.length === 0 ? 0 : round(meter.documents.sentiment / texts.length, 3),
    };
  };
  const comprehend = await comprehendUsage((client) => comprehendAnalyzer(client, { sleep: async () => {} }));
  const hybrid = await comprehendUsage(
    (client) =>
      new HybridAnalyzer(
        local,
        comprehendAnalyzer(client, { trustLocaleHint: true, sleep: async () => {} }),
        config.HYBRID_CONFIDENCE,
      ),
  );

  return {
    items: n,
    itemsPerPost,
    textShare: round(texts.length / n, 3),
    edge: {
      rruPerItem: round(edgeTable.rru / n),
      wruPerItem: round(edgeTable.wru / n),
      sqsSendRequestsPerItem: round(queue.requests / n),
      dynamoRoundTripsPerPost: round(requestCount(edgeTable) / posts.length, 2),
    },
    worker: {
      batchSize: enrichWorker.batchSize,
      dynamoRequestsPerBatch: round(requestCount(table) / batches.length, 2),
      rruPerItem: round(table.rru / n),
      wruPerItem: round(table.wru / n),
      wruPerItemByKind: Object.fromEntries(Object.entries(table.wruByKind).map(([k, v]) => [k, round(v / n)])),
      transactionsPerItem: round((table.requests.TransactWriteItems ?? 0) / n),
      emailsPerItem: round(emails.length / n),
      eventsPerItem: round(events.length / n),
      requests: table.requests,
    },
    messageBytes: Math.round(queue.messages.reduce((s, m) => s + Buffer.byteLength(m), 0) / Math.max(1, n)),
    comprehend: { comprehend, hybrid },
  };
};

/** The demo week (120 items in three channels, Chinese and English) sent one item per POST, and 100 per POST. */
export const measureDemoWeekUsage = async (now = new Date("2026-11-25T12:00:00Z")): Promise<PipelineUsage[]> => {
  const week = demoWeek(now);
  return [
    await measurePipelineUsage(week, { itemsPerPost: 1, now }),
    await measurePipelineUsage(week, { itemsPerPost: MAX_ITEMS_PER_REQUEST, now }),
  ];
};
