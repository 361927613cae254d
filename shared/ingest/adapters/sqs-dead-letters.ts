import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeadLetterQueue, ParkedMessage } from "../ports/dead-letters.ts";
import { type DeadLetterKind, deadLetterKinds } from "../ports/ingest-queue.ts";

const SQS_BATCH = 10;

const chunks = <T>(items: readonly T[], size = SQS_BATCH): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

const attribute = (message: Message, name: string): string | undefined =>
  message.MessageAttributes?.[name]?.StringValue;

const kindOf = (message: Message): DeadLetterKind => {
  const recorded = attribute(message, "reasonKind");
  if (deadLetterKinds.some((k) => k === recorded)) return recorded as DeadLetterKind;
  // Parked before reasons had kinds: a recorded reason means the worker parked it.
  const reason = attribute(message, "reason");
  if (reason === undefined) return "unrecorded";
  return reason.startsWith("gave up after") ? "retries-exhausted" : "malformed";
};

const toParked = (message: Message): ParkedMessage => {
  const attempts = Number(attribute(message, "attempts"));
  const failedAt = attribute(message, "failedAt");
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId ?? "",
    body: message.Body ?? "",
    kind: kindOf(message),
    reason: attribute(message, "reason"),
    attempts: Number.isFinite(attempts) && attempts > 0 ? attempts : undefined,
    parkedAt: failedAt ? new Date(failedAt) : new Date(Number.isFinite(sent) ? sent : 0),
  };
};

/** The feedback id the ingest queue's messages carry as an attribute, read back from the body. */
const feedbackIdOf = (body: string): string | undefined => {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === "string" && id !== "" ? id : undefined;
  } catch {
    return undefined;
  }
};

/** The ingest dead-letter queue on SQS (or fauxqs locally), and the ingest queue redriven messages go back to. */
export class SqsDeadLetters implements DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: { deadLetterQueueUrl: string; queueUrl: string },
  ) {}

  async inspect(opts: {
    limit: number;
    holdSeconds: number;
    decide: (held: readonly ParkedMessage[]) => readonly ParkedMessage[];
  }): Promise<{ held: ParkedMessage[]; redriven: ParkedMessage[] }> {
    const received = new Map<string, Message>();
    while (received.size < opts.limit) {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.urls.deadLetterQueueUrl,
          MaxNumberOfMessages: Math.min(SQS_BATCH, opts.limit - received.size),
          VisibilityTimeout: opts.holdSeconds,
          // A short long-poll asks every SQS server, so an empty answer means the queue has nothing visible.
          WaitTimeSeconds: 1,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["SentTimestamp"],
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) if (m.MessageId) received.set(m.MessageId, m);
    }
    const held = [...received.values()].map(toParked).sort((a, b) => a.parkedAt.getTime() - b.parkedAt.getTime());
    const chosen = new Set(opts.decide(held).map((m) => m.messageId));
    const redriven: ParkedMessage[] = [];
    try {
      for (const batch of chunks(held.filter((m) => chosen.has(m.messageId)))) {
        const sent = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: this.urls.queueUrl,
            Entries: batch.map((m, i) => {
              const feedbackId = feedbackIdOf(m.body);
              return {
                Id: `r${i}`,
                MessageBody: m.body,
                ...(feedbackId && {
                  MessageAttributes: { feedbackId: { DataType: "String", StringValue: feedbackId } },
                }),
              };
            }),
          }),
        );
        const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
        const back = batch.filter((_, i) => ok.has(`r${i}`));
        if (back.length === 0) continue;
        // Deleted only once the ingest queue has it: a crash in between leaves a copy in both, never in neither
        // (the worker skips an item it has already stored).
        await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.urls.deadLetterQueueUrl,
            Entries: back.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: received.get(m.messageId)?.ReceiptHandle })),
          }),
        );
        redriven.push(...back);
      }
    } finally {
      // Everything not sent back is visible again at once, for the next look.
      const moved = new Set(redriven.map((m) => m.messageId));
      for (const batch of chunks(held.filter((m) => !moved.has(m.messageId)))) {
        await this.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.urls.deadLetterQueueUrl,
            Entries: batch.map((m, i) => ({
              Id: `v${i}`,
              ReceiptHandle: received.get(m.messageId)?.ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
    }
    return { held, redriven };
  }
}
