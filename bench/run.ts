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
 *
 * Options: --runs N (default 3), --seconds S per ingest run (default 5), --items N per enrich run
 * (default 2000). Writes bench/results.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { LocalAnalyzer } from "../shared/adapters/local-analyzer.ts";
import { demoWeek } from "../shared/local/demo-data.ts";
import { ensureTable, LOCAL_AWS_ENV } from "../shared/local/engines.ts";
import { startLocalStack } from "../shared/local/stack.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    items: { type: "string", default: "2000" },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const ITEMS = Number(values.items);

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

const main = async () => {
  const stack = await startLocalStack({ port: 0, apiKey: "bench-key", workerConcurrency: 2 });
  const results: Record<string, unknown> = {
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  };
  try {
    // --- ingest vs bare server -------------------------------------------------------------
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
    const headers = { "content-type": "application/json", authorization: "Bearer bench-key" };
    const ingest: Array<{ rps: number; p50: number; p99: number }> = [];
    const baseline: Array<{ rps: number; p50: number; p99: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await load(bareUrl, headers, body));
      // The ingest path alone, as on AWS where the worker runs in other Lambda instances.
      stack.poller.pause();
      const run = await load(`${stack.url}/v1/feedback`, headers, body);
      stack.poller.resume();
      if (run.non2xx > 0) throw new Error(`ingest run had ${run.non2xx} non-2xx answers`);
      ingest.push(run);
      await stack.drain(120_000);
    }
    bare.close();
    const ingestRps = median(ingest.map((r) => r.rps));
    const bareRps = median(baseline.map((r) => r.rps));
    results.ingest = {
      requestsPerSecond: round(ingestRps),
      p50Ms: median(ingest.map((r) => r.p50)),
      p99Ms: median(ingest.map((r) => r.p99)),
      baselineRequestsPerSecond: round(bareRps),
      baselineP50Ms: median(baseline.map((r) => r.p50)),
      ratioToBaseline: round(ingestRps / bareRps, 3),
    };

    // --- enrich vs raw BatchWriteItem ---------------------------------------------------------
    const week = demoWeek();
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

    // --- survey page ------------------------------------------------------------------------------
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

    // --- analyzer -------------------------------------------------------------------------------
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
  } finally {
    await stack.stop({ drain: false });
  }

  mkdirSync(new URL(".", import.meta.url), { recursive: true });
  writeFileSync(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const r = results as {
    ingest: Record<string, number>;
    enrich: Record<string, number>;
    analyzer: Record<string, number>;
    surveyPage: Record<string, number>;
  };
  console.table({
    "ingest POST /v1/feedback": {
      median: `${r.ingest.requestsPerSecond} req/s (p50 ${r.ingest.p50Ms} ms, p99 ${r.ingest.p99Ms} ms)`,
      baseline: `${r.ingest.baselineRequestsPerSecond} req/s bare Node 202`,
      ratio: r.ingest.ratioToBaseline,
    },
    "enrich queue -> stored": {
      median: `${r.enrich.itemsPerSecond} items/s`,
      baseline: `${r.enrich.baselineRawBatchWriteItemsPerSecond} items/s raw BatchWriteItem`,
      ratio: r.enrich.ratioToBaseline,
    },
    "survey page GET /s/{token}": {
      median: `${r.surveyPage.requestsPerSecond} req/s (p50 ${r.surveyPage.p50Ms} ms, p99 ${r.surveyPage.p99Ms} ms), ${r.surveyPage.bytes} bytes`,
      baseline: "-",
      ratio: "-",
    },
    "offline analyzer": { median: `${r.analyzer.textsPerSecond} texts/s`, baseline: "-", ratio: "-" },
  });
  console.log(`runs: ${RUNS} (medians); results in bench/results.json`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
