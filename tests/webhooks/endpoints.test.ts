import { describe, expect, it } from "vitest";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { WebhookBody } from "#shared/webhooks/model/endpoint";
import { BusEvent, wants, webhookEventOf } from "#shared/webhooks/model/events";
import { endpoint, taskEvent } from "./fixtures.ts";

const body = WebhookBody(defaultTaxonomy, { allowLoopback: false });
const fieldsOf = (input: unknown) => {
  const parsed = body.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join(".")).sort();
};

describe("the endpoint body", () => {
  it("takes a minimal endpoint, standard and enabled by default", () => {
    expect(body.parse({ url: "https://hooks.example.com/x", events: ["*"] })).toMatchObject({
      format: "standard",
      enabled: true,
    });
  });

  it("names every invalid field, and bounds every list and text", () => {
    expect(
      fieldsOf({
        url: `https://example.com/${"x".repeat(2_100)}`,
        events: ["task.closed"],
        format: "teams",
        secret: "not-a-secret",
        locale: "fr",
        timeZone: "Mars/Olympus",
        filters: { channels: ["fax"], themes: ["no-such-theme"], sentiments: ["angry"], priorities: ["P9"] },
        owner: "not an email",
        description: "d".repeat(201),
        extra: true,
      }),
    ).toEqual(
      [
        "",
        "description",
        "events.0",
        "filters.channels.0",
        "filters.priorities.0",
        "filters.sentiments.0",
        "filters.themes.0",
        "format",
        "locale",
        "owner",
        "secret",
        "timeZone",
        "url",
      ].sort(),
    );
    expect(fieldsOf({ url: "https://example.com/x", events: Array(21).fill("task.opened") })).toEqual(["events"]);
    expect(fieldsOf({ url: "https://example.com/x", events: [] })).toEqual(["events"]);
  });

  it('accepts a platform signing secret only where the platform signs, and "*" only alone', () => {
    expect(fieldsOf({ url: "https://open.feishu.cn/x", events: ["*"], format: "feishu", signingSecret: "s" })).toEqual(
      [],
    );
    expect(fieldsOf({ url: "https://hooks.slack.com/x", events: ["*"], format: "slack", signingSecret: "s" })).toEqual([
      "signingSecret",
    ]);
    expect(fieldsOf({ url: "https://example.com/x", events: ["*", "task.opened"] })).toEqual(["events"]);
  });
});

describe("which endpoints want an event", () => {
  const opened = taskEvent();

  it("by subscribed type, or every type with *", () => {
    expect(wants(endpoint({ events: ["task.opened"] }), opened)).toBe(true);
    expect(wants(endpoint({ events: ["task.resolved"] }), opened)).toBe(false);
    expect(wants(endpoint({ events: ["*"] }), opened)).toBe(true);
    expect(wants(endpoint({ enabled: false }), opened)).toBe(false);
  });

  it("by the filters that apply to what the event carries", () => {
    // The fixture: an NPS task on refund and delivery.
    expect(wants(endpoint({ filters: { channels: ["nps"] } }), opened)).toBe(true);
    expect(wants(endpoint({ filters: { channels: ["csat"] } }), opened)).toBe(false);
    expect(wants(endpoint({ filters: { themes: ["refund"] } }), opened)).toBe(true);
    expect(wants(endpoint({ filters: { themes: ["app"] } }), opened)).toBe(false);
    const level = opened.data.priority === "P1" ? "P1" : "P2";
    const other = level === "P1" ? "P3" : "P1";
    expect(opened.data.priority).toBe(level);
    expect(wants(endpoint({ filters: { priorities: [level] } }), opened)).toBe(true);
    expect(wants(endpoint({ filters: { priorities: [other] } }), opened)).toBe(false);
    // Tasks carry no sentiment: a sentiment filter does not hold them back.
    expect(wants(endpoint({ filters: { sentiments: ["POSITIVE"] } }), opened)).toBe(true);
  });

  it("feedback.stored by channel, theme and sentiment", () => {
    const stored = {
      id: "fb_1",
      type: "feedback.stored" as const,
      timestamp: "2026-12-04T00:00:00.000Z",
      data: { id: "fb_1", channel: "social", themes: ["app"], sentiment: "NEGATIVE" },
    };
    expect(wants(endpoint({ filters: { sentiments: ["NEGATIVE"], channels: ["social"] } }), stored)).toBe(true);
    expect(wants(endpoint({ filters: { sentiments: ["POSITIVE"] } }), stored)).toBe(false);
    expect(wants(endpoint({ filters: { themes: ["refund"] } }), stored)).toBe(false);
  });

  it("reads events off the bus envelope, with the event's own id when it has one", () => {
    const bus = BusEvent.parse({
      version: "0",
      id: "eb-1",
      "detail-type": "task.opened",
      source: "hearback",
      time: "2026-12-04T12:29:00Z",
      detail: { eventId: "task_1#opened#team", taskId: "task_1", team: "t", priority: "P1" },
    });
    expect(webhookEventOf(bus)).toEqual({
      id: "task_1#opened#team",
      type: "task.opened",
      timestamp: "2026-12-04T12:29:00.000Z",
      data: { taskId: "task_1", team: "t", priority: "P1" },
    });
    expect(webhookEventOf({ ...bus, "detail-type": "Email Bounced" })).toBeUndefined();
    expect(webhookEventOf({ ...bus, detail: { taskId: "task_1" } })?.id).toBe("eb-1");
  });
});
