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

  it("puts any capability's events the same way: the type as detail-type, the id as eventId, ten a call", async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const entries = Array.from({ length: 12 }, (_, i) => ({
      type: "feedback.stored",
      id: `feedback.stored:fb_${i}:r1`,
      at: "2026-12-04T12:29:00.000Z",
      detail: { feedbackId: `fb_${i}`, channel: "nps" },
    }));
    await new EventBridgePublisher(client, "hearback-bus").put(entries);
    const calls = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((c) => c.length)).toEqual([10, 2]);
    const [first] = calls.flat();
    expect(first).toMatchObject({ DetailType: "feedback.stored", Source: "hearback", EventBusName: "hearback-bus" });
    expect(first?.Time).toEqual(new Date("2026-12-04T12:29:00.000Z"));
    expect(JSON.parse(first?.Detail ?? "{}")).toEqual({
      eventId: "feedback.stored:fb_0:r1",
      feedbackId: "fb_0",
      channel: "nps",
    });
  });
});
