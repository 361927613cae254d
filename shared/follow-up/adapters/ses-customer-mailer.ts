import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { inLanguage, type PerLanguage } from "#shared/kernel/locale";
import { AddressSuppressedError } from "#shared/mail/model/errors";
import { sendEmailTracking } from "#shared/mail/model/ses-event";
import { normaliseAddress } from "#shared/mail/model/suppression";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import type { CustomerMailer, CustomerMessage } from "../ports/customer-mail.ts";

/**
 * Customer email through SES v2 (locally, the aws-ses-v2-local mailbox): text and HTML, UTF-8, from the sender
 * for the customer's language ("Lumo 客服" to a Chinese customer, "Lumo Support" to an English one), with a
 * Reply-To, tagged as customer mail. An address on the suppression list (it bounced, or the customer
 * marked our email as spam) is never mailed: every customer email (a reply, the confirmation
 * question) fails with AddressSuppressedError before SES is called.
 */
export class SesCustomerMailer implements CustomerMailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string | PerLanguage<string>,
    private readonly replyTo: readonly string[],
    private readonly options: {
      configurationSet?: string | undefined;
      suppressions?: Pick<MailSuppressions, "suppressedAmong"> | undefined;
    } = {},
  ) {}

  async send(message: CustomerMessage): Promise<{ messageId: string }> {
    const suppressed = (await this.options.suppressions?.suppressedAmong([message.to]))?.get(
      normaliseAddress(message.to),
    );
    if (suppressed) throw new AddressSuppressedError(suppressed);
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: typeof this.from === "string" ? this.from : inLanguage(this.from, message.locale),
        Destination: { ToAddresses: [message.to] },
        ...(this.replyTo.length > 0 && { ReplyToAddresses: [...this.replyTo] }),
        ...sendEmailTracking(this.options.configurationSet, "customer"),
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: message.text, Charset: "UTF-8" },
              ...(message.html !== undefined && { Html: { Data: message.html, Charset: "UTF-8" } }),
            },
            Headers: [{ Name: "Content-Language", Value: message.locale }],
          },
        },
      }),
    );
    return { messageId: out.MessageId ?? "" };
  }
}
