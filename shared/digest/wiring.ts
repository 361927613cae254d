import { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { SigningKey } from "#shared/kernel/signing-key";
import { dynamo, ses, type TableAccess } from "#shared/platform/clients";
import { type Config, ConfigError } from "#shared/platform/config";
import { traced } from "#shared/platform/tracing";
import { DynamoDigestLedger, sendDigestEmail } from "./adapters/digest-delivery.ts";
import { DynamoSubscriptionStore } from "./adapters/dynamo-subscription-store.ts";
import { DynamoThemeFixes } from "./adapters/dynamo-theme-fixes.ts";
import { EventBridgeDigestScheduler } from "./adapters/eventbridge-digest-scheduler.ts";
import { type DigestSubscription, DigestSubscriptions } from "./model/subscriptions.ts";
import type { DigestScheduler, DigestSubscriptionStore } from "./ports/subscriptions.ts";
import type { DigestLinkSigner } from "./send-digest.ts";

export const digestSubscriptions = (config: Config): DigestSubscription[] => {
  try {
    return DigestSubscriptions.parse(JSON.parse(config.DIGEST_SUBSCRIPTIONS));
  } catch (error) {
    throw new ConfigError(`DIGEST_SUBSCRIPTIONS is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const digestLedger = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoDigestLedger =>
  new DynamoDigestLedger(db, config.TABLE_NAME);

export const subscriptionStore = (
  config: TableAccess,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoSubscriptionStore => new DynamoSubscriptionStore(db, config.TABLE_NAME);

/** The fixes teams record on themes (verified improvement). */
export const themeFixStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoThemeFixes =>
  new DynamoThemeFixes(db, config.TABLE_NAME);

/** Per-subscription schedules on AWS; undefined locally (the hourly check covers every subscription). */
export const digestScheduler = (config: Config): DigestScheduler | undefined => {
  const {
    DIGEST_SCHEDULE_GROUP: groupName,
    DIGEST_FUNCTION_ARN: functionArn,
    DIGEST_SCHEDULER_ROLE_ARN: roleArn,
  } = config;
  if (!groupName || !functionArn || !roleArn) return undefined;
  return new EventBridgeDigestScheduler(traced(new SchedulerClient({})), {
    groupName,
    functionArn,
    roleArn,
    deadLetterArn: config.FAILED_JOBS_QUEUE_ARN,
  });
};

/** Sends one reader's digest through SES v2 from the configured sender. */
export const digestMailer =
  (config: Pick<Config, "NOTIFY_FROM" | "SES_CONFIGURATION_SET">) =>
  (email: Omit<Parameters<typeof sendDigestEmail>[1], "from" | "configurationSet">): Promise<void> =>
    sendDigestEmail(ses(), { from: config.NOTIFY_FROM, configurationSet: config.SES_CONFIGURATION_SET, ...email });

/** What signs each reader's links: the current signing key (the first), for DIGEST_LINK_DAYS days. */
export const digestLinks = (
  config: Pick<Config, "DIGEST_LINK_DAYS">,
  key: SigningKey | undefined,
): DigestLinkSigner => {
  if (key === undefined) throw new ConfigError("No signing key: a digest's links cannot be signed");
  return { key, days: config.DIGEST_LINK_DAYS };
};

/** A subscription by id: the config file's (in memory), else the API's (one GetItem). */
export const subscriptionById = (
  config: Config,
  store: Pick<DigestSubscriptionStore, "get"> = subscriptionStore(config),
): ((id: string) => Promise<DigestSubscription | undefined>) => {
  const configured = digestSubscriptions(config);
  return async (id) => configured.find((s) => s.id === id) ?? (await store.get(id));
};
