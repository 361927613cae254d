import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { SupportedLocale } from "#shared/kernel/locale";
import { sendEmailTracking } from "#shared/mail/model/ses-event";
import { normaliseAddress, type SuppressionReason } from "#shared/mail/model/suppression";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { mailTargetFor, type NoticeRecipients } from "../model/notice.ts";
import type { Mailer, MailGroup, TaskMailSender, TaskNotice } from "../ports/notifier.ts";
import { renderTaskEmail } from "../views/task-email.ts";

export interface TaskMailSettings {
  from: string;
  /** Per team (or "*"): addresses, and the language and zone its emails are written in. */
  recipients: NoticeRecipients;
  /** The staff's language and zone (STAFF_LOCALE, STAFF_TIME_ZONE) where a team names none. */
  locale: SupportedLocale;
  timeZone: string;
  /** PUBLIC_BASE_URL: task links point below it; without it the email says where to look instead. */
  baseUrl?: string | undefined;
  taxonomy?: Taxonomy | undefined;
  /** SES_CONFIGURATION_SET: where SES publishes the emails' bounces and complaints. */
  configurationSet?: string | undefined;
  /** Addresses that bounced or complained get no task email. */
  suppressions?: Pick<MailSuppressions, "suppressedAmong"> | undefined;
  /** Told of each email not sent to a suppressed address (for the log: the group, never the address). */
  onSuppressed?: ((group: MailGroup, reason: SuppressionReason) => void) | undefined;
}

/**
 * Task emails through SES v2 (locally, the aws-ses-v2-local mailbox): HTML and plain-text parts in
 * UTF-8, written for the team's (or supervisor's) language and time zone. As a Mailer it sends one
 * email per notice; batching (../task-mail.ts) calls `deliver` with a team's notices at once. An
 * address on the suppression list (it bounced or complained) is not mailed: `deliver` says false.
 */
export class SesMailer implements Mailer, TaskMailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly settings: TaskMailSettings,
  ) {}

  private target(group: MailGroup) {
    const s = this.settings;
    return mailTargetFor(s.recipients, group, { locale: s.locale, timeZone: s.timeZone });
  }

  /** Which of the targets' addresses are suppressed: one lookup for any number of emails. */
  private async suppressedAmong(targets: ReadonlyArray<{ to: string } | undefined>) {
    const addresses = [...new Set(targets.flatMap((t) => (t ? [t.to] : [])))];
    return addresses.length > 0 ? await this.settings.suppressions?.suppressedAmong(addresses) : undefined;
  }

  async deliver(group: MailGroup, notices: readonly TaskNotice[]): Promise<boolean> {
    const target = this.target(group);
    if (!target || notices.length === 0) return false;
    return this.deliverTo(group, notices, target, await this.suppressedAmong([target]));
  }

  private async deliverTo(
    group: MailGroup,
    notices: readonly TaskNotice[],
    target: ReturnType<SesMailer["target"]>,
    suppressions: ReadonlyMap<string, { reason: SuppressionReason }> | undefined,
  ): Promise<boolean> {
    const s = this.settings;
    if (!target || notices.length === 0) return false;
    const suppressed = suppressions?.get(normaliseAddress(target.to));
    if (suppressed) {
      s.onSuppressed?.(group, suppressed.reason);
      return false;
    }
    const email = renderTaskEmail({
      notices,
      locale: target.locale,
      timeZone: target.timeZone,
      baseUrl: s.baseUrl,
      taxonomy: s.taxonomy,
    });
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: s.from,
        Destination: { ToAddresses: [target.to] },
        ...sendEmailTracking(s.configurationSet, "staff"),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: email.text, Charset: "UTF-8" },
              Html: { Data: email.html, Charset: "UTF-8" },
            },
          },
        },
      }),
    );
    return true;
  }

  /**
   * One email per notice; every one is tried, and the first failure is reported after. The
   * suppression list is read once for all of them (a worker's batch opens several tasks at once).
   */
  async send(notices: readonly TaskNotice[]): Promise<void> {
    if (notices.length === 0) return;
    const mails = notices.map((n) => {
      const group = { team: n.team, audience: n.audience };
      return { group, notice: n, target: this.target(group) };
    });
    const suppressions = await this.suppressedAmong(mails.map((m) => m.target));
    const results = await Promise.allSettled(
      mails.map((m) => this.deliverTo(m.group, [m.notice], m.target, suppressions)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}
