import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, ses } from "#shared/platform/clients";
import { type Config, ConfigError } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { traced } from "#shared/platform/tracing";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { DynamoDeadLetters } from "./adapters/dynamo-dead-letters.ts";
import { DynamoEndpointStore } from "./adapters/dynamo-endpoint-store.ts";
import { HttpTransport } from "./adapters/http-transport.ts";
import { SecretsManagerStore } from "./adapters/secrets-manager-store.ts";
import { SesOwnerNotifier } from "./adapters/ses-owner-notifier.ts";
import { SqsDeliveryQueue } from "./adapters/sqs-delivery-queue.ts";
import { TableSecretStore } from "./adapters/table-secret-store.ts";
import type { DeliveryDeps } from "./deliver.ts";
import type { ManageDeps } from "./manage-webhooks.ts";
import type { UrlRules } from "./model/ssrf.ts";
import type { DeliveryQueue } from "./ports/delivery.ts";
import type { SecretStore } from "./ports/endpoints.ts";

type WebhookConfig = Pick<
  Config,
  | "TABLE_NAME"
  | "WEBHOOK_QUEUE_URL"
  | "WEBHOOK_SECRET_PREFIX"
  | "WEBHOOK_ALLOW_LOOPBACK"
  | "WEBHOOK_RETRY_SECONDS"
  | "WEBHOOK_DISABLE_AFTER_HOURS"
  | "WEBHOOK_TIMEOUT_SECONDS"
  | "STAFF_LOCALE"
  | "STAFF_TIME_ZONE"
  | "PUBLIC_BASE_URL"
  | "NOTIFY_FROM"
  | "NOTIFY_RECIPIENTS"
  | "SES_CONFIGURATION_SET"
>;

export const urlRulesFrom = (config: Pick<Config, "WEBHOOK_ALLOW_LOOPBACK">): UrlRules => ({
  allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK,
});

/** Secrets Manager when CDK named a prefix; else the table (the local stack). */
export const secretStore = (
  config: Pick<Config, "TABLE_NAME" | "WEBHOOK_SECRET_PREFIX">,
  db: DynamoDBDocumentClient = dynamo(),
): SecretStore =>
  config.WEBHOOK_SECRET_PREFIX
    ? new SecretsManagerStore(traced(new SecretsManagerClient({})), config.WEBHOOK_SECRET_PREFIX)
    : new TableSecretStore(db, config.TABLE_NAME);

/** Where an endpoint without an owner has its disabling reported: the "*" team address of NOTIFY_RECIPIENTS. */
const fallbackOwner = (config: Pick<Config, "NOTIFY_RECIPIENTS">): string | undefined => {
  try {
    const all = JSON.parse(config.NOTIFY_RECIPIENTS) as Record<string, { team?: unknown; supervisor?: unknown }>;
    const entry = all["*"];
    const to = entry?.supervisor ?? entry?.team;
    return typeof to === "string" ? to : undefined;
  } catch {
    return undefined;
  }
};

let sqsClient: SQSClient | undefined;

/**
 * The delivery queue, or (a local stack attached to engines without one) a queue that refuses work when used, so
 * the API still starts and answers everything but a redelivery.
 */
const deliveryQueue = (url: string | undefined): DeliveryQueue => {
  if (url === undefined)
    return {
      enqueue: async () => {
        throw new ConfigError("Invalid configuration: WEBHOOK_QUEUE_URL is required to queue webhook deliveries");
      },
    };
  sqsClient ??= traced(new SQSClient({ useQueueUrlAsEndpoint: false }));
  return new SqsDeliveryQueue(sqsClient, url);
};

export const webhookDeps = (config: WebhookConfig, db: DynamoDBDocumentClient = dynamo()): DeliveryDeps => {
  const urlRules = urlRulesFrom(config);
  return {
    endpoints: new DynamoEndpointStore(db, config.TABLE_NAME),
    deadLetters: new DynamoDeadLetters(db, config.TABLE_NAME),
    secrets: secretStore(config, db),
    transport: new HttpTransport(urlRules, config.WEBHOOK_TIMEOUT_SECONDS * 1000),
    queue: deliveryQueue(config.WEBHOOK_QUEUE_URL),
    owner: new SesOwnerNotifier(ses(), {
      from: config.NOTIFY_FROM,
      fallbackTo: fallbackOwner(config),
      locale: config.STAFF_LOCALE,
      timeZone: config.STAFF_TIME_ZONE,
      configurationSet: config.SES_CONFIGURATION_SET,
    }),
    taxonomy: defaultTaxonomy,
    locale: config.STAFF_LOCALE,
    timeZone: config.STAFF_TIME_ZONE,
    baseUrl: config.PUBLIC_BASE_URL,
    schedule: config.WEBHOOK_RETRY_SECONDS,
    disableAfterHours: config.WEBHOOK_DISABLE_AFTER_HOURS,
    urlRules,
    now: () => new Date(),
    log: (message, fields) => logger.info(message, fields),
  };
};

/** What the webhooks API needs (the same stores, queue and transport as deliveries). */
export const manageDeps = (config: WebhookConfig, db: DynamoDBDocumentClient = dynamo()): ManageDeps =>
  webhookDeps(config, db);
