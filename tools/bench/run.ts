/**
 * npm run bench — reproducible measurements on loopback, each a median over repeated runs next to
 * a baseline measured in the same run (these machines are noisy; ratios travel, absolutes don't).
 *
 *   ingest:   POST /v1/feedback through the local gateway and the real handler onto the queue
 *             (worker paused meanwhile, as it runs elsewhere on AWS), vs a bare Node HTTP server
 *             answering 202 (autocannon, 16 connections, bounded in time).
 *   enrich:   items/s from queue to stored, analyzed and counted, vs raw BatchWriteItem of the
 *             same number of items into the same DynamoDB Local.
 *   analyzer: the offline analyzer's texts/s on one core.
 *   cold-start: every function bundled as CDK bundles it, its size and its module init in fresh Node
 *             processes, vs an empty module and a bare SQS client (tools/bench/cold-start.ts).
 *   digest:   digest build time with 10k / 100k / 1M items in a week, vs the smallest (flat is the
 *             goal: its input is counters plus a bounded sample) (tools/bench/digest.ts).
 *   cost:     AWS cost per 1,000 feedback items per analyzer mode, from published prices and the requests
 *             hearback's adapters make (tools/bench/cost-model.ts); durations measured above feed it when run.
 *
 * Options: --runs N (default 3), --seconds S per ingest run (default 5), --items N per enrich run
 * (default 2000), --cold-start-runs N (default 5), --only PART,PART (default all: ingest, enrich,
 * survey-page, analyzer, cold-start, digest, cost), --digest-sizes 10000,100000,1000000. Writes tools/bench/results.json; parts not run keep their last results.
 */
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
import { startLocalStack } from "#shared/local/stack";
import { enrichWorker } from "#shared/platform/resources";
import { type ColdStartResult, printColdStart, runColdStart } from "./cold-start.ts";
import { costReport, measuredFromBench } from "./cost-model.ts";
import { printCostReport } from "./cost-report.ts";
import { type DigestBenchRow, printDigestBench, runDigestBench } from "./digest.ts";
import { measureDemoWeekUsage } from "./pipeline-usage.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    items: { type: "string", default: "2000" },
    "cold-start-runs": { type: "string", default: "5" },
    "digest-sizes": { type: "string", default: "10000,100000,1000000" },
    only: { type: "string" },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const ITEMS = Number(values.items);
const COLD_START_RUNS = Number(values["cold-start-runs"]);

const PARTS = ["ingest", "enrich", "survey-page", "analyzer", "cold-start", "digest", "cost"] as const;
type Part = (typeof PARTS)[number];
const ONLY = values.only?.split(",").map((p) => p.trim()) ?? [...PARTS];
for (const part of ONLY) {
  if (!(PARTS as readonly string[]).includes(part))
    throw new Error(`--only: unknown part "${part}" (${PARTS.join(", ")})`);
}
const runs = (part: Part) => ONLY.includes(part);
const WORKER_CONCURRENCY = 2;
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
  const stack = await startLocalStack({ port: 0, apiKey: "bench-key", workerConcurrency: WORKER_CONCURRENCY });
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
    // --- enrich vs raw BatchWriteItem ---------------------------------------------------------
    if (runs("enrich")) {
      const enrichRates: number[] = [];
      const writeRates: number[] = [];
      const db = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: stack.dynamoEndpoint,
          region: LOCAL_AWS_ENV.AWS_REGION,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }),
      );
      await ensureTable(stack.dynamoEndpoint, "bench-raw");
      for (let run = 0; run < RUNS; run++) {
        const items = Array.from({ length: ITEMS }, (_, i) => {
          const base = week[i % week.length] as (typeof week)[number];
          return { ...base, sourceId: `bench-${run}-${i}` };
        });
        const started = performance.now();
        for (let i = 0; i < items.length; i += 100) {
          const res = await fetch(`${stack.url}/v1/feedback`, {
            method: "POST",
            headers,
            body: JSON.stringify({ items: items.slice(i, i + 100) }),
          });
          if (res.status !== 202) throw new Error(`enrich load: ${res.status}`);
        }
        if (!(await stack.drain(300_000))) throw new Error("queue did not drain");
        enrichRates.push(ITEMS / ((performance.now() - started) / 1_000));

        const rawStart = performance.now();
        const writes = [];
        for (let i = 0; i < ITEMS; i += 25) {
          writes.push(
            db.send(
              new BatchWriteCommand({
                RequestItems: {
                  "bench-raw": items.slice(i, i + 25).map((item, j) => ({
                    PutRequest: { Item: { PK: `RAW#${run}#${i + j}`, SK: "RAW", ...item } },
                  })),
                },
              }),
            ),
          );
          if (writes.length >= 8) await Promise.all(writes.splice(0));
        }
        await Promise.all(writes);
        writeRates.push(ITEMS / ((performance.now() - rawStart) / 1_000));
      }
      results.enrich = {
        itemsPerSecond: round(median(enrichRates)),
        baselineRawBatchWriteItemsPerSecond: round(median(writeRates)),
        ratioToBaseline: round(median(enrichRates) / median(writeRates), 3),
        itemsPerRun: ITEMS,
      };
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
  } finally {
    await stack.stop({ drain: false });
  }
};

const main = async () => {
  // Parts not run this time keep their last results, so one part can be measured again on its own.
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>) : {};
  const results: Record<string, unknown> = {
    ...previous,
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  };
  if (PARTS.slice(0, 4).some((p) => runs(p as Part))) await localStackParts(results);
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

  mkdirSync(new URL(".", import.meta.url), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const r = results as {
    ingest: Record<string, number>;
    enrich: Record<string, number>;
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
        median: `${r.enrich.itemsPerSecond} items/s`,
        baseline: `${r.enrich.baselineRawBatchWriteItemsPerSecond} items/s raw BatchWriteItem`,
        ratio: r.enrich.ratioToBaseline,
      },
    }),
    ...(runs("survey-page") && {
      "survey page GET /s/{token}": {
        median: `${r.surveyPage.requestsPerSecond} req/s (p50 ${r.surveyPage.p50Ms} ms, p99 ${r.surveyPage.p99Ms} ms), ${r.surveyPage.bytes} bytes`,
        baseline: "-",
        ratio: "-",
      },
    }),
    ...(runs("analyzer") && {
      "offline analyzer": { median: `${r.analyzer.textsPerSecond} texts/s`, baseline: "-", ratio: "-" },
    }),
  };
  if (Object.keys(table).length > 0) console.table(table);
  if (runs("cold-start")) printColdStart(results.coldStart as ColdStartResult);
  if (runs("digest")) printDigestBench(results.digest as DigestBenchRow[]);
  if (runs("cost")) printCostReport(results.costPer1000Items as ReturnType<typeof costReport>);
  console.log(`${Object.keys(table).length > 0 ? `runs: ${RUNS} (medians); ` : ""}results in tools/bench/results.json`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
