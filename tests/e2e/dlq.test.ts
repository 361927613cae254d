import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { feedbackId } from "#shared/feedback/model/ids";
import { SqsIngestQueue } from "#shared/ingest/adapters/sqs-ingest-queue";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { dlq } from "../../tools/cli/commands/dlq.ts";
import { apiClient } from "../support/api.ts";

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "dlq-key" });
  api = apiClient(stack);
  sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

/** Runs `hearback dlq ...` against the stack's queues and returns what it printed. */
const hearbackDlq = async (...args: string[]): Promise<string> => {
  const printed: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => {
    printed.push(parts.join(" "));
  });
  try {
    await dlq([...args, "--dlq-url", stack.deadLetterQueueUrl, "--queue-url", stack.queueUrl]);
  } finally {
    spy.mockRestore();
  }
  return printed.join("\n");
};

describe("hearback dlq", () => {
  const id = feedbackId("csat", undefined);
  const comment = "退款三周还没到账，客服电话一直占线";

  it("lists parked messages with their reasons, filters by reason, and redrives the fixable one until it is stored", async () => {
    // A message no worker can read: parked at once, as malformed.
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: "{not json" }));
    expect(await stack.drain(30_000)).toBe(true);
    // A good item the worker gave up on while the store was down (parked by the worker's own adapter).
    const body = JSON.stringify({
      id,
      receivedAt: new Date().toISOString(),
      input: { channel: "csat", score: 1, comment, customer: { id: "c-dlq-1" } },
    });
    await new SqsIngestQueue(sqs, { deadLetterQueueUrl: stack.deadLetterQueueUrl }).deadLetter([
      {
        body,
        kind: "retries-exhausted",
        reason: "gave up after 5 attempts: store failed: ProvisionedThroughputExceededException",
        attempts: 5,
        sourceMessageId: "m-store-down",
      },
    ]);

    const listed = await hearbackDlq("list");
    expect(listed).toMatch(/malformed, 1 attempt {2}unreadable body\n\s+body is not JSON/);
    expect(listed).toContain(`retries-exhausted, 5 attempts  ${id} (csat)`);
    expect(listed).toContain("store failed: ProvisionedThroughputExceededException");
    expect(listed).toContain("2 parked (1 malformed, 1 retries-exhausted).");
    // The customer's words stay out of the listing.
    expect(listed).not.toContain(comment);

    const onlyStore = await hearbackDlq("list", "--reason", "throughput");
    expect(onlyStore).toContain(id);
    expect(onlyStore).not.toContain("unreadable body");

    // Listing hid nothing for long: the messages are visible again, and a dry run moves nothing.
    expect(await hearbackDlq("redrive", "--dry-run")).toContain("Would send 1 of 2 back");

    expect(await hearbackDlq("redrive")).toBe(
      "Sent 1 message back to the ingest queue (1 retries-exhausted); 1 left in the dead-letter queue (1 malformed: retrying cannot fix them; --reason malformed sends them anyway).",
    );
    const stored = await api.waitStored(id, 30_000);
    expect(stored).toMatchObject({ id, channel: "csat", score: 1 });

    const after = await hearbackDlq("list");
    expect(after).toContain("1 parked (1 malformed).");
    expect(after).not.toContain(id);
    await expect(hearbackDlq("show", id)).rejects.toThrow(`no parked message ${id} among the 1`);
  }, 120_000);

  it("shows one parked message whole, and refuses a limit it would not honour", async () => {
    const shown = await hearbackDlq(
      "show",
      (await hearbackDlq("list", "--json")).match(/"messageId": "([^"]+)"/)?.[1] ?? "",
    );
    expect(shown).toContain("body is not JSON");
    expect(shown).toContain("{not json");
    await expect(hearbackDlq("list", "--limit", "0")).rejects.toThrow("--limit must be a whole number from 1 to 1000");
  });
});
