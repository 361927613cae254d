/**
 * npm run bench — reproducible measurements on loopback, each a median over repeated runs next to
 * a baseline measured in the same run (these machines are noisy; ratios travel, absolutes don't).
 *
 *   ingest:   POST /v1/feedback through the local gateway and the real handler onto the queue
 *             (worker paused meanwhile, as it runs elsewhere on AWS), vs a bare Node HTTP server
 *             answering 202 (autocannon, 16 connections, bounded in time).
 *   enrich:   items/s from a filled queue to stored, analyzed, counted and followed up, vs the
 *             queue's receive+delete rate and the store's write rate for the same items in the same
 *             run (tools/bench/enrich.ts); --profile adds where each batch's time goes, per step.
 *   analyzer: the offline analyzer's texts/s on one core.
 *   cold-start: every function bundled as CDK bundles it, its size and its module init in fresh Node
 *             processes, vs an empty module and a bare SQS client (tools/bench/cold-start.ts).
 *   digest:   digest build time with 10k / 100k / 1M items in a week, vs the smallest (flat is the
 *             goal: its input is counters plus a bounded sample) (tools/bench/digest.ts).
 *   cost:     AWS cost per 1,000 feedback items per analyzer mode, from published prices and the requests
 *             hearback's adapters make (tools/bench/cost-model.ts); durations measured above feed it when run.
 *   scale-model: items/s, bottleneck and cost per 1,000 items on AWS at 1-200 workers, today's counters and sharded
 *             ones (tools/bench/scale-model.ts, docs/scaling.md); the enrich part's batch time feeds it when run.
 *
 *   import:   rows/s `hearback import` puts on the local queue (a synthetic Delighted export, worker paused), vs
 *             the queue's own SendMessageBatch rate for the same messages (tools/bench/import.ts).
 *
 * Options: --runs N (default 3), --import-rows N (default 20000), --seconds S per ingest run (default 5), --items N per enrich run
 * (default 2000), --cold-start-runs N (default 5), --only PART,PART (default all: ingest, enrich,
 * survey-page, analyzer, cold-start, digest, cost, scale-model), --counter-shards K (the scale model's sharded
 * scenario; default the deployed `counterShards`, else 16), --digest-sizes 10000,100000,1000000, --profile (enrich steps). Writes tools/bench/results.json; parts not run keep their last results.
 */
// First: the functions' log level and the SDK's Node notice, as for the CLI (tools/cli/process-defaults.ts).
import "../cli/process-defaults.ts";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { demoWeek } from "#shared/local/demo-data";
import { ensureTable, LOCAL_AWS_ENV } from "#shared/local/engines";
import { LOCAL_WORKER_CONCURRENCY } from "#shared/local/poller";
import { startLocalStack } from "#shared/local/stack";
import * as resources from "#shared/platform/resources";
import { enrichWorker } from "#shared/platform/resources";
import { type ColdStartResult, printColdStart, runColdStart } from "./cold-start.ts";
import { costReport, measuredFromBench } from "./cost-model.ts";
import { printCostReport } from "./cost-report.ts";
import { type DigestBenchRow, printDigestBench, runDigestBench } from "./digest.ts";
import { type EnrichBenchResult, printEnrichProfile, runEnrichBench } from "./enrich.ts";
import { type ImportBenchResult, runImportBench } from "./import.ts";
import { measureDemoWeekUsage } from "./pipeline-usage.ts";
import { printScaleReport } from "./scale-report.ts";
import { scaleReport } from "./scale-scenarios.ts";
import { BEFORE_ITEM_2, measureWriteProfile, readProfileFile } from "./write-profile.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    items: { type: "string", default: "2000" },
    "cold-start-runs": { type: "string", default: "5" },
    "digest-sizes": { type: "string", default: "10000,100000,1000000" },
    "import-rows": { type: "string", default: "20000" },
    "counter-shards": { type: "string" },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const ITEMS = Number(values.items);
const COLD_START_RUNS = Number(values["cold-start-runs"]);
const PROFILE = values.profile === true;

const PARTS = [
  "ingest",
  "enrich",
  "survey-page",
  "analyzer",
  "import",
  "cold-start",
  "digest",
  "cost",
  "scale-model",
] as const;
type Part = (typeof PARTS)[number];
const ONLY = values.only?.split(",").map((p) => p.trim()) ?? [...PARTS];
for (const part of ONLY) {
  if (!(PARTS as readonly string[]).includes(part))
    throw new Error(`--only: unknown part "${part}" (${PARTS.join(", ")})`);
}
const runs = (part: Part) => ONLY.includes(part);
const WORKER_CONCURRENCY = LOCAL_WORKER_CONCURRENCY;
const RESULTS = new URL("results.json", import.meta.url);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

const load = async (url: string, headers: Record<string, string>, body: string) => {
  const result = await autocannon({
    url,
    method: "POST",
    headers,
    body,
    connections: 16,
    duration: SECONDS,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
};

const localStackParts = async (results: Record<string, unknown>) => {
  // Scheduled jobs (model training reads every scored item, the SLA sweep) stay off: they would
  // take the engines from whichever part they happened to run beside.
  const stack = await startLocalStack({
    port: 0,
    apiKey: "bench-key",
    workerConcurrency: WORKER_CONCURRENCY,
    firstScheduledRunMs: 24 * 3_600_000,
  });
  const headers = { "content-type": "application/json", authorization: "Bearer bench-key" };
  try {
    // --- ingest vs bare server -------------------------------------------------------------
    if (runs("ingest")) {
      const bare = createServer((req, res) => {
        req.resume();
        req.on("end", () => res.writeHead(202, { "content-type": "application/json" }).end('{"items":[]}'));
      });
      await new Promise<void>((ok) => bare.listen(0, "127.0.0.1", () => ok()));
      const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/v1/feedback`;
      const body = JSON.stringify({
        channel: "nps",
        score: 8,
        comment: "送货很快，服务也不错",
        customer: { id: "bench" },
      });
      // A second baseline: a bare server doing the same two writes per request (the message onto
      // a queue of the same fauxqs, the accepted marker into the same DynamoDB Local) and nothing
      // else — the floor those local engines set, so the ratio shows hearback's own overhead.
      const sqs = new SQSClient({
        endpoint: stack.sqsEndpoint,
        region: LOCAL_AWS_ENV.AWS_REGION,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      const floorQueue = (await sqs.send(new CreateQueueCommand({ QueueName: "bench-io-floor" }))).QueueUrl ?? "";
      await ensureTable(stack.dynamoEndpoint, "bench-io-floor");
      const floorDb = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: stack.dynamoEndpoint,
          region: LOCAL_AWS_ENV.AWS_REGION,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }),
      );
      let floorSeq = 0;
      const floor = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", async () => {
          const id = `floor-${floorSeq++}`;
          const message = JSON.stringify({ id, input: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          await sqs.send(
            new SendMessageBatchCommand({ QueueUrl: floorQueue, Entries: [{ Id: "0", MessageBody: message }] }),
          );
          await floorDb.send(
            new BatchWriteCommand({
              RequestItems: { "bench-io-floor": [{ PutRequest: { Item: { PK: `FB#${id}`, SK: "ACCEPTED" } } }] },
            }),
          );
          res.writeHead(202, { "content-type": "application/json" }).end(`{"items":[{"id":"${id}"}]}`);
        });
      });
      await new Promise<void>((ok) => floor.listen(0, "127.0.0.1", () => ok()));
      const floorUrl = `http://127.0.0.1:${(floor.address() as { port: number }).port}/v1/feedback`;
      const ingest: Array<{ rps: number; p50: number; p99: number }> = [];
      const baseline: Array<{ rps: number; p50: number; p99: number }> = [];
      const ioFloor: Array<{ rps: number; p50: number; p99: number }> = [];
      for (let i = 0; i < RUNS; i++) {
        baseline.push(await load(bareUrl, headers, body));
        ioFloor.push(await load(floorUrl, headers, body));
        // The ingest path alone, as on AWS where the worker runs in other Lambda instances.
        stack.poller.pause();
        const run = await load(`${stack.url}/v1/feedback`, headers, body);
        stack.poller.resume();
        if (run.non2xx > 0) throw new Error(`ingest run had ${run.non2xx} non-2xx answers`);
        ingest.push(run);
        await stack.drain(120_000);
      }
      bare.close();
      floor.close();
      sqs.destroy();
      const ingestRps = median(ingest.map((r) => r.rps));
      const bareRps = median(baseline.map((r) => r.rps));
      const floorRps = median(ioFloor.map((r) => r.rps));
      results.ingest = {
        requestsPerSecond: round(ingestRps),
        p50Ms: median(ingest.map((r) => r.p50)),
        p99Ms: median(ingest.map((r) => r.p99)),
        baselineRequestsPerSecond: round(bareRps),
        baselineP50Ms: median(baseline.map((r) => r.p50)),
        ratioToBaseline: round(ingestRps / bareRps, 3),
        ioFloorRequestsPerSecond: round(floorRps),
        ioFloorP50Ms: median(ioFloor.map((r) => r.p50)),
        ratioToIoFloor: round(ingestRps / floorRps, 3),
      };
    }

    const week = demoWeek();
    // --- enrich vs the two engines' own rates (tools/bench/enrich.ts) ---------------------------
    if (runs("enrich")) {
      results.enrich = await runEnrichBench(
        stack,
        { runs: RUNS, items: ITEMS, concurrency: WORKER_CONCURRENCY, profile: PROFILE, headers },
        (line) => console.log(line),
      );
    }

    // --- survey page ------------------------------------------------------------------------------
    if (runs("survey-page")) {
      const minted = (await (
        await fetch(`${stack.url}/v1/survey-links`, {
          method: "POST",
          headers,
          body: JSON.stringify({ kind: "nps", customer: { id: "bench-page" }, locale: "zh-CN" }),
        })
      ).json()) as { links: Array<{ url: string }> };
      const pageUrl = minted.links[9]?.url ?? "";
      const pageBytes = Buffer.byteLength(await (await fetch(pageUrl)).text());
      const pageRuns: Array<{ rps: number; p50: number; p99: number }> = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await autocannon({ url: pageUrl, connections: 16, duration: SECONDS });
        pageRuns.push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
      }
      results.surveyPage = {
        bytes: pageBytes,
        requestsPerSecond: round(median(pageRuns.map((r) => r.rps))),
        p50Ms: median(pageRuns.map((r) => r.p50)),
        p99Ms: median(pageRuns.map((r) => r.p99)),
      };
    }

    // --- analyzer -------------------------------------------------------------------------------
    if (runs("analyzer")) {
      const analyzer = new LocalAnalyzer();
      const texts = week.flatMap((f, i) => {
        const text = f.channel === "social" ? f.text : f.comment;
        return text ? [{ id: String(i), text }] : [];
      });
      const analyzerRates: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        let n = 0;
        while (performance.now() - started < 1_000) {
          await analyzer.analyze(texts);
          n += texts.length;
        }
        analyzerRates.push(n / ((performance.now() - started) / 1_000));
      }
      results.analyzer = { textsPerSecond: round(median(analyzerRates)), corpus: "demo week texts" };
    }
    // --- import vs the queue's own SendMessageBatch rate (tools/bench/import.ts) -----------------
    if (runs("import")) {
      results.import = await runImportBench(stack, { runs: RUNS, rows: Number(values["import-rows"]) }, (line) =>
        console.log(line),
      );
    }
  } finally {
    await stack.stop({ drain: false });
  }
};

/**
 * The shards per counter row the code deploys (`counterShards` in shared/platform/resources.ts), 16 where it has
 * none: read off the module so the model follows the setting without failing on a tree that predates it.
 */
const deployedCounterShards = (): number => {
  const value = (resources as unknown as Record<string, unknown>).counterShards;
  return typeof value === "number" ? value : 16;
};

/** The enrich part's p50 batch time, if its --profile measured one at the deployed batch size. */
const measuredP50BatchMs = (enrich: unknown): number | undefined => {
  const e = enrich as { batchSize?: number; profile?: { p50BatchMs?: number } } | undefined;
  return e?.batchSize === enrichWorker.batchSize ? e.profile?.p50BatchMs : undefined;
};

const main = async () => {
  // Parts not run this time keep their last results, so one part can be measured again on its own.
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>) : {};
  const results: Record<string, unknown> = {
    ...previous,
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  };
  if (PARTS.slice(0, 5).some((p) => runs(p as Part))) await localStackParts(results);
  if (runs("cold-start")) results.coldStart = await runColdStart({ runs: COLD_START_RUNS });
  if (runs("digest")) {
    const sizes = String(values["digest-sizes"]).split(",").map(Number);
    results.digest = await runDigestBench(sizes, Math.max(RUNS, 5), (line) => console.log(line));
  }
  if (runs("cost")) {
    const measured = measuredFromBench({
      ingest: runs("ingest") ? (results.ingest as { p50Ms: number }) : undefined,
      enrich: runs("enrich") ? (results.enrich as { itemsPerSecond: number }) : undefined,
      workerConcurrency: WORKER_CONCURRENCY,
      batchSize: enrichWorker.batchSize,
      coldStart: runs("cold-start") ? (results.coldStart as ColdStartResult) : undefined,
    });
    results.costPer1000Items = costReport(await measureDemoWeekUsage(), measured);
  }
  if (runs("scale-model")) {
    const { profile, usage } = await measureWriteProfile();
    results.scaleModel = scaleReport(profile, usage, {
      batchSize: enrichWorker.batchSize,
      batchWindowSeconds: enrichWorker.maxBatchingWindowSeconds,
      shardedK: Number(values["counter-shards"] ?? deployedCounterShards()),
      // The local stack's p50 batch time when the enrich part measured one in this run (--profile), as the cost
      // part does; otherwise estimated from the requests the code makes.
      measuredBatchMs: runs("enrich") ? measuredP50BatchMs(results.enrich) : undefined,
      before: readProfileFile(BEFORE_ITEM_2),
    });
  }

  mkdirSync(new URL(".", import.meta.url), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const r = results as {
    ingest: Record<string, number>;
    enrich: EnrichBenchResult;
    analyzer: Record<string, number>;
    surveyPage: Record<string, number>;
  };
  const table = {
    ...(runs("ingest") && {
      "ingest POST /v1/feedback": {
        median: `${r.ingest.requestsPerSecond} req/s (p50 ${r.ingest.p50Ms} ms, p99 ${r.ingest.p99Ms} ms)`,
        baseline: `${r.ingest.baselineRequestsPerSecond} req/s bare Node 202`,
        ratio: r.ingest.ratioToBaseline,
      },
      "ingest vs the same I/O": {
        median: `${r.ingest.requestsPerSecond} req/s`,
        baseline: `${r.ingest.ioFloorRequestsPerSecond} req/s bare Node + SendMessageBatch + BatchWriteItem`,
        ratio: r.ingest.ratioToIoFloor,
      },
    }),
    ...(runs("enrich") && {
      "enrich queue -> stored": {
        median: `${r.enrich.itemsPerSecond} items/s${r.enrich.profile ? ` (batch p50 ${r.enrich.profile.p50BatchMs} ms)` : ""}`,
        baseline: `slower of queue ${r.enrich.baselineQueueItemsPerSecond} items/s, store ${r.enrich.baselineStoreItemsPerSecond} items/s`,
        ratio: r.enrich.ratioToEngines,
      },
    }),
    ...(runs("survey-page") && {
      "survey page GET /s/{token}": {
        median: `${r.surveyPage.requestsPerSecond} req/s (p50 ${r.surveyPage.p50Ms} ms, p99 ${r.surveyPage.p99Ms} ms), ${r.surveyPage.bytes} bytes`,
        baseline: "-",
        ratio: "-",
      },
    }),
    ...(runs("import") && {
      "import -> local queue": {
        median: `${(results.import as ImportBenchResult).rowsPerSecond} rows/s`,
        baseline: `${(results.import as ImportBenchResult).baselineSendMessageBatchPerSecond} msgs/s bare SendMessageBatch`,
        ratio: (results.import as ImportBenchResult).ratio,
      },
    }),
    ...(runs("analyzer") && {
      "offline analyzer": { median: `${r.analyzer.textsPerSecond} texts/s`, baseline: "-", ratio: "-" },
    }),
  };
  if (Object.keys(table).length > 0) console.table(table);
  if (runs("enrich")) printEnrichProfile(r.enrich);
  if (runs("cold-start")) printColdStart(results.coldStart as ColdStartResult);
  if (runs("digest")) printDigestBench(results.digest as DigestBenchRow[]);
  if (runs("cost")) printCostReport(results.costPer1000Items as ReturnType<typeof costReport>);
  if (runs("scale-model")) printScaleReport(results.scaleModel as ReturnType<typeof scaleReport>);
  console.log(`${Object.keys(table).length > 0 ? `runs: ${RUNS} (medians); ` : ""}results in tools/bench/results.json`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
