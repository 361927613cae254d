/** Something about a follow-up task that people or systems should hear about. */
export interface TaskNotice {
  type: "task.opened" | "task.escalated";
  taskId: string;
  team: string;
  priority: string;
  /** Who reads it: the owning team, or its supervisor for a level-2 escalation. */
  audience: "team" | "supervisor";
  subject: string;
  /** Plain text; personal data already masked. */
  body: string;
  detail: Record<string, unknown>;
}

/** Email to people (SES). */
export interface Mailer {
  send(notices: readonly TaskNotice[]): Promise<void>;
}

/** Events for integrations (EventBridge on AWS, a local log on a laptop). */
export interface EventPublisher {
  publish(notices: readonly TaskNotice[]): Promise<void>;
}
