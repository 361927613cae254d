/**
 * What one feedback item uses on AWS, counted by running hearback's own code — the accept use case with the
 * DynamoDB and SQS adapters at the edge, the enrich use case with the feedback and task stores and the
 * follow-up rules in the worker, the Comprehend adapter in each analyzer mode — against recording stand-ins
 * for the AWS clients. Nothing here guesses how many writes a record costs: the stand-ins see the requests
 * the adapters send and price them by DynamoDB's and SQS's own metering rules (item sizes, transactions at
 * twice the units, index writes, 64 KB SQS chunks, Comprehend units of 100 characters).
 *
 * The DynamoDB stand-in keeps items in memory, so a customer's second detractor joins the task the first one
 * opened, as it would on AWS. Records are analyzed by the local engine in every mode: the counter rows and
 * tasks a record causes barely depend on which engine scored it.
 */
import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  type ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { comprehendUnits } from "#shared/analysis/model/comprehend-cost";
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
import { enrichWorker, table } from "#shared/platform/resources";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

type Item = Record<string, unknown>;

/** DynamoDB's item size: attribute names plus values, per the developer guide's "Item sizes and formats". */
export const valueBytes = (value: unknown): number => {
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (typeof value === "number") {
    // About one byte per two significant digits, plus one.
    const digits =
      String(Math.abs(value))
        .replace(/[.-]|e.*$/gi, "")
        .replace(/^0+|0+$/g, "").length || 1;
    return Math.ceil(digits / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === "object") {
    return (
      3 +
      Object.entries(value as Item)
        .filter(([, v]) => v !== undefined)
        .reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k, "utf8") + valueBytes(v), 0)
    );
  }
  return 0;
};

export const itemBytes = (item: Item): number =>
  Object.entries(item)
    .filter(([, v]) => v !== undefined)
    .reduce((sum, [k, v]) => sum + Buffer.byteLength(k, "utf8") + valueBytes(v), 0);

/** Write request units for one item: 1 KB each, rounded up. */
export const writeUnits = (item: Item): number => Math.max(1, Math.ceil(itemBytes(item) / 1024));
/** Read request units for one eventually consistent read: 4 KB each, half a unit; a miss still costs half. */
export const readUnits = (item: Item | undefined): number =>
  item ? Math.max(1, Math.ceil(itemBytes(item) / 4096)) * 0.5 : 0.5;

/** DynamoDB meters writes and reads; this stand-in keeps items in memory and adds up what each request costs. */
export class MeteredTable {
  readonly items = new Map<string, Item>();
  wru = 0;
  rru = 0;
  /** Write units by what was written; index entries (GSI1, GSI2; projection ALL) on their own. */
  wruByKind: Record<string, number> = {};
  requests: Record<string, number> = {};

  /** What a key holds, in the adapters' key scheme. */
  static kindOf(key: Item): string {
    const pk = String(key.PK);
    if (pk.startsWith("FB#")) return key.SK === "ACCEPTED" ? "accepted marker" : "record";
    if (pk.startsWith("AGG#")) return "weekly counters";
    if (pk.startsWith("TASK#") || pk.startsWith("CUSTOMER#")) return "follow-up tasks";
    return "other";
  }

  private charge(kind: string, units: number) {
    this.wru += units;
    this.wruByKind[kind] = (this.wruByKind[kind] ?? 0) + units;
  }

  private static id = (key: Item) => `${String(key.PK)}\u0000${String(key.SK)}`;

  private count(name: string) {
    this.requests[name] = (this.requests[name] ?? 0) + 1;
  }

  /** A write to the table, its index entries, and (in a transaction) twice the table's units. */
  private write(item: Item | undefined, key: Item, transactional: boolean) {
    const before = this.items.get(MeteredTable.id(key));
    const units = Math.max(before ? writeUnits(before) : 0, item ? writeUnits(item) : 1);
    this.charge(MeteredTable.kindOf(key), units * (transactional ? 2 : 1));
    for (const index of table.globalSecondaryIndexes) {
      const old = before?.[index.partitionKey] !== undefined;
      const now = item?.[index.partitionKey] !== undefined;
      if (!old && !now) continue;
      const moved =
        old &&
        now &&
        (before?.[index.partitionKey] !== item?.[index.partitionKey] ||
          before?.[index.sortKey] !== item?.[index.sortKey]);
      // A new or removed entry is one write; an entry whose key changes is a delete plus a put.
      const entryUnits = (moved ? 2 : 1) * Math.max(before ? writeUnits(before) : 0, item ? writeUnits(item) : 0);
      this.charge("index entries", entryUnits);
    }
    if (item) this.items.set(MeteredTable.id(key), structuredClone(item));
    else this.items.delete(MeteredTable.id(key));
  }

  /** Only the counter updates hearback sends (`ADD #a0 :v0, ...`); anything else is a bench bug. */
  private add(update: {
    Key?: Item;
    UpdateExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Item;
  }) {
    const key = update.Key ?? {};
    const expression = update.UpdateExpression ?? "";
    if (!expression.startsWith("ADD ")) throw new Error(`unmetered update expression: ${expression}`);
    const row: Item = { ...(this.items.get(MeteredTable.id(key)) ?? key) };
    for (const part of expression.slice(4).split(",")) {
      const [name = "", value = ""] = part.trim().split(/\s+/);
      const attribute = update.ExpressionAttributeNames?.[name] ?? name;
      row[attribute] = Number(row[attribute] ?? 0) + Number(update.ExpressionAttributeValues?.[value] ?? 0);
    }
    return row;
  }

  readonly client = {
    send: async (command: unknown): Promise<unknown> => {
      if (command instanceof BatchGetCommand) {
        this.count("BatchGetItem");
        const responses: Record<string, Item[]> = {};
        for (const [name, request] of Object.entries(command.input.RequestItems ?? {})) {
          responses[name] = [];
          for (const key of (request.Keys ?? []) as Item[]) {
            const found = this.items.get(MeteredTable.id(key));
            this.rru += readUnits(found);
            if (found) responses[name].push(structuredClone(found));
          }
        }
        return { Responses: responses };
      }
      if (command instanceof GetCommand) {
        this.count("GetItem");
        const found = this.items.get(MeteredTable.id(command.input.Key ?? {}));
        this.rru += readUnits(found);
        return found ? { Item: structuredClone(found) } : {};
      }
      if (command instanceof PutCommand) {
        this.count("PutItem");
        const item = command.input.Item ?? {};
        this.write(item, item, false);
        return {};
      }
      if (command instanceof BatchWriteCommand) {
        this.count("BatchWriteItem");
        for (const requests of Object.values(command.input.RequestItems ?? {})) {
          for (const request of requests) {
            const item = request.PutRequest?.Item;
            if (!item) throw new Error("unmetered BatchWriteItem request");
            this.write(item, item, false);
          }
        }
        return {};
      }
      if (command instanceof TransactWriteCommand) {
        this.count("TransactWriteItems");
        for (const action of command.input.TransactItems ?? []) {
          if (action.Put?.Item) this.write(action.Put.Item, action.Put.Item, true);
          else if (action.Update) this.write(this.add(action.Update), action.Update.Key ?? {}, true);
          else if (action.Delete) this.write(undefined, action.Delete.Key ?? {}, true);
          else throw new Error("unmetered transaction action");
        }
        return {};
      }
      throw new Error(`unmetered DynamoDB request: ${(command as object).constructor.name}`);
    },
  };

  get documentClient(): DynamoDBDocumentClient {
    return this.client as unknown as DynamoDBDocumentClient;
  }
}

/** SQS bills each 64 KB chunk of a request's payload as one request. */
export const SQS_CHUNK_BYTES = 64 * 1024;

class MeteredQueue {
  requests = 0;
  messages: string[] = [];
  readonly client = {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) throw new Error("unmetered SQS request");
      const entries = command.input.Entries ?? [];
      const bytes = entries.reduce(
        (sum, e) =>
          sum +
          Buffer.byteLength(e.MessageBody ?? "", "utf8") +
          Object.entries(e.MessageAttributes ?? {}).reduce(
            (a, [name, v]) =>
              a +
              Buffer.byteLength(name) +
              Buffer.byteLength(v.DataType ?? "") +
              Buffer.byteLength(v.StringValue ?? ""),
            0,
          ),
        0,
      );
      this.requests += Math.max(1, Math.ceil(bytes / SQS_CHUNK_BYTES));
      this.messages.push(...entries.map((e) => e.MessageBody ?? ""));
      return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: e.Id })), Failed: [] };
    },
  };
}

/** Counts what the Comprehend adapter sends: documents and 100-character units per API. */
class MeteredComprehend {
  calls = { language: 0, sentiment: 0 };
  units = { language: 0, sentiment: 0 };
  documents = { language: 0, sentiment: 0 };
  readonly client = {
    send: async (command: unknown) => {
      if (command instanceof BatchDetectDominantLanguageCommand) {
        const texts = command.input.TextList ?? [];
        this.calls.language++;
        this.documents.language += texts.length;
        this.units.language += texts.reduce((sum, t) => sum + comprehendUnits(t), 0);
        return {
          ResultList: texts.map((t, i) => ({
            Index: i,
            Languages: [{ LanguageCode: /[\u3400-\u9fff]/.test(t) ? "zh" : "en", Score: 0.99 }],
          })),
          ErrorList: [],
        };
      }
      if (command instanceof BatchDetectSentimentCommand) {
        const texts = command.input.TextList ?? [];
        this.calls.sentiment++;
        this.documents.sentiment += texts.length;
        this.units.sentiment += texts.reduce((sum, t) => sum + comprehendUnits(t), 0);
        return {
          ResultList: texts.map((_, i) => ({
            Index: i,
            Sentiment: "NEUTRAL",
            SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.7, Mixed: 0.1 },
          })),
          ErrorList: [],
        };
      }
      throw new Error("unmetered Comprehend request");
    },
  };
}

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
  options: { itemsPerPost: number; now: Date },
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
  const table = new MeteredTable();
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
