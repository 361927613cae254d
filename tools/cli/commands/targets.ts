/** What a command talks to: the running local stack's API, or a table on AWS or in DynamoDB Local. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { feedbackStore } from "#shared/feedback/wiring";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import {
  answersHealth,
  DEFAULT_DATA_DIR,
  type RunningStack,
  recordedStack,
  runningStackFile,
} from "#shared/local/running-stack";
import { DEFAULT_LOCAL_API_KEY } from "#shared/local/stack";
import { table } from "#shared/platform/resources";

/** The data folder `hearback start` uses, where it records the running stack (HEARBACK_DATA to change). */
export const localDataDir = (): string => process.env.HEARBACK_DATA ?? DEFAULT_DATA_DIR;

/** The running local stack's API (`npm start`), unless --url says otherwise. No network: see `localStack`. */
export const localApiUrl = (): string =>
  recordedStack(localDataDir())?.url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
/** The key `hearback start` gives its stack (and the fallback for a stack found without a record). */
export const localApiKey = (): string => process.env.HEARBACK_API_KEY ?? DEFAULT_LOCAL_API_KEY;

/** No local stack answers: what to do about it, in one message. */
export class NoLocalStackError extends Error {
  constructor(detail: string, dataDir = localDataDir(), otherwise = "pass --url URL (and --key KEY) for another one") {
    super(
      `no local stack is running (${detail}): start one with \`npm start\` (it records where it listens in ` +
        `${runningStackFile(dataDir)}), or ${otherwise}`,
    );
    this.name = "NoLocalStackError";
  }
}

/**
 * The running local stack, found through the file `hearback start` writes in the data folder; else,
 * when PORT is set, whatever answers /health on that port (with the URL only, as a stack started
 * some other way has no record). Throws NoLocalStackError when nothing answers.
 */
export const localStack = async (
  dataDir = localDataDir(),
  otherwise?: string,
): Promise<Pick<RunningStack, "url"> & Partial<RunningStack>> => {
  const recorded = recordedStack(dataDir);
  if (recorded && (await answersHealth(recorded.url))) return recorded;
  const port = process.env.PORT;
  if (port !== undefined) {
    const url = `http://127.0.0.1:${port}`;
    if (await answersHealth(url)) return { url };
  }
  throw new NoLocalStackError(
    [
      recorded
        ? `the one recorded in ${dataDir} (process ${recorded.pid}) does not answer at ${recorded.url}/health`
        : `none recorded in ${dataDir}, or its process has ended`,
      ...(port === undefined ? [] : [`nothing answers at http://127.0.0.1:${port} (PORT) either`]),
    ].join("; "),
    dataDir,
    otherwise,
  );
};

/**
 * Where an API command goes: `--url` (with `--key`, or HEARBACK_API_KEY, or the local key) if given,
 * else the running local stack with the key it was started with.
 */
export const apiTarget = async (opts: {
  url?: string | undefined;
  key?: string | undefined;
}): Promise<{ url: string; key: string }> => {
  if (opts.url !== undefined) return { url: opts.url.replace(/\/+$/, ""), key: opts.key ?? localApiKey() };
  const stack = await localStack();
  return { url: stack.url, key: opts.key ?? stack.apiKey ?? localApiKey() };
};

const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: {
      accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
    },
  });

/**
 * The table a maintenance command works on: AWS by default, the running local stack with --local.
 * Synchronous, so it cannot check the stack answers: prefer `tableTarget`.
 */
export const tableFor = (opts: { table?: string | undefined; local?: boolean | undefined }) => {
  if (opts.local) {
    const recorded = recordedStack(localDataDir());
    const endpoint = recorded?.dynamoEndpoint ?? `http://127.0.0.1:${Number(process.env.PORT ?? 3000) + 1}`;
    return {
      config: { TABLE_NAME: opts.table ?? recorded?.tableName ?? table.localName },
      db: DynamoDBDocumentClient.from(localClient(endpoint)),
    };
  }
  if (!opts.table) throw new Error("name the table with --table (or set TABLE_NAME), or use --local");
  return { config: { TABLE_NAME: opts.table }, db: DynamoDBDocumentClient.from(new DynamoDBClient({})) };
};

/** As `tableFor`, but with --local it first finds the running stack, and says so clearly when none runs. */
export const tableTarget = async (opts: {
  table?: string | undefined;
  local?: boolean | undefined;
}): Promise<ReturnType<typeof tableFor>> => {
  if (!opts.local) return tableFor(opts);
  const stack = await localStack(localDataDir(), "name a table on AWS with --table instead of --local");
  const endpoint = stack.dynamoEndpoint ?? `http://127.0.0.1:${Number(new URL(stack.url).port) + 1}`;
  return {
    config: { TABLE_NAME: opts.table ?? stack.tableName ?? table.localName },
    db: DynamoDBDocumentClient.from(localClient(endpoint)),
  };
};

export const feedbackStoreOn = ({ config, db }: ReturnType<typeof tableFor>) => feedbackStore(config, db);

/**
 * A plainer message for a request nobody answered than undici's "fetch failed", naming the address.
 * Other errors are returned as they are.
 */
export const explainError = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (message !== "fetch failed" || !cause?.code) return message;
  const where = "address" in cause && "port" in cause ? ` at ${String(cause.address)}:${String(cause.port)}` : "";
  return cause.code === "ECONNREFUSED"
    ? `nothing answers${where}: is the stack running there? (\`npm start\` starts one; --url names another)`
    : `request failed${where}: ${cause.code} ${cause.message}`;
};
