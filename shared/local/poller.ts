import { createHash } from "node:crypto";
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { enrichWorker, type FunctionName, functions } from "#shared/platform/resources";
import { lambdaContext } from "./lambda-context.ts";

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

const toRecord = (m: Message, queueArn: string): SQSRecord => ({
  messageId: m.MessageId ?? "",
  receiptHandle: m.ReceiptHandle ?? "",
  body: m.Body ?? "",
  attributes: {
    ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1",
    SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: m.Attributes?.SenderId ?? "local",
    ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(m.MessageAttributes ?? {}).map(([name, a]) => [
      name,
      { dataType: a.DataType ?? "String", ...(a.StringValue !== undefined && { stringValue: a.StringValue }) },
    ]),
  ),
  md5OfBody:
    m.MD5OfBody ??
    createHash("md5")
      .update(m.Body ?? "")
      .digest("hex"),
  eventSource: "aws:sqs",
  eventSourceARN: queueArn,
  awsRegion: "us-east-1",
});

/**
 * Batches the local worker runs at once. Measured with `npm run bench -- --only enrich --profile` (3 runs, medians,
 * December 2026): 2 -> 399 items/s (0.65 of the store's own rate, batch p50 458 ms), 3 -> 437 (0.72, 624 ms),
 * 4 -> 422 (0.67, 834 ms). DynamoDB Local serves one request at a time: a third batch keeps it busy while the
 * others analyze, publish and delete; a fourth only waits in its line.
 */
export const LOCAL_WORKER_CONCURRENCY = 3;

export interface Poller {
  /** Stops taking new batches until resume(); batches already taken finish. */
  pause(): void;
  resume(): void;
  /** Resolves once every started batch has finished and no more are started. */
  stop(): Promise<void>;
  stats(): { batches: number; records: number; failures: number; crashes: number };
}

/**
 * Does what Lambda's SQS event source mapping does: long-polls the queue, hands batches of up to
 * `batchSize` records to the worker, deletes what succeeded and leaves reported failures (or the
 * whole batch, if the function throws) to reappear after the visibility timeout.
 */
export const startPoller = (opts: {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  /** The function the handler stands for, as its Lambda context and logs name it (default the enrich worker). */
  functionName?: FunctionName;
  concurrency?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}): Poller => {
  const functionName = opts.functionName ?? "enrich-feedback";
  const batchSize = opts.batchSize ?? enrichWorker.batchSize;
  const stats = { batches: 0, records: 0, failures: 0, crashes: 0 };
  let running = true;
  let paused = false;

  const receiveUpTo = async (max: number, waitSeconds: number): Promise<Message[]> =>
    (
      await opts.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: opts.queueUrl,
          MaxNumberOfMessages: Math.min(10, max),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
      )
    ).Messages ?? [];

  const receive = async (): Promise<Message[]> => {
    // The first call long-polls; if it comes back full, the rest of the batch is topped up without
    // waiting, like the batching window, in concurrent calls of ten (SQS's maximum per call).
    const messages = await receiveUpTo(batchSize, 1);
    if (messages.length < Math.min(10, batchSize) || !running) return messages;
    const calls = Math.ceil((batchSize - messages.length) / 10);
    const more = await Promise.all(
      Array.from({ length: calls }, (_, i) => receiveUpTo(Math.min(10, batchSize - messages.length - i * 10), 0)),
    );
    return [...messages, ...more.flat()];
  };

  const loop = async () => {
    while (running) {
      if (paused) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      let messages: Message[];
      try {
        messages = await receive();
      } catch (error) {
        if (!running) return;
        opts.onError?.(error);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const records = messages.map((m) => toRecord(m, opts.queueArn));
      stats.batches++;
      stats.records += records.length;
      let failed: Set<string>;
      try {
        const response = await opts.handler(
          { Records: records },
          lambdaContext(functionName, functions[functionName].timeoutSeconds),
        );
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        stats.crashes++;
        opts.onError?.(error);
        failed = new Set(records.map((r) => r.messageId));
      }
      stats.failures += failed.size;
      const done = records.filter((r) => !failed.has(r.messageId));
      // Ten a call (SQS's maximum), all calls at once.
      await Promise.all(
        Array.from({ length: Math.ceil(done.length / 10) }, async (_, i) => {
          try {
            await opts.sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: opts.queueUrl,
                Entries: done
                  .slice(i * 10, i * 10 + 10)
                  .map((r, j) => ({ Id: `d${j}`, ReceiptHandle: r.receiptHandle })),
              }),
            );
          } catch (error) {
            // Undeleted messages come back after the visibility timeout; the worker is idempotent.
            opts.onError?.(error);
          }
        }),
      );
    }
  };

  const loops = Array.from({ length: opts.concurrency ?? LOCAL_WORKER_CONCURRENCY }, () => loop());
  return {
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
    stats: () => ({ ...stats }),
  };
};
