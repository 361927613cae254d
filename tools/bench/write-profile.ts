/**
 * What the scale model (bench/scale-model.ts) needs to know about the worker's writes, read off the code rather than
 * assumed: the demo week goes through hearback's own enrich and follow-up code against the metering stand-in
 * (bench/pipeline-usage.ts), and every write it made is sorted out here: the transactions per batch and their size,
 * which shared counter rows each item adds to, how many transactions touch the week's follow-up loop row, and which
 * partition keys every item lands on whatever its id (the week's counters, the day's feed index, the active tasks).
 *
 * `profileFromWrites` is pure (a list of writes and records in, a profile out); `measureWriteProfile` runs the code.
 */
import { readFileSync } from "node:fs";
import { countersOf } from "#shared/feedback/model/counters";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { LOOP_KEY } from "#shared/follow-up/model/loop";
import { demoWeek } from "#shared/local/demo-data";
import { MeteredTable, type MeteredWrite } from "./metered-aws.ts";
import { measurePipelineUsage, type PipelineUsage } from "./pipeline-usage.ts";

/** A partition key that every item (or every task) writes to, whatever its id: one partition takes all of them. */
export interface SharedPartition {
  /** "table" or the index name. */
  where: string;
  /** The key with its date or week replaced by a placeholder: in a surge every item has the same day and week. */
  key: string;
  /** Write units it takes per stored item. */
  wcuPerItem: number;
  /** Its sort keys start with a timestamp: new writes all land at one end of the key range. */
  timeOrderedSortKey: boolean;
}

export interface WriteProfile {
  items: number;
  batchSize: number;
  /** DynamoDB requests per batch, made one after another, by kind. */
  requestsPerBatch: { transactions: number; other: number };
  /** Transactions that store records (records, originals, their counters summed per row). */
  /** `wru`: the table's write units of one (its index entries left out: a cancelled attempt writes none). */
  recordTransactions: { perBatch: number; meanActions: number; maxActions: number; wru: number };
  /**
   * Transactions that add to the week's follow-up loop row (a task opened, a recovery counted): one row per week
   * that every one of them updates, and a conflict on it fails the worker's whole batch (no retry in the task store).
   */
  loopTransactionsPerItem: number;
  loopTransactionWru: number;
  /**
   * Tasks opened and recoveries counted per item: each was a transaction of its own on the loop row before the
   * worker saved a batch's tasks together (the design as committed before issue 17 item 2).
   */
  tasksOpenedPerItem: number;
  recoveriesPerItem: number;
  /** Per counter row (its key without the week): the share of items that add to it. */
  counterRowShares: Array<{ row: string; share: number }>;
  /** Write units of one counter row update inside a transaction (1 KB rounding, doubled). */
  counterRowWcu: number;
  /** Write units per item into the week's counter partition (all its rows: one partition key until split). */
  counterWcuPerItem: number;
  sharedPartitions: SharedPartition[];
  /** Per item, edge and worker together (the table's quota counts both). */
  wruPerItem: number;
  rruPerItem: number;
}

const DAY = /\d{4}-\d{2}-\d{2}/g;
const WEEK = /\d{4}-W\d{2}/g;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;
const placeholders = (key: string) => key.replace(WEEK, "<week>").replace(DAY, "<day>");
const isCounter = (w: MeteredWrite) => w.key.PK.startsWith("AGG#");
/** The counter row a (sharded) counter item belongs to: "loop#all#7" and "loop#all" are both "loop#all". */
const counterRow = (sk: string) => sk.split("#").slice(0, 2).join("#");
const isRecord = (w: MeteredWrite) => w.key.PK.startsWith("FB#");
/**
 * A key counts as shared when index entries or items of at least this share of the stored items land on it; keys of
 * one customer or one task stay far below (a customer writes a few times a week, not a tenth of all feedback).
 */
const SHARED_SHARE = 0.1;

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** Sorts a worker run's writes into the profile. Pure. */
export const profileFromWrites = (input: {
  writes: readonly MeteredWrite[];
  /** The stored records (their counters are what each item adds to which row). */
  records: ReadonlyArray<Parameters<typeof countersOf>[0]>;
  usage: PipelineUsage;
}): WriteProfile => {
  const { writes, records, usage } = input;
  const items = records.length;
  if (items === 0) throw new Error("profileFromWrites needs stored records");
  const batches = items / usage.worker.batchSize;

  const byRequest = new Map<number, MeteredWrite[]>();
  for (const w of writes) {
    if (w.operation !== "TransactWriteItems") continue;
    byRequest.set(w.request, [...(byRequest.get(w.request) ?? []), w]);
  }
  const transactions = [...byRequest.values()];
  const recordTransactions = transactions.filter((t) => t.some(isRecord));
  const loopTransactions = transactions.filter(
    (t) => !t.some(isRecord) && t.some((w) => isCounter(w) && counterRow(w.key.SK) === LOOP_KEY),
  );

  const shares = new Map<string, number>();
  for (const record of records) {
    for (const row of new Set(countersOf(record).map((c) => c.key))) shares.set(row, (shares.get(row) ?? 0) + 1);
  }

  // Which partition keys take units from many different items: the table's own keys and each index's.
  const landings = new Map<
    string,
    { where: string; key: string; units: number; from: Set<string>; sortKeys: string[] }
  >();
  const land = (where: string, rawKey: string, sortKey: string, units: number, from: readonly string[]) => {
    const key = placeholders(rawKey);
    const id = `${where}\u0000${key}`;
    const entry = landings.get(id) ?? { where, key, units: 0, from: new Set<string>(), sortKeys: [] };
    entry.units += units;
    for (const f of from) entry.from.add(f);
    entry.sortKeys.push(sortKey);
    landings.set(id, entry);
  };
  // Counter rows are shared by construction: a counter write adds for every item its transaction carries.
  const itemsOfRequest = new Map<number, string[]>();
  for (const w of writes) {
    if (!isCounter(w)) itemsOfRequest.set(w.request, [...(itemsOfRequest.get(w.request) ?? []), w.key.PK]);
  }
  for (const w of writes) {
    land("table", w.key.PK, w.key.SK, w.units, isCounter(w) ? (itemsOfRequest.get(w.request) ?? []) : [w.key.PK]);
    for (const e of w.indexEntries) land(e.index, e.partitionKey, e.sortKey, e.units, [w.key.PK]);
  }
  const sharedPartitions = [...landings.values()]
    .filter((l) => l.from.size >= Math.max(2, SHARED_SHARE * items))
    .map((l) => ({
      where: l.where,
      key: l.key,
      wcuPerItem: round(l.units / items),
      timeOrderedSortKey: l.sortKeys.every((k) => TIMESTAMP.test(k)),
    }))
    .sort((a, b) => b.wcuPerItem - a.wcuPerItem);

  const counterWrites = writes.filter(isCounter);
  const actions = recordTransactions.map((t) => t.length);
  const meanUnits = (ts: MeteredWrite[][]) =>
    round(ts.reduce((s, t) => s + t.reduce((u, w) => u + w.units, 0), 0) / Math.max(1, ts.length), 2);
  const transactionRequests = usage.worker.requests.TransactWriteItems ?? 0;
  const allRequests = Object.values(usage.worker.requests).reduce((s, n) => s + n, 0);
  return {
    items,
    batchSize: usage.worker.batchSize,
    requestsPerBatch: {
      transactions: round(transactionRequests / batches, 2),
      other: round((allRequests - transactionRequests) / batches, 2),
    },
    recordTransactions: {
      perBatch: round(recordTransactions.length / batches, 2),
      meanActions: round(actions.reduce((s, n) => s + n, 0) / Math.max(1, actions.length), 1),
      maxActions: Math.max(0, ...actions),
      wru: meanUnits(recordTransactions),
    },
    loopTransactionsPerItem: round(loopTransactions.length / items),
    loopTransactionWru: meanUnits(loopTransactions),
    tasksOpenedPerItem: round(
      writes.filter((w) => w.key.PK.startsWith("TASK#") && w.change === "create").length / items,
    ),
    recoveriesPerItem: round(
      writes.filter((w) => w.transactional && w.key.SK === "RECOVERY" && w.change === "delete").length / items,
    ),
    counterRowShares: [...shares]
      .map(([row, n]) => ({ row, share: round(n / items) }))
      .sort((a, b) => b.share - a.share || a.row.localeCompare(b.row)),
    counterRowWcu: Math.max(0, ...counterWrites.map((w) => w.units)),
    counterWcuPerItem: round(counterWrites.reduce((s, w) => s + w.units, 0) / items),
    sharedPartitions,
    wruPerItem: round(usage.edge.wruPerItem + usage.worker.wruPerItem),
    rruPerItem: round(usage.edge.rruPerItem + usage.worker.rruPerItem),
  };
};

/** Runs the demo week (120 items, three channels, one item per POST) through the real worker code and profiles it. */
export const measureWriteProfile = async (
  now = new Date("2026-11-25T12:00:00Z"),
): Promise<{ profile: WriteProfile; usage: PipelineUsage }> => {
  const table = new MeteredTable();
  const usage = await measurePipelineUsage(demoWeek(now), { itemsPerPost: 1, now, workerTable: table });
  const records = [...table.items.values()].flatMap((item) => {
    if (!String(item.PK).startsWith("FB#") || item.SK !== "FEEDBACK") return [];
    const parsed = StoredFeedback.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  return { profile: profileFromWrites({ writes: table.writes, records, usage }), usage };
};

/**
 * The profile of the design as committed before issue 17 item 2 (151d976: one row per counter, each task opened and
 * each recovery counted in a transaction of its own), measured once on that tree with this file: the code that
 * wrote it is gone, so it cannot be read off again. scale-profile-151d976.json says how it was made.
 */
export const BEFORE_ITEM_2 = new URL("scale-profile-151d976.json", import.meta.url);

export const readProfileFile = (file: URL): { commit: string; profile: WriteProfile; usage: PipelineUsage } => {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<{
    commit: string;
    profile: WriteProfile;
    usage: PipelineUsage;
  }>;
  if (!parsed.commit || !parsed.profile?.counterRowShares || !parsed.usage?.worker) {
    throw new Error(`${file.pathname} is not a write profile (commit, profile, usage)`);
  }
  return { commit: parsed.commit, profile: parsed.profile, usage: parsed.usage };
};
