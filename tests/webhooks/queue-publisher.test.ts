import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { EventBridgePublisher, WebhookQueuePublisher } from "#shared/follow-up/adapters/event-publishers";
import { BusEvent, webhookEventOf } from "#shared/webhooks/model/events";
import { escalationFixture, noticeFixture } from "../follow-up/notice-fixtures.ts";

/**
 * The local stand-in for the bus's webhook rule writes what the rule would put on the queue: EventBridge's envelope
 * around the same detail the bus gets, so the delivery function reads both alike (request shapes only).
 */
const credentials = { accessKeyId: "t", secretAccessKey: "t" };
const sqsClient = new SQSClient({ region: "eu-west-1", credentials });
const ebClient = new EventBridgeClient({ region: "eu-west-1", credentials });
const sqs = mockClient(sqsClient);
const eb = mockClient(ebClient);
afterEach(() => {
  sqs.reset();
  eb.reset();
});

const notices = (n: number) => Array.from({ length: n }, (_, i) => ({ ...noticeFixture(), taskId: `task_${i}` }));

describe("WebhookQueuePublisher", () => {
  it("puts each event on the webhook queue, ten a call, in EventBridge's envelope with the bus's detail", async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    const sent = [...notices(11), escalationFixture(2)];
    await new WebhookQueuePublisher(sqsClient, "https://sqs.local/hearback-webhooks").publish(sent);
    await new EventBridgePublisher(ebClient, "bus").publish(sent);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.QueueUrl, c.Entries?.length])).toEqual([
      ["https://sqs.local/hearback-webhooks", 10],
      ["https://sqs.local/hearback-webhooks", 2],
    ]);
    const bodies = calls.flatMap((c) => c.Entries ?? []).map((e) => BusEvent.parse(JSON.parse(e.MessageBody ?? "")));
    const details = eb
      .commandCalls(PutEventsCommand)
      .flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.Detail ?? "")));
    expect(bodies.map((b) => b.detail)).toEqual(details);
    const escalation = webhookEventOf(bodies[11] as BusEvent);
    expect(escalation).toMatchObject({
      type: "task.escalated",
      id: expect.stringContaining("#L2#"),
      data: { escalation: { level: 2 } },
    });
    // Masked words and pseudonyms only: what the privacy policy let through to the notice.
    expect(JSON.stringify(bodies)).toContain("[phone]");
  });

  it("fails when the queue refuses any event, so the caller's error handling hears of it", async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: "e0", SenderFault: false, Code: "x" }] });
    await expect(new WebhookQueuePublisher(sqsClient, "q").publish(notices(1))).rejects.toThrow("refused 1");
  });
});
