import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalStack } from "#shared/local/stack";

/**
 * What a developer sees at GET /metrics of `npm start`: the business metrics the real handlers emit as EMF, summed
 * since the stack started, moving by what was posted and processed, with the same names and dimensions as CloudWatch;
 * and not one EMF line on the console.
 */
let stack: LocalStack;
const printed: string[] = [];
const run = Date.now().toString(36);

beforeAll(async () => {
  // As under `npm start`, where nothing turns EMF off: the stack itself must keep it off the console.
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  const { startLocalStack } = await import("#shared/local/stack");
  stack = await startLocalStack({ port: 0, apiKey: "e2e-key" });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.stop({ drain: false });
});

/** Every series of the exposition, e.g. `hearback_feedback_stored_total{service="hearback"}` -> 2. */
const scrape = async (): Promise<Map<string, number>> => {
  const res = await fetch(`${stack.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const series = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    const match = /^(\w+\{[^}]*\}) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) series.set(match[1], Number(match[2]));
  }
  return series;
};
const moved = (before: Map<string, number>, after: Map<string, number>, series: string) =>
  (after.get(series) ?? 0) - (before.get(series) ?? 0);

const post = async (body: unknown) => {
  const res = await fetch(`${stack.url}/v1/feedback`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as { items: Array<{ status: string }> };
};

describe("GET /metrics on the local stack", () => {
  it("lists the counters at zero before anything happened", async () => {
    const series = await scrape();
    for (const name of ["feedback_accepted", "feedback_stored", "feedback_dead_lettered", "tasks_opened"]) {
      expect(series.get(`hearback_${name}_total{service="hearback"}`), name).toBe(0);
    }
  });

  it("moves accepted, duplicates, stored, dead-lettered by reason, tasks and analyzer source by what happened", async () => {
    const before = await scrape();
    const detractor = {
      channel: "nps",
      score: 2,
      comment: "订单三天了还没发货，客服也不回复",
      customer: { id: `cust-${run}-1` },
      sourceId: `nps-${run}-1`,
    };
    const praise = {
      channel: "csat",
      score: 5,
      comment: "The agent fixed my exchange in five minutes",
      customer: { id: `cust-${run}-2` },
      sourceId: `csat-${run}-2`,
    };
    expect((await post({ items: [detractor, praise] })).items.map((i) => i.status)).toEqual(["accepted", "accepted"]);
    expect((await post(detractor)).items.map((i) => i.status)).toEqual(["duplicate"]);
    // An upstream system putting something the worker cannot read on the queue: parked at once, as malformed.
    const sqs = new SQSClient({
      endpoint: stack.sqsEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      useQueueUrlAsEndpoint: false,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: "{not json" }));
    sqs.destroy();
    expect(await stack.drain(60_000)).toBe(true);

    const after = await scrape();
    const change = (series: string) => moved(before, after, `hearback_${series}`);
    expect({
      accepted: change('feedback_accepted_total{service="hearback"}'),
      duplicates: change('feedback_duplicates_total{service="hearback"}'),
      duplicatesAtTheEdge: change('feedback_duplicates_total{service="hearback",stage="edge"}'),
      stored: change('feedback_stored_total{service="hearback"}'),
      deadLettered: change('feedback_dead_lettered_total{service="hearback"}'),
      malformed: change('feedback_dead_lettered_total{reason="malformed",service="hearback"}'),
      tasksOpened: change('tasks_opened_total{service="hearback"}'),
      analyzedLocally: change('analyzer_source_total{service="hearback",source="local"}'),
    }).toEqual({
      accepted: 2,
      duplicates: 1,
      duplicatesAtTheEdge: 1,
      stored: 2,
      deadLettered: 1,
      malformed: 1,
      tasksOpened: 1,
      analyzedLocally: 2,
    });
    // The same numbers went nowhere else: the console shows no EMF.
    expect(printed.filter((chunk) => chunk.includes('"_aws"'))).toEqual([]);
  });

  it("answers only GET and HEAD", async () => {
    const res = await fetch(`${stack.url}/metrics`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});
