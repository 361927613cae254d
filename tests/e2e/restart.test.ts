import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, describe, expect, it } from "vitest";
import { freePortBlock, LOCAL_AWS_ENV } from "#shared/local/engines";
import { startQueues } from "#shared/local/queues";
import { startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";

const dataDir = mkdtempSync(join(tmpdir(), "hearback-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("a restart loses nothing", () => {
  // Two whole stacks (two JVMs) start one after the other: more than the default 30 s on a busy machine.
  it("keeps stored feedback and the API key across a stop and start of the local stack", async () => {
    // Same ports both times: the functions, like Lambda, keep the endpoints they started with.
    const port = await freePortBlock();
    const first = await startLocalStack({ port, dataDir, apiKey: "restart-key" });
    const api = apiClient(first);
    const res = await api.post({
      channel: "csat",
      score: 2,
      comment: "退货流程太麻烦了",
      customer: { id: "r-1" },
      sourceId: "restart-1",
    });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    await api.waitStored(id);
    await first.stop({ drain: true });

    const second = await startLocalStack({ port, dataDir, apiKey: "restart-key" });
    try {
      const again = apiClient(second);
      expect(await again.waitStored(id, 5_000)).toMatchObject({ id, score: 2, sentiment: "NEGATIVE" });
      const dup = await again.post({ channel: "csat", score: 2, customer: { id: "r-1" }, sourceId: "restart-1" });
      expect(((await dup.json()) as { items: [{ status: string }] }).items[0].status).toBe("duplicate");
    } finally {
      await second.stop({ drain: false });
    }
  }, 90_000);

  it("puts messages sent and not deleted (in flight and dead-lettered included) back on their queues at the next start", async () => {
    const journalFile = join(dataDir, "queues-only", "journal.jsonl");
    const credentials = {
      accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
    };
    const client = (endpoint: string) =>
      new SQSClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials, useQueueUrlAsEndpoint: false });

    const before = await startQueues({ journalFile });
    const sqs1 = client(before.endpoint);
    // One message received and deleted with DeleteMessage does not come back.
    await sqs1.send(new SendMessageCommand({ QueueUrl: before.queueUrl, MessageBody: '{"done":true}' }));
    const done = await sqs1.send(new ReceiveMessageCommand({ QueueUrl: before.queueUrl, MaxNumberOfMessages: 1 }));
    await sqs1.send(
      new DeleteMessageCommand({ QueueUrl: before.queueUrl, ReceiptHandle: done.Messages?.[0]?.ReceiptHandle }),
    );
    expect(done.Messages?.[0]?.Body).toBe('{"done":true}');
    await sqs1.send(
      new SendMessageCommand({ QueueUrl: before.queueUrl, MessageBody: '{"still":"queued \\ud83d\\udc4d"}' }),
    );
    // One message received but not deleted (in flight) must survive too.
    await sqs1.send(new SendMessageCommand({ QueueUrl: before.queueUrl, MessageBody: '{"in":"flight"}' }));
    await sqs1.send(new ReceiveMessageCommand({ QueueUrl: before.queueUrl, MaxNumberOfMessages: 1 }));
    await sqs1.send(
      new SendMessageCommand({
        QueueUrl: before.deadLetterQueueUrl,
        MessageBody: "{}",
        MessageAttributes: { reason: { DataType: "String", StringValue: "bad" } },
      }),
    );
    sqs1.destroy();
    await before.stop();

    const after = await startQueues({ journalFile });
    const sqs2 = client(after.endpoint);
    try {
      const main = await sqs2.send(new ReceiveMessageCommand({ QueueUrl: after.queueUrl, MaxNumberOfMessages: 10 }));
      expect((main.Messages ?? []).map((m) => m.Body).sort()).toEqual([
        '{"in":"flight"}',
        '{"still":"queued \\ud83d\\udc4d"}',
      ]);
      const dlq = await sqs2.send(
        new ReceiveMessageCommand({
          QueueUrl: after.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ["All"],
        }),
      );
      expect(dlq.Messages?.[0]?.MessageAttributes?.reason?.StringValue).toBe("bad");
    } finally {
      sqs2.destroy();
      await after.stop();
    }
  });
});
