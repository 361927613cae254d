/**
 * `hearback import` end to end (issue 18): a Delighted-style export spread over eight past weeks goes
 * onto the local stack's ingest queue; every valid row is stored once with its own time, the weeks
 * it covers fill in (counters and the digest's trend), history opens no follow-up task while recent
 * detractors still get one, rejects carry their reasons, and a re-run through the CLI imports nothing.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackId } from "#shared/feedback/model/ids";
import { isoWeek } from "#shared/kernel/time";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { writeRunningStack } from "#shared/local/running-stack";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { delightedRows, writeDelightedSample } from "../../tools/bench/delighted-sample.ts";
import { runImport } from "../../tools/cli/commands/import/pipeline.ts";
import { apiSink, queueSink } from "../../tools/cli/commands/import/sinks.ts";
import { apiClient } from "../support/api.ts";
import { tableStores } from "../support/stores.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "hearback-import-e2e-"));
const file = join(scratch, "delighted.csv");
const now = new Date();
const SAMPLE = { rows: 2_400, weeks: 8, now, seed: 18, brokenEvery: 97, repeatEvery: 601 };
const DAY = 86_400_000;

let stack: LocalStack;
let stores: ReturnType<typeof tableStores>;
const local = {
  region: LOCAL_AWS_ENV.AWS_REGION,
  credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "import-key" });
  stores = tableStores(
    DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: stack.dynamoEndpoint })),
    stack.tableName,
  );
});
afterAll(async () => {
  await stack?.stop({ drain: false });
  rmSync(scratch, { recursive: true, force: true });
});

const valid = [...delightedRows(SAMPLE)].filter((r) => r.valid);
const idOf = (responseId: string) => feedbackId("nps", `delighted:${responseId}`);

describe("importing a Delighted export into the local stack", () => {
  let expected: Awaited<ReturnType<typeof writeDelightedSample>>;

  it("lands every valid row once, with its own time, and writes the rejects with their reasons", async () => {
    expected = await writeDelightedSample(file, SAMPLE);
    expect(expected.valid).toBe(valid.length);
    const sink = queueSink({
      sqs: new SQSClient({ ...local, endpoint: stack.sqsEndpoint, useQueueUrlAsEndpoint: false }),
      db: DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: stack.dynamoEndpoint })),
      tableName: stack.tableName,
      queueUrl: stack.queueUrl,
    });
    const result = await runImport({ file }, sink);
    expect(result.counts).toEqual({ accepted: expected.valid, duplicate: expected.repeats, rejected: expected.broken });
    expect(await stack.drain(300_000)).toBe(true);

    const stored = await stores.feedback.storedRecords(valid.map((r) => idOf(r.cells[0] as string)));
    expect(stored.size).toBe(expected.valid);
    for (const row of valid.slice(0, 50)) {
      const record = stored.get(idOf(row.cells[0] as string));
      expect(record?.occurredAt).toBe(new Date(Math.floor(row.at.getTime() / 1_000) * 1_000).toISOString());
      expect(record?.score).toBe(row.score);
    }

    const rejects = parse(readFileSync(result.rejectsFile ?? "", "utf8"), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    expect(rejects).toHaveLength(expected.broken);
    expect(rejects.every((r) => r.rejected_reason && /^\d+$/.test(r.rejected_row ?? ""))).toBe(true);
  }, 400_000);

  it("opens follow-up tasks for recent detractors only: history older than 14 days opens none", async () => {
    const stored = [...(await stores.feedback.storedRecords(valid.map((r) => idOf(r.cells[0] as string)))).values()];
    const age = (r: (typeof stored)[number]) => Date.parse(r.receivedAt) - Date.parse(r.occurredAt);
    const old = stored.filter((r) => age(r) > 14 * DAY);
    const recentDetractors = stored.filter((r) => age(r) < 13 * DAY && (r.score ?? 10) <= 6);
    expect(old.length).toBeGreaterThan(1_000);
    expect(recentDetractors.length).toBeGreaterThan(50);
    expect(old.filter((r) => r.taskId !== undefined)).toEqual([]);
    expect(recentDetractors.every((r) => r.taskId?.startsWith("task_"))).toBe(true);
  });

  it("fills the weekly counters and the digest's trend for the past weeks", async () => {
    const perWeek = new Map<string, number>();
    for (const row of valid) {
      const week = isoWeek(new Date(Math.floor(row.at.getTime() / 1_000) * 1_000));
      perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
    }
    expect(perWeek.size).toBeGreaterThanOrEqual(8);
    for (const [week, n] of perWeek) {
      const counters = await stores.counters.weeklyCounters(week);
      const counted = counters
        .filter((c) => c.channel === "nps" && c.theme === "_all")
        .reduce((sum, c) => sum + (c.counts.n ?? 0), 0);
      expect({ week, counted }).toEqual({ week, counted: n });
    }

    const lastWeek = isoWeek(new Date(now.getTime() - 7 * DAY));
    const res = await apiClient(stack).get(`/v1/digests/preview?week=${lastWeek}&locale=en`);
    expect(res.status).toBe(200);
    const trend = /NPS, last 9 weeks \([^)]*\), oldest first: ([^.]*)\./.exec(await res.text())?.[1]?.split(", ") ?? [];
    expect(trend).toHaveLength(9);
    // Every full week the export covers has an NPS of its own.
    // Negative NPS is written with a real minus sign (U+2212).
    expect(trend.slice(2).every((v) => /^[-\u2212]?\d+$/.test(v))).toBe(true);
  });

  it("imports nothing when run again through the CLI: every row is a duplicate", async () => {
    const data = join(scratch, "data");
    mkdirSync(data);
    writeRunningStack(data, {
      pid: process.pid,
      url: stack.url,
      apiKey: stack.apiKey,
      mailboxUrl: stack.mailboxUrl,
      dynamoEndpoint: stack.dynamoEndpoint,
      sqsEndpoint: stack.sqsEndpoint,
      tableName: stack.tableName,
      queueUrl: stack.queueUrl,
      deadLetterQueueUrl: stack.deadLetterQueueUrl,
    });
    const { PORT: _port, ...env } = process.env;
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((ok) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "tools/cli/hearback.ts", "import", file],
        { cwd: ROOT, env: { ...env, HEARBACK_DATA: data }, timeout: 120_000 },
        (error, stdout, stderr) => ok({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(run.stderr).toContain("into the local stack's queue");
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toBe(
      `0 accepted, ${(expected.valid + expected.repeats).toLocaleString("en")} duplicate, ${expected.broken} rejected; ` +
        `rejected rows and why: ${join(scratch, "delighted.rejects.csv")}`,
    );
  }, 150_000);

  it("goes through the API with --url and --key just the same: 100 items a request, duplicates found again", async () => {
    const jsonl = join(scratch, "items.jsonl");
    const items = Array.from({ length: 150 }, (_, i) => ({
      channel: "csat",
      score: (i % 5) + 1,
      comment: i % 2 ? "The courier was late" : "包装很好",
      customer: { id: `api-${i % 40}` },
      sourceId: `helpdesk-${i}`,
      occurredAt: new Date(now.getTime() - (i % 30) * DAY).toISOString(),
    }));
    writeFileSync(
      jsonl,
      `${[...items, { ...items[0], score: 9, sourceId: "helpdesk-bad" }].map((i) => JSON.stringify(i)).join("\n")}\n`,
    );
    const sink = apiSink({ url: stack.url, key: stack.apiKey });
    const first = await runImport({ file: jsonl }, sink);
    expect(first.counts).toEqual({ accepted: 150, duplicate: 0, rejected: 1 });
    const again = await runImport({ file: jsonl }, sink);
    expect(again.counts).toEqual({ accepted: 0, duplicate: 150, rejected: 1 });
    expect(readFileSync(join(scratch, "items.rejects.jsonl"), "utf8")).toContain("must be a whole number from 1 to 5");
  });
});
