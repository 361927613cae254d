import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { EventBridgePublisher } from "#shared/follow-up/adapters/event-publishers";
import { noticeFixture } from "./notice-fixtures.ts";

const client = new EventBridgeClient({ region: "eu-west-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
const events = mockClient(client);
afterEach(() => events.reset());

const notices = (n: number) => Array.from({ length: n }, (_, i) => ({ ...noticeFixture(), taskId: `task_${i}` }));

describe("EventBridgePublisher", () => {
  it("sends a batch's events ten to a PutEvents call, every one of them", async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    await new EventBridgePublisher(client, "hearback-bus").publish(notices(25));
    const calls = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 5]);
    const ids = calls.flat().map((e) => JSON.parse(e.Detail ?? "{}").taskId);
    expect(ids).toEqual(notices(25).map((n) => n.taskId));
    expect(calls.flat().every((e) => e.EventBusName === "hearback-bus" && e.Source === "hearback")).toBe(true);
  });

  it("fails when EventBridge rejects any entry, after trying them all", async () => {
    events.on(PutEventsCommand).resolvesOnce({ FailedEntryCount: 0 }).resolves({ FailedEntryCount: 2 });
    await expect(new EventBridgePublisher(client, "hearback-bus").publish(notices(21))).rejects.toThrow(
      "EventBridge rejected 4 event(s)",
    );
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(3);
  });
});
