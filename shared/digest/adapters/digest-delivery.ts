import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { sendEmailTracking } from "#shared/mail/model/ses-event";
import { batchGetAll } from "#shared/platform/dynamo";
import type { DigestLedger } from "../ports/delivery.ts";
import type { DigestImage } from "../views/charts.ts";

const key = {
  sent: (sub: string, week: string, email: string) => ({
    PK: `DIGEST#${sub}#${week}`,
    SK: `SENT#${email.toLowerCase()}`,
  }),
  unsubscribed: (sub: string, email: string) => ({ PK: `DIGESTSUB#${sub}`, SK: `UNSUB#${email.toLowerCase()}` }),
};

/** Claims and unsubscribes as items: `DIGEST#<sub>#<week>` / `SENT#<email>`, `DIGESTSUB#<sub>` / `UNSUB#<email>`. */
export class DynamoDigestLedger implements DigestLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True if this run may send to this person (no run has claimed it before). */
  async claim(sub: string, week: string, email: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key.sent(sub, week, email), at },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives a claim back when the email could not be sent, so the next run tries again. */
  async release(sub: string, week: string, email: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key.sent(sub, week, email) }));
  }

  async unsubscribed(sub: string, emails: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      emails.map((e) => key.unsubscribed(sub, e)),
      "SK",
    );
    return new Set(items.map((i) => String(i.SK).slice("UNSUB#".length)));
  }

  async unsubscribe(sub: string, email: string, at: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key.unsubscribed(sub, email), at } }));
  }
}

/** An image the HTML refers to as `cid:<cid>`, attached inline. */
export type InlineImage = Pick<DigestImage, "cid" | "filename" | "contentType" | "png">;

/**
 * The digest email through SES v2: HTML and text parts, the charts as inline attachments the HTML
 * refers to by Content-ID (SES builds the multipart/related message), one-click unsubscribe headers
 * (RFC 8058), tagged as staff mail for the suppression list.
 */
export const sendDigestEmail = async (
  ses: SESv2Client,
  email: {
    from: string;
    to: string;
    subject: string;
    html: string;
    text: string;
    unsubscribeUrl: string;
    images?: readonly InlineImage[] | undefined;
    /** SES_CONFIGURATION_SET: where SES publishes this email's bounces and complaints. */
    configurationSet?: string | undefined;
  },
): Promise<void> => {
  const images = email.images ?? [];
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: [email.to] },
      ...sendEmailTracking(email.configurationSet, "staff"),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: { Html: { Data: email.html, Charset: "UTF-8" }, Text: { Data: email.text, Charset: "UTF-8" } },
          Headers: [
            { Name: "List-Unsubscribe", Value: `<${email.unsubscribeUrl}>` },
            { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
          ],
          ...(images.length > 0 && {
            Attachments: images.map((image) => ({
              FileName: image.filename,
              RawContent: image.png,
              ContentType: image.contentType,
              ContentDisposition: "INLINE" as const,
              ContentId: image.cid,
              ContentTransferEncoding: "BASE64" as const,
            })),
          }),
        },
      },
    }),
  );
};
