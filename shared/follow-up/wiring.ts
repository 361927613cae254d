import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, ses } from "#shared/platform/clients";
import { type Config, ConfigError, DEFAULT_ORIGINALS_RETENTION_DAYS } from "#shared/platform/config";
import { DynamoSchemaMarker } from "#shared/platform/schema-marker";
import { DynamoContactMigration } from "./adapters/dynamo-contact-migration.ts";
import { DynamoRetentionMigration } from "./adapters/dynamo-retention-migration.ts";
import { DynamoTaskStore } from "./adapters/dynamo-task-store.ts";
import { EventBridgePublisher, FileEventPublisher } from "./adapters/event-publishers.ts";
import { SesMailer } from "./adapters/ses-mailer.ts";
import type { SchemaMigration } from "./migrate-schema.ts";
import { type FollowUpRules, followUpRules } from "./model/rules.ts";
import type { ContactMigrationStore } from "./ports/contact-migration.ts";
import type { EventPublisher, Mailer } from "./ports/notifier.ts";

export const rulesFrom = (config: Config): FollowUpRules => {
  try {
    return followUpRules(JSON.parse(config.FOLLOW_UP_RULES) as Partial<FollowUpRules>);
  } catch (error) {
    throw new ConfigError(`FOLLOW_UP_RULES is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const taskStore = (
  config: Pick<Config, "TABLE_NAME">,
  rules: FollowUpRules,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoTaskStore => new DynamoTaskStore(db, config.TABLE_NAME, rules.closeAfterResolvedDays);

/** The table side of `hearback migrate` (contact keys). */
export const contactMigration = (
  config: Pick<Config, "TABLE_NAME">,
  db: DynamoDBDocumentClient = dynamo(),
): ContactMigrationStore => new DynamoContactMigration(db, config.TABLE_NAME);

/** Every step of `hearback migrate`, on one table. */
export const schemaMigration = (
  config: Pick<Config, "TABLE_NAME"> & Partial<Pick<Config, "ORIGINALS_RETENTION_DAYS">>,
  db: DynamoDBDocumentClient = dynamo(),
): SchemaMigration => ({
  marker: new DynamoSchemaMarker(db, config.TABLE_NAME),
  contacts: new DynamoContactMigration(db, config.TABLE_NAME),
  retention: new DynamoRetentionMigration(
    db,
    config.TABLE_NAME,
    config.ORIGINALS_RETENTION_DAYS ?? DEFAULT_ORIGINALS_RETENTION_DAYS,
  ),
});

export const mailer = (config: Config): Mailer => {
  let recipients: Record<string, { team?: string; supervisor?: string }>;
  try {
    recipients = JSON.parse(config.NOTIFY_RECIPIENTS) as typeof recipients;
  } catch {
    throw new ConfigError("NOTIFY_RECIPIENTS must be JSON");
  }
  return new SesMailer(ses(), config.NOTIFY_FROM, recipients);
};

export const eventPublisher = (config: Config): EventPublisher | undefined => {
  if (config.EVENT_BUS_NAME) return new EventBridgePublisher(new EventBridgeClient({}), config.EVENT_BUS_NAME);
  if (config.EVENTS_FILE) return new FileEventPublisher(config.EVENTS_FILE);
  return undefined;
};
