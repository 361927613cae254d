import { createHash } from "node:crypto";
import * as z from "zod";
import { NoticeEscalation, NoticeTask } from "#shared/follow-up/model/notice";
import type { WebhookEndpoint } from "./endpoint.ts";
import { WebhookEventType } from "./endpoint.ts";

/**
 * The events webhooks deliver, as they arrive: EventBridge's envelope (the rule on the bus puts it on
 * the delivery queue as is; the local stack's publisher writes the same shape), around the detail the
 * follow-up publishers write. The detail is already through the privacy policy: customers as
 * pseudonyms, their words masked.
 */
export const BusEvent = z.looseObject({
  id: z.string().min(1).max(200),
  "detail-type": z.string().max(100),
  source: z.literal("hearback"),
  time: z.string().max(40),
  detail: z.record(z.string(), z.unknown()),
});
export type BusEvent = z.infer<typeof BusEvent>;

/**
 * A task event's detail (shared/follow-up/adapters/event-publishers.ts): task.opened, task.escalated, and
 * task.resolved / task.reopened (shared/follow-up/task-notice.ts), all with the task masked the same way. The other
 * events' details are in ./event-details.ts.
 */
export const TaskEventDetail = z.looseObject({
  /** The event's own id (a task opens once, escalates once per level, deadline and round): the same on any retry. */
  eventId: z.string().min(1).max(300).optional(),
  taskId: z.string().min(1).max(200),
  team: z.string().max(100),
  priority: z.string().max(10),
  audience: z.string().max(20).optional(),
  status: z.string().max(40).optional(),
  customerId: z.string().max(200).optional(),
  feedbackIds: z.array(z.string().max(200)).max(1_000).optional(),
  at: z.string().max(40).optional(),
  task: NoticeTask.optional(),
  escalation: NoticeEscalation.optional(),
});
export type TaskEventDetail = z.infer<typeof TaskEventDetail>;

/**
 * One event as a Standard Webhooks payload: `type`, `timestamp` and `data`, with the event's own id.
 * This is the body of a "standard" delivery, and what each chat format renders its card from.
 */
export const WebhookEvent = z.strictObject({
  id: z.string().min(1).max(300),
  type: WebhookEventType,
  timestamp: z.string().max(40),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The event a bus event tells, or undefined when webhooks deliver no such type. */
export const webhookEventOf = (bus: BusEvent): WebhookEvent | undefined => {
  const type = WebhookEventType.safeParse(bus["detail-type"]);
  if (!type.success) return undefined;
  const eventId = typeof bus.detail.eventId === "string" ? bus.detail.eventId : bus.id;
  const { eventId: _id, ...data } = bus.detail;
  return { id: eventId, type: type.data, timestamp: new Date(bus.time).toISOString(), data };
};

/**
 * The `webhook-id` of one event to one endpoint: the same on every attempt and redelivery, so a
 * receiver that saw it already can ignore it (Standard Webhooks' idempotency key).
 */
export const webhookIdOf = (eventId: string, endpointId: string): string =>
  `msg_${createHash("sha256").update(`${endpointId}\n${eventId}`).digest("base64url").slice(0, 27)}`;

/** What an event says about the fields endpoints filter on; undefined where it says nothing. */
const facetsOf = (event: WebhookEvent) => {
  const d = event.data;
  const task = event.type.startsWith("task.") ? TaskEventDetail.safeParse(d) : undefined;
  if (task?.success) {
    return {
      channel: task.data.task?.channel,
      themes: task.data.task?.themes,
      priority: task.data.priority,
      sentiment: undefined,
    };
  }
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    channel: str(d.channel),
    themes: Array.isArray(d.themes) ? d.themes.filter((t): t is string => typeof t === "string") : undefined,
    priority: str(d.priority),
    sentiment: str(d.sentiment),
  };
};

/** Whether the endpoint wants the event: subscribed to its type and let through by every filter that applies. */
export const wants = (endpoint: WebhookEndpoint, event: WebhookEvent): boolean => {
  if (!endpoint.enabled) return false;
  if (!endpoint.events.includes("*") && !endpoint.events.includes(event.type)) return false;
  const f = endpoint.filters;
  if (!f) return true;
  const facets = facetsOf(event);
  const passes = (allowed: readonly string[] | undefined, value: string | undefined) =>
    !allowed || allowed.length === 0 || value === undefined || allowed.includes(value);
  const themesPass =
    !f.themes ||
    f.themes.length === 0 ||
    facets.themes === undefined ||
    facets.themes.some((t) => f.themes?.includes(t));
  return (
    passes(f.channels, facets.channel) &&
    passes(f.priorities, facets.priority) &&
    passes(f.sentiments, facets.sentiment) &&
    themesPass
  );
};

/** The event a test send delivers: a `task.opened` of a made-up task, marked as a test. */
export const testEvent = (endpointId: string, at: Date): WebhookEvent => ({
  id: `test_${endpointId}_${at.getTime()}`,
  type: "task.opened",
  timestamp: at.toISOString(),
  data: {
    test: true,
    taskId: "task_test",
    team: "customer-care",
    priority: "P2",
    status: "open",
    at: at.toISOString(),
    task: {
      customerLabel: "cust_test",
      channel: "nps",
      status: "open",
      themes: [],
      priority: { score: 50, level: "P2", factors: [] },
      reasons: [],
      openedAt: at.toISOString(),
      firstResponseDueAt: new Date(at.getTime() + 4 * 3_600_000).toISOString(),
      resolveDueAt: new Date(at.getTime() + 48 * 3_600_000).toISOString(),
      latestText: "This is a test message from hearback.",
      feedbackCount: 1,
    },
  },
});
