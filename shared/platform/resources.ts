/**
 * The one definition of hearback's stateful resources and functions. The CDK app (infra/) and the
 * local runtime (shared/local/) both read this file, so the table, queues and routes cannot drift
 * between a laptop and AWS. Physical names are never set here: CDK generates them on AWS and the
 * local runtime derives them from `localName`.
 */

export const table = {
  localName: "hearback",
  partitionKey: "PK",
  sortKey: "SK",
  /** Expiring items (idempotency markers, caches) carry this epoch-seconds attribute. */
  timeToLiveAttribute: "expiresAt",
  globalSecondaryIndexes: [
    /**
     * GSI1: time-ordered feeds. Feedback: GSI1PK = FEED#<yyyy-mm-dd>, GSI1SK = <occurredAt>#<id>.
     * Tasks: GSI1PK = TASKS#<status>, GSI1SK = <createdAt>#<id>.
     * API keys: GSI1PK = APIKEYS, GSI1SK = <createdAt>#<hash>.
     * Suppressed mail addresses: GSI1PK = MAILSUP, GSI1SK = <at>#<keyed hash of the address>.
     */
    { indexName: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK" },
    /** GSI2: a customer's history. Feedback: GSI2PK = CUSTOMER#<contact key: customer:<id> | social:<platform>:<handle>>, GSI2SK = <occurredAt>#<id>. */
    { indexName: "GSI2", partitionKey: "GSI2PK", sortKey: "GSI2SK" },
  ],
} as const;

export const queues = {
  ingest: {
    localName: "hearback-ingest",
    /** Six times the worker timeout, as AWS recommends for Lambda event sources. */
    visibilityTimeoutSeconds: 180,
    retentionDays: 14,
    /** After this many failed receives a message goes to the DLQ (the worker records why). */
    maxReceiveCount: 5,
  },
  ingestDeadLetter: {
    localName: "hearback-ingest-dlq",
    retentionDays: 14,
  },
  /**
   * Webhook deliveries (shared/webhooks/): events from the bus, and each endpoint's retries, which come back with a
   * delay (SQS's at most 15 minutes; a longer wait is several hops). Six times the delivery function's timeout.
   */
  webhooks: {
    localName: "hearback-webhooks",
    visibilityTimeoutSeconds: 360,
    retentionDays: 14,
    /** A message the function could not handle (not a receiver's failure: those retry on their own schedule). */
    maxReceiveCount: 5,
  },
  webhooksDeadLetter: {
    localName: "hearback-webhooks-dlq",
    retentionDays: 14,
  },
} as const;

export const enrichWorker = {
  timeoutSeconds: 30,
  /**
   * Each batch pays a fixed set of requests (the stored-record, erasure and follow-up reads, one tasks transaction,
   * the task email's suppression check) whatever its size: 100 records spread them over four times as many items as
   * 25 did, and drained the local queue about 1.5 times as fast (docs/benchmarks.md#enrich-step-by-step). Comprehend still
   * gets 25 texts a call.
   */
  batchSize: 100,
  /** A trickle waits at most this long for a batch to fill: below 50 messages a second, latency, not throughput. */
  maxBatchingWindowSeconds: 2,
  /**
   * At most this many workers poll the ingest queue at once on AWS (the event source's maximum concurrency), so a
   * surge waits on the queue, where nothing is lost, instead of taking the account's concurrency or the table's
   * write capacity. Five batches of 100 reach the table's first ceiling (the day's feed index, about 1,000 items/s)
   * with room for Comprehend's slower batches; more only adds throttled retries (docs/scaling.md#safe-settings).
   * Deploy config `workerMaxConcurrency` changes it.
   */
  maxConcurrency: 5,
} as const;

/**
 * Weekly counter rows are split into this many shard items under the week's partition (`AGG#<week>`), so
 * concurrent workers, each adding to one shard it picked, rarely write the same item at once (a TransactionConflict
 * each time they do) and no single item takes a week's whole write rate. Readers Query the week's partition and sum
 * whatever shards they find, so this may be raised or lowered at any time without migrating anything; an
 * unsharded row written before shards existed is shard 0. Measured: docs/benchmarks.md#counter-shards, and what
 * K buys on AWS: docs/scaling.md#counter-shards.
 */
export const counterShards = 16;

/** HTTP routes, served by API Gateway on AWS and by the local gateway on a laptop. */
export const routes = [
  { method: "POST", path: "/v1/feedback", fn: "post-feedback", auth: "api-key" },
  { method: "GET", path: "/v1/feedback", fn: "list-feedback", auth: "api-key" },
  { method: "GET", path: "/v1/feedback/{id}", fn: "get-feedback", auth: "api-key" },
  { method: "POST", path: "/v1/feedback/{id}/corrections", fn: "correct-feedback", auth: "api-key" },
  { method: "GET", path: "/health", fn: "health", auth: "none" },
  // The API contract (shared/api-contract/): public like the health check, served by the same function.
  { method: "GET", path: "/openapi.json", fn: "health", auth: "none" },
  { method: "POST", path: "/v1/survey-links", fn: "create-survey-link", auth: "api-key" },
  // The customer's page: signed links instead of keys. HEAD is routed so link checkers get a
  // real answer that changes nothing.
  { method: "GET", path: "/s/{token}", fn: "survey-page", auth: "signed-link" },
  { method: "HEAD", path: "/s/{token}", fn: "survey-page", auth: "signed-link" },
  { method: "POST", path: "/s/{token}", fn: "survey-page", auth: "signed-link" },
  // "Is your problem solved?" after a follow-up task is resolved: the same kind of signed link.
  { method: "GET", path: "/c/{token}", fn: "confirm-resolution", auth: "signed-link" },
  { method: "HEAD", path: "/c/{token}", fn: "confirm-resolution", auth: "signed-link" },
  { method: "POST", path: "/c/{token}", fn: "confirm-resolution", auth: "signed-link" },
  // Follow-up tasks: API keys for integrations, the triage session for support leads.
  { method: "GET", path: "/v1/tasks", fn: "tasks-api", auth: "api-key-or-session" },
  { method: "GET", path: "/v1/tasks/export", fn: "tasks-api", auth: "api-key-or-session" },
  { method: "GET", path: "/v1/tasks/{id}", fn: "tasks-api", auth: "api-key-or-session" },
  { method: "POST", path: "/v1/tasks/{id}/{action}", fn: "tasks-api", auth: "api-key-or-session" },
  { method: "GET", path: "/v1/digests/preview", fn: "digest-preview", auth: "api-key" },
  { method: "GET", path: "/v1/digest-subscriptions", fn: "digest-subscriptions", auth: "api-key" },
  { method: "PUT", path: "/v1/digest-subscriptions/{id}", fn: "digest-subscriptions", auth: "api-key" },
  { method: "DELETE", path: "/v1/digest-subscriptions/{id}", fn: "digest-subscriptions", auth: "api-key" },
  { method: "GET", path: "/digests/unsubscribe", fn: "unsubscribe", auth: "signed-link" },
  { method: "POST", path: "/digests/unsubscribe", fn: "unsubscribe", auth: "signed-link" },
  // A digest's readers: the digest in a browser and each quote's comment, by signed, expiring links.
  { method: "GET", path: "/digests/read/{token}", fn: "digest-reader", auth: "signed-link" },
  { method: "DELETE", path: "/v1/customers/{id}", fn: "privacy-api", auth: "api-key" },
  { method: "GET", path: "/v1/customers/{id}/export", fn: "privacy-api", auth: "api-key" },
  { method: "GET", path: "/v1/audit", fn: "privacy-api", auth: "api-key" },
  { method: "GET", path: "/triage", fn: "triage", auth: "session" },
  { method: "GET", path: "/triage/login", fn: "triage", auth: "none" },
  { method: "POST", path: "/triage/login", fn: "triage", auth: "none" },
  { method: "POST", path: "/triage/logout", fn: "triage", auth: "session" },
  { method: "GET", path: "/triage/tasks/{id}", fn: "triage", auth: "session" },
  { method: "POST", path: "/triage/tasks/{id}/{action}", fn: "triage", auth: "session" },
  { method: "POST", path: "/triage/feedback/{id}/corrections", fn: "triage", auth: "session" },
  // Verified improvement: the fixes teams record on themes, with their before/after test.
  { method: "POST", path: "/v1/themes/{id}/fixes", fn: "theme-fixes", auth: "api-key" },
  { method: "GET", path: "/v1/themes/{id}/fixes", fn: "theme-fixes", auth: "api-key" },
  // The explorer: trends, the Pareto of a week, a theme's comments (staff sign-in).
  { method: "GET", path: "/explore", fn: "explore", auth: "session" },
  { method: "GET", path: "/explore/themes/{id}", fn: "explore", auth: "session" },
  // The same, opened from a digest's signed reader link: the subscription's scope, read-only.
  { method: "GET", path: "/digests/read/{token}/explore", fn: "explore", auth: "signed-link" },
  { method: "GET", path: "/digests/read/{token}/explore/themes/{id}", fn: "explore", auth: "signed-link" },
  // Webhooks (shared/webhooks/): endpoints, a test send, an endpoint's dead letters and their redelivery.
  { method: "GET", path: "/v1/webhooks", fn: "webhooks-api", auth: "api-key" },
  { method: "GET", path: "/v1/webhooks/{id}", fn: "webhooks-api", auth: "api-key" },
  { method: "PUT", path: "/v1/webhooks/{id}", fn: "webhooks-api", auth: "api-key" },
  { method: "DELETE", path: "/v1/webhooks/{id}", fn: "webhooks-api", auth: "api-key" },
  { method: "POST", path: "/v1/webhooks/{id}/test", fn: "webhooks-api", auth: "api-key" },
  { method: "GET", path: "/v1/webhooks/{id}/dead-letters", fn: "webhooks-api", auth: "api-key" },
  { method: "POST", path: "/v1/webhooks/{id}/redeliver", fn: "webhooks-api", auth: "api-key" },
] as const;

export type FunctionName =
  | (typeof routes)[number]["fn"]
  | "enrich-feedback"
  | "train-model"
  | "sweep-tasks"
  | "send-digests"
  | "mail-events"
  | "deliver-webhooks";

/** Scheduled jobs: EventBridge rules on AWS, timers in the local runtime. Times are UTC. */
export const schedules = [
  {
    fn: "train-model",
    description: "re-train the sentiment model daily",
    cron: { hour: "3", minute: "30" },
    everyHours: 24,
  },
  {
    // Locally an hourly check sends each subscription in its local send hour. On AWS each
    // subscription has its own EventBridge Scheduler schedule in its time zone instead.
    fn: "send-digests",
    description: "send weekly digests whose local send hour it is",
    cron: { hour: "*", minute: "0" },
    everyHours: 1,
    onAws: false,
  },
  {
    fn: "sweep-tasks",
    description: "escalate overdue follow-up tasks",
    cron: { hour: "*", minute: "0/5" },
    everyHours: 5 / 60,
  },
] as const satisfies ReadonlyArray<{
  fn: FunctionName;
  description: string;
  cron: { hour: string; minute: string };
  everyHours: number;
  onAws?: boolean;
}>;

/**
 * Entry file of each Lambda, relative to the repository root. `reservedConcurrency` caps (and reserves) a function
 * whose runs must not pile up: one training and one SLA sweep at a time, and a few digest runs so Monday morning's
 * schedules do not exceed SES's sending rate (throttled asynchronous invocations are retried by Lambda).
 */
export const functions: Record<
  FunctionName,
  { entry: string; memoryMb: number; timeoutSeconds: number; reservedConcurrency?: number }
> = {
  "post-feedback": { entry: "functions/http/post-feedback.ts", memoryMb: 512, timeoutSeconds: 10 },
  "list-feedback": { entry: "functions/http/list-feedback.ts", memoryMb: 512, timeoutSeconds: 10 },
  "get-feedback": { entry: "functions/http/get-feedback.ts", memoryMb: 256, timeoutSeconds: 10 },
  "correct-feedback": { entry: "functions/http/correct-feedback.ts", memoryMb: 256, timeoutSeconds: 10 },
  health: { entry: "functions/http/health.ts", memoryMb: 256, timeoutSeconds: 10 },
  "create-survey-link": { entry: "functions/http/create-survey-link.ts", memoryMb: 512, timeoutSeconds: 10 },
  "survey-page": { entry: "functions/http/survey-page.ts", memoryMb: 512, timeoutSeconds: 10 },
  "confirm-resolution": { entry: "functions/http/confirm-resolution.ts", memoryMb: 512, timeoutSeconds: 10 },
  "enrich-feedback": {
    entry: "functions/queue/enrich-feedback.ts",
    memoryMb: 1024,
    timeoutSeconds: enrichWorker.timeoutSeconds,
  },
  "train-model": {
    entry: "functions/schedule/train-model.ts",
    memoryMb: 1536,
    timeoutSeconds: 300,
    reservedConcurrency: 1,
  },
  "sweep-tasks": {
    entry: "functions/schedule/sweep-tasks.ts",
    memoryMb: 512,
    timeoutSeconds: 120,
    reservedConcurrency: 1,
  },
  "tasks-api": { entry: "functions/http/tasks-api.ts", memoryMb: 512, timeoutSeconds: 15 },
  triage: { entry: "functions/http/triage.ts", memoryMb: 512, timeoutSeconds: 15 },
  "digest-preview": { entry: "functions/http/digest-preview.ts", memoryMb: 1024, timeoutSeconds: 29 },
  explore: { entry: "functions/http/explore.ts", memoryMb: 512, timeoutSeconds: 15 },
  "theme-fixes": { entry: "functions/http/theme-fixes.ts", memoryMb: 256, timeoutSeconds: 10 },
  "send-digests": {
    entry: "functions/schedule/send-digests.ts",
    memoryMb: 1024,
    timeoutSeconds: 300,
    reservedConcurrency: 4,
  },
  "digest-subscriptions": { entry: "functions/http/digest-subscriptions.ts", memoryMb: 256, timeoutSeconds: 10 },
  unsubscribe: { entry: "functions/http/unsubscribe.ts", memoryMb: 256, timeoutSeconds: 10 },
  // Builds the digest like the preview (charts included), so the same memory and time.
  "digest-reader": { entry: "functions/http/digest-reader.ts", memoryMb: 1024, timeoutSeconds: 29 },
  "privacy-api": { entry: "functions/http/privacy-api.ts", memoryMb: 512, timeoutSeconds: 29 },
  // SES bounce and complaint events (EventBridge rule on the default bus) onto the suppression list.
  "mail-events": { entry: "functions/events/mail-events.ts", memoryMb: 256, timeoutSeconds: 30 },
  // A test send waits for the receiver (at most WEBHOOK_TIMEOUT_SECONDS).
  "webhooks-api": { entry: "functions/http/webhooks-api.ts", memoryMb: 256, timeoutSeconds: 20 },
  // Up to ten deliveries at once, each waiting at most WEBHOOK_TIMEOUT_SECONDS for its receiver.
  "deliver-webhooks": { entry: "functions/queue/deliver-webhooks.ts", memoryMb: 512, timeoutSeconds: 60 },
};

/** The webhook delivery function's event source (shared/webhooks/). */
export const webhookWorker = {
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  /** Receivers are other people's servers: a few at a time, so one slow receiver cannot take the account's concurrency. */
  maxConcurrency: 5,
} as const;
