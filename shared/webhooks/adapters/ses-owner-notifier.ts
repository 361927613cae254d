import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { SupportedLocale } from "#shared/kernel/locale";
import { sendEmailTracking } from "#shared/mail/model/ses-event";
import type { WebhookEndpoint } from "../model/endpoint.ts";
import { type DisableReason, disabledEmail } from "../model/owner-email.ts";
import type { OwnerNotifier } from "../ports/delivery.ts";

export interface OwnerMailSettings {
  /** NOTIFY_FROM: the sender of hearback's staff email. */
  from: string;
  /** Where it goes when the endpoint names no owner (the support team's address in NOTIFY_RECIPIENTS). */
  fallbackTo?: string | undefined;
  locale: SupportedLocale;
  /** STAFF_TIME_ZONE: the times in the email, unless the endpoint names its own zone. */
  timeZone: string;
  configurationSet?: string | undefined;
}

/** Emails an endpoint's owner (or the support team) through SES, the same service and sender as task emails. */
export class SesOwnerNotifier implements OwnerNotifier {
  constructor(
    private readonly ses: SESv2Client,
    private readonly settings: OwnerMailSettings,
  ) {}

  async disabled(endpoint: WebhookEndpoint, reason: DisableReason): Promise<void> {
    const to = endpoint.owner ?? this.settings.fallbackTo;
    if (!to) return;
    const email = disabledEmail(
      endpoint,
      reason,
      endpoint.locale ?? this.settings.locale,
      endpoint.timeZone ?? this.settings.timeZone,
    );
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.settings.from,
        Destination: { ToAddresses: [to] },
        ...sendEmailTracking(this.settings.configurationSet, "staff"),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: "UTF-8" },
            Body: { Text: { Data: email.text, Charset: "UTF-8" } },
          },
        },
      }),
    );
  }
}
