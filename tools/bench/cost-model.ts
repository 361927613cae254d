/**
 * What 1,000 feedback items cost on AWS (us-east-1, on-demand, free tiers left out), per analyzer mode, with
 * the arithmetic of every line. Pure: prices are constants below, usage comes in (bench/pipeline-usage.ts
 * measures it by running hearback's own adapters against metering stand-ins; durations are measured by the
 * bench or estimated from the measured request counts), and nothing here reads a clock, a file or the network.
 *
 * Each price names the AWS pricing page it is listed on and the date it took effect, as AWS announced it.
 */
import { COMPREHEND_USD_PER_UNIT } from "#shared/analysis/model/comprehend-cost";
import { functions } from "#shared/platform/resources";
import type { PipelineUsage } from "./pipeline-usage.ts";

export interface Price {
  usd: number;
  /** The price is for this many units. */
  per: number;
  unit: string;
  source: string;
  /** When the price took effect (ISO date), per AWS's announcement. */
  since: string;
}

export const PRICES = {
  lambdaRequests: {
    usd: 0.2,
    per: 1_000_000,
    unit: "requests",
    source: "AWS Lambda pricing",
    since: "2014-11-13 (Lambda's launch price, unchanged)",
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: "GB-second, Arm (first 7.5 billion GB-s a month)",
    source: "AWS Lambda pricing",
    since: "2021-09-29 (Graviton2 functions launched)",
  },
  httpApiRequests: {
    usd: 1.0,
    per: 1_000_000,
    unit: "HTTP API requests of up to 512 KB (first 300 million a month)",
    source: "Amazon API Gateway pricing",
    since: "2020-03-12 (HTTP APIs generally available)",
  },
  sqsStandardRequests: {
    usd: 0.4,
    per: 1_000_000,
    unit: "standard queue requests, each 64 KB chunk of payload one request (first 100 billion a month)",
    source: "Amazon SQS pricing",
    since: "listed unchanged in 2026 (the page gives no date)",
  },
  dynamoWriteUnits: {
    usd: 0.625,
    per: 1_000_000,
    unit: "on-demand write request units",
    source: "Amazon DynamoDB pricing for on-demand capacity",
    since: "2024-11-01 (on-demand throughput 50 % cheaper, announced 2024-11-14)",
  },
  dynamoReadUnits: {
    usd: 0.125,
    per: 1_000_000,
    unit: "on-demand read request units",
    source: "Amazon DynamoDB pricing for on-demand capacity",
    since: "2024-11-01 (on-demand throughput 50 % cheaper, announced 2024-11-14)",
  },
  comprehendUnits: {
    usd: COMPREHEND_USD_PER_UNIT,
    per: 1,
    unit: "unit of 100 characters, 3 units minimum per document, per API (first 10 million units a month)",
    source: "Amazon Comprehend pricing (DetectDominantLanguage, DetectSentiment)",
    since: "2017-11-29 (Comprehend's launch price)",
  },
  sesEmails: {
    usd: 0.1,
    per: 1_000,
    unit: "outbound emails",
    source: "Amazon SES pricing",
    since: "2011-01-25 (SES's launch price, unchanged)",
  },
  eventBridgeEvents: {
    usd: 1.0,
    per: 1_000_000,
    unit: "custom events (64 KB chunks)",
    source: "Amazon EventBridge pricing",
    since: "2019-07-11 (EventBridge launched at the CloudWatch Events price)",
  },
  cloudWatchLogsGb: {
    usd: 0.5,
    per: 1,
    unit: "GB of Lambda logs ingested (first 10 TB a month)",
    source: "Amazon CloudWatch pricing (Logs, vended Lambda logs)",
    since: "2024-05-01 (tiered pricing for Lambda logs; the first tier is the standard rate)",
  },
  xrayTraces: {
    usd: 5.0,
    per: 1_000_000,
    unit: "traces recorded",
    source: "AWS X-Ray pricing",
    since: "2017-04-19 (X-Ray generally available)",
  },
} as const satisfies Record<string, Price>;

export type Prices = { [K in keyof typeof PRICES]: Price };

export const ANALYZER_MODES = ["local", "hybrid", "comprehend"] as const;
export type AnalyzerMode = (typeof ANALYZER_MODES)[number];

/**
 * Assumptions where nothing is measured; each is printed with the report. Round trips are in-region
 * latencies AWS documents as single-digit milliseconds for DynamoDB and tens of milliseconds for SQS sends;
 * a Comprehend batch call of 25 short texts is taken as 150 ms.
 */
export const ASSUMPTIONS = {
  dynamoRoundTripMs: 8,
  sqsRoundTripMs: 15,
  comprehendCallMs: 150,
  /** Handler CPU besides waiting (parsing, validation, analysis of 25 short texts), per invocation. */
  cpuMsPerInvocation: 5,
  /** Lambda's SQS poller receives up to 10 messages a call and deletes them in batches of 10 (under load). */
  messagesPerReceive: 10,
  /** AWS: "INITs (cold starts) typically occur in under 1% of invocations"; INIT is billed since 2025-08-01. */
  coldStartShare: 0.01,
  /** When the cold-start bench did not run: init of a ~1 MB bundle. */
  initMs: 250,
  /** JSON platform lines (start, report) plus Powertools' one info line per invocation. */
  logBytesPerInvocation: 1_200,
  /** X-Ray's default rule: the first request each second, then 5 %; above 1 request/s most requests are not traced. */
  tracedShare: 0.05,
  /** The API key is cached 60 s per warm instance; counted as one GetItem per POST, an upper bound. */
  apiKeyReadsPerPost: 1,
} as const;

export type Assumptions = { -readonly [K in keyof typeof ASSUMPTIONS]: number };

/** Durations the bench measured in the same run, if it did. */
export interface Measured {
  /** Median handler time for one POST, ms (the local stack's p50 latency). */
  ingestMsPerPost?: number;
  /** Time per worker batch in local mode, ms (from the local stack's enrich rate). */
  enrichMsPerBatch?: number;
  /** Cold-start init of the two functions, ms. */
  ingestInitMs?: number;
  enrichInitMs?: number;
}

/** What other parts of `npm run bench` measured in the same run, as durations for the model. */
export const measuredFromBench = (run: {
  ingest?: { p50Ms: number } | undefined;
  enrich?: { itemsPerSecond: number } | undefined;
  workerConcurrency: number;
  batchSize: number;
  coldStart?: { rows: ReadonlyArray<{ name: string; readyMs: number }> } | undefined;
}): Measured => {
  // Lambda bills the whole INIT: the runtime's start-up and the module's, so from process start.
  const init = (name: string) => run.coldStart?.rows.find((r) => r.name === name)?.readyMs;
  const ingestInitMs = init("post-feedback");
  const enrichInitMs = init("enrich-feedback");
  return {
    ...(run.ingest && { ingestMsPerPost: run.ingest.p50Ms }),
    // Each of the local worker's concurrent pollers handles one batch at a time.
    ...(run.enrich && { enrichMsPerBatch: (1000 * run.batchSize * run.workerConcurrency) / run.enrich.itemsPerSecond }),
    ...(ingestInitMs !== undefined && { ingestInitMs }),
    ...(enrichInitMs !== undefined && { enrichInitMs }),
  };
};

export interface CostLine {
  service: string;
  arithmetic: string;
  usd: number;
}

export interface ModeCost {
  mode: AnalyzerMode;
  itemsPerPost: number;
  lines: CostLine[];
  totalUsd: number;
}

const ITEMS = 1_000;

const groupDigits = (x: number): string => {
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  const digits = Math.abs(x) >= 100 ? 1 : Math.abs(x) >= 1 ? 2 : 4;
  return Number(x.toFixed(digits)).toLocaleString("en-US", { maximumFractionDigits: digits });
};

/** USD with enough decimals to show two significant digits of small amounts. */
export const formatUsd = (x: number): string => {
  if (x === 0) return "$0";
  const decimals = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(Math.abs(x)))));
  // Round half up on the decimal value, not on its binary approximation (0.00375 -> 0.0038).
  const scale = 10 ** decimals;
  return `$${(Math.round(x * scale * (1 + Number.EPSILON)) / scale).toFixed(decimals)}`;
};

/** A unit price as published: "$0.625/M", "$1.00/M", "$0.0000133334". */
const perUnit = (p: Price): string => {
  const [whole, decimals = ""] = String(p.usd).split(".");
  const price = `$${whole}.${decimals.padEnd(2, "0")}`;
  if (p.per === 1_000_000) return `${price}/M`;
  if (p.per === 1_000) return `${price}/1,000`;
  return price;
};

const line = (service: string, quantity: string, count: number, price: Price): CostLine => {
  const usd = (count * price.usd) / price.per;
  return { service, arithmetic: `${quantity} x ${perUnit(price)} = ${formatUsd(usd)}`, usd };
};

export interface Durations {
  ingestMsPerPost: number;
  enrichMsPerBatch: number;
  ingestInitMs: number;
  enrichInitMs: number;
  /** Where each number came from, for the report. */
  sources: Record<"ingest" | "enrich" | "init", string>;
}

/**
 * Handler durations: measured ones if given, else estimated from the measured requests per invocation times
 * the assumed round trips. Comprehend modes add their batch calls (run one at a time by the adapter).
 */
export const durations = (
  usage: PipelineUsage,
  mode: AnalyzerMode,
  measured: Measured = {},
  a: Assumptions = ASSUMPTIONS,
): Durations => {
  const comprehendMs = mode === "local" ? 0 : usage.comprehend[mode].callsPerBatch * a.comprehendCallMs;
  const ingestEstimate = usage.edge.dynamoRoundTripsPerPost * a.dynamoRoundTripMs + a.sqsRoundTripMs;
  const enrichEstimate = usage.worker.dynamoRequestsPerBatch * a.dynamoRoundTripMs;
  return {
    ingestMsPerPost: (measured.ingestMsPerPost ?? ingestEstimate) + a.cpuMsPerInvocation,
    enrichMsPerBatch: (measured.enrichMsPerBatch ?? enrichEstimate) + comprehendMs + a.cpuMsPerInvocation,
    ingestInitMs: measured.ingestInitMs ?? a.initMs,
    enrichInitMs: measured.enrichInitMs ?? a.initMs,
    sources: {
      ingest:
        measured.ingestMsPerPost !== undefined
          ? "measured on the local stack in this run"
          : `${groupDigits(usage.edge.dynamoRoundTripsPerPost)} DynamoDB round trips x ${a.dynamoRoundTripMs} ms + one SQS send of ${a.sqsRoundTripMs} ms (measured requests, assumed latencies)`,
      enrich:
        measured.enrichMsPerBatch !== undefined
          ? "measured on the local stack in this run"
          : `${groupDigits(usage.worker.dynamoRequestsPerBatch)} DynamoDB requests a batch x ${a.dynamoRoundTripMs} ms (measured requests, assumed latency)`,
      init:
        measured.ingestInitMs !== undefined
          ? "the cold-start bench's median time from process start to the module evaluated, in this run"
          : `assumed ${a.initMs} ms (the cold-start bench did not run)`,
    },
  };
};

/** USD for 1,000 items in one analyzer mode, line by line. */
export const costPer1000Items = (
  mode: AnalyzerMode,
  usage: PipelineUsage,
  measured: Measured = {},
  prices: Prices = PRICES,
  a: Assumptions = ASSUMPTIONS,
): ModeCost => {
  const d = durations(usage, mode, measured, a);
  const ingestMemoryGb = functions["post-feedback"].memoryMb / 1024;
  const enrichMemoryGb = functions["enrich-feedback"].memoryMb / 1024;
  const posts = ITEMS / usage.itemsPerPost;
  const batches = ITEMS / usage.worker.batchSize;
  const invocations = posts + batches;
  const n = (x: number) => groupDigits(x);
  const lines: CostLine[] = [];

  lines.push(
    line(
      "API Gateway HTTP API",
      `${n(posts)} POSTs (${n(usage.itemsPerPost)} item${usage.itemsPerPost === 1 ? "" : "s"} each)`,
      posts,
      prices.httpApiRequests,
    ),
  );
  lines.push(
    line(
      "Lambda requests",
      `(${n(posts)} ingest + ${n(batches)} worker batches of ${usage.worker.batchSize}) invocations`,
      invocations,
      prices.lambdaRequests,
    ),
  );
  const ingestGbs = posts * (d.ingestMsPerPost / 1000) * ingestMemoryGb;
  lines.push(
    line(
      "Lambda ingest compute",
      `${n(posts)} x ${n(d.ingestMsPerPost)} ms x ${n(ingestMemoryGb)} GB = ${n(ingestGbs)} GB-s`,
      ingestGbs,
      prices.lambdaArmGbSecond,
    ),
  );
  const enrichGbs = batches * (d.enrichMsPerBatch / 1000) * enrichMemoryGb;
  lines.push(
    line(
      "Lambda worker compute",
      `${n(batches)} x ${n(d.enrichMsPerBatch)} ms x ${n(enrichMemoryGb)} GB = ${n(enrichGbs)} GB-s`,
      enrichGbs,
      prices.lambdaArmGbSecond,
    ),
  );
  const initGbs =
    a.coldStartShare *
    (posts * (d.ingestInitMs / 1000) * ingestMemoryGb + batches * (d.enrichInitMs / 1000) * enrichMemoryGb);
  lines.push(
    line(
      "Lambda INIT (cold starts)",
      `${a.coldStartShare * 100} % of (${n(posts)} x ${n(d.ingestInitMs)} ms x ${n(ingestMemoryGb)} GB + ${n(batches)} x ${n(d.enrichInitMs)} ms x ${n(enrichMemoryGb)} GB) = ${n(initGbs)} GB-s`,
      initGbs,
      prices.lambdaArmGbSecond,
    ),
  );
  const sends = ITEMS * usage.edge.sqsSendRequestsPerItem;
  const receives = ITEMS / a.messagesPerReceive;
  lines.push(
    line(
      "SQS",
      `(${n(sends)} SendMessageBatch + ${n(receives)} ReceiveMessage + ${n(receives)} DeleteMessageBatch) requests`,
      sends + 2 * receives,
      prices.sqsStandardRequests,
    ),
  );
  const wru = usage.edge.wruPerItem + usage.worker.wruPerItem;
  lines.push(
    line(
      "DynamoDB writes",
      `1,000 items x ${n(wru)} WRU (accepted marker ${n(usage.edge.wruPerItem)}, ${Object.entries(
        usage.worker.wruPerItemByKind,
      )
        .map(([kind, units]) => `${kind} ${n(units)}`)
        .join(", ")}; 1 KB a unit, transactions 2x)`,
      ITEMS * wru,
      prices.dynamoWriteUnits,
    ),
  );
  const apiKeyRru = (a.apiKeyReadsPerPost * 0.5) / usage.itemsPerPost;
  const rru = usage.edge.rruPerItem + usage.worker.rruPerItem + apiKeyRru;
  lines.push(
    line(
      "DynamoDB reads",
      `1,000 items x ${n(rru)} RRU (duplicate check ${n(usage.edge.rruPerItem)}, API key ${n(apiKeyRru)}, worker ${n(usage.worker.rruPerItem)}; eventually consistent, 0.5 a read)`,
      ITEMS * rru,
      prices.dynamoReadUnits,
    ),
  );
  if (mode !== "local") {
    const c = usage.comprehend[mode];
    if (c.languageUnitsPerItem > 0) {
      lines.push(
        line(
          "Comprehend DetectDominantLanguage",
          `1,000 items x ${n(c.languageUnitsPerItem)} units`,
          ITEMS * c.languageUnitsPerItem,
          prices.comprehendUnits,
        ),
      );
    }
    lines.push(
      line(
        "Comprehend DetectSentiment",
        `1,000 items x ${n(c.sentimentUnitsPerItem)} units (${n(c.textsSentShare * 100)} % of the texts; ${n(usage.textShare * 100)} % of items have one)`,
        ITEMS * c.sentimentUnitsPerItem,
        prices.comprehendUnits,
      ),
    );
  }
  lines.push(
    line(
      "SES task emails",
      `1,000 items x ${n(usage.worker.emailsPerItem)} emails (new P1/P2 tasks)`,
      ITEMS * usage.worker.emailsPerItem,
      prices.sesEmails,
    ),
  );
  lines.push(
    line(
      "EventBridge task events",
      `1,000 items x ${n(usage.worker.eventsPerItem)} events (new tasks)`,
      ITEMS * usage.worker.eventsPerItem,
      prices.eventBridgeEvents,
    ),
  );
  const logGb = (invocations * a.logBytesPerInvocation) / 1024 ** 3;
  lines.push(
    line(
      "CloudWatch Logs",
      `${n(invocations)} invocations x ${n(a.logBytesPerInvocation)} bytes = ${logGb.toExponential(2)} GB`,
      logGb,
      prices.cloudWatchLogsGb,
    ),
  );
  lines.push(
    line(
      "X-Ray",
      `${n(invocations)} invocations x ${a.tracedShare * 100} % traced`,
      invocations * a.tracedShare,
      prices.xrayTraces,
    ),
  );
  return { mode, itemsPerPost: usage.itemsPerPost, lines, totalUsd: lines.reduce((sum, l) => sum + l.usd, 0) };
};

export interface CostReport {
  region: "us-east-1";
  note: string;
  prices: Prices;
  assumptions: Assumptions;
  durations: Record<AnalyzerMode, Durations>;
  /** One scenario per items-per-POST; the first is the one printed line by line. */
  scenarios: Array<{ itemsPerPost: number; usage: PipelineUsage; modes: Record<AnalyzerMode, ModeCost> }>;
}

/** The whole report from measured usage (one per items-per-POST scenario). */
export const costReport = (usages: readonly PipelineUsage[], measured: Measured = {}): CostReport => {
  const [first] = usages;
  if (!first) throw new Error("costReport needs at least one usage scenario");
  const perMode = <T>(f: (mode: AnalyzerMode) => T) =>
    Object.fromEntries(ANALYZER_MODES.map((m) => [m, f(m)])) as Record<AnalyzerMode, T>;
  return {
    region: "us-east-1",
    note: "on-demand prices, free tiers left out; fixed monthly costs (idle SQS polling, schedules, storage) are not per item",
    prices: PRICES,
    assumptions: { ...ASSUMPTIONS },
    durations: perMode((mode) => durations(first, mode, measured)),
    scenarios: usages.map((usage) => ({
      itemsPerPost: usage.itemsPerPost,
      usage,
      modes: perMode((mode) => costPer1000Items(mode, usage, measured)),
    })),
  };
};

export const printCostReport = (r: CostReport): void => {
  console.log(`\nAWS cost per 1,000 feedback items (${r.region}; ${r.note})`);
  console.table(
    Object.fromEntries(
      ANALYZER_MODES.map((mode) => [
        mode,
        Object.fromEntries(
          r.scenarios.map((s) => [
            `USD, ${s.itemsPerPost} item${s.itemsPerPost === 1 ? "" : "s"}/POST`,
            Number(s.modes[mode].totalUsd.toFixed(4)),
          ]),
        ),
      ]),
    ),
  );
  const [first] = r.scenarios;
  if (!first) return;
  for (const mode of ANALYZER_MODES) {
    const cost = first.modes[mode];
    console.log(`\n${mode}, ${first.itemsPerPost} item(s) per POST: ${formatUsd(cost.totalUsd)} per 1,000 items`);
    for (const l of cost.lines) console.log(`  ${l.service}: ${l.arithmetic}`);
  }
  const d = r.durations.local;
  console.log(`\ndurations: ingest ${d.sources.ingest}; worker ${d.sources.enrich}; init ${d.sources.init}.`);
  console.log(
    `assumed: ${Object.entries(r.assumptions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
  );
  console.log("prices (us-east-1, on-demand):");
  for (const p of Object.values(r.prices)) console.log(`  ${perUnit(p)} per ${p.unit}: ${p.source}, since ${p.since}`);
};
