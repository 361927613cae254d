import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer, TaskNotice } from "../ports/notifier.ts";

/**
 * Sends task notices through SES (locally, the aws-ses-v2-local mailbox). Recipients come from
 * configuration per team: { "<team>": { "team": "...", "supervisor": "..." } } with a "*" default.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly recipients: Record<string, { team?: string; supervisor?: string }>,
  ) {}

  private to(notice: TaskNotice): string | undefined {
    const entry = this.recipients[notice.team] ?? this.recipients["*"];
    return entry?.[notice.audience] ?? entry?.team;
  }

  async send(notices: readonly TaskNotice[]): Promise<void> {
    await Promise.all(
      notices.map(async (notice) => {
        const to = this.to(notice);
        if (!to) return;
        await this.ses.send(
          new SendEmailCommand({
            FromEmailAddress: this.from,
            Destination: { ToAddresses: [to] },
            Content: {
              Simple: {
                Subject: { Data: notice.subject, Charset: "UTF-8" },
                Body: { Text: { Data: notice.body, Charset: "UTF-8" } },
              },
            },
          }),
        );
      }),
    );
  }
}
