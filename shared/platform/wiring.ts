import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ComprehendAnalyzer } from "#shared/analysis/adapters/comprehend-analyzer";
import { ComprehendPiiDetector } from "#shared/analysis/adapters/comprehend-pii-detector";
import { BlendedAnalyzer } from "#shared/analysis/model/blended-analyzer";
import { HybridAnalyzer } from "#shared/analysis/model/hybrid-analyzer";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import type { Analyzer } from "#shared/analysis/ports/analyzer";
import type { PiiDetector } from "#shared/analysis/ports/pii-detector";
import { DynamoDigestLedger } from "#shared/digest/adapters/digest-delivery";
import { DynamoSubscriptionStore } from "#shared/digest/adapters/dynamo-subscription-store";
import { EventBridgeDigestScheduler } from "#shared/digest/adapters/eventbridge-digest-scheduler";
import { type DigestSubscription, DigestSubscriptions } from "#shared/digest/model/subscriptions";
import type { DigestScheduler } from "#shared/digest/ports/subscriptions";
import { CognitoUserDirectory, DevUserDirectory } from "#shared/edge/adapters/user-directories";
import type { UserDirectory } from "#shared/edge/ports/users";
import { isLocalHost } from "#shared/edge/request";
import { DynamoFeedbackStore } from "#shared/feedback/adapters/dynamo-feedback-store";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { EventBridgePublisher, FileEventPublisher } from "#shared/follow-up/adapters/event-publishers";
import { SesMailer } from "#shared/follow-up/adapters/ses-mailer";
import { type FollowUpRules, followUpRules } from "#shared/follow-up/model/rules";
import type { EventPublisher, Mailer } from "#shared/follow-up/ports/notifier";
import { SqsIngestQueue } from "#shared/ingest/adapters/sqs-ingest-queue";
import { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { type Config, ConfigError } from "./config.ts";

/**
 * Module-scope wiring shared by the functions: one client per service per cold start. Endpoints
 * come from the SDK's standard variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS), which
 * the local runtime sets and AWS leaves unset.
 */
let documentClient: DynamoDBDocumentClient | undefined;
const dynamo = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
};

export const feedbackStore = (config: Config): DynamoFeedbackStore =>
  new DynamoFeedbackStore(dynamo(), config.TABLE_NAME);

export const surveyStore = (config: Config): DynamoSurveyStore => new DynamoSurveyStore(dynamo(), config.TABLE_NAME);

/**
 * Where survey links point: PUBLIC_BASE_URL when set (a custom domain), else the host and stage
 * the request came in on, as API Gateway reports them.
 */
export const publicBaseUrl = (
  config: Config,
  event: { headers?: Record<string, string | undefined>; requestContext: { domainName: string; stage: string } },
): string => {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/$/, "");
  const host = event.headers?.host ?? event.requestContext.domainName;
  const local = isLocalHost(host);
  const stage = event.requestContext.stage === "$default" ? "" : `/${event.requestContext.stage}`;
  return `${local ? "http" : "https"}://${host}${stage}`;
};

export const ingestQueue = (config: Config): SqsIngestQueue =>
  new SqsIngestQueue(new SQSClient({ useQueueUrlAsEndpoint: false }), {
    queueUrl: config.QUEUE_URL,
    deadLetterQueueUrl: config.DLQ_URL,
  });

/**
 * The configured analyzer, and a fallback for what it cannot handle. With Comprehend, the SDK's
 * own retries are off: the adapter retries throttling with backoff per 25-text chunk itself.
 * Hybrid: the local engine answers when confident, Comprehend (told the language) when not.
 */
export const analyzers = (
  config: Config,
): { analyzer: Analyzer; fallbackAnalyzer: Analyzer | undefined; local: BlendedAnalyzer } => {
  // The lexicon, blended with this deployment's learned model once one has been trained.
  const local = new BlendedAnalyzer(new LocalAnalyzer());
  if (config.ANALYZER === "local") return { analyzer: local, fallbackAnalyzer: undefined, local };
  // A call that hangs is abandoned after 2.5 s and retried by the adapter (up to 4 attempts with
  // backoff), well inside the worker's 30 s, instead of holding the batch until the function times out.
  const client = new ComprehendClient({
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_500, connectionTimeout: 1_000 },
  });
  if (config.ANALYZER === "comprehend") {
    return { analyzer: new ComprehendAnalyzer(client), fallbackAnalyzer: local, local };
  }
  const remote = new ComprehendAnalyzer(client, { trustLocaleHint: true });
  return { analyzer: new HybridAnalyzer(local, remote, config.HYBRID_CONFIDENCE), fallbackAnalyzer: local, local };
};

export const piiDetector = (config: Config): PiiDetector | undefined =>
  config.PII_DETECTION === "comprehend" ? new ComprehendPiiDetector(new ComprehendClient({})) : undefined;

export const rulesFrom = (config: Config): FollowUpRules => {
  try {
    return followUpRules(JSON.parse(config.FOLLOW_UP_RULES) as Partial<FollowUpRules>);
  } catch (error) {
    throw new ConfigError(`FOLLOW_UP_RULES is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const taskStore = (config: Config, rules: FollowUpRules): DynamoTaskStore =>
  new DynamoTaskStore(dynamo(), config.TABLE_NAME, rules.closeAfterResolvedDays);

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

export const userDirectory = (config: Config): UserDirectory => {
  if (config.COGNITO_CLIENT_ID)
    return new CognitoUserDirectory(new CognitoIdentityProviderClient({}), config.COGNITO_CLIENT_ID);
  if (config.DEV_LOGIN_PASSWORD) {
    const viewers = config.DEV_PII_VIEWERS.split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    return new DevUserDirectory(config.DEV_LOGIN_PASSWORD, viewers);
  }
  throw new ConfigError("Set COGNITO_CLIENT_ID (AWS) or DEV_LOGIN_PASSWORD (local) for the triage page");
};

export const digestSubscriptions = (config: Config): DigestSubscription[] => {
  try {
    return DigestSubscriptions.parse(JSON.parse(config.DIGEST_SUBSCRIPTIONS));
  } catch (error) {
    throw new ConfigError(`DIGEST_SUBSCRIPTIONS is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const digestLedger = (config: Config): DynamoDigestLedger => new DynamoDigestLedger(dynamo(), config.TABLE_NAME);

export const subscriptionStore = (config: Config): DynamoSubscriptionStore =>
  new DynamoSubscriptionStore(dynamo(), config.TABLE_NAME);

/** Per-subscription schedules on AWS; undefined locally (the hourly check covers every subscription). */
export const digestScheduler = (config: Config): DigestScheduler | undefined => {
  const {
    DIGEST_SCHEDULE_GROUP: groupName,
    DIGEST_FUNCTION_ARN: functionArn,
    DIGEST_SCHEDULER_ROLE_ARN: roleArn,
  } = config;
  if (!groupName || !functionArn || !roleArn) return undefined;
  return new EventBridgeDigestScheduler(new SchedulerClient({}), { groupName, functionArn, roleArn });
};

let sesClient: SESv2Client | undefined;
export const ses = (): SESv2Client => {
  sesClient ??= new SESv2Client({});
  return sesClient;
};
