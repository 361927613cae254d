import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { EventPublisher, TaskNotice } from "../ports/notifier.ts";

/** What a task event carries on the bus. */
const busDetail = (n: TaskNotice) => ({
  taskId: n.taskId,
  team: n.team,
  priority: n.priority,
  audience: n.audience,
  ...n.detail,
});

/**
 * EventBridge: detail-type is the notice type, source "hearback", ten entries a call, the calls at
 * once (a worker's batch of 100 opens a few dozen tasks).
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(notices: readonly TaskNotice[]): Promise<void> {
    const calls = Array.from({ length: Math.ceil(notices.length / 10) }, (_, i) => notices.slice(i * 10, i * 10 + 10));
    const failed = await Promise.all(calls.map((entries) => this.put(entries)));
    const count = failed.reduce((a, b) => a + b, 0);
    if (count > 0) throw new Error(`EventBridge rejected ${count} event(s)`);
  }

  /** One PutEvents call; how many of its entries EventBridge rejected. */
  private async put(notices: readonly TaskNotice[]): Promise<number> {
    const out = await this.events.send(
      new PutEventsCommand({
        Entries: notices.map((n) => ({
          EventBusName: this.busName,
          Source: "hearback",
          DetailType: n.type,
          Detail: JSON.stringify(busDetail(n)),
        })),
      }),
    );
    return out.FailedEntryCount ?? 0;
  }
}

/** The local stand-in for the bus: one JSON line per event, in the stack's data folder. */
export class FileEventPublisher implements EventPublisher {
  constructor(private readonly file: string) {}

  async publish(notices: readonly TaskNotice[]): Promise<void> {
    if (notices.length === 0) return;
    await mkdir(dirname(this.file), { recursive: true });
    const at = new Date().toISOString();
    await appendFile(
      this.file,
      notices
        .map((n) => `${JSON.stringify({ at, source: "hearback", detailType: n.type, detail: busDetail(n) })}\n`)
        .join(""),
    );
  }
}
