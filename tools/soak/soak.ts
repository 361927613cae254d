/**
 * npm run soak [-- --items N --seed S --json FILE] — "nothing lost, proven". With `--surge` (and `--workers W`,
 * `--hold-ms MS`) it sends a burst straight onto the queue instead and reports how it drains (tools/soak/surge.ts).
 *
 * Sends N feedback items (NPS, CSAT and social, about 2 % duplicates and 2 % invalid) through the
 * public API while faults are injected, then audits what the pipeline kept:
 *
 *   - the application (gateway, SQS poller, real Lambda handlers: tools/soak/soak-app.ts) runs in a
 *     child process that is killed with SIGKILL mid-batch and started again; the durable parts
 *     (DynamoDB Local, the queues) live in this process, as SQS and DynamoDB outlive a Lambda;
 *   - DynamoDB is reached through a proxy that throttles, fails, leaves items unprocessed, cancels
 *     transactions and loses answers to applied writes during its windows (shared/local/chaos.ts);
 *   - the analyzer is Comprehend (ANALYZER=comprehend), played by a local endpoint that throttles,
 *     fails, answers late, drops connections and fails single documents during its windows;
 *   - a few malformed messages go straight onto the queue, as an upstream system might send them.
 *
 * The client behaves like a real one: it retries on connection errors and 5xx, drops the items a
 * 400 names and resends the rest, and counts an item accepted only when a 202 says so. Afterwards
 * (tools/soak/soak-check.ts): every accepted id is stored exactly once or sits in the DLQ with its
 * reason, weekly counters equal a recount, no invalid item got in, and the follow-up task
 * invariants hold. Exits non-zero on any violation. tests/e2e/soak.test.ts runs a small one in CI.
 *
 * This file runs it; the parts: options.ts (scenarios), workload.ts (the items), app-process.ts (the
 * application's process), fault-schedule.ts (kills and fault windows), client.ts (the load), queue.ts,
 * soak-check.ts (the audit) and report.ts.
 */
// First: the functions' log level and the SDK's Node notice, as for the CLI (tools/cli/process-defaults.ts).
import "../cli/process-defaults.ts";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  type AnalyzerFault,
  type FaultInjector,
  type StoreFault,
  startDynamoFaultProxy,
  startFakeComprehend,
} from "#shared/local/chaos";
import { ensureTable, freePortBlock, LOCAL_AWS_ENV } from "#shared/local/engines";
import type { AttachedEngines } from "#shared/local/stack";
import { table } from "#shared/platform/resources";
import { prng } from "../seeded-random.ts";
import { SoakClient } from "./client.ts";
import { startConflictProxy } from "./conflict-proxy.ts";
import { faultSchedule } from "./fault-schedule.ts";
import { defaultSoak, type SoakOptions } from "./options.ts";
import { drained, putPoison, type QueueDepth, queueDepth } from "./queue.ts";
import { formatReport, type SoakReport } from "./report.ts";
import type { SoakAppConfig } from "./soak-app.ts";
import { checkSoak } from "./soak-check.ts";
import { SoakChild } from "./soak-child.ts";
import type { SoakEnginesConfig } from "./soak-engines.ts";
import { formatSurgeReport, runSurge } from "./surge.ts";
import { INVALID_PREFIX, workload } from "./workload.ts";

export { ciSoak, defaultSoak, type FaultWindow, type SoakOptions } from "./options.ts";
export { formatReport, reportRows, type SoakReport } from "./report.ts";
export { formatSurgeReport, runSurge, type SurgeOptions, type SurgeReport } from "./surge.ts";

const API_KEY = "soak-key";

const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

export const runSoak = async (options: SoakOptions): Promise<SoakReport> => {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 20_261_125;
  const started = Date.now();
  const violations: string[] = [];
  const { items, requests } = workload({
    items: options.items,
    seed,
    duplicateRate: options.duplicateRate ?? 0.02,
    invalidRate: options.invalidRate ?? 0.02,
  });

  const work = mkdtempSync(join(tmpdir(), "hearback-soak-"));
  const logFile = join(work, "app.log");
  const logs = createWriteStream(logFile, { flags: "a" });
  const stops: Array<() => Promise<void>> = [];
  const random = prng(seed ^ 0x5eed);
  let keepLogs = false;
  try {
    // The durable half: DynamoDB Local (data on disk) and the journaled queues, in a child process of
    // their own on fixed ports, so a whole-stack kill takes them down too and they come back on the same data.
    // Below the ephemeral range: nothing else takes them while the engines are down after a kill.
    const enginePorts = await freePortBlock(3);
    const engines = new SoakChild<AttachedEngines>(
      "engines",
      new URL("./soak-engines.ts", import.meta.url),
      {
        dynamoPort: enginePorts,
        queuePort: enginePorts + 1,
        dataDir: join(work, "dynamodb"),
        journalFile: join(work, "queue-journal.jsonl"),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10,
      } satisfies SoakEnginesConfig,
      logs,
      log,
    );
    stops.push(() => engines.stop());
    const endpoints = await engines.start();
    const dynamo = { endpoint: endpoints.dynamoEndpoint };
    await ensureTable(dynamo.endpoint, table.localName);
    // DynamoDB Local runs transactions one at a time and never cancels one for a conflict; the conflict proxy
    // plays DynamoDB's (tools/soak/conflict-proxy.ts), under the fault proxy, so retries meet faults and kills.
    const conflicts = await startConflictProxy({ target: dynamo.endpoint, holdMs: options.conflictHoldMs ?? 25 });
    stops.push(conflicts.stop);
    const store: FaultInjector<StoreFault> = await startDynamoFaultProxy({ target: conflicts.url, random });
    const comprehend: FaultInjector<AnalyzerFault> = await startFakeComprehend({
      random,
      timeoutMs: options.analyzerTimeoutMs ?? 2_000,
    });
    stops.push(store.stop, comprehend.stop);
    const region = LOCAL_AWS_ENV.AWS_REGION;
    const sqs = new SQSClient({ endpoint: endpoints.sqsEndpoint, region, credentials, useQueueUrlAsEndpoint: false });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials }));
    stops.push(async () => {
      sqs.destroy();
      db.destroy();
    });

    const app = new SoakChild<string>(
      "app",
      new URL("./soak-app.ts", import.meta.url),
      {
        port: enginePorts + 2,
        apiKey: API_KEY,
        engines: {
          dynamoEndpoint: store.url,
          sqsEndpoint: endpoints.sqsEndpoint,
          queueUrl: endpoints.queueUrl,
          deadLetterQueueUrl: endpoints.deadLetterQueueUrl,
          tableName: table.localName,
        },
        workerConcurrency: options.workerConcurrency ?? 4,
        env: {
          ANALYZER: "comprehend",
          AWS_ENDPOINT_URL_COMPREHEND: comprehend.url,
          EVENTS_FILE: join(work, "events.jsonl"),
          POWERTOOLS_LOG_LEVEL: "WARN",
        },
      } satisfies SoakAppConfig,
      logs,
      log,
    );
    stops.push(() => app.stop());
    await app.start();
    log(`app up at ${app.ready}; ${items.length} items in ${requests.length} requests`);

    // Malformed messages from an "upstream system", straight onto the queue.
    const poison = await putPoison(sqs, endpoints.queueUrl, Math.max(2, Math.round(options.items / 2_000)));

    // Queue depth, watched throughout: the client's backpressure, the kills' "in flight" and the drain.
    let depth: QueueDepth = { visible: 0, inFlight: 0 };
    const readDepth = async () => {
      depth = await queueDepth(sqs, endpoints.queueUrl);
      return depth;
    };

    const schedule = faultSchedule(options, {
      items: items.length,
      app,
      engines,
      store,
      analyzer: comprehend,
      inFlight: async () => (await readDepth()).inFlight,
      log,
    });
    const client = new SoakClient({
      url: () => app.ready ?? "",
      apiKey: API_KEY,
      backlog: () => depth.visible + depth.inFlight,
      maxBacklog: options.maxBacklog ?? 2_000,
      random,
      violations,
      onAnswered: schedule.fire,
    });

    const depthWatch = setInterval(() => void readDepth().catch(() => undefined), 200);
    const progress = setInterval(
      () =>
        log(
          `${Math.round((100 * client.answered) / items.length)} % answered, ${client.accepted.size} accepted, queue ${depth.visible} + ${depth.inFlight} in flight`,
        ),
      5_000,
    );
    const sendStart = Date.now();
    await client.sendAll(requests, options.concurrency ?? 6);
    const sendSeconds = (Date.now() - sendStart) / 1_000;
    await schedule.settled();

    const drainStart = Date.now();
    const drainTimeoutMs = options.drainTimeoutMs ?? 180_000;
    if (!(await drained(readDepth, drainTimeoutMs)))
      violations.push(`the queue did not drain in ${drainTimeoutMs / 1_000} s`);
    const drainSeconds = (Date.now() - drainStart) / 1_000;
    clearInterval(depthWatch);
    clearInterval(progress);
    const processedSeconds = (Date.now() - sendStart) / 1_000;
    await app.stop();

    const duplicated = new Set([...client.sentTimes].filter(([, n]) => n > 1).map(([id]) => id));
    const verdict = await checkSoak(
      { db, sqs, tableName: table.localName, deadLetterQueueUrl: endpoints.deadLetterQueueUrl },
      {
        accepted: client.accepted,
        duplicated,
        invalidIds: new Set(items.flatMap((i) => (i.kind === "invalid" && i.id !== undefined ? [i.id] : []))),
        invalidSourcePrefix: INVALID_PREFIX,
        poison,
        sent: new Map(items.flatMap((i) => (i.kind === "invalid" ? [] : [[i.id, i.body] as const]))),
      },
    );
    violations.push(...verdict.violations);
    if (app.unexpectedExits > 0) violations.push(`the application crashed ${app.unexpectedExits} time(s) on its own`);
    if (engines.unexpectedExits > 0)
      violations.push(`the engines crashed ${engines.unexpectedExits} time(s) on their own`);
    const sumOf = (r: Partial<Record<string, number>>, keys?: readonly string[]) =>
      Object.entries(r).reduce((n, [k, v]) => (keys && !keys.includes(k) ? n : n + (v ?? 0)), 0);
    keepLogs = violations.length + verdict.followUpViolations.length > 0;
    if (keepLogs) log(`application log kept at ${logFile}`);
    return {
      items: items.length,
      requests: requests.length,
      clientRetries: client.retries,
      accepted: client.accepted.size,
      answeredDuplicate: client.answeredDuplicate,
      duplicatesSent: items.filter((i) => i.kind === "duplicate").length,
      invalidSent: items.filter((i) => i.kind === "invalid").length,
      invalidRejected: client.invalidRejected,
      poisonSent: poison.size,
      kills: schedule.kills,
      appStarts: app.starts,
      engineStarts: engines.starts,
      unexpectedAppExits: app.unexpectedExits,
      storeFaults: store.injected(),
      storeWrites: sumOf(store.requests(), [
        "TransactWriteItems",
        "BatchWriteItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
      ]),
      storeRequests: store.requests(),
      transactionConflicts: conflicts.stats(),
      analyzerFaults: comprehend.injected(),
      analyzerCalls: sumOf(comprehend.requests()),
      sendSeconds,
      drainSeconds,
      elapsedSeconds: (Date.now() - started) / 1_000,
      itemsPerSecond: verdict.stored / processedSeconds,
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

const main = async () => {
  const { values } = parseArgs({
    options: {
      items: { type: "string", default: "20000" },
      seed: { type: "string" },
      json: { type: "string" },
      surge: { type: "boolean", default: false },
      workers: { type: "string", default: "4" },
      "hold-ms": { type: "string", default: "25" },
    },
  });
  const items = Number(values.items);
  if (!Number.isInteger(items) || items < 100) throw new Error("--items must be a whole number of at least 100");
  if (values.surge) {
    const report = await runSurge({
      items,
      workers: Number(values.workers),
      holdMs: Number(values["hold-ms"]),
      ...(values.seed !== undefined && { seed: Number(values.seed) }),
      log: (line) => console.error(`[surge] ${line}`),
    });
    console.log(formatSurgeReport(report));
    if (values.json)
      writeFileSync(
        values.json,
        `${JSON.stringify({ ...report, verdict: { ...report.verdict, deadLetters: report.verdict.deadLetters.length } }, null, 2)}\n`,
      );
    process.exitCode = report.violations.length + report.followUpViolations.length === 0 ? 0 : 1;
    return;
  }
  const report = await runSoak({
    ...defaultSoak(items),
    ...(values.seed !== undefined && { seed: Number(values.seed) }),
    log: (line) => console.error(`[soak] ${line}`),
  });
  console.log(formatReport(report));
  if (values.json)
    writeFileSync(
      values.json,
      `${JSON.stringify({ ...report, verdict: { ...report.verdict, deadLetters: report.verdict.deadLetters.length } }, null, 2)}\n`,
    );
  process.exitCode = report.violations.length + report.followUpViolations.length === 0 ? 0 : 1;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main().catch((error: unknown) => {
    console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
