import type { WebhookEndpoint } from "#shared/webhooks/model/endpoint";
import type { WebhookEvent } from "#shared/webhooks/model/events";
import { escalationFixture, noticeFixture } from "../follow-up/notice-fixtures.ts";

/** A task event as the delivery function gets it: the bus detail the follow-up publishers write, through webhookEventOf. */
export const taskEvent = (kind: "opened" | "escalated" = "opened"): WebhookEvent => {
  const n = kind === "opened" ? noticeFixture() : escalationFixture(1);
  return {
    id: `${n.taskId}#${kind}`,
    type: n.type,
    timestamp: n.at,
    data: {
      taskId: n.taskId,
      team: n.team,
      priority: n.priority,
      audience: n.audience,
      ...n.detail,
      at: n.at,
      task: n.task,
      ...(n.escalation && { escalation: n.escalation }),
    },
  };
};

export const endpoint = (over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: "ops",
  url: "https://hooks.example.com/hearback",
  events: ["*"],
  format: "standard",
  signed: false,
  enabled: true,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
  ...over,
});
