import { randomUUID } from "node:crypto";
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { Analyzer } from "#shared/analysis/ports/analyzer";
import { isAnalysisFailure } from "#shared/analysis/ports/analyzer";

/**
 * Fault injection for soak tests: stand-ins that sit where AWS would be and misbehave the way AWS
 * does, on command. The product never knows: it is pointed at them through the SDK's standard
 * endpoint variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_COMPREHEND).
 */

/** What a fault injector does while a plan is on. */
export interface FaultPlan<K extends string> {
  /** Share (0..1) of the requests it watches that get a fault. */
  rate: number;
  /** Drawn uniformly for each faulted request (kinds that do not fit an operation are skipped). */
  kinds: readonly K[];
  /** Added to every watched request while the plan is on, faulted or not: uniformly 0..latencyMs. */
  latencyMs?: number;
}

export interface FaultInjector<K extends string> {
  url: string;
  /** Turns faults on with a plan, or off with undefined. */
  set(plan: FaultPlan<K> | undefined): void;
  /** Faults injected so far, by kind. */
  injected(): Partial<Record<K, number>>;
  /** Requests served so far, by operation (X-Amz-Target's operation name). */
  requests(): Record<string, number>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });

const operationOf = (req: IncomingMessage): string => String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";

const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(String(error));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
};

/** Shared bookkeeping: the current plan, the draw, and the counts. */
const faultState = <K extends string>(random: () => number) => {
  let plan: FaultPlan<K> | undefined;
  const injected: Partial<Record<K, number>> = {};
  const requests: Record<string, number> = {};
  return {
    set: (next: FaultPlan<K> | undefined) => {
      plan = next;
    },
    injected: () => ({ ...injected }),
    requests: () => ({ ...requests }),
    count: (operation: string) => {
      requests[operation] = (requests[operation] ?? 0) + 1;
    },
    /** Waits out the plan's latency, then picks a fault (or none) among the kinds that fit. */
    draw: async (fits: (kind: K) => boolean): Promise<K | undefined> => {
      const current = plan;
      if (!current) return undefined;
      if (current.latencyMs) await sleep(random() * current.latencyMs);
      if (random() >= current.rate) return undefined;
      const kinds = current.kinds.filter(fits);
      const kind = kinds[Math.floor(random() * kinds.length)];
      if (kind !== undefined) injected[kind] = (injected[kind] ?? 0) + 1;
      return kind;
    },
  };
};

// ---------------------------------------------------------------------------------------------
// DynamoDB

/**
 * - `throughput`, `throttling`, `internal`: the error DynamoDB answers, nothing written (the SDK retries these).
 * - `transaction-throttled`: TransactWriteItems cancelled with a ThrottlingError reason (the SDK does not retry).
 * - `unprocessed`: BatchWriteItem answers 200 with every item unprocessed.
 * - `lost-response`: the write is applied, then the answer is lost (a 500 instead): the caller cannot know.
 */
export type StoreFault =
  | "throughput"
  | "throttling"
  | "internal"
  | "transaction-throttled"
  | "unprocessed"
  | "lost-response";

export const STORE_FAULTS: readonly StoreFault[] = [
  "throughput",
  "throttling",
  "internal",
  "transaction-throttled",
  "unprocessed",
  "lost-response",
];

/** The operations that write; reads pass untouched. */
const DYNAMO_WRITES = new Set(["TransactWriteItems", "BatchWriteItem", "PutItem", "UpdateItem", "DeleteItem"]);

const dynamoError = (res: ServerResponse, status: number, type: string, body: Record<string, unknown>) => {
  res
    .writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() })
    .end(JSON.stringify({ __type: type, ...body }));
};

const DYNAMO = "com.amazonaws.dynamodb.v20120810";

/**
 * An HTTP proxy in front of DynamoDB (Local) that fails writes as the plan says, with the error
 * shapes DynamoDB itself uses. Reads always pass.
 */
export const startDynamoFaultProxy = async (opts: {
  target: string;
  random?: () => number;
}): Promise<FaultInjector<StoreFault>> => {
  const target = new URL(opts.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const state = faultState<StoreFault>(opts.random ?? Math.random);

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>((ok, fail) => {
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (res) => {
          readBody(res).then((b) => ok({ status: res.statusCode ?? 502, headers: res.headers, body: b }), fail);
        },
      );
      out.on("error", fail);
      out.end(body);
    });

  const server = await listen(async (req, res) => {
    const body = await readBody(req);
    const operation = operationOf(req);
    state.count(operation);
    const fault = DYNAMO_WRITES.has(operation)
      ? await state.draw(
          (k) =>
            (k !== "transaction-throttled" || operation === "TransactWriteItems") &&
            (k !== "unprocessed" || operation === "BatchWriteItem"),
        )
      : undefined;
    switch (fault) {
      case "throughput":
        return dynamoError(res, 400, `${DYNAMO}#ProvisionedThroughputExceededException`, {
          message: "The level of configured provisioned throughput for the table was exceeded.",
        });
      case "throttling":
        return dynamoError(res, 400, "com.amazon.coral.availability#ThrottlingException", {
          message: "Rate of requests exceeds the allowed throughput.",
        });
      case "internal":
        return dynamoError(res, 500, `${DYNAMO}#InternalServerError`, { message: "Internal server error" });
      case "transaction-throttled": {
        const actions = (JSON.parse(body.toString("utf8")) as { TransactItems?: unknown[] }).TransactItems ?? [];
        const reasons = actions.map((_, i) =>
          i === 0 ? { Code: "ThrottlingError", Message: "Throughput exceeds the current capacity." } : { Code: "None" },
        );
        return dynamoError(res, 400, `${DYNAMO}#TransactionCanceledException`, {
          Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
          CancellationReasons: reasons,
        });
      }
      case "unprocessed": {
        const { RequestItems } = JSON.parse(body.toString("utf8")) as { RequestItems?: unknown };
        res
          .writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() })
          .end(JSON.stringify({ UnprocessedItems: RequestItems ?? {} }));
        return;
      }
      case "lost-response":
        await forward(req, body);
        return dynamoError(res, 500, `${DYNAMO}#InternalServerError`, { message: "Internal server error" });
      case undefined: {
        const answer = await forward(req, body);
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
    }
  });

  return {
    url: server.url,
    set: state.set,
    injected: state.injected,
    requests: state.requests,
    stop: async () => {
      await server.stop();
      agent.destroy();
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Amazon Comprehend

/**
 * - `throttled`: ThrottlingException (400). `internal`: InternalServerException (500).
 * - `slow`: the right answer, 0.5-2.5 s late.
 * - `timeout`: holds the request for `timeoutMs`, then drops the connection unanswered.
 * - `item-errors`: the call succeeds, but about half its documents come back in ErrorList.
 */
export type AnalyzerFault = "throttled" | "internal" | "slow" | "timeout" | "item-errors";

export const ANALYZER_FAULTS: readonly AnalyzerFault[] = ["throttled", "internal", "slow", "timeout", "item-errors"];

/** Comprehend's limits for the Batch* APIs: 25 documents, 5,000 UTF-8 bytes each. */
const MAX_DOCUMENTS = 25;
const MAX_DOCUMENT_BYTES = 5_000;

const comprehendLanguage = (tag: string): string | undefined =>
  tag === "zh-Hans" ? "zh" : tag === "zh-Hant" ? "zh-TW" : tag === "und" ? undefined : tag;

const capitalized = (scores: { positive: number; negative: number; neutral: number; mixed: number }) => ({
  Positive: scores.positive,
  Negative: scores.negative,
  Neutral: scores.neutral,
  Mixed: scores.mixed,
});

/**
 * A Comprehend endpoint (BatchDetectDominantLanguage, BatchDetectSentiment) that answers with an
 * analyzer's results (the offline one by default), enforces Comprehend's batch limits, and fails
 * as the plan says.
 */
export const startFakeComprehend = async (
  opts: { random?: () => number; analyzer?: Analyzer; timeoutMs?: number } = {},
): Promise<FaultInjector<AnalyzerFault>> => {
  const random = opts.random ?? Math.random;
  const analyzer = opts.analyzer ?? new LocalAnalyzer();
  const state = faultState<AnalyzerFault>(random);

  const reply = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    res
      .writeHead(status, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": randomUUID(),
        ...(errorType && { "x-amzn-errortype": errorType }),
      })
      .end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, type: string, message: string) =>
    reply(res, status, { __type: type, Message: message }, type);

  const server = await listen(async (req, res) => {
    const operation = operationOf(req);
    const input = JSON.parse((await readBody(req)).toString("utf8")) as { TextList?: string[]; LanguageCode?: string };
    state.count(operation);
    const texts = input.TextList ?? [];
    if (texts.length === 0 || texts.length > MAX_DOCUMENTS) {
      return error(res, 400, "BatchSizeLimitExceededException", `TextList must hold 1-${MAX_DOCUMENTS} documents`);
    }
    if (texts.some((t) => Buffer.byteLength(t, "utf8") > MAX_DOCUMENT_BYTES)) {
      return error(res, 400, "TextSizeLimitExceededException", `a document exceeds ${MAX_DOCUMENT_BYTES} bytes`);
    }
    const fault = await state.draw(() => true);
    switch (fault) {
      case "throttled":
        return error(res, 400, "ThrottlingException", "Rate exceeded");
      case "internal":
        return error(res, 500, "InternalServerException", "Internal server error");
      case "timeout":
        await sleep(opts.timeoutMs ?? 2_000);
        res.destroy();
        return;
      case "slow":
        await sleep(500 + random() * 2_000);
        break;
      case "item-errors":
      case undefined:
        break;
    }
    const results = await analyzer.analyze(
      texts.map((text, i) => ({ id: String(i), text, ...(input.LanguageCode && { localeHint: input.LanguageCode }) })),
    );
    const failed = new Set(
      fault === "item-errors" ? texts.flatMap((_, i) => (random() < 0.5 ? [i] : [])) : ([] as number[]),
    );
    const ErrorList = [...failed].map((Index) => ({
      Index,
      ErrorCode: "InternalServerException",
      ErrorMessage: "Internal server error",
    }));
    const ok = results.flatMap((r, Index) => (failed.has(Index) || isAnalysisFailure(r) ? [] : [{ Index, r }]));
    if (operation === "BatchDetectDominantLanguage") {
      return reply(res, 200, {
        ResultList: ok.map(({ Index, r }) => {
          const code = comprehendLanguage(r.language);
          return { Index, Languages: code ? [{ LanguageCode: code, Score: 0.99 }] : [] };
        }),
        ErrorList,
      });
    }
    if (operation === "BatchDetectSentiment") {
      return reply(res, 200, {
        ResultList: ok.map(({ Index, r }) => ({
          Index,
          Sentiment: r.sentiment,
          SentimentScore: capitalized(r.scores),
        })),
        ErrorList,
      });
    }
    return error(res, 400, "UnknownOperationException", `${operation} is not served here`);
  });

  return {
    url: server.url,
    set: state.set,
    injected: state.injected,
    requests: state.requests,
    stop: server.stop,
  };
};
