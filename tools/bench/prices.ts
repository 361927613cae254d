/**
 * What the cost model (tools/bench/cost-model.ts) prices with: AWS's published prices (us-east-1, on-demand,
 * free tiers left out) and the assumptions made where nothing is measured.
 *
 * Each price names the AWS pricing page it is listed on and the date it took effect, as AWS announced it.
 */
import { COMPREHEND_USD_PER_UNIT } from "#shared/analysis/model/comprehend-cost";

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
