/**
 * The import part of `npm run bench` (`--only import`): rows/s `hearback import` puts on the local
 * stack's ingest queue, next to the queue's own SendMessageBatch rate measured in the same run.
 *
 * Each run, with the worker paused (as the ingest part does: on AWS it runs elsewhere):
 *   import:   a synthetic Delighted-style export (tools/bench/delighted-sample.ts) through the whole
 *             import: streamed parsing, mapping, the API's validation, the duplicate check in the
 *             table and acceptFeedback onto the queue, with the command's chunks in flight.
 *   baseline: the same messages sent with bare SendMessageBatch calls, 10 a call, with as many calls
 *             in flight as the import can have, to a queue of their own in the same fauxqs: the
 *             rate the queue itself allows.
 * The queues are purged after each run, so every run does the same work.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, PurgeQueueCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { feedbackId } from "#shared/feedback/model/ids";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import type { LocalStack } from "#shared/local/stack";
import { runImport } from "../cli/commands/import/pipeline.ts";
import { prepareImport } from "../cli/commands/import/prepare.ts";
import { queueSink } from "../cli/commands/import/sinks.ts";
import { writeDelightedSample } from "./delighted-sample.ts";

export interface ImportBenchResult {
  rowsPerSecond: number;
  baselineSendMessageBatchPerSecond: number;
  ratio: number;
  rows: number;
  chunksInFlight: number;
  runs: Array<{ import: number; baseline: number }>;
}

const IN_FLIGHT = 8;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export const runImportBench = async (
  stack: LocalStack,
  opts: { runs: number; rows: number },
  log: (line: string) => void,
): Promise<ImportBenchResult> => {
  const dir = mkdtempSync(join(tmpdir(), "hearback-import-bench-"));
  const file = join(dir, "delighted.csv");
  await writeDelightedSample(file, { rows: opts.rows, weeks: 12 });
  const local = {
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  };
  const sqs = new SQSClient({ ...local, endpoint: stack.sqsEndpoint, useQueueUrlAsEndpoint: false });
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: stack.dynamoEndpoint }));
  const sink = queueSink({ sqs, db, tableName: stack.tableName, queueUrl: stack.queueUrl });

  // The baseline's messages: the import's valid rows as the queue will carry them.
  const prepared = await prepareImport({ file });
  const bodies: string[] = [];
  const ids = new Set<string>();
  const receivedAt = new Date().toISOString();
  for await (const row of prepared.rows(prepared.firstRowOffset, prepared.firstRowBefore)) {
    const outcome = prepared.outcome(row);
    if (outcome.kind !== "item") continue;
    const id = feedbackId(outcome.item.channel, outcome.item.sourceId);
    // The export repeats a few responses; the import sends each once.
    if (ids.has(id)) continue;
    ids.add(id);
    bodies.push(JSON.stringify({ id, receivedAt, input: outcome.item }));
  }
  const floorQueue =
    (await sqs.send(new CreateQueueCommand({ QueueName: `bench-import-floor-${Date.now()}` }))).QueueUrl ?? "";

  const runs: Array<{ import: number; baseline: number }> = [];
  stack.poller.pause();
  try {
    // Run 0 warms the engines and the JIT; it is logged, not counted.
    for (let run = 0; run <= opts.runs; run++) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT * 10 }, async () => {
          while (next < bodies.length) {
            const at = next;
            next += 10;
            await sqs.send(
              new SendMessageBatchCommand({
                QueueUrl: floorQueue,
                Entries: bodies.slice(at, at + 10).map((MessageBody, j) => ({ Id: `m${j}`, MessageBody })),
              }),
            );
          }
        }),
      );
      const baseline = bodies.length / ((performance.now() - started) / 1_000);
      await sqs.send(new PurgeQueueCommand({ QueueUrl: floorQueue }));

      const importStarted = performance.now();
      const result = await runImport({ file, rejectsFile: join(dir, "rejects.csv"), inFlight: IN_FLIGHT }, sink);
      const rate = result.rows / ((performance.now() - importStarted) / 1_000);
      await sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrl }));
      if (result.counts.accepted !== bodies.length)
        throw new Error(`import bench: ${result.counts.accepted} accepted of ${bodies.length} valid rows`);
      log(
        `${run === 0 ? "warm-up" : `run ${run}`}: import ${Math.round(rate)} rows/s, SendMessageBatch ${Math.round(baseline)} msgs/s`,
      );
      if (run > 0) runs.push({ import: Math.round(rate), baseline: Math.round(baseline) });
    }
  } finally {
    stack.poller.resume();
    sqs.destroy();
    db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const rowsPerSecond = median(runs.map((r) => r.import));
  const baseline = median(runs.map((r) => r.baseline));
  return {
    rowsPerSecond,
    baselineSendMessageBatchPerSecond: baseline,
    ratio: Number((rowsPerSecond / baseline).toFixed(3)),
    rows: opts.rows,
    chunksInFlight: IN_FLIGHT,
    runs,
  };
};
