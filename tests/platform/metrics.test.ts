import middy from "@middy/core";
import type { Context, SQSEvent } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { AnalysisRequest, AnalysisResult, Analyzer } from "#shared/analysis/ports/analyzer";
import type { EnrichDeps } from "#shared/enrich/enrich-batch";
import type { EnrichedFeedback } from "#shared/enrich/model/enrich";
import type { SaveOutcome } from "#shared/enrich/ports/enriched-store";
import type { QueuedFeedback, StoredFeedback } from "#shared/feedback/model/schema";
import type { DeadLetter } from "#shared/ingest/ports/ingest-queue";
import { lambdaContext } from "#shared/local/lambda-context";
import type { SurveyAnswer, SurveyRecord } from "#shared/surveys/ports/survey-store";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { businessMetricNamespace, businessMetrics } from "../../infra/constructs/monitoring.ts";

/**
 * The EMF a handler prints on AWS, read from stdout as CloudWatch reads it: the enrich worker's outcomes, dead letters
 * by reason, the analyzer's source and fallbacks, and nothing at all for an invocation that recorded nothing.
 */
type Emf = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
};

let observability: typeof import("#shared/platform/observability");
let enrichFeedback: typeof import("#functions/queue/enrich-feedback").enrichFeedback;

beforeAll(async () => {
  // As on AWS: EMF printed (tests/support/setup.ts turns it off for everyone else), warnings shown.
  Object.assign(process.env, {
    POWERTOOLS_METRICS_DISABLED: "false",
    POWERTOOLS_LOG_LEVEL: "WARN",
    POWERTOOLS_SERVICE_NAME: "hearback",
    TABLE_NAME: "hearback-metrics-test",
    SURVEY_SIGNING_KEYS: JSON.stringify({ id: "m1", secret: "metrics-test-signing-key-0123456789" }),
  });
  observability = await import("#shared/platform/observability");
  enrichFeedback = (await import("#functions/queue/enrich-feedback")).enrichFeedback;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `fn` and returns every line it printed, stdout (EMF, logs) and stderr (warnings) alike. */
const outputOf = async (fn: () => Promise<unknown>): Promise<string[]> => {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      return true;
    });
  }
  try {
    await fn();
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
};
const emfIn = (lines: string[]): Emf[] => lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Emf);

/** Each metric's value per dimension set, e.g. "FeedbackDeadLettered{reason=malformed}" -> 1, as CloudWatch sums it. */
const values = (docs: Emf[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const doc of docs) {
    for (const directive of doc._aws.CloudWatchMetrics) {
      expect(directive.Namespace).toBe("hearback");
      for (const dims of directive.Dimensions) {
        expect(dims[0]).toBe("service");
        expect(doc.service).toBe("hearback");
        const extra = dims.slice(1).map((d) => `${d}=${String(doc[d])}`);
        for (const { Name } of directive.Metrics) {
          const raw = doc[Name];
          const sum = (Array.isArray(raw) ? raw : [raw]).reduce((a: number, b) => a + Number(b), 0);
          const key = extra.length > 0 ? `${Name}{${extra.join(",")}}` : Name;
          out[key] = (out[key] ?? 0) + sum;
        }
      }
    }
  }
  return out;
};

/** Remembers what it stored; ids given at the start stand for records stored earlier. */
class MemoryStore {
  readonly records = new Map<string, StoredFeedback>();
  failSave = false;
  constructor(earlier: readonly string[] = []) {
    const at = "2026-11-26T10:00:00.000Z";
    for (const id of earlier) {
      this.records.set(id, {
        id,
        channel: "nps",
        receivedAt: at,
        occurredAt: at,
        week: "2026-W48",
        language: "en",
        sentiment: "NEUTRAL",
        sentimentScores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
        sentimentSource: "score",
        themes: [],
        taxonomyVersion: "t",
        analyzer: "score",
        detractor: false,
        storedAt: at,
      });
    }
  }
  async storedRecords(ids: readonly string[]): Promise<Map<string, StoredFeedback>> {
    return new Map(ids.flatMap((id) => (this.records.has(id) ? [[id, this.records.get(id) as StoredFeedback]] : [])));
  }
  async saveEnrichedBatch(items: readonly EnrichedFeedback[]): Promise<Map<string, SaveOutcome>> {
    if (this.failSave) throw new Error("table unavailable");
    for (const i of items) this.records.set(i.record.id, i.record);
    return new Map(items.map((i) => [i.record.id, "stored"]));
  }
}

const deadLetters: DeadLetter[] = [];
const deps = (over: Partial<EnrichDeps> = {}, earlier: readonly string[] = []): EnrichDeps => ({
  store: new MemoryStore(earlier),
  queue: { deadLetter: async (letters) => void deadLetters.push(...letters) },
  analyzer: new LocalAnalyzer(),
  taxonomy: defaultTaxonomy,
  now: () => new Date("2026-11-26T10:00:00Z"),
  maxReceiveCount: 5,
  ...over,
});

const message = (sourceId: string, comment: string): QueuedFeedback => ({
  id: `fb_nps_${sourceId}`,
  receivedAt: "2026-11-26T09:00:00.000Z",
  input: { channel: "nps", score: 3, comment, customer: { id: `c-${sourceId}` }, sourceId },
});
const sqs = (...records: Array<{ body: string; receiveCount?: number }>): SQSEvent => ({
  Records: records.map((r, i) => ({
    messageId: `m-${i}`,
    receiptHandle: `r-${i}`,
    body: r.body,
    attributes: {
      ApproximateReceiveCount: String(r.receiveCount ?? 1),
      SentTimestamp: "0",
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:hearback-ingest",
    awsRegion: "us-east-1",
  })),
});

/** The worker behind the same middlewares as its handler, with test doubles instead of DynamoDB and SQS. */
const worker = (dependencies: EnrichDeps) =>
  middy<SQSEvent>()
    .use(observability.observability())
    .handler((event: SQSEvent, context: Context) => enrichFeedback(event, context, dependencies));

describe("business metrics as EMF on stdout", () => {
  it("has a name for every metric the alarms and the dashboard read, in their namespace", () => {
    expect(observability.metricsNamespace).toBe(businessMetricNamespace);
    expect(businessMetrics.filter((name) => !(name in observability.businessMetricInfo))).toEqual([]);
    expect(observability.businessMetricInfo.SlaBreaches.kind).toBe("gauge");
  });

  it("counts the worker's stored records, duplicates and dead letters, with the dead letters' reason", async () => {
    const event = sqs(
      { body: JSON.stringify(message("s1", "The parcel arrived two days late and the box was crushed")) },
      // A redelivery of an answer stored already.
      { body: JSON.stringify(message("s2", "Fine")), receiveCount: 2 },
      { body: "not json at all" },
    );
    const lines = await outputOf(() => worker(deps({}, ["fb_nps_s2"]))(event, lambdaContext("enrich", 30)));
    expect(values(emfIn(lines))).toEqual({
      FeedbackStored: 1,
      FeedbackDuplicates: 1,
      "FeedbackDuplicates{stage=worker}": 1,
      FeedbackDeadLettered: 1,
      "FeedbackDeadLettered{reason=malformed}": 1,
      AnalyzerSource: 1,
      "AnalyzerSource{source=local}": 1,
    });
  });

  it("names retries-exhausted as the reason when a message used up its attempts", async () => {
    const store = new MemoryStore();
    store.failSave = true;
    const event = sqs({ body: JSON.stringify(message("s3", "Still waiting for my refund")), receiveCount: 5 });
    const lines = await outputOf(() => worker(deps({ store }))(event, lambdaContext("enrich", 30)));
    const counted = values(emfIn(lines));
    expect(counted["FeedbackDeadLettered{reason=retries-exhausted}"]).toBe(1);
    expect(counted.FeedbackDeadLettered).toBe(1);
    expect(counted.FeedbackStored).toBeUndefined();
  });

  it("counts a fallback when the configured analyzer cannot read a text and the local engine answers", async () => {
    const refusing: Analyzer = {
      name: "comprehend",
      analyze: async (requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> =>
        requests.map((r) => ({ id: r.id, error: { code: "UnsupportedLanguage", message: "no", retryable: false } })),
    };
    const event = sqs({ body: JSON.stringify(message("s4", "Der Kurier war sehr unfreundlich")) });
    const lines = await outputOf(() =>
      worker(deps({ analyzer: refusing, fallbackAnalyzer: new LocalAnalyzer() }))(event, lambdaContext("enrich", 30)),
    );
    expect(values(emfIn(lines))).toMatchObject({
      FeedbackStored: 1,
      AnalyzerFallbacks: 1,
      "AnalyzerSource{source=local}": 1,
    });
  });

  it("counts a survey answer the worker decides counts, once: a redelivered decision counts nothing", async () => {
    const survey: SurveyRecord = {
      surveyId: "sv-1",
      kind: "nps",
      customer: { id: "c-sv-1" },
      createdAt: "2026-11-26T08:00:00.000Z",
      expiresAt: "2026-12-26T08:00:00.000Z",
    };
    const tap = { at: "2026-11-26T09:59:00.000Z", score: 9, method: "POST", auto: false, suspect: false } as const;
    const surveys = {
      getSurvey: async () => survey,
      recentAttempts: async () => [{ ...tap, renderedAt: "2026-11-26T09:58:50.000Z" }],
      saveAnswer: async (_: string, answer: SurveyAnswer, firstCountedAt: string) => {
        const isNew = survey.answer?.revision !== answer.revision;
        Object.assign(survey, { answer, firstCountedAt });
        return isNew;
      },
    };
    const store = new MemoryStore();
    const decide = sqs({ body: JSON.stringify({ surveyResponse: { surveyId: "sv-1" } }) });
    const first = values(emfIn(await outputOf(() => worker(deps({ store, surveys }))(decide, lambdaContext("e", 30)))));
    expect(first).toMatchObject({ SurveyAnswersCounted: 1, FeedbackStored: 1 });
    const again = values(emfIn(await outputOf(() => worker(deps({ store, surveys }))(decide, lambdaContext("e", 30)))));
    expect(again.SurveyAnswersCounted).toBeUndefined();
  });

  it("prints nothing for an invocation that recorded no metric: no EMF, no warning about it", async () => {
    const quiet = middy()
      .use(observability.observability())
      .handler(async () => "ok");
    expect(await outputOf(() => quiet({}, lambdaContext("health", 3)))).toEqual([]);
  });

  it("keeps a gauge's zero, which a counter leaves out", async () => {
    const run = middy()
      .use(observability.observability())
      .handler(async () => {
        observability.gauge("SlaBreaches", 0);
        observability.count("TasksEscalated", 0);
      });
    expect(values(emfIn(await outputOf(() => run({}, lambdaContext("sweep", 3)))))).toEqual({ SlaBreaches: 0 });
  });
});
