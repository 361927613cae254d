import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { CustomerMailer, CustomerMessage } from "../ports/customer-mail.ts";

/** Customer email through SES v2 (locally, the aws-ses-v2-local mailbox): text and HTML, UTF-8, with a Reply-To. */
export class SesCustomerMailer implements CustomerMailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly replyTo: readonly string[],
  ) {}

  async send(message: CustomerMessage): Promise<{ messageId: string }> {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        ...(this.replyTo.length > 0 && { ReplyToAddresses: [...this.replyTo] }),
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
