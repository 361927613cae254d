import { createHash } from "node:crypto";
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { enrichWorker, functions } from "#shared/platform/resources";
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
  concurrency?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}): Poller => {
  const batchSize = opts.batchSize ?? enrichWorker.batchSize;
  const stats = { batches: 0, records: 0, failures: 0, crashes: 0 };
  let running = true;
  let paused = false;

  const receive = async (): Promise<Message[]> => {
    const messages: Message[] = [];
    // First call long-polls; the rest top the batch up without waiting, like the batching window.
    while (messages.length < batchSize && running) {
      const out = await opts.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: opts.queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          WaitTimeSeconds: messages.length === 0 ? 1 : 0,
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
      );
      if (!out.Messages?.length) break;
      messages.push(...out.Messages);
    }
    return messages;
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
          lambdaContext("enrich-feedback", functions["enrich-feedback"].timeoutSeconds),
        );
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        stats.crashes++;
        opts.onError?.(error);
        failed = new Set(records.map((r) => r.messageId));
      }
      stats.failures += failed.size;
      const done = records.filter((r) => !failed.has(r.messageId));
      for (let i = 0; i < done.length; i += 10) {
        try {
          await opts.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: opts.queueUrl,
              Entries: done.slice(i, i + 10).map((r, j) => ({ Id: `d${j}`, ReceiptHandle: r.receiptHandle })),
            }),
          );
        } catch (error) {
          // Undeleted messages come back after the visibility timeout; the worker is idempotent.
          opts.onError?.(error);
        }
      }
    }
  };

  const loops = Array.from({ length: opts.concurrency ?? 2 }, () => loop());
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
