import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { BusEntry, BusPublisher } from "#shared/kernel/bus";
import { noticeId } from "../model/notice.ts";
import type { EventPublisher, TaskNotice } from "../ports/notifier.ts";

/**
 * What a task event carries on the bus: the ids, and the task as the privacy policy shows it to people without the
 * right to personal data (a pseudonym, the customer's words masked, the SLA deadlines), which webhooks render into
 * chat cards (shared/webhooks/).
 */
const busDetail = (n: TaskNotice) => ({
  taskId: n.taskId,
  team: n.team,
  priority: n.priority,
  audience: n.audience,
  ...n.detail,
  at: n.at,
  task: n.task,
  ...(n.escalation !== undefined && { escalation: n.escalation }),
});

/** A task notice as a bus entry: its id is the notice's (model/notice.ts), the same however often it is published. */
export const taskEntry = (n: TaskNotice): BusEntry => ({
  type: n.type,
  id: noticeId(n),
  at: n.at,
  detail: busDetail(n),
});

/** The detail as it goes on the bus: `eventId` first, the event's own id. */
const detailOf = (e: BusEntry) => ({ eventId: e.id, ...e.detail });

/** Ten entries a call (PutEvents' and SendMessageBatch's limit). */
const tens = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / 10) }, (_, i) => items.slice(i * 10, i * 10 + 10));

/** Publishes task notices through `put`: every bus publisher is both. */
abstract class Publisher implements EventPublisher, BusPublisher {
  abstract put(entries: readonly BusEntry[]): Promise<void>;
  publish(notices: readonly TaskNotice[]): Promise<void> {
    return this.put(notices.map(taskEntry));
  }
}

/**
 * EventBridge: detail-type is the event type, source "hearback", ten entries a call, the calls at
 * once (a worker's batch of 100 opens a few dozen tasks).
 */
export class EventBridgePublisher extends Publisher {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {
    super();
  }

  async put(entries: readonly BusEntry[]): Promise<void> {
    const failed = await Promise.all(tens(entries).map((call) => this.call(call)));
    const count = failed.reduce((a, b) => a + b, 0);
    if (count > 0) throw new Error(`EventBridge rejected ${count} event(s)`);
  }

  /** One PutEvents call; how many of its entries EventBridge rejected. */
  private async call(entries: readonly BusEntry[]): Promise<number> {
    const out = await this.events.send(
      new PutEventsCommand({
        Entries: entries.map((e) => ({
          EventBusName: this.busName,
          Source: "hearback",
          DetailType: e.type,
          Time: new Date(e.at),
          Detail: JSON.stringify(detailOf(e)),
        })),
      }),
    );
    return out.FailedEntryCount ?? 0;
  }
}

/** The local stand-in for the bus: one JSON line per event, in the stack's data folder. */
export class FileEventPublisher extends Publisher {
  constructor(private readonly file: string) {
    super();
  }

  async put(entries: readonly BusEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await mkdir(dirname(this.file), { recursive: true });
    const at = new Date().toISOString();
    await appendFile(
      this.file,
      entries
        .map((e) => `${JSON.stringify({ at, source: "hearback", detailType: e.type, detail: detailOf(e) })}\n`)
        .join(""),
    );
  }
}

/**
 * The local stand-in for the bus's webhook rule (shared/webhooks/): each event, in the envelope EventBridge gives an
 * SQS target, onto the webhook delivery queue, ten a call, the calls at once.
 */
export class WebhookQueuePublisher extends Publisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {
    super();
  }

  async put(entries: readonly BusEntry[]): Promise<void> {
    const refused = await Promise.all(tens(entries).map((call) => this.call(call)));
    const count = refused.reduce((a, b) => a + b, 0);
    if (count > 0) throw new Error(`The webhook queue refused ${count} event(s)`);
  }

  private async call(entries: readonly BusEntry[]): Promise<number> {
    const out = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: entries.map((e, j) => ({
          Id: `e${j}`,
          MessageBody: JSON.stringify({
            version: "0",
            id: e.id,
            "detail-type": e.type,
            source: "hearback",
            time: e.at,
            resources: [],
            detail: detailOf(e),
          }).replace(/[\ud800-\udfff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
        })),
      }),
    );
    return (out.Failed ?? []).length;
  }
}

/** Every event to each publisher (the local event file and the webhook queue), all at once. */
export class FanOutPublisher extends Publisher {
  constructor(private readonly publishers: readonly BusPublisher[]) {
    super();
  }

  async put(entries: readonly BusEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await Promise.all(this.publishers.map((p) => p.put(entries)));
  }
}
