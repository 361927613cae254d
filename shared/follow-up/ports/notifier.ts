import type { NoticeAudience, TaskNotice } from "../model/notice.ts";

export type { TaskNotice } from "../model/notice.ts";

/** Email to people (SES): one email per notice, or held for the team's next batch. */
export interface Mailer {
  send(notices: readonly TaskNotice[]): Promise<void>;
}

/** Events for integrations (EventBridge on AWS, a local log on a laptop). */
export interface EventPublisher {
  publish(notices: readonly TaskNotice[]): Promise<void>;
}

/** Whose email a notice goes in: a team's, or that team's supervisor's. */
export interface MailGroup {
  team: string;
  audience: NoticeAudience;
}

/** Writes one email to a team or its supervisor about one or more tasks. */
export interface TaskMailSender {
  /** False when nothing was sent: nobody is configured to get this group's email, or their address is suppressed. */
  deliver(group: MailGroup, notices: readonly TaskNotice[]): Promise<boolean>;
}

/** Notices held for a group's next email, and when its last email went out. */
export interface HeldNotices {
  group: MailGroup;
  notices: TaskNotice[];
  lastSentAt?: string | undefined;
}

/** An email's notices, taken out of the held ones: sent, or retried after a lease if the sender stops. */
export interface OutgoingMail {
  id: string;
  group: MailGroup;
  notices: TaskNotice[];
}

/**
 * The notices waiting for a team's batched email (NOTIFY_BATCH_MINUTES). Holding is idempotent;
 * taking moves notices into one outgoing email atomically, so two sweeps never send the same
 * notice and a sweep that stops after taking leaves the email to be retried, not lost.
 */
export interface NoticeHold {
  hold(notices: readonly TaskNotice[], at: Date): Promise<void>;
  /** Every group with held notices, oldest notice first. */
  held(): Promise<HeldNotices[]>;
  /**
   * Takes up to MAX_NOTICES_PER_EMAIL of the group's notices into one outgoing email, claimed by
   * this caller until `leaseUntil`, if the group's last email went out at or before `lastSentBefore`
   * (undefined: another caller took them, or sent to the group more recently).
   */
  take(
    held: HeldNotices,
    opts: { now: Date; lastSentBefore: Date; leaseUntil: Date },
  ): Promise<OutgoingMail | undefined>;
  /** Outgoing emails whose sender stopped before it confirmed them (their lease ran out), claimed again. */
  stalled(opts: { now: Date; leaseUntil: Date }): Promise<OutgoingMail[]>;
  /** The email went out: it is not retried. */
  sent(mail: OutgoingMail): Promise<void>;
}
