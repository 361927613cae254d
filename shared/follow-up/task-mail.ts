import { noticeId } from "./model/notice.ts";
import type { Mailer, NoticeHold, OutgoingMail, TaskMailSender, TaskNotice } from "./ports/notifier.ts";

/**
 * Batched task emails (NOTIFY_BATCH_MINUTES > 0): instead of one email per task, a team (and,
 * apart, its supervisor) gets at most one email per window listing every task since its last one.
 * Notices are held in the table; the SLA sweep (every 5 minutes) sends each group whose window has
 * passed. P1 tasks bypass the batch: someone should pick them up now, not at the next window.
 *
 * Nothing is lost: a notice is held until an email takes it, and an email taken by a sweep that
 * stops before it is confirmed is retried once its lease runs out. Nothing is sent twice: taking is
 * one conditional transaction, so two sweeps never take the same notice or both send in a window
 * (only a sweep that stops between SES accepting the email and confirming it leaves a retry).
 */

/** How long a sweep may take to send an email it took before another sweep retries it. */
export const MAIL_LEASE_MINUTES = 10;

const MINUTE_MS = 60_000;

const isUrgent = (n: TaskNotice) => n.priority === "P1";

export class BatchingMailer implements Mailer {
  constructor(
    private readonly hold: Pick<NoticeHold, "hold">,
    private readonly sender: TaskMailSender,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(notices: readonly TaskNotice[]): Promise<void> {
    const urgent = notices.filter(isUrgent);
    const later = notices.filter((n) => !isUrgent(n));
    const results = await Promise.allSettled([
      ...urgent.map((n) => this.sender.deliver({ team: n.team, audience: n.audience }, [n])),
      later.length > 0 ? this.hold.hold(later, this.now()) : Promise.resolve(),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}

export interface TaskMailFlushDeps {
  hold: NoticeHold;
  sender: TaskMailSender;
  /** NOTIFY_BATCH_MINUTES; 0 sends whatever is still held (batching was switched off). */
  windowMinutes: number;
  onError?: (error: unknown) => void;
}

export interface TaskMailFlushReport {
  /** Emails sent, and the notices they listed. */
  emails: number;
  notices: number;
  /** Notices still held because their group's window has not passed. */
  waiting: number;
  /** Emails that failed to send; they are retried after their lease. */
  failed: number;
  /** Emails nobody got: no one is configured for the group, or its address is suppressed (not retried). */
  notSent: number;
}

/** Sends the held notices of every group whose window has passed, and retries emails a stopped sweep left. */
export const flushTaskMail = async (deps: TaskMailFlushDeps, now: Date): Promise<TaskMailFlushReport> => {
  const report: TaskMailFlushReport = { emails: 0, notices: 0, waiting: 0, failed: 0, notSent: 0 };
  const leaseUntil = new Date(now.getTime() + MAIL_LEASE_MINUTES * MINUTE_MS);
  const deliver = async (mail: OutgoingMail) => {
    try {
      // Nobody configured for the group, or its address bounced or complained: there is no one to
      // send to, and nothing to keep (the notices are on the workbench anyway).
      const delivered = mail.notices.length > 0 && (await deps.sender.deliver(mail.group, mail.notices));
      await deps.hold.sent(mail);
      if (delivered) {
        report.emails++;
        report.notices += mail.notices.length;
      } else report.notSent++;
    } catch (error) {
      report.failed++;
      deps.onError?.(error);
    }
  };

  // The oldest first: emails taken by a sweep that never confirmed them.
  for (const mail of await deps.hold.stalled({ now, leaseUntil })) await deliver(mail);

  const windowStart = new Date(now.getTime() - deps.windowMinutes * MINUTE_MS);
  for (const held of await deps.hold.held()) {
    if (held.lastSentAt !== undefined && Date.parse(held.lastSentAt) > windowStart.getTime()) {
      report.waiting += held.notices.length;
      continue;
    }
    // One email per window; a burst larger than one email holds goes out in more than one, now.
    let rest = held;
    let lastSentBefore = windowStart;
    while (rest.notices.length > 0) {
      const mail = await deps.hold.take(rest, { now, lastSentBefore, leaseUntil });
      if (!mail) break;
      await deliver(mail);
      const taken = new Set(mail.notices.map(noticeId));
      rest = { ...rest, notices: rest.notices.filter((n) => !taken.has(noticeId(n))) };
      lastSentBefore = now;
    }
  }
  return report;
};
