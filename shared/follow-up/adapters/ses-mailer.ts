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

  async deliver(group: MailGroup, notices: readonly TaskNotice[]): Promise<boolean> {
    const s = this.settings;
    const target = mailTargetFor(s.recipients, group, { locale: s.locale, timeZone: s.timeZone });
    if (!target || notices.length === 0) return false;
    const suppressed = (await s.suppressions?.suppressedAmong([target.to]))?.get(normaliseAddress(target.to));
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

  /** One email per notice; every one is tried, and the first failure is reported after. */
  async send(notices: readonly TaskNotice[]): Promise<void> {
    const results = await Promise.allSettled(
      notices.map((n) => this.deliver({ team: n.team, audience: n.audience }, [n])),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}
