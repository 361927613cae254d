/** The soak's view of the ingest queue: malformed messages put straight onto it, its depth, its draining. */
import { setTimeout as sleep } from "node:timers/promises";
import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

export interface QueueDepth {
  /** Visible and delayed messages. */
  visible: number;
  /** Received by a worker and not yet deleted or back. */
  inFlight: number;
}

/**
 * Malformed messages from an "upstream system", straight onto the queue: half not JSON at all, half with a
 * feedback id and an input no schema accepts. Returns each message id sent with the feedback id it carries.
 */
export const putPoison = async (
  sqs: SQSClient,
  queueUrl: string,
  count: number,
): Promise<Map<string, string | undefined>> => {
  const poison = new Map<string, string | undefined>();
  for (let i = 0; i < count; i += 10) {
    const entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => {
      const n = i + j;
      const id = n % 2 === 0 ? `fb_soakpoison${n}` : undefined;
      const body =
        id === undefined
          ? `not json ${n} {`
          : JSON.stringify({ id, receivedAt: new Date().toISOString(), input: { channel: "nps", score: 42 } });
      return { Id: `p${j}`, MessageBody: body, id };
    });
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: entries.map(({ Id, MessageBody }) => ({ Id, MessageBody })),
      }),
    );
    for (const ok of out.Successful ?? []) poison.set(ok.MessageId ?? "", entries.find((e) => e.Id === ok.Id)?.id);
  }
  return poison;
};

export const queueDepth = async (sqs: SQSClient, queueUrl: string): Promise<QueueDepth> => {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  const a = out.Attributes ?? {};
  return {
    visible: Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
};

/** Waits until the queue is empty (nothing visible, delayed or in flight) several polls in a row; false on timeout. */
export const drained = async (readDepth: () => Promise<QueueDepth>, timeoutMs: number): Promise<boolean> => {
  const start = Date.now();
  let quiet = 0;
  while (quiet < 3) {
    if (Date.now() - start > timeoutMs) return false;
    const d = await readDepth();
    quiet = d.visible + d.inFlight === 0 ? quiet + 1 : 0;
    await sleep(300);
  }
  return true;
};
