/**
 * npm run soak -- --surge [--items N] [--workers W] [--hold-ms MS] [--seed S] [--json FILE]
 *
 * Issue 17, item 4: a burst straight onto the ingest queue, as an upstream system (or a backlog released at once)
 * would put it there, while the worker runs. N items (default 20,000; NPS, CSAT and social, Chinese and English,
 * about 2 % sent twice) go onto the queue in SendMessageBatch calls as fast as the queue takes them, each stamped
 * with the time it was sent; the application (gateway, poller with W concurrent workers, the real handlers:
 * tools/soak/soak-app.ts) drains them into DynamoDB Local behind tools/soak/conflict-proxy.ts, which plays
 * DynamoDB's TransactionConflict (DynamoDB Local never reports one).
 *
 * Reported: how long the burst took to send and to drain, the queue's depth and the age of the oldest item not yet
 * stored over time (rebuilt afterwards from each record's receivedAt and storedAt), each item's wait, the worker's
 * deliveries handed back (retries) and redeliveries, the transactions cancelled by conflicts (counted where the
 * adapters catch them, read from the application's GET /metrics, and by the proxy), and the soak's invariants
 * (tools/soak/soak-check.ts): 0 lost, each item stored once, every weekly counter row (its shards summed) equal to
 * a recount, one active follow-up task per customer.
 */
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from "@aws-sdk/lib-dynamodb";
import { FeedbackInput, type QueuedFeedback } from "#shared/feedback/model/schema";
import { ingestQueue } from "#shared/ingest/wiring";
import { ensureTable, freePortBlock, LOCAL_AWS_ENV } from "#shared/local/engines";
import type { AttachedEngines } from "#shared/local/stack";
import { enrichWorker, table } from "#shared/platform/resources";
import { startConflictProxy } from "./conflict-proxy.ts";
import { drained, type QueueDepth, queueDepth } from "./queue.ts";
import type { SoakAppConfig } from "./soak-app.ts";
import { checkSoak } from "./soak-check.ts";
import { SoakChild } from "./soak-child.ts";
import type { SoakEnginesConfig } from "./soak-engines.ts";
import type { SurgeReport, SurgeSample } from "./surge-report.ts";
import { INVALID_PREFIX, workload } from "./workload.ts";

export { formatSurgeReport, type SurgeReport, type SurgeSample } from "./surge-report.ts";

export interface SurgeOptions {
  items: number;
  seed?: number;
  /** Concurrent workers polling the queue (Lambda's concurrent batches), default 4. */
  workers?: number;
  /** How long a transaction holds its items in the conflict proxy (default 25 ms; 0: no conflicts, as DynamoDB Local). */
  holdMs?: number;
  /** Chunks of 100 messages (10 SendMessageBatch calls each) sent at once (default 8). */
  senders?: number;
  /** Of the ingest queue (default 10 s): a batch that fails comes back this soon. */
  visibilityTimeoutSeconds?: number;
  /** How long the queue may take to empty after the burst is sent (default 600 s). */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
}

const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The adapters' TransactionConflicts counts by store, from the application's Prometheus text. */
const conflictsIn = (metrics: string) => {
  const of = (store: string) =>
    Number(
      new RegExp(`^hearback_transaction_conflicts_total\\{[^}]*store="${store}"[^}]*\\} (\\d+)`, "m").exec(
        metrics,
      )?.[1] ?? 0,
    );
  return { feedback: of("feedback"), tasks: of("tasks") };
};

/** When each stored record was sent (receivedAt) and stored (storedAt), in ms; and the counter shard items. */
const storedTimes = async (db: DynamoDBDocumentClient) => {
  const times: Array<{ sent: number; stored: number }> = [];
  let counterShardItems = 0;
  let lek: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: table.localName,
        ProjectionExpression: "PK, SK, receivedAt, storedAt",
        ...(lek && { ExclusiveStartKey: lek }),
      }),
    );
    for (const item of out.Items ?? []) {
      if (String(item.PK).startsWith("AGG#")) counterShardItems++;
      if (item.SK === "FEEDBACK")
        times.push({ sent: Date.parse(String(item.receivedAt)), stored: Date.parse(String(item.storedAt)) });
    }
    lek = out.LastEvaluatedKey;
  } while (lek);
  return { times, counterShardItems };
};

export const runSurge = async (options: SurgeOptions): Promise<SurgeReport> => {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 20_261_207;
  const workers = options.workers ?? 4;
  const holdMs = options.holdMs ?? 25;
  const violations: string[] = [];
  const { items } = workload({ items: options.items, seed, duplicateRate: 0.02, invalidRate: 0 });

  const work = mkdtempSync(join(tmpdir(), "hearback-surge-"));
  const logs = createWriteStream(join(work, "app.log"), { flags: "a" });
  const stops: Array<() => Promise<void>> = [];
  let keepLogs = false;
  try {
    const ports = await freePortBlock(3);
    const engines = new SoakChild<AttachedEngines>(
      "engines",
      new URL("./soak-engines.ts", import.meta.url),
      {
        dynamoPort: ports,
        queuePort: ports + 1,
        dataDir: join(work, "dynamodb"),
        journalFile: join(work, "queue-journal.jsonl"),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10,
      } satisfies SoakEnginesConfig,
      logs,
      log,
    );
    stops.push(() => engines.stop());
    const endpoints = await engines.start();
    await ensureTable(endpoints.dynamoEndpoint, table.localName);
    const proxy = await startConflictProxy({ target: endpoints.dynamoEndpoint, holdMs });
    stops.push(proxy.stop);
    const region = LOCAL_AWS_ENV.AWS_REGION;
    const sqs = new SQSClient({ endpoint: endpoints.sqsEndpoint, region, credentials, useQueueUrlAsEndpoint: false });
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: endpoints.dynamoEndpoint, region, credentials }),
    );
    stops.push(async () => {
      sqs.destroy();
      db.destroy();
    });

    const statsFile = join(work, "poller.json");
    const app = new SoakChild<string>(
      "app",
      new URL("./soak-app.ts", import.meta.url),
      {
        port: ports + 2,
        apiKey: "surge-key",
        engines: {
          dynamoEndpoint: proxy.url,
          sqsEndpoint: endpoints.sqsEndpoint,
          queueUrl: endpoints.queueUrl,
          deadLetterQueueUrl: endpoints.deadLetterQueueUrl,
          tableName: table.localName,
        },
        workerConcurrency: workers,
        env: { ANALYZER: "local", EVENTS_FILE: join(work, "events.jsonl"), POWERTOOLS_LOG_LEVEL: "WARN" },
        statsFile,
      } satisfies SoakAppConfig,
      logs,
      log,
    );
    stops.push(() => app.stop());
    await app.start();
    log(`app up at ${app.ready} with ${workers} workers; sending ${items.length} items onto the queue`);

    let depth: QueueDepth = { visible: 0, inFlight: 0 };
    const depths: Array<{ t: number; depth: QueueDepth }> = [];
    const queue = ingestQueue({ QUEUE_URL: endpoints.queueUrl, DLQ_URL: endpoints.deadLetterQueueUrl }, sqs);
    const sendStart = Date.now();
    const readDepth = async () => {
      depth = await queueDepth(sqs, endpoints.queueUrl);
      depths.push({ t: Date.now(), depth });
      return depth;
    };
    const watch = setInterval(() => void readDepth().catch(() => undefined), 1_000);
    const progress = setInterval(
      () =>
        log(`${Math.round((Date.now() - sendStart) / 1_000)} s: queue ${depth.visible} + ${depth.inFlight} in flight`),
      5_000,
    );

    // The burst: 100 messages a chunk (10 SendMessageBatch calls), `senders` chunks at once, each message stamped
    // with the moment its chunk went out, as the edge stamps what it accepts.
    const chunks: Array<typeof items> = [];
    for (let i = 0; i < items.length; i += 100) chunks.push(items.slice(i, i + 100));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, options.senders ?? 8) }, async () => {
        while (next < chunks.length) {
          const chunk = chunks[next++] ?? [];
          const receivedAt = new Date().toISOString();
          const messages: QueuedFeedback[] = chunk.map((item) => ({
            id: item.id as string,
            receivedAt,
            input: FeedbackInput.parse(item.body),
          }));
          await queue.send(messages);
        }
      }),
    );
    const sendEnd = Date.now();
    log(`sent ${items.length} in ${((sendEnd - sendStart) / 1_000).toFixed(1)} s`);

    if (!(await drained(readDepth, options.drainTimeoutMs ?? 600_000)))
      violations.push(`the queue did not drain in ${(options.drainTimeoutMs ?? 600_000) / 1_000} s`);
    clearInterval(watch);
    clearInterval(progress);
    const metrics = await fetch(`${app.ready}/metrics`)
      .then((r) => r.text())
      .catch(() => "");
    await app.stop();

    const sentTimes = new Map<string, number>();
    for (const item of items) sentTimes.set(item.id as string, (sentTimes.get(item.id as string) ?? 0) + 1);
    const verdict = await checkSoak(
      { db, sqs, tableName: table.localName, deadLetterQueueUrl: endpoints.deadLetterQueueUrl },
      {
        accepted: new Set(sentTimes.keys()),
        duplicated: new Set([...sentTimes].filter(([, n]) => n > 1).map(([id]) => id)),
        invalidIds: new Set(),
        invalidSourcePrefix: INVALID_PREFIX,
        poison: new Map(),
        sent: new Map(items.map((i) => [i.id as string, i.body])),
      },
    );
    violations.push(...verdict.violations);
    if (app.unexpectedExits > 0) violations.push(`the application crashed ${app.unexpectedExits} time(s) on its own`);

    const { times, counterShardItems } = await storedTimes(db);
    const lastStored = times.reduce((last, t) => Math.max(last, t.stored), sendEnd);
    const waits = times.map((t) => (t.stored - t.sent) / 1_000).sort((a, b) => a - b);
    // The oldest item not yet stored at each depth reading: sent by then, stored after.
    const samples: SurgeSample[] = depths.map(({ t, depth: d }) => {
      let oldest = t;
      for (const x of times) if (x.sent <= t && x.stored > t && x.sent < oldest) oldest = x.sent;
      return {
        at: round1((t - sendStart) / 1_000),
        visible: d.visible,
        inFlight: d.inFlight,
        oldestAge: round1((t - oldest) / 1_000),
      };
    });
    const stats = existsSync(statsFile)
      ? (JSON.parse(readFileSync(statsFile, "utf8")) as {
          batches: number;
          records: number;
          failures: number;
          crashes: number;
        })
      : { batches: 0, records: 0, failures: 0, crashes: 0 };
    keepLogs = violations.length + verdict.followUpViolations.length > 0;
    if (keepLogs) log(`application log kept at ${join(work, "app.log")}`);
    return {
      items: items.length,
      uniqueItems: sentTimes.size,
      sentTwice: items.length - sentTimes.size,
      workers,
      batchSize: enrichWorker.batchSize,
      holdMs,
      sendSeconds: round1((sendEnd - sendStart) / 1_000),
      drainSeconds: round1((lastStored - sendStart) / 1_000),
      afterSendSeconds: round1((lastStored - sendEnd) / 1_000),
      itemsPerSecond: Math.round(verdict.stored / ((lastStored - sendStart) / 1_000)),
      samples,
      maxDepth: samples.reduce((max, s) => Math.max(max, s.visible + s.inFlight), 0),
      maxOldestAge: samples.reduce((max, s) => Math.max(max, s.oldestAge), 0),
      wait: {
        p50: round1(quantile(waits, 0.5)),
        p90: round1(quantile(waits, 0.9)),
        p99: round1(quantile(waits, 0.99)),
        max: round1(waits.at(-1) ?? 0),
      },
      worker: {
        batches: stats.batches,
        deliveries: stats.records,
        handedBack: stats.failures,
        crashes: stats.crashes,
        redeliveries: Math.max(0, stats.records - items.length),
      },
      conflicts: conflictsIn(metrics),
      proxy: proxy.stats(),
      counterShardItems,
      verdict,
      violations,
      followUpViolations: verdict.followUpViolations,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    logs.end();
    if (!keepLogs) rmSync(work, { recursive: true, force: true });
  }
};
