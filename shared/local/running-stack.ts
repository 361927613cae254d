/**
 * The running-stack file: `hearback start` writes where its stack listens (ports, endpoints, the local
 * API key, its pid) to `<data folder>/stack.json`, so the CLI's other commands find it on whatever
 * port it runs. Readable by this user only (it holds the key); removed on a clean stop; a file left by
 * a killed stack is ignored because its pid is gone or its /health does not answer.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as z from "zod";

export const DEFAULT_DATA_DIR = ".hearback/data";
export const RUNNING_STACK_FILE = "stack.json";

export const RunningStack = z.object({
  pid: z.number().int().positive(),
  url: z.url(),
  apiKey: z.string().min(1),
  mailboxUrl: z.url(),
  dynamoEndpoint: z.url(),
  sqsEndpoint: z.url(),
  tableName: z.string().min(1),
  queueUrl: z.string(),
  deadLetterQueueUrl: z.string(),
  dataDir: z.string(),
  startedAt: z.string(),
});
export type RunningStack = z.infer<typeof RunningStack>;

export const runningStackFile = (dataDir: string): string => join(resolve(dataDir), RUNNING_STACK_FILE);

export const writeRunningStack = (dataDir: string, stack: Omit<RunningStack, "dataDir" | "startedAt">): void => {
  const file = runningStackFile(dataDir);
  const record: RunningStack = { ...stack, dataDir: resolve(dataDir), startedAt: new Date().toISOString() };
  // Written beside and renamed, so a reader never sees half a file.
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(scratch, file);
};

/** Removes the file if it is still this process's (a newer stack on the same folder keeps its own). */
export const removeRunningStack = (dataDir: string, pid = process.pid): void => {
  if (readRecord(dataDir)?.pid === pid) rmSync(runningStackFile(dataDir), { force: true });
};

const readRecord = (dataDir: string): RunningStack | undefined => {
  try {
    const parsed = RunningStack.safeParse(JSON.parse(readFileSync(runningStackFile(dataDir), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The recorded stack if its process still lives (no network: for code that must stay synchronous). */
export const recordedStack = (dataDir: string): RunningStack | undefined => {
  const record = readRecord(dataDir);
  return record && isAlive(record.pid) ? record : undefined;
};

/** Whether something answers GET /health at `url` (any status: "degraded" still runs). */
export const answersHealth = async (url: string, timeoutMs = 2_000): Promise<boolean> => {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
};

/** The recorded stack if its process lives and its gateway answers /health. */
export const findRunningStack = async (dataDir: string): Promise<RunningStack | undefined> => {
  const record = recordedStack(dataDir);
  return record && (await answersHealth(record.url)) ? record : undefined;
};
