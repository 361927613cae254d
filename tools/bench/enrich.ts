/**
 * The enrich part of `npm run bench` (`--only enrich`, `--profile` for the per-step table).
 *
 * Each run measures three rates on the same local engines, one after the other:
 *   enrich: the queue is filled through POST /v1/feedback with the poller paused, then the real
 *           poller and the real worker drain it: items/s from queue to analyzed, stored, counted,
 *           followed up and deleted.
 *   queue:  the same message bodies on a queue of their own in the same fauxqs, drained by the same
 *           poller (same batch size and concurrency) with a handler that does nothing: what
 *           receiving and deleting alone allow.
 *   store:  the same items enriched beforehand by the worker's own code (no follow-up), then written
 *           by the worker's store adapter in batches of the same size with the same concurrency
 *           (records, originals and counters summed per row, one transaction per group): what the
 *           store alone allows.
 * The worker cannot beat the slower of the two engines; `ratioToEngines` is how close it gets.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { EnrichedFeedback } from "#shared/enrich/model/enrich";
import { type BatchProfile, ENRICH_STEPS, type EnrichStep } from "#shared/enrich/profile";
import { enrichedStore } from "#shared/enrich/wiring";
import { ingestQueue } from "#shared/ingest/wiring";
import { demoWeek } from "#shared/local/demo-data";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { startPoller } from "#shared/local/poller";
import type { LocalStack } from "#shared/local/stack";
import { enrichWorker } from "#shared/platform/resources";
import { enrichBeforehand, inputsFor, queuedOf } from "./enrich-workload.ts";

export interface EnrichBenchOptions {
  runs: number;
  items: number;
  /** The local poller's concurrency the stack was started with. */
  concurrency: number;
  batchSize?: number;
  /** Time each step of every batch (shared/enrich/profile.ts). */
  profile: boolean;
  headers: Record<string, string>;
  /** CPU ms used so far by each process of interest; default this process and DynamoDB Local's JVM (Linux). */
  cpu?: (() => Record<string, number>) | undefined;
}

export interface EnrichStepRow {
  step: EnrichStep;
  /** Median over batches of the step's wall ms in one batch (0 where a batch had none of it). */
  medianMs: number;
  /** Mean ms per batch: these add up (overlapping steps aside) to the mean batch. */
  meanMs: number;
}

type CpuPerItem = Record<string, Record<string, number>>;

export interface EnrichBenchResult {
  itemsPerSecond: number;
  baselineQueueItemsPerSecond: number;
  baselineStoreItemsPerSecond: number;
  /** itemsPerSecond / the slower of the two baselines. */
  ratioToEngines: number;
  /** Each run's three rates, for the spread. */
  runs: Array<{ enrich: number; queue: number; store: number; cpuMsPerItem?: CpuPerItem }>;
  /**
   * Median CPU ms per item of each phase, by process ("node": the stack, worker and fauxqs; "dynamodb": DynamoDB
   * Local's JVM). Less sensitive to a loaded machine than the rates, and it shows where the cores went.
   */
  cpuMsPerItem?: CpuPerItem;
  itemsPerRun: number;
  batchSize: number;
  concurrency: number;
  profile?: {
    batches: number;
    medianRecordsPerBatch: number;
    p50BatchMs: number;
    p90BatchMs: number;
    meanBatchMs: number;
    steps: EnrichStepRow[];
  };
}

const median = (xs: readonly number[]) => quantile(xs, 0.5);
const quantile = (xs: readonly number[], q: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
};
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/**
 * CPU ms so far of this process and of DynamoDB Local (the java child the local stack started), read from
 * /proc; undefined where there is none (not Linux).
 */
const processCpu = (): (() => Record<string, number>) | undefined => {
  if (!existsSync("/proc/self/stat")) return undefined;
  const ticks = (pid: string) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
  };
  const java = readdirSync("/proc").find((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return ticks(pid).ppid === process.pid && readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "java";
    } catch {
      return false;
    }
  });
  return () => {
    const own = process.cpuUsage();
    return { node: (own.user + own.system) / 1_000, ...(java && { dynamodb: ticks(java).cpuMs }) };
  };
};
/** Runs before the counted ones (see runEnrichBench). */
const WARM_UP_RUNS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the queue is empty. Polls the queue only once the poller has handed out (nearly) every
 * message (`handedOut`), then often: the stack's 100 ms drain would be much of the error at a few thousand
 * items a second, and polling fauxqs all along would take its share of the worker's CPU.
 */
const drained = async (
  sqs: SQSClient,
  queueUrl: string,
  handedOut: () => boolean,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!handedOut()) {
      await sleep(20);
      continue;
    }
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    const left =
      Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (left === 0) return;
    await sleep(5);
  }
  throw new Error(`queue ${queueUrl} did not drain in ${timeoutMs} ms`);
};

export const runEnrichBench = async (
  stack: LocalStack,
  opts: EnrichBenchOptions,
  log: (line: string) => void = () => undefined,
): Promise<EnrichBenchResult> => {
  const batchSize = opts.batchSize ?? enrichWorker.batchSize;
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const sqs = new SQSClient({
    endpoint: stack.sqsEndpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials }),
  );
  const store = enrichedStore({ TABLE_NAME: stack.tableName }, db);
  // The local stack imported the worker in this process: the same module, so its hook reaches it.
  const worker = (await import("../../functions/queue/enrich-feedback.ts")) as {
    profileBatches: (sink: ((batch: BatchProfile) => void) | undefined) => void;
  };
  const week = demoWeek();
  const batches: BatchProfile[] = [];
  const rates: EnrichBenchResult["runs"] = [];
  const stamp = Date.now().toString(36);
  const cpuNow = opts.cpu ?? processCpu();

  try {
    // The first runs warm up and are not counted: DynamoDB Local's JVM runs its first few thousand transactions up
    // to twice as slowly while its JIT compiles them, and one warm-up run was not enough: the first counted enrich
    // run still came out 7-14 % below the next two (three benches), while the baselines measured after it were warm.
    for (let run = 1 - WARM_UP_RUNS; run <= opts.runs; run++) {
      const items = opts.items;
      // --- enrich: fill the queue through the API with the worker paused, then let it drain -------
      const inputs = inputsFor(week, items, `bench-${stamp}-${run}`);
      stack.poller.pause();
      for (let i = 0; i < inputs.length; i += 100) {
        const res = await fetch(`${stack.url}/v1/feedback`, {
          method: "POST",
          headers: opts.headers,
          body: JSON.stringify({ items: inputs.slice(i, i + 100) }),
        });
        if (res.status !== 202) throw new Error(`enrich load: ${res.status}`);
      }
      await sleep(200);
      if (opts.profile && run > 0) worker.profileBatches((batch) => batches.push(batch));
      const before = stack.poller.stats();
      const cpu: CpuPerItem = {};
      const phase = (name: string, since: Record<string, number> | undefined) => {
        const now = cpuNow?.();
        if (now && since)
          cpu[name] = Object.fromEntries(
            Object.entries(now).map(([k, v]) => [k, round((v - (since[k] ?? 0)) / items, 3)]),
          );
        return now;
      };
      let cpuAt = phase("", undefined);
      const started = performance.now();
      stack.poller.resume();
      // Long polls under way when the poller was paused may have taken the first batches already.
      const nearlyAll = items - batchSize * opts.concurrency;
      await drained(sqs, stack.queueUrl, () => stack.poller.stats().records - before.records >= nearlyAll, 600_000);
      const enrichRate = items / ((performance.now() - started) / 1_000);
      phase("enrich", cpuAt);
      worker.profileBatches(undefined);
      // The events the worker published (feedback.stored, task.opened) are delivered by the webhook function from a
      // queue of their own, as on AWS; it has to be done before the baselines run, or it takes their DynamoDB Local.
      if (stack.webhookQueueUrl !== undefined) await drained(sqs, stack.webhookQueueUrl, () => true, 600_000);
      const after = stack.poller.stats();
      if (after.failures > before.failures || after.crashes > before.crashes) {
        log(
          `enrich run ${run}: ${after.failures - before.failures} records retried, ${after.crashes - before.crashes} crashes`,
        );
      }

      // --- queue: the same bodies, received and deleted by the same poller doing nothing else ------
      const queued = queuedOf(inputsFor(week, items, `queue-${stamp}-${run}`), new Date().toISOString());
      const queueUrl =
        (await sqs.send(new CreateQueueCommand({ QueueName: `bench-queue-${stamp}-${run}` }))).QueueUrl ?? "";
      // Sent as the API sends them (the ingest queue's own adapter: batches of ten, emoji escaped).
      await ingestQueue({ QUEUE_URL: queueUrl, DLQ_URL: "" }, sqs).send(queued);
      stack.poller.pause();
      cpuAt = phase("", undefined);
      const queueStart = performance.now();
      const floor = startPoller({
        sqs,
        queueUrl,
        queueArn: `arn:aws:sqs:us-east-1:000000000000:bench-queue-${run}`,
        handler: async () => ({ batchItemFailures: [] }),
        concurrency: opts.concurrency,
        batchSize,
      });
      await drained(sqs, queueUrl, () => floor.stats().records >= items, 600_000);
      const queueRate = items / ((performance.now() - queueStart) / 1_000);
      phase("queue", cpuAt);
      await floor.stop();
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));

      // --- store: the same items, enriched beforehand, written the way the worker writes them ------
      const groups = await enrichBeforehand(
        queuedOf(inputsFor(week, items, `store-${stamp}-${run}`), new Date().toISOString()),
        batchSize,
      );
      cpuAt = phase("", undefined);
      const storeStart = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: opts.concurrency }, async () => {
          while (next < groups.length) {
            const outcomes = await store.saveEnrichedBatch(groups[next++] as EnrichedFeedback[]);
            if ([...outcomes.values()].some((o) => o !== "stored")) throw new Error("store baseline: not all stored");
          }
        }),
      );
      const storeRate = items / ((performance.now() - storeStart) / 1_000);
      phase("store", cpuAt);
      stack.poller.resume();

      log(
        `${run <= 0 ? "warm-up" : `run ${run}`}: enrich ${round(enrichRate)} items/s, queue ${round(queueRate)}, store ${round(storeRate)}`,
      );
      if (run <= 0) continue;
      rates.push({
        enrich: round(enrichRate),
        queue: round(queueRate),
        store: round(storeRate),
        ...(cpuNow && { cpuMsPerItem: cpu }),
      });
    }
  } finally {
    worker.profileBatches(undefined);
    stack.poller.resume();
    sqs.destroy();
    db.destroy();
  }

  const enrich = median(rates.map((r) => r.enrich));
  const queue = median(rates.map((r) => r.queue));
  const storeRate = median(rates.map((r) => r.store));
  const result: EnrichBenchResult = {
    itemsPerSecond: round(enrich),
    baselineQueueItemsPerSecond: round(queue),
    baselineStoreItemsPerSecond: round(storeRate),
    ratioToEngines: round(enrich / Math.min(queue, storeRate), 3),
    runs: rates,
    itemsPerRun: opts.items,
    batchSize,
    concurrency: opts.concurrency,
  };
  const measuredCpu = rates.flatMap((r) => (r.cpuMsPerItem ? [r.cpuMsPerItem] : []));
  if (measuredCpu.length > 0) {
    const cpuMedians: CpuPerItem = {};
    for (const [phase, byProcess] of Object.entries(measuredCpu[0] ?? {})) {
      cpuMedians[phase] = Object.fromEntries(
        Object.keys(byProcess).map((p) => [p, round(median(measuredCpu.map((c) => c[phase]?.[p] ?? 0)), 2)]),
      );
    }
    result.cpuMsPerItem = cpuMedians;
  }
  if (opts.profile && batches.length > 0) {
    const ms = batches.map((b) => b.ms);
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    result.profile = {
      batches: batches.length,
      medianRecordsPerBatch: median(batches.map((b) => b.records)),
      p50BatchMs: round(median(ms), 1),
      p90BatchMs: round(quantile(ms, 0.9), 1),
      meanBatchMs: round(mean(ms), 1),
      steps: ENRICH_STEPS.map((step) => {
        const each = batches.map((b) => b.steps[step] ?? 0);
        return { step, medianMs: round(median(each), 1), meanMs: round(mean(each), 1) };
      }),
    };
  }
  return result;
};

export const printEnrichProfile = (result: EnrichBenchResult): void => {
  if (result.cpuMsPerItem) {
    console.log("enrich: CPU ms per item, by phase and process (medians)");
    console.table(result.cpuMsPerItem);
  }
  const p = result.profile;
  if (!p) return;
  console.log(
    `enrich profile: ${p.batches} batches (median ${p.medianRecordsPerBatch} records), batch p50 ${p.p50BatchMs} ms, p90 ${p.p90BatchMs} ms, mean ${p.meanBatchMs} ms`,
  );
  console.table(Object.fromEntries(p.steps.map((s) => [s.step, { "median ms": s.medianMs, "mean ms": s.meanMs }])));
};
