import { existsSync, readFileSync, renameSync } from "node:fs";
import { isIP } from "node:net";
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { queues } from "#shared/platform/resources";
import { connectHost, DEFAULT_BIND, localUrl } from "./bind.ts";
import { LOCAL_AWS_ENV, localCredentials } from "./engines.ts";
import { type JournaledMessage, QueueJournal } from "./queue-journal.ts";

export interface QueueEngine {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Webhook deliveries (shared/webhooks/), and their dead-letter queue. */
  webhookQueueUrl: string;
  webhookDeadLetterQueueUrl: string;
  /** Messages the journal holds (sent and not yet deleted); 0 without a journal. */
  journaled(): number;
  stop(): Promise<void>;
}

type SqsJson = Record<string, unknown>;
interface SendEntry {
  Id?: string;
  MessageBody?: string;
  MessageAttributes?: Record<string, unknown>;
}

/** The SQS actions that change what a queue holds, and ReceiveMessage (which names receipt handles). */
const JOURNALED = new Set([
  "SendMessage",
  "SendMessageBatch",
  "ReceiveMessage",
  "DeleteMessage",
  "DeleteMessageBatch",
  "PurgeQueue",
]);

const queueNameOf = (url: unknown) => (typeof url === "string" ? (url.split("/").pop() ?? "") : "");

/**
 * fauxqs: an SQS emulator the current SDK speaks to, with visibility timeouts, long polling and
 * redrive to a DLQ after maxReceiveCount. Queue settings come from shared/resources.ts.
 * Built with fauxqs's `buildApp` and listened on here: its `startFauxqs` always binds 0.0.0.0.
 *
 * fauxqs keeps messages in memory. With `journalFile`, every message it accepts is on disk before
 * the sender hears "sent" and every delete is recorded (shared/local/queue-journal.ts), through hooks
 * on the SQS protocol itself (SendMessage[Batch], ReceiveMessage, DeleteMessage[Batch], PurgeQueue):
 * after a SIGKILL, the next start puts back every message sent and not deleted. Messages fauxqs had
 * moved to the dead-letter queue come back on the ingest queue and are dead-lettered again after
 * maxReceiveCount receives.
 */
export const startQueues = async (opts: {
  port?: number;
  visibilityTimeoutSeconds?: number;
  journalFile?: string | undefined;
  bind?: string;
}): Promise<QueueEngine> => {
  const bind = opts.bind ?? DEFAULT_BIND;
  // `host` only names the queue URLs (sqs.<region>.<host>:<port>/…); the SDK is told not to dial them.
  const app = buildApp({ logger: false, host: isIP(connectHost(bind)) === 6 ? "localhost" : connectHost(bind) });
  const opened = opts.journalFile ? QueueJournal.open(opts.journalFile) : undefined;
  const journal = opened?.journal;
  if (journal) {
    /** Which message a receipt handle names (handles die with the process, so memory is enough). */
    const handles = new Map<string, string>();
    app.addHook(
      "onSend",
      async (
        request: { headers: Record<string, unknown>; body: unknown },
        reply: { statusCode: number },
        payload: unknown,
      ) => {
        const target = String(request.headers["x-amz-target"] ?? "");
        if (!target.startsWith("AmazonSQS.") || reply.statusCode !== 200 || typeof payload !== "string") return payload;
        const action = target.slice("AmazonSQS.".length);
        if (!JOURNALED.has(action)) return payload;
        const req = (request.body ?? {}) as SqsJson;
        // An empty answer (DeleteMessage, PurgeQueue) is "{}" to us.
        const res = (payload.trim() === "" ? {} : JSON.parse(payload)) as SqsJson;
        const queue = queueNameOf(req.QueueUrl);
        const message = (entry: SendEntry, id: unknown) => ({
          id: String(id),
          queue,
          body: String(entry.MessageBody ?? ""),
          ...(entry.MessageAttributes && { attributes: entry.MessageAttributes }),
        });
        if (action === "SendMessage") {
          await journal.sent([message(req as SendEntry, res.MessageId)]);
        } else if (action === "SendMessageBatch") {
          const entries = new Map(((req.Entries ?? []) as SendEntry[]).map((e) => [e.Id, e]));
          const ok = (res.Successful ?? []) as Array<{ Id: string; MessageId: string }>;
          await journal.sent(ok.map((s) => message(entries.get(s.Id) ?? {}, s.MessageId)));
        } else if (action === "ReceiveMessage") {
          for (const m of (res.Messages ?? []) as Array<{ MessageId: string; ReceiptHandle: string }>)
            handles.set(m.ReceiptHandle, m.MessageId);
        } else if (action === "DeleteMessage" || action === "DeleteMessageBatch") {
          const receipts =
            action === "DeleteMessage"
              ? [String(req.ReceiptHandle)]
              : (() => {
                  const byId = new Map(
                    ((req.Entries ?? []) as Array<{ Id: string; ReceiptHandle: string }>).map((e) => [
                      e.Id,
                      e.ReceiptHandle,
                    ]),
                  );
                  return ((res.Successful ?? []) as Array<{ Id: string }>).map((s) => byId.get(s.Id) ?? "");
                })();
          const ids: string[] = [];
          for (const receipt of receipts) {
            const id = handles.get(receipt);
            handles.delete(receipt);
            if (id) ids.push(id);
          }
          journal.deleted(ids);
          // Handles of messages no longer held (received again under a new handle, or deleted) go too.
          if (handles.size > 10_000) for (const [h, id] of handles) if (!journal.holds(id)) handles.delete(h);
        } else if (action === "PurgeQueue") {
          journal.purged(queue);
        }
        return payload;
      },
    );
  }
  await app.listen({ port: opts.port ?? 0, host: bind });
  const address = app.server.address();
  const endpoint = localUrl(bind, typeof address === "object" && address ? address.port : (opts.port ?? 0));
  const sqs = new SQSClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: localCredentials,
    useQueueUrlAsEndpoint: false,
  });
  const days = (d: number) => String(d * 86_400);
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: queues.ingestDeadLetter.localName,
      Attributes: { MessageRetentionPeriod: days(queues.ingestDeadLetter.retentionDays) },
    }),
  );
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))
  ).Attributes?.QueueArn;
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: queues.ingest.localName,
      Attributes: {
        VisibilityTimeout: String(opts.visibilityTimeoutSeconds ?? queues.ingest.visibilityTimeoutSeconds),
        MessageRetentionPeriod: days(queues.ingest.retentionDays),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queues.ingest.maxReceiveCount }),
      },
    }),
  );
  const webhookDlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: queues.webhooksDeadLetter.localName,
      Attributes: { MessageRetentionPeriod: days(queues.webhooksDeadLetter.retentionDays) },
    }),
  );
  const webhookDlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: webhookDlq.QueueUrl, AttributeNames: ["QueueArn"] }))
  ).Attributes?.QueueArn;
  const webhooks = await sqs.send(
    new CreateQueueCommand({
      QueueName: queues.webhooks.localName,
      Attributes: {
        VisibilityTimeout: String(queues.webhooks.visibilityTimeoutSeconds),
        MessageRetentionPeriod: days(queues.webhooks.retentionDays),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: webhookDlqArn,
          maxReceiveCount: queues.webhooks.maxReceiveCount,
        }),
      },
    }),
  );
  if (!main.QueueUrl || !dlq.QueueUrl || !webhooks.QueueUrl || !webhookDlq.QueueUrl)
    throw new Error("fauxqs did not return queue URLs");
  const urls: Record<string, string> = {
    [queues.ingest.localName]: main.QueueUrl,
    [queues.ingestDeadLetter.localName]: dlq.QueueUrl,
    [queues.webhooks.localName]: webhooks.QueueUrl,
    [queues.webhooksDeadLetter.localName]: webhookDlq.QueueUrl,
  };

  if (opened && journal && opts.journalFile) {
    // A data folder from before the journal: the queues a clean stop saved.
    const legacy = opts.journalFile.replace(/[^/\\]+$/, "queues.json");
    const restore: JournaledMessage[] = [...opened.restore];
    if (existsSync(legacy)) {
      const saved = JSON.parse(readFileSync(legacy, "utf8")) as Record<
        string,
        Array<{ body: string; attributes: Record<string, unknown> }>
      >;
      for (const [queue, messages] of Object.entries(saved))
        for (const m of messages) restore.push({ queue, body: m.body, attributes: m.attributes });
    }
    // Back on the queue through the same hooks, so each is recorded under its new id.
    const back = (m: JournaledMessage) => ({
      MessageBody: m.body,
      ...(m.attributes && Object.keys(m.attributes).length > 0 && { MessageAttributes: m.attributes as never }),
    });
    for (const [queue, url] of Object.entries(urls)) {
      const mine = restore.filter((m) => m.queue === queue);
      for (let i = 0; i < mine.length; i += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: mine.slice(i, i + 10).map((m, j) => ({ Id: `r${j}`, ...back(m) })),
          }),
        );
      }
    }
    await journal.commitRestore();
    if (existsSync(legacy)) renameSync(legacy, `${legacy}.restored`);
  }

  return {
    endpoint,
    queueUrl: main.QueueUrl,
    deadLetterQueueUrl: dlq.QueueUrl,
    webhookQueueUrl: webhooks.QueueUrl,
    webhookDeadLetterQueueUrl: webhookDlq.QueueUrl,
    journaled: () => journal?.size ?? 0,
    stop: async () => {
      sqs.destroy();
      await app.close();
      await journal?.close();
    },
  };
};
