/**
 * Recording stand-ins for the AWS clients hearback's adapters use, priced by the services' own metering rules:
 * DynamoDB item sizes, write and read units (transactions at twice the units, index writes), SQS's 64 KB
 * chunks, Comprehend's 100-character units. bench/pipeline-usage.ts runs the pipeline against them.
 */
import { BatchDetectDominantLanguageCommand, BatchDetectSentimentCommand } from "@aws-sdk/client-comprehend";
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { comprehendUnits } from "#shared/analysis/model/comprehend-cost";
import { table } from "#shared/platform/resources";

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

/** One metered write: where its units landed (the table's key, each index entry's key), for bench/write-profile.ts. */
export interface MeteredWrite {
  /** Which request wrote it (0, 1, 2, … in the order the adapters sent them) and what kind of request that was. */
  request: number;
  operation: string;
  key: { PK: string; SK: string };
  /** Whether the item was new, replaced or updated, or deleted. */
  change: "create" | "update" | "delete";
  /** Units charged to the table's item (already doubled in a transaction). */
  units: number;
  transactional: boolean;
  /** Index entries written or removed: the index, the entry's keys and its units (a moved entry is listed twice). */
  indexEntries: Array<{ index: string; partitionKey: string; sortKey: string; units: number }>;
}

/** DynamoDB meters writes and reads; this stand-in keeps items in memory and adds up what each request costs. */
export class MeteredTable {
  readonly items = new Map<string, Item>();
  /** Every write in order, with the keys that took its units (who shares a partition matters at scale). */
  readonly writes: MeteredWrite[] = [];
  private request = -1;
  private operation = "";
  wru = 0;
  rru = 0;
  /** Write units by what was written; index entries (GSI1, GSI2; projection ALL) on their own. */
  wruByKind: Record<string, number> = {};
  requests: Record<string, number> = {};

  /** What a key holds, in the adapters' key scheme. */
  static kindOf(key: Item): string {
    const pk = String(key.PK);
    if (pk.startsWith("FB#"))
      return key.SK === "ACCEPTED" ? "accepted marker" : key.SK === "ORIGINAL" ? "originals (expiring)" : "record";
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
    this.request++;
    this.operation = name;
  }

  /** A write to the table, its index entries, and (in a transaction) twice the table's units. */
  private write(item: Item | undefined, key: Item, transactional: boolean) {
    const before = this.items.get(MeteredTable.id(key));
    const units = Math.max(before ? writeUnits(before) : 0, item ? writeUnits(item) : 1);
    this.charge(MeteredTable.kindOf(key), units * (transactional ? 2 : 1));
    const indexEntries: MeteredWrite["indexEntries"] = [];
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
      const oneEntry = Math.max(before ? writeUnits(before) : 0, item ? writeUnits(item) : 0);
      this.charge("index entries", (moved ? 2 : 1) * oneEntry);
      const entry = (from: Item | undefined) => ({
        index: index.indexName,
        partitionKey: String(from?.[index.partitionKey]),
        sortKey: String(from?.[index.sortKey]),
        units: oneEntry,
      });
      if (old && (moved || !now)) indexEntries.push(entry(before));
      if (now && (moved || !old)) indexEntries.push(entry(item));
      if (old && now && !moved) indexEntries.push(entry(item));
    }
    this.writes.push({
      request: this.request,
      operation: this.operation,
      key: { PK: String(key.PK), SK: String(key.SK) },
      change: item === undefined ? "delete" : before === undefined ? "create" : "update",
      units: units * (transactional ? 2 : 1),
      transactional,
      indexEntries,
    });
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

export class MeteredQueue {
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
export class MeteredComprehend {
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
