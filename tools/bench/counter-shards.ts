/**
 * npx tsx tools/bench/counter-shards.ts [--items 4000] [--writers 8] [--shards 1,4,16] [--runs 1] [--hold-ms 25]
 *
 * Issue 17, item 2: what splitting each weekly counter row into K shards does to concurrent workers. For each K,
 * W workers share one backlog of the soak's workload (NPS, CSAT and social, Chinese and English, eight weeks, most
 * of it in the last three days) and run the real worker passes on batches of 25 (prepareBatch, storeBatch:
 * analysis, follow-up tasks with their loop counts, the records' transaction with their counters) against one
 * DynamoDB Local. DynamoDB Local runs transactions one at a time and never reports a conflict, so it sits behind
 * tools/soak/conflict-proxy.ts, which cancels a transaction naming an item another one took less than `--hold-ms`
 * ago with TransactionConflict, as DynamoDB does (0 turns it off). Each K gets a fresh table, after a warm-up of
 * the JVM and the code. A batch whose records could not be stored goes back on the backlog, as the queue would
 * redeliver it.
 *
 * Reported per K: items/s, TransactWriteItems sent, those cancelled by a conflict (counted where the adapters catch
 * them), deliveries that failed and went back, and the check that matters: every weekly counter row (all its shards
 * summed) equals a recount from the stored records, and every task is counted once as opened. Then the read side:
 * the busiest week's counters read back (one Query), with the items it returned and its consumed capacity.
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { type EnrichDeps, prepareBatch, type QueueRecord, storeBatch } from "#shared/enrich/enrich-batch";
import { enrichedStore } from "#shared/enrich/wiring";
import { countersOf, mergeCounters } from "#shared/feedback/model/counters";
import { FeedbackInput, type StoredFeedback } from "#shared/feedback/model/schema";
import { weeklyCounters } from "#shared/feedback/wiring";
import { LOOP_KEY } from "#shared/follow-up/model/loop";
import { followUpRules } from "#shared/follow-up/model/rules";
import { taskStore } from "#shared/follow-up/wiring";
import { ensureTable, LOCAL_AWS_ENV, startDynamoDbLocal } from "#shared/local/engines";
import { counterRowOf, weekOf, weekPartition } from "#shared/platform/table-keys";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { prng } from "../seeded-random.ts";
import { startConflictProxy } from "../soak/conflict-proxy.ts";
import { scanAll } from "../soak/soak-check.ts";
import { workload } from "../soak/workload.ts";

export interface ContentionRow {
  shards: number;
  writers: number;
  /** The conflict proxy's hold (0: DynamoDB Local alone, which never reports a conflict). */
  holdMs: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  transactions: number;
  /** Transactions cancelled by TransactionConflict: the records' (with the counters) and the tasks' (loop row). */
  conflicts: { feedback: number; tasks: number };
  conflictRate: number;
  /** Deliveries (records) whose batch failed to store them and went back to the backlog. */
  redelivered: number;
  counterRows: number;
  counterItems: number;
  counterMismatches: number;
  tasksOpened: number;
  tasksCountedOpened: number;
  /** The busiest week read back as the digest reads it: one Query. */
  read: { week: string; items: number; capacityUnits: number | undefined; ms: number };
}

const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

/** The backlog as queue records: the workload's items as the edge would have queued them. */
const backlog = (items: number, seed: number): QueueRecord[] => {
  const receivedAt = new Date().toISOString();
  return workload({ items, seed, duplicateRate: 0, invalidRate: 0 }).items.map((item, i) => ({
    messageId: `m-${i}`,
    body: JSON.stringify({ id: item.id, receivedAt, input: FeedbackInput.parse(item.body) }),
    receiveCount: 1,
  }));
};

const runOne = async (
  endpoint: string,
  opts: { shards: number; writers: number; items: number; seed: number; holdMs: number },
): Promise<ContentionRow> => {
  const tableName = `counter-shards-${opts.shards}-${Date.now()}`;
  await ensureTable(endpoint, tableName);
  const proxy = await startConflictProxy({ target: endpoint, holdMs: opts.holdMs });
  const client = new DynamoDBClient({ endpoint: proxy.url, region: LOCAL_AWS_ENV.AWS_REGION, credentials });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const random = prng(opts.seed ^ opts.shards);
  const pick = () => Math.floor(random() * opts.shards);
  const conflicts = { feedback: 0, tasks: 0 };
  const rules = followUpRules();
  const deps: EnrichDeps = {
    store: enrichedStore({ TABLE_NAME: tableName }, db, {
      counterShard: pick,
      onConflict: () => {
        conflicts.feedback++;
      },
    }),
    queue: { deadLetter: async () => undefined },
    analyzer: new LocalAnalyzer(),
    taxonomy: defaultTaxonomy,
    now: () => new Date(),
    followUp: {
      tasks: taskStore({ TABLE_NAME: tableName }, rules, db, {
        counterShard: pick,
        onConflict: () => {
          conflicts.tasks++;
        },
      }),
      rules,
      taxonomy: defaultTaxonomy,
    },
    maxReceiveCount: 1_000,
  };

  const queue = backlog(opts.items, opts.seed);
  let redelivered = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.writers }, async () => {
      for (let batch = queue.splice(0, 25); batch.length > 0; batch = queue.splice(0, 25)) {
        const prepared = await prepareBatch(batch, deps);
        await storeBatch(prepared, deps);
        for (const record of batch) {
          const p = prepared.get(record.messageId);
          const done = p?.kind === "saved" || p?.kind === "already-stored";
          if (done) continue;
          redelivered++;
          queue.push({ ...record, receiveCount: record.receiveCount + 1 });
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const { transactions } = proxy.stats();

  // The audit: every counter row, its shards summed, against a recount of the stored records.
  const items = await scanAll(db, tableName);
  const records = items.filter((i) => String(i.SK) === "FEEDBACK") as unknown as StoredFeedback[];
  const counted = new Map<string, Record<string, number>>();
  let counterItems = 0;
  let tasksCountedOpened = 0;
  const tasksOpened = items.filter((i) => String(i.SK) === "TASK").length;
  for (const item of items) {
    const pk = String(item.PK);
    if (!pk.startsWith("AGG#")) continue;
    counterItems++;
    const { PK: _pk, SK, ...counts } = item;
    const row = counterRowOf(SK);
    if (row === LOOP_KEY) {
      tasksCountedOpened += Number(counts.opened ?? 0);
      continue;
    }
    const sum = counted.get(`${weekOf(pk)}|${row}`) ?? {};
    for (const [name, value] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + Number(value);
    counted.set(`${weekOf(pk)}|${row}`, sum);
  }
  const recount = new Map(
    mergeCounters(records.flatMap((r) => countersOf(r))).map((c) => [`${c.week}|${c.key}`, c.add]),
  );
  let counterMismatches = 0;
  for (const key of new Set([...recount.keys(), ...counted.keys()])) {
    const want = recount.get(key) ?? {};
    const have = counted.get(key) ?? {};
    const attrs = new Set([...Object.keys(want), ...Object.keys(have)]);
    if ([...attrs].some((a) => (want[a] ?? 0) !== (have[a] ?? 0))) counterMismatches++;
  }

  // The read side: the busiest week, as the digest reads it.
  const weeks = new Map<string, number>();
  for (const r of records) weeks.set(r.week, (weeks.get(r.week) ?? 0) + 1);
  const week = [...weeks].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const readStarted = performance.now();
  await weeklyCounters({ TABLE_NAME: tableName }, db).weeklyCounters(week);
  const ms = performance.now() - readStarted;
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": weekPartition(week) },
      ReturnConsumedCapacity: "TOTAL",
    }),
  );
  db.destroy();
  await proxy.stop();
  return {
    shards: opts.shards,
    writers: opts.writers,
    holdMs: opts.holdMs,
    items: records.length,
    seconds: Number(seconds.toFixed(1)),
    itemsPerSecond: Math.round(records.length / seconds),
    transactions,
    conflicts,
    conflictRate: Number(((conflicts.feedback + conflicts.tasks) / Math.max(1, transactions)).toFixed(3)),
    redelivered,
    counterRows: counted.size,
    counterItems,
    counterMismatches,
    tasksOpened,
    tasksCountedOpened,
    read: {
      week,
      items: out.Count ?? 0,
      capacityUnits: out.ConsumedCapacity?.CapacityUnits,
      ms: Number(ms.toFixed(1)),
    },
  };
};

export const runCounterShardBench = async (opts: {
  items: number;
  writers: number;
  shards: readonly number[];
  runs: number;
  seed: number;
  holdMs: number;
  log?: (line: string) => void;
}): Promise<ContentionRow[]> => {
  const engine = await startDynamoDbLocal({});
  try {
    // Warm-up: the first table's run also pays for the JVM's and the code's warm-up; not measured.
    await runOne(engine.endpoint, { ...opts, items: Math.min(500, opts.items), shards: 1 });
    const rows: ContentionRow[] = [];
    for (let run = 0; run < opts.runs; run++)
      for (const shards of opts.shards) {
        const row = await runOne(engine.endpoint, { ...opts, shards, seed: opts.seed + run });
        opts.log?.(JSON.stringify(row));
        rows.push(row);
      }
    return rows;
  } finally {
    await engine.stop();
  }
};

const main = async () => {
  const { values } = parseArgs({
    options: {
      items: { type: "string", default: "4000" },
      writers: { type: "string", default: "8" },
      shards: { type: "string", default: "1,4,16" },
      runs: { type: "string", default: "1" },
      seed: { type: "string", default: "20261125" },
      "hold-ms": { type: "string", default: "25" },
    },
  });
  const rows = await runCounterShardBench({
    items: Number(values.items),
    writers: Number(values.writers),
    shards: String(values.shards).split(",").map(Number),
    runs: Number(values.runs),
    seed: Number(values.seed),
    holdMs: Number(values["hold-ms"]),
    log: (line) => console.error(line),
  });
  console.table(
    rows.map((r) => ({
      K: r.shards,
      "hold ms": r.holdMs,
      writers: r.writers,
      "items/s": r.itemsPerSecond,
      s: r.seconds,
      transactions: r.transactions,
      "conflicts (records/tasks)": `${r.conflicts.feedback}/${r.conflicts.tasks}`,
      "conflict rate": r.conflictRate,
      redelivered: r.redelivered,
      "rows = recount": `${r.counterRows - r.counterMismatches}/${r.counterRows}`,
      "opened counted/tasks": `${r.tasksCountedOpened}/${r.tasksOpened}`,
      "week read: items, RCU, ms": `${r.read.items}, ${r.read.capacityUnits ?? "?"}, ${r.read.ms}`,
    })),
  );
};

if (process.argv[1]?.endsWith("counter-shards.ts")) await main();
