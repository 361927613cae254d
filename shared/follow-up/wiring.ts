import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { BusPublisher } from "#shared/kernel/bus";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { dynamo, ses } from "#shared/platform/clients";
import { type Config, ConfigError, DEFAULT_ORIGINALS_RETENTION_DAYS } from "#shared/platform/config";
import type { CounterWriteOptions } from "#shared/platform/dynamo";
import { count, logger } from "#shared/platform/observability";
import { DynamoSchemaMarker } from "#shared/platform/schema-marker";
import type { SchemaStep } from "#shared/platform/schema-migrations";
import { traced } from "#shared/platform/tracing";
import { DynamoContactMigration } from "./adapters/dynamo-contact-migration.ts";
import { DynamoNoticeHold } from "./adapters/dynamo-notice-hold.ts";
import { DynamoRetentionMigration } from "./adapters/dynamo-retention-migration.ts";
import { DynamoTaskStore } from "./adapters/dynamo-task-store.ts";
import {
  EventBridgePublisher,
  FanOutPublisher,
  FileEventPublisher,
  WebhookQueuePublisher,
} from "./adapters/event-publishers.ts";
import { SesCustomerMailer } from "./adapters/ses-customer-mailer.ts";
import { SesMailer } from "./adapters/ses-mailer.ts";
import type { SchemaMigration } from "./migrate-schema.ts";
import { NoticeRecipients } from "./model/notice.ts";
import { DEFAULT_REPLY_TEMPLATES, type ReplyTemplate, type ReplyTemplates } from "./model/reply.ts";
import { type FollowUpRules, followUpRules } from "./model/rules.ts";
import type { ContactMigrationStore } from "./ports/contact-migration.ts";
import type { CustomerMailer } from "./ports/customer-mail.ts";
import type { EventPublisher, Mailer } from "./ports/notifier.ts";
import { BatchingMailer, type TaskMailFlushDeps } from "./task-mail.ts";
import type { TaskChangeEvents } from "./task-notice.ts";

export const rulesFrom = (config: Config): FollowUpRules => {
  try {
    const maxAge = config.FOLLOW_UP_MAX_AGE_DAYS;
    return followUpRules({
      ...(JSON.parse(config.FOLLOW_UP_RULES) as Partial<FollowUpRules>),
      ...(maxAge !== undefined && { maxAgeDays: maxAge }),
    });
  } catch (error) {
    throw new ConfigError(`FOLLOW_UP_RULES is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const taskStore = (
  config: Pick<Config, "TABLE_NAME">,
  rules: FollowUpRules,
  db: DynamoDBDocumentClient = dynamo(),
  /** Who hears of conflicts (the TransactionConflicts metric by default) and which loop-row shards are written. */
  counterWrites: CounterWriteOptions = {},
): DynamoTaskStore =>
  new DynamoTaskStore(db, config.TABLE_NAME, rules.closeAfterResolvedDays, {
    onConflict: () => count("TransactionConflicts", 1, { store: "tasks" }),
    ...counterWrites,
  });

/** The table side of `hearback migrate` (contact keys). */
export const contactMigration = (
  config: Pick<Config, "TABLE_NAME">,
  db: DynamoDBDocumentClient = dynamo(),
): ContactMigrationStore => new DynamoContactMigration(db, config.TABLE_NAME);

/**
 * Every step of `hearback migrate`, on one table; the steps other capabilities own (data rights' erasure horizon,
 * feedback's touchpoint x theme counts) come from their own wiring.
 */
export const schemaMigration = (
  config: Pick<Config, "TABLE_NAME"> & Partial<Pick<Config, "ORIGINALS_RETENTION_DAYS">>,
  db: DynamoDBDocumentClient,
  later: { erasureHorizon: SchemaStep; countersBackfill: SchemaStep },
): SchemaMigration => ({
  ...later,
  marker: new DynamoSchemaMarker(db, config.TABLE_NAME),
  contacts: new DynamoContactMigration(db, config.TABLE_NAME),
  retention: new DynamoRetentionMigration(
    db,
    config.TABLE_NAME,
    config.ORIGINALS_RETENTION_DAYS ?? DEFAULT_ORIGINALS_RETENTION_DAYS,
  ),
});

type MailConfig = Pick<
  Config,
  | "TABLE_NAME"
  | "NOTIFY_FROM"
  | "NOTIFY_RECIPIENTS"
  | "NOTIFY_BATCH_MINUTES"
  | "STAFF_LOCALE"
  | "STAFF_TIME_ZONE"
  | "PUBLIC_BASE_URL"
  | "SES_CONFIGURATION_SET"
>;

/** NOTIFY_RECIPIENTS, validated: a typo in a language or zone fails the cold start, not an email. */
export const recipientsFrom = (config: Pick<Config, "NOTIFY_RECIPIENTS">): NoticeRecipients => {
  let raw: unknown;
  try {
    raw = JSON.parse(config.NOTIFY_RECIPIENTS);
  } catch {
    throw new ConfigError("NOTIFY_RECIPIENTS must be JSON");
  }
  const parsed = NoticeRecipients.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`NOTIFY_RECIPIENTS is invalid: ${problems}`);
  }
  return parsed.data;
};

/** The suppression list (shared/mail/wiring.ts): task and customer emails skip the addresses on it. */
type Suppressions = Pick<MailSuppressions, "suppressedAmong">;

/**
 * Task emails through SES, in each team's language and zone, linking to PUBLIC_BASE_URL's task pages;
 * none to an address on the suppression list.
 */
export const taskMailSender = (config: MailConfig, suppressions?: Suppressions): SesMailer =>
  new SesMailer(ses(), {
    from: config.NOTIFY_FROM,
    recipients: recipientsFrom(config),
    locale: config.STAFF_LOCALE,
    timeZone: config.STAFF_TIME_ZONE,
    baseUrl: config.PUBLIC_BASE_URL,
    configurationSet: config.SES_CONFIGURATION_SET,
    suppressions,
    // The group, never the address: the address is in NOTIFY_RECIPIENTS for whoever fixes it.
    onSuppressed: (group, reason) =>
      logger.warn("task email not sent: the address is suppressed", { ...group, suppressedFor: reason }),
  });

/** One email per task, or (NOTIFY_BATCH_MINUTES > 0) held for the team's next batched email. */
export const mailer = (
  config: MailConfig,
  suppressions?: Suppressions,
  db: DynamoDBDocumentClient = dynamo(),
): Mailer => {
  const sender = taskMailSender(config, suppressions);
  return config.NOTIFY_BATCH_MINUTES > 0
    ? new BatchingMailer(new DynamoNoticeHold(db, config.TABLE_NAME), sender)
    : sender;
};

/** What the sweep needs to send batched task emails (also whatever is still held after batching was switched off). */
export const taskMailFlush = (
  config: MailConfig,
  suppressions?: Suppressions,
  db: DynamoDBDocumentClient = dynamo(),
): TaskMailFlushDeps => ({
  hold: new DynamoNoticeHold(db, config.TABLE_NAME),
  sender: taskMailSender(config, suppressions),
  windowMinutes: config.NOTIFY_BATCH_MINUTES,
});

/**
 * Email to customers from tasks (replies, the confirmation question), from CUSTOMER_MAIL_FROM (the sender for the
 * customer's language) with CUSTOMER_REPLY_TO; refused (AddressSuppressedError) for an address on the suppression list.
 */
export const customerMailer = (
  config: Pick<Config, "CUSTOMER_MAIL_FROM" | "CUSTOMER_REPLY_TO" | "SES_CONFIGURATION_SET">,
  suppressions?: Suppressions,
): CustomerMailer =>
  new SesCustomerMailer(ses(), config.CUSTOMER_MAIL_FROM, config.CUSTOMER_REPLY_TO, {
    configurationSet: config.SES_CONFIGURATION_SET,
    suppressions,
  });

/**
 * The reply templates leads start from: the defaults (shared/follow-up/model/reply.ts), with
 * REPLY_TEMPLATES ({"<locale>": {"<id>": {"subject", "body"}}}) merged over them per template.
 */
export const replyTemplatesFrom = (config: Pick<Config, "REPLY_TEMPLATES">): ReplyTemplates => {
  const merged = structuredClone(DEFAULT_REPLY_TEMPLATES) as Record<string, Record<string, ReplyTemplate>>;
  for (const [locale, templates] of Object.entries(config.REPLY_TEMPLATES)) {
    merged[locale] = { ...(merged[locale] ?? {}), ...templates };
  }
  return merged as ReplyTemplates;
};

/**
 * Events for integrations (task, feedback, digest and theme events; shared/kernel/bus.ts): on AWS onto the bus (whose
 * rule feeds the webhook queue); locally into the events file and, when the local stack runs a webhook queue
 * (WEBHOOK_QUEUE_URL), onto it as well, as the bus's rule would.
 */
export const eventPublisher = (config: Config): (EventPublisher & BusPublisher) | undefined => {
  if (config.EVENT_BUS_NAME) return new EventBridgePublisher(traced(new EventBridgeClient({})), config.EVENT_BUS_NAME);
  if (config.EVENTS_FILE && config.WEBHOOK_QUEUE_URL)
    return new FanOutPublisher([
      new FileEventPublisher(config.EVENTS_FILE),
      new WebhookQueuePublisher(traced(new SQSClient({ useQueueUrlAsEndpoint: false })), config.WEBHOOK_QUEUE_URL),
    ]);
  if (config.EVENTS_FILE) return new FileEventPublisher(config.EVENTS_FILE);
  return undefined;
};

/**
 * What tells the bus that a person (or a customer's answer) resolved or reopened a task: the task masked as
 * task.opened shows it, the customer's latest words from `feedback`; a failed publish is logged, never thrown.
 */
export const taskChangeEvents = (
  config: Config,
  pseudonymKey: string | undefined,
  feedback?: TaskChangeEvents["feedback"],
): TaskChangeEvents | undefined => {
  const events = eventPublisher(config);
  return (
    events && {
      events,
      pseudonymKey,
      feedback,
      onError: (error) => logger.error("task event not published", { error }),
    }
  );
};
