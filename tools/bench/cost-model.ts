/**
 * What 1,000 feedback items cost on AWS (us-east-1, on-demand, free tiers left out), per analyzer mode, with
 * the arithmetic of every line. Pure: prices and assumptions are constants (bench/prices.ts), usage comes in
 * (bench/pipeline-usage.ts measures it by running hearback's own adapters against metering stand-ins;
 * durations are measured by the bench or estimated from the measured request counts), and nothing here reads
 * a clock, a file or the network. bench/cost-report.ts prints the result.
 */
import { functions } from "#shared/platform/resources";
import { formatUsd, groupDigits, perUnit } from "./cost-format.ts";
import type { PipelineUsage } from "./pipeline-usage.ts";
import {
  ANALYZER_MODES,
  type AnalyzerMode,
  ASSUMPTIONS,
  type Assumptions,
  PRICES,
  type Price,
  type Prices,
} from "./prices.ts";

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
