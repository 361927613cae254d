import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { QueuedFeedback } from "#shared/feedback/model/schema";
import { UnavailableError } from "#shared/kernel/errors";
import type { DeadLetter, IngestQueue } from "../ports/ingest-queue.ts";

const SQS_BATCH = 10;

/**
 * SQS accepts only #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD (plus astral characters on AWS,
 * though not on every emulator). Escaping surrogates and U+FFFE/U+FFFF as \uXXXX keeps the JSON
 * identical once parsed, so emoji and any other text a customer writes always fit on the queue.
 */
export const queueSafeJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\ud800-\udfff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** SQS caps a batch at 256 KiB in total; stay below it with room for attributes. */
const MAX_BATCH_BYTES = 240 * 1024;
const MAX_ROUNDS = 4;

/** Groups entries into SendMessageBatch calls of at most 10 entries and 240 KiB. */
const batches = (entries: SendMessageBatchRequestEntry[]): SendMessageBatchRequestEntry[][] => {
  const out: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.MessageBody ?? "", "utf8") + 512;
    if (current.length === SQS_BATCH || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
};

export class SqsIngestQueue implements IngestQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: { queueUrl?: string | undefined; deadLetterQueueUrl?: string | undefined },
  ) {}

  private async sendAll(queueUrl: string, entries: SendMessageBatchRequestEntry[]): Promise<void> {
    await Promise.all(
      batches(entries).map(async (batch) => {
        let pending = batch;
        for (let round = 0; pending.length > 0; round++) {
          if (round >= MAX_ROUNDS) {
            throw new UnavailableError(
              `The queue did not accept ${pending.length} message(s): ${pending.map((e) => e.Id).join(", ")}`,
            );
          }
          if (round > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** round));
          const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          // Sender faults (malformed entries) will not get better by retrying.
          const senderFault = (out.Failed ?? []).find((f) => f.SenderFault);
          if (senderFault) throw new Error(`The queue rejected message ${senderFault.Id}: ${senderFault.Message}`);
          pending = pending.filter((e) => failed.has(e.Id));
        }
      }),
    );
  }

  async send(messages: readonly QueuedFeedback[]): Promise<void> {
    const queueUrl = this.urls.queueUrl;
    if (!queueUrl) throw new Error("QUEUE_URL is not configured");
    await this.sendAll(
      queueUrl,
      messages.map((m, i) => ({
        Id: `m${i}`,
        MessageBody: queueSafeJson(m),
        MessageAttributes: { feedbackId: { DataType: "String", StringValue: m.id } },
      })),
    );
  }

  async sendSurveyResponse(surveyId: string, delaySeconds: number): Promise<void> {
    const queueUrl = this.urls.queueUrl;
    if (!queueUrl) throw new Error("QUEUE_URL is not configured");
    await this.sendAll(queueUrl, [
      { Id: "s0", MessageBody: queueSafeJson({ surveyResponse: { surveyId } }), DelaySeconds: delaySeconds },
    ]);
  }

  async deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    const dlqUrl = this.urls.deadLetterQueueUrl;
    if (!dlqUrl) throw new Error("DLQ_URL is not configured");
    await this.sendAll(
      dlqUrl,
      letters.map((l, i) => ({
        Id: `d${i}`,
        MessageBody: l.body,
        MessageAttributes: {
          reasonKind: { DataType: "String", StringValue: l.kind },
          reason: { DataType: "String", StringValue: l.reason.slice(0, 1_000) || "unknown" },
          attempts: { DataType: "Number", StringValue: String(l.attempts) },
          sourceMessageId: { DataType: "String", StringValue: l.sourceMessageId },
          failedAt: { DataType: "String", StringValue: new Date().toISOString() },
        },
      })),
    );
  }

  async depth(): Promise<{ queued: number; inFlight: number; deadLettered: number }> {
    const read = async (url: string | undefined) => {
      if (!url) return { visible: 0, inFlight: 0 };
      const out = await this.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      return {
        visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    };
    const [main, dlq] = await Promise.all([read(this.urls.queueUrl), read(this.urls.deadLetterQueueUrl)]);
    return { queued: main.visible, inFlight: main.inFlight, deadLettered: dlq.visible + dlq.inFlight };
  }
}
