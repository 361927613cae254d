import * as z from "zod";
import { AUDIENCE_TAG, type MailAudience, type RecipientEvent } from "./suppression.ts";

/**
 * The events SES publishes for a configuration set to EventBridge's default bus (source
 * "aws.ses"): EventBridge's envelope around SES's event record, the same JSON SES publishes to
 * SNS or Firehose. Only bounces and complaints are read; every object stays open, as SES adds
 * fields over time. Schema: SES Developer Guide, "Contents of event data that Amazon SES
 * publishes" and "Monitoring SES events using Amazon EventBridge".
 */

const Recipient = z.looseObject({ emailAddress: z.string().min(3).max(320) });

const Mail = z.looseObject({
  messageId: z.string().min(1).max(200),
  timestamp: z.string(),
  /** Message tags: SES's own ("ses:configuration-set", ...) and ours (suppression.ts, AUDIENCE_TAG). */
  tags: z.record(z.string(), z.array(z.string())).optional(),
});

const Instant = z.iso.datetime({ offset: true });

const Bounce = z.looseObject({
  bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
  bounceSubType: z.string().optional(),
  bouncedRecipients: z.array(Recipient).min(1),
  timestamp: Instant,
  feedbackId: z.string().optional(),
});

const Complaint = z.looseObject({
  complainedRecipients: z.array(Recipient).min(1),
  timestamp: Instant,
  feedbackId: z.string().optional(),
  /** From the mailbox provider's feedback report (RFC 5965): "abuse", "not-spam", ...; often absent. */
  complaintFeedbackType: z.string().optional(),
  complaintSubType: z.string().nullish(),
});

const Detail = z.discriminatedUnion("eventType", [
  z.looseObject({ eventType: z.literal("Bounce"), mail: Mail, bounce: Bounce }),
  z.looseObject({ eventType: z.literal("Complaint"), mail: Mail, complaint: Complaint }),
]);

export const SesMailEvent = z
  .looseObject({
    source: z.literal("aws.ses"),
    "detail-type": z.enum(["Email Bounced", "Email Complaint Received"]),
    id: z.string().optional(),
    time: z.string().optional(),
    detail: Detail,
  })
  .refine((e) => (e["detail-type"] === "Email Bounced") === (e.detail.eventType === "Bounce"), {
    message: "detail-type and detail.eventType disagree",
    path: ["detail", "eventType"],
  });
export type SesMailEvent = z.infer<typeof SesMailEvent>;

export type ParsedMailEvent =
  | { ok: true; event: SesMailEvent }
  /** Where the shape broke (paths and messages, never values: they would be addresses). */
  | { ok: false; problems: string[] };

export const parseMailEvent = (raw: unknown): ParsedMailEvent => {
  const parsed = SesMailEvent.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`),
  };
};

/** The email's audience from its tag; untagged mail counts as a customer's, whose address is kept least. */
const audienceOf = (tags: Record<string, string[]> | undefined): MailAudience =>
  tags?.[AUDIENCE_TAG]?.[0] === "staff" ? "staff" : "customer";

/** One fact per recipient of the event, in the event's order; times in UTC, so they compare as strings. */
export const recipientEvents = (event: SesMailEvent): RecipientEvent[] => {
  const { detail } = event;
  const base = { messageId: detail.mail.messageId, audience: audienceOf(detail.mail.tags) };
  if (detail.eventType === "Bounce") {
    const { bounce } = detail;
    return bounce.bouncedRecipients.map((r) => ({
      ...base,
      address: r.emailAddress,
      kind: bounce.bounceType === "Permanent" ? "permanent-bounce" : "transient-bounce",
      bounceType: bounce.bounceType,
      at: new Date(bounce.timestamp).toISOString(),
    }));
  }
  const { complaint } = detail;
  const notSpam = complaint.complaintFeedbackType?.toLowerCase() === "not-spam";
  return complaint.complainedRecipients.map((r) => ({
    ...base,
    address: r.emailAddress,
    kind: notSpam ? "not-spam" : "complaint",
    at: new Date(complaint.timestamp).toISOString(),
  }));
};

/** The fields a SendEmail request adds so SES publishes its events and tags them with the audience. */
export const sendEmailTracking = (configurationSet: string | undefined, audience: MailAudience) => ({
  ...(configurationSet !== undefined && { ConfigurationSetName: configurationSet }),
  EmailTags: [{ Name: AUDIENCE_TAG, Value: audience }],
});
