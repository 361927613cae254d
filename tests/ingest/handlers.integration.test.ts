import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { hashApiKey } from "#shared/edge/middleware";
import { lambdaContext } from "#shared/local/lambda-context";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";
import { httpEvent, sqsEvent } from "../support/fixtures.ts";

/**
 * The real Lambda handlers (middy chain included) fed the sample events from events/, against
 * DynamoDB Local and the SQS emulator.
 */
type Http = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
let engines: Engines;
let post: Http;
let get: Http;
let list: Http;
let health: Http;
let enrich: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>;
let enrichWith: typeof import("#functions/queue/enrich-feedback").enrichFeedback;

const ctx = () => lambdaContext("test", 10);
const body = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(String(r.body)) as Record<string, unknown>;

beforeAll(async () => {
  engines = await startEngines();
  await engines.stores.apiKeys.put(hashApiKey("test-key"), { name: "test", createdAt: new Date().toISOString() });
  // Handlers read configuration at import, as in Lambda: import them after the environment is set.
  // The signing key also keys the pseudonyms the feedback API shows (shared/privacy/).
  process.env.SURVEY_SIGNING_KEYS ??= JSON.stringify({ id: "t1", secret: "handlers-test-signing-key-0123456789" });
  post = (await import("#functions/http/post-feedback")).handler as unknown as Http;
  get = (await import("#functions/http/get-feedback")).handler as unknown as Http;
  list = (await import("#functions/http/list-feedback")).handler as unknown as Http;
  health = (await import("#functions/http/health")).handler as unknown as Http;
  const worker = await import("#functions/queue/enrich-feedback");
  enrich = worker.handler as unknown as typeof enrich;
  enrichWith = worker.enrichFeedback;
});

afterAll(async () => {
  await engines?.stop();
});

const receiveAll = async (queueUrl: string) => {
  const out = await engines.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ["All"],
    }),
  );
  return out.Messages ?? [];
};

describe("post-feedback", () => {
  it("queues a valid item, answers 202 with its id, and GET shows it as queued", async () => {
    const res = await post(httpEvent("post-feedback-nps"), ctx());
    expect(res.statusCode).toBe(202);
    const [item] = body(res).items as Array<{ id: string; status: string }>;
    expect(item?.status).toBe("accepted");

    const messages = await receiveAll(engines.queue.queueUrl);
    const queued = messages.map((m) => JSON.parse(m.Body ?? "{}") as { id: string; input: { score: number } });
    expect(queued.find((q) => q.id === item?.id)?.input.score).toBe(4);

    const event = httpEvent("get-feedback");
    event.pathParameters = { id: String(item?.id) };
    const status = await get(event, ctx());
    expect(body(status)).toMatchObject({ id: item?.id, status: "queued" });
  });

  it("answers duplicate for the same sourceId without queueing it again", async () => {
    const res = await post(httpEvent("post-feedback-nps"), ctx());
    expect((body(res).items as Array<{ status: string }>)[0]?.status).toBe("duplicate");
  });

  it("rejects an out-of-range score with 400 problem+json naming the field", async () => {
    const res = await post(httpEvent("post-feedback-invalid"), ctx());
    expect(res.statusCode).toBe(400);
    expect(res.headers?.["content-type"]).toBe("application/problem+json");
    expect(body(res).errors).toEqual([{ field: "score", message: "must be a whole number from 0 to 10" }]);
  });

  it("rejects a request without an API key with 401 and a Bearer challenge", async () => {
    const res = await post(httpEvent("post-feedback-no-key"), ctx());
    expect(res.statusCode).toBe(401);
    expect(res.headers?.["www-authenticate"]).toContain("Bearer");
  });
});

describe("enrich-feedback", () => {
  it("stores good records, parks the poison one with its reason, and reports no retries", async () => {
    const response = await enrich(sqsEvent("enrich-feedback-batch"), ctx());
    expect(response.batchItemFailures).toEqual([]);

    const social = await engines.stores.feedback.status("fb_0000000000000000000000fix1");
    expect(social?.status).toBe("stored");
    if (social?.status !== "stored") return;
    expect(social.feedback).toMatchObject({ sentiment: "NEGATIVE", detractor: true, language: "zh-Hans" });
    expect(social.feedback.themes).toContain("delivery");

    const rating = await engines.stores.feedback.status("fb_0000000000000000000000fix2");
    expect(rating?.status === "stored" && rating.feedback.sentiment).toBe("POSITIVE");

    const dead = await receiveAll(engines.queue.deadLetterQueueUrl);
    const poison = dead.find((m) => m.Body?.includes('"fax"'));
    expect(poison?.MessageAttributes?.reason?.StringValue).toMatch(/input\.channel/);
  });

  it("changes nothing when the same batch is delivered again", async () => {
    const week = "2026-W48";
    const before = await engines.stores.counters.weeklyCounters(week);
    const event = sqsEvent("enrich-feedback-batch");
    event.Records = event.Records.filter((r) => r.messageId !== "m-3");
    const response = await enrich(event, ctx());
    expect(response.batchItemFailures).toEqual([]);
    expect(await engines.stores.counters.weeklyCounters(week)).toEqual(before);
    expect(before.find((c) => c.channel === "social" && c.theme === "_all")?.counts).toMatchObject({
      n: 1,
      NEGATIVE: 1,
      detractors: 1,
    });
  });

  it("reports only the records whose write failed, and parks them once their attempts are used up", async () => {
    const event = sqsEvent("enrich-feedback-batch");
    const fresh = (n: number, count: number) => {
      const record = structuredClone(event.Records[1]);
      if (!record) throw new Error("fixture has no second record");
      const message = JSON.parse(record.body) as { id: string };
      message.id = `fb_00000000000000000000000${n}zz`;
      return {
        ...record,
        messageId: `retry-${n}`,
        body: JSON.stringify(message),
        attributes: { ...record.attributes, ApproximateReceiveCount: String(count) },
      };
    };
    const failingStore = {
      storedRecords: async () => new Map(),
      saveEnrichedBatch: async (): Promise<Map<string, "stored">> => {
        throw new Error("ProvisionedThroughputExceededException");
      },
    };
    const { SqsIngestQueue } = await import("#shared/ingest/adapters/sqs-ingest-queue");
    const response = await enrichWith({ Records: [fresh(1, 1), fresh(2, 5)] }, ctx(), {
      store: failingStore,
      queue: new SqsIngestQueue(engines.sqs, { deadLetterQueueUrl: engines.queue.deadLetterQueueUrl }),
      analyzer: new LocalAnalyzer(),
      taxonomy: defaultTaxonomy,
      now: () => new Date(),
      maxReceiveCount: 5,
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "retry-1" }]);
    const parked = (await receiveAll(engines.queue.deadLetterQueueUrl)).find((m) => m.Body?.includes("2zz"));
    expect(parked?.MessageAttributes?.reason?.StringValue).toMatch(
      /gave up after 5 attempts: store failed: Provisioned/,
    );
    expect(parked?.MessageAttributes?.attempts?.StringValue).toBe("5");
  });
});

describe("reading", () => {
  it("lists feedback of a channel in a date range", async () => {
    await enrich(sqsEvent("enrich-feedback-batch"), ctx());
    const event = httpEvent("list-feedback");
    event.queryStringParameters = { from: "2026-11-20", to: "2026-11-26", channel: "social" };
    const res = await list(event, ctx());
    expect(res.statusCode).toBe(200);
    const items = body(res).items as Array<{ id: string; channel: string }>;
    expect(items.map((i) => i.id)).toEqual(["fb_0000000000000000000000fix1"]);
  });

  it("reports healthy components", async () => {
    const res = await health(httpEvent("health"), ctx());
    expect(res.statusCode).toBe(200);
    expect(body(res)).toMatchObject({ status: "ok", components: { table: { status: "ok" }, queue: { status: "ok" } } });
  });
});
