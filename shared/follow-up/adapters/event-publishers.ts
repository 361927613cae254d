import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { EventPublisher, TaskNotice } from "../ports/notifier.ts";

/** EventBridge: detail-type is the notice type, source "hearback", ten entries a call. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(notices: readonly TaskNotice[]): Promise<void> {
    for (let i = 0; i < notices.length; i += 10) {
      const out = await this.events.send(
        new PutEventsCommand({
          Entries: notices.slice(i, i + 10).map((n) => ({
            EventBusName: this.busName,
            Source: "hearback",
            DetailType: n.type,
            Detail: JSON.stringify({
              taskId: n.taskId,
              team: n.team,
              priority: n.priority,
              audience: n.audience,
              ...n.detail,
            }),
          })),
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`EventBridge rejected ${out.FailedEntryCount} event(s)`);
    }
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
        .map(
          (n) =>
            `${JSON.stringify({ at, source: "hearback", detailType: n.type, detail: { taskId: n.taskId, team: n.team, priority: n.priority, audience: n.audience, ...n.detail } })}\n`,
        )
        .join(""),
    );
  }
}
