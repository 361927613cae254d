import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { erasureHorizonMigration } from "#shared/data-rights/wiring";
import { hashApiKey } from "#shared/edge/middleware";
import { apiKeyStore } from "#shared/edge/wiring";
import { countersBackfillMigration } from "#shared/feedback/wiring";
import { migrateSchema } from "#shared/follow-up/migrate-schema";
import { schemaMigration } from "#shared/follow-up/wiring";
import { loadConfig } from "#shared/platform/config";
import { functions, routes, schedules, table, webhookWorker } from "#shared/platform/resources";
import { DEFAULT_BIND, exposureWarning } from "./bind.ts";
import { ensureTable, LOCAL_AWS_ENV, startDynamoDbLocal, startMailbox } from "./engines.ts";
import { type Gateway, type HttpHandler, startGateway } from "./gateway.ts";
import { lambdaContext } from "./lambda-context.ts";
import { metricsEndpoint, metricsRegistry } from "./metrics.ts";
import { LOCAL_WORKER_CONCURRENCY, type Poller, type SqsHandler, startPoller } from "./poller.ts";
import { assertPortsFree } from "./ports.ts";
import { startQueues } from "./queues.ts";

type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

export const DEFAULT_LOCAL_API_KEY = "hb_local_dev_key";
export const DEFAULT_DEV_PASSWORD = "hearback";

export interface LocalStackOptions {
  /** HTTP port of the gateway; the engines take the next three (0 = random ports everywhere). */
  port?: number;
  /**
   * The address the gateway and every engine listen on. Default 127.0.0.1: the stack holds
   * unmasked customer data, so only this machine reaches it. Anything else prints a warning.
   */
  bind?: string;
  /** Where DynamoDB Local keeps its data; omit for an in-memory database (tests). */
  dataDir?: string | undefined;
  apiKey?: string;
  /** Overrides the queue's visibility timeout (tests use a short one to see retries quickly). */
  visibilityTimeoutSeconds?: number;
  /** Concurrent worker "instances" (Lambda scales out per batch; the poller does the same). */
  workerConcurrency?: number;
  /** Environment for the functions on top of the local wiring (e.g. ANALYZER, MAX_RECEIVE_COUNT). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Delay before scheduled jobs first run (default 10 s). */
  firstScheduledRunMs?: number;
  /**
   * DynamoDB and the queues already run elsewhere (e.g. in a soak test that kills and restarts this
   * process): attach to them instead of starting engines. `dataDir` and `visibilityTimeoutSeconds`
   * then belong to whoever started them; only the SES mailbox is started here.
   */
  engines?: AttachedEngines;
}

export interface AttachedEngines {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The webhook delivery queue, if the attached engines have one (without it, webhooks are not delivered). */
  webhookQueueUrl?: string;
  /** Default: the local table name from shared/resources.ts. */
  tableName?: string;
}

export interface LocalStack {
  url: string;
  apiKey: string;
  mailboxUrl: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The webhook delivery queue and the poller feeding deliver-webhooks (undefined when attached engines have none). */
  webhookQueueUrl: string | undefined;
  webhookPoller: Poller | undefined;
  poller: Poller;
  /** Waits until the ingest queue holds nothing visible or in flight (or the timeout passes). */
  drain(timeoutMs?: number): Promise<boolean>;
  /** Runs a scheduled function now, with the event a schedule would pass (or a manual one). */
  runScheduled(fn: (typeof schedules)[number]["fn"], event?: unknown): Promise<unknown>;
  /**
   * The EventBridge rule's stand-in: hands an SES mail event (a bounce, a complaint; see
   * events/eventbridge/) to the mail-events function, as the rule on AWS would.
   */
  deliverMailEvent(event: unknown): Promise<unknown>;
  /** Stops accepting requests, drains the queue, then stops every engine it started. */
  stop(opts?: { drain?: boolean }): Promise<void>;
}

/**
 * The local survey signing key: made once and kept with the data, so links minted before a
 * restart still open after it. In memory only when the stack has no data folder (tests).
 */
const localSigningKeys = (dataDir: string | undefined): string => {
  const fresh = () => JSON.stringify({ id: "local1", secret: randomBytes(32).toString("base64url") });
  if (!dataDir) return fresh();
  const file = join(dataDir, "survey-keys.json");
  if (existsSync(file)) return readFileSync(file, "utf8");
  const keys = fresh();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, keys, { mode: 0o600 });
  return keys;
};

const loadHandler = async <T>(entry: string): Promise<T> => {
  const mod = (await import(new URL(`../../${entry}`, import.meta.url).href)) as { handler: T };
  return mod.handler;
};

/**
 * The whole pipeline on one machine: DynamoDB Local, fauxqs (SQS), the SES mailbox, the HTTP
 * gateway in front of the real HTTP handlers, and the poller feeding the real enrich worker.
 * Functions read their configuration from the environment at import, exactly as in Lambda, so
 * the environment is set before they are imported (once per process).
 */
export const startLocalStack = async (opts: LocalStackOptions = {}): Promise<LocalStack> => {
  const log = opts.log ?? (() => undefined);
  const port = opts.port ?? 3000;
  const bind = opts.bind ?? DEFAULT_BIND;
  const warning = exposureWarning(bind);
  // Printed whatever `log` does: this is the one line a user must not miss.
  if (warning) console.warn(warning);
  const enginePort = (offset: number) => (port === 0 ? 0 : port + offset);
  // All ports checked before the JVM starts: a busy one fails now, naming who holds it.
  await assertPortsFree(
    opts.engines
      ? [{ port, purpose: "the HTTP gateway" }]
      : [
          { port, purpose: "the HTTP gateway" },
          { port: enginePort(1), purpose: "DynamoDB Local" },
          { port: enginePort(2), purpose: "SQS (fauxqs)" },
          { port: enginePort(3), purpose: "the SES mailbox" },
        ],
    bind,
  );
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };

  try {
    // Register each engine's stop as soon as it is up, so a failure in another never orphans it.
    const started = <T extends { stop(): Promise<void> }>(engine: Promise<T>) =>
      engine.then((e) => {
        stops.push(e.stop);
        return e;
      });
    const attached = opts.engines;
    const [dynamo, queue, mailbox] = await Promise.all([
      attached
        ? { endpoint: attached.dynamoEndpoint }
        : started(startDynamoDbLocal({ port: enginePort(1) || undefined, dataDir: opts.dataDir, bind })),
      attached
        ? {
            endpoint: attached.sqsEndpoint,
            queueUrl: attached.queueUrl,
            deadLetterQueueUrl: attached.deadLetterQueueUrl,
            webhookQueueUrl: attached.webhookQueueUrl,
          }
        : started(
            startQueues({
              port: enginePort(2),
              bind,
              journalFile: opts.dataDir ? join(opts.dataDir, "queue-journal.jsonl") : undefined,
              ...(opts.visibilityTimeoutSeconds !== undefined && {
                visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds,
              }),
            }),
          ),
      // Attached: the ports next to the gateway's are not ours to take.
      started(startMailbox({ port: attached ? undefined : enginePort(3) || undefined, bind })),
    ]);
    log(`DynamoDB Local ${dynamo.endpoint} · SQS (fauxqs) ${queue.endpoint} · SES mailbox ${mailbox.url}`);

    const tableName = attached?.tableName ?? table.localName;
    await ensureTable(dynamo.endpoint, tableName);

    const apiKey = opts.apiKey ?? DEFAULT_LOCAL_API_KEY;
    const surveyKeys = process.env.SURVEY_SIGNING_KEYS ?? localSigningKeys(opts.dataDir);
    Object.assign(process.env, {
      ...LOCAL_AWS_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: queue.endpoint,
      AWS_ENDPOINT_URL_SES: mailbox.url,
      AWS_ENDPOINT_URL_SESV2: mailbox.url,
      TABLE_NAME: tableName,
      QUEUE_URL: queue.queueUrl,
      DLQ_URL: queue.deadLetterQueueUrl,
      SURVEY_SIGNING_KEYS: surveyKeys,
      // The triage page's local sign-in, and the local stand-in for the EventBridge bus.
      DEV_LOGIN_PASSWORD: process.env.DEV_LOGIN_PASSWORD ?? DEFAULT_DEV_PASSWORD,
      EVENTS_FILE: join(opts.dataDir ?? mkdtempSync(join(tmpdir(), "hearback-")), "events.jsonl"),
      // The bus's webhook rule stand-in: task events also go onto the webhook queue, delivered by the same function
      // as on AWS; receivers on this machine (http://127.0.0.1) are allowed here, and only here.
      ...(queue.webhookQueueUrl !== undefined && {
        WEBHOOK_QUEUE_URL: queue.webhookQueueUrl,
        WEBHOOK_ALLOW_LOOPBACK: "true",
      }),
      POWERTOOLS_SERVICE_NAME: "hearback",
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
      ...opts.env,
    });

    const credentials = {
      accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
    };
    const apiKeys = apiKeyStore(
      { TABLE_NAME: tableName },
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials }),
      ),
    );
    await apiKeys.put(hashApiKey(apiKey), { name: "local", createdAt: new Date().toISOString() });
    // A data folder from an older version moves to the current layout before anything reads it; a
    // table marked migrated costs one GetItem.
    const migrationDb = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials }),
    );
    const migration = await migrateSchema(
      schemaMigration(
        { TABLE_NAME: tableName, ORIGINALS_RETENTION_DAYS: loadConfig().ORIGINALS_RETENTION_DAYS },
        migrationDb,
        {
          erasureHorizon: erasureHorizonMigration({ TABLE_NAME: tableName }, migrationDb),
          countersBackfill: countersBackfillMigration({ TABLE_NAME: tableName }, migrationDb),
        },
      ),
      { log },
    );
    for (const step of migration.steps) {
      const { scanned: _read, ...changes } = step.counts;
      if (Object.values(changes).some((n) => n > 0))
        log(`migrated the data to schema version ${step.version}: ${JSON.stringify(step)}`);
    }

    // The functions' EMF goes to GET /metrics instead of the console (imported now: it reads the environment).
    const observability = await import("#shared/platform/observability");
    const metrics = metricsRegistry({
      namespace: observability.metricsNamespace,
      service: process.env.POWERTOOLS_SERVICE_NAME ?? "hearback",
      info: observability.businessMetricInfo,
    });
    observability.publishMetricsTo(metrics.record);
    stops.push(async () => observability.publishMetricsTo(undefined));

    // The gateway listens first (its handlers are filled in below), so the functions can be told
    // their public base URL before they read their configuration.
    const handlers: Record<string, HttpHandler> = {};
    const gateway: Gateway = await startGateway({ port, host: bind, handlers, extra: metricsEndpoint(metrics) });
    stops.push(gateway.stop);
    process.env.PUBLIC_BASE_URL = process.env.PUBLIC_BASE_URL ?? gateway.url;
    for (const name of new Set(routes.map((r) => r.fn))) {
      handlers[name] = await loadHandler<HttpHandler>(functions[name].entry);
    }
    const worker = await loadHandler<SqsHandler>(functions["enrich-feedback"].entry);

    const sqs = new SQSClient({
      endpoint: queue.endpoint,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const queueArn =
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ["QueueArn"] })))
        .Attributes?.QueueArn ?? "arn:aws:sqs:us-east-1:000000000000:hearback-ingest";
    const poller = startPoller({
      sqs,
      queueUrl: queue.queueUrl,
      queueArn,
      handler: worker,
      concurrency: opts.workerConcurrency ?? LOCAL_WORKER_CONCURRENCY,
      onError: (error) => log(`[worker] ${error instanceof Error ? error.message : String(error)}`),
    });
    stops.push(() => poller.stop());

    // Webhook deliveries: the same handler as the Lambda behind the webhook queue's event source.
    let webhookPoller: Poller | undefined;
    if (queue.webhookQueueUrl !== undefined) {
      const deliver = await loadHandler<SqsHandler>(functions["deliver-webhooks"].entry);
      const webhookQueueArn =
        (
          await sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: queue.webhookQueueUrl, AttributeNames: ["QueueArn"] }),
          )
        ).Attributes?.QueueArn ?? "arn:aws:sqs:us-east-1:000000000000:hearback-webhooks";
      const started = startPoller({
        sqs,
        queueUrl: queue.webhookQueueUrl,
        queueArn: webhookQueueArn,
        handler: deliver,
        functionName: "deliver-webhooks",
        batchSize: webhookWorker.batchSize,
        concurrency: 1,
        onError: (error) => log(`[webhooks] ${error instanceof Error ? error.message : String(error)}`),
      });
      webhookPoller = started;
      stops.push(() => started.stop());
    }

    // Scheduled jobs: once shortly after start (so a restarted laptop catches up), then on their period.
    const timers: NodeJS.Timeout[] = [];
    for (const job of schedules) {
      const run = async () => {
        try {
          const handler = await loadHandler<ScheduledHandler>(functions[job.fn].entry);
          const result = await handler({}, lambdaContext(job.fn, functions[job.fn].timeoutSeconds));
          log(`[${job.fn}] ${JSON.stringify(result)}`);
        } catch (error) {
          log(`[${job.fn}] failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      timers.push(setTimeout(run, opts.firstScheduledRunMs ?? 10_000), setInterval(run, job.everyHours * 3_600_000));
    }
    for (const t of timers) t.unref();
    stops.push(async () => {
      for (const t of timers) clearTimeout(t);
    });

    const drain = async (timeoutMs = 30_000): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const out = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.queueUrl,
            AttributeNames: [
              "ApproximateNumberOfMessages",
              "ApproximateNumberOfMessagesNotVisible",
              "ApproximateNumberOfMessagesDelayed",
            ],
          }),
        );
        const left =
          Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
          Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(out.Attributes?.ApproximateNumberOfMessagesDelayed ?? 0);
        if (left === 0) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };

    return {
      url: gateway.url,
      runScheduled: async (fn, event = {}) =>
        (await loadHandler<ScheduledHandler>(functions[fn].entry))(
          event,
          lambdaContext(fn, functions[fn].timeoutSeconds),
        ),
      deliverMailEvent: async (event) =>
        (await loadHandler<ScheduledHandler>(functions["mail-events"].entry))(
          event,
          lambdaContext("mail-events", functions["mail-events"].timeoutSeconds),
        ),
      apiKey,
      mailboxUrl: mailbox.url,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: queue.endpoint,
      tableName,
      queueUrl: queue.queueUrl,
      deadLetterQueueUrl: queue.deadLetterQueueUrl,
      webhookQueueUrl: queue.webhookQueueUrl,
      webhookPoller,
      poller,
      drain,
      stop: async ({ drain: shouldDrain = true } = {}) => {
        // Stop taking requests first, so draining finishes.
        await gateway.stop();
        if (shouldDrain) {
          const drained = await drain();
          if (!drained)
            log("queue not empty after 30 s; the remaining messages are saved and resume at the next start");
        }
        await stopAll();
        sqs.destroy();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
