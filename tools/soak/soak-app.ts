/**
 * The application half of the soak test (tools/soak/soak.ts): the local gateway, the SQS poller and
 * the real Lambda handlers, attached to engines that live in the soak's own process, so this
 * process can be killed with SIGKILL mid-batch and started again without losing the queue or the
 * table. Configured by SOAK_CONFIG (JSON); prints one line `{"ready": "<gateway url>"}` on
 * stdout once it takes requests. Exits when its parent goes away (stdin closes).
 */
import { writeFileSync } from "node:fs";
import { type AttachedEngines, startLocalStack } from "#shared/local/stack";

export interface SoakAppConfig {
  port: number;
  apiKey: string;
  engines: AttachedEngines;
  workerConcurrency: number;
  /** Environment for the functions (ANALYZER, AWS_ENDPOINT_URL_COMPREHEND, EVENTS_FILE, ...). */
  env: Record<string, string>;
  /** Where the poller's counts (batches, records, failures, crashes) are written twice a second (the surge reads them). */
  statsFile?: string | undefined;
}

const config = JSON.parse(process.env.SOAK_CONFIG ?? "null") as SoakAppConfig | null;
if (!config) throw new Error("SOAK_CONFIG is not set: this process is started by tools/soak/soak.ts");

const stack = await startLocalStack({
  port: config.port,
  apiKey: config.apiKey,
  engines: config.engines,
  workerConcurrency: config.workerConcurrency,
  env: config.env,
  // Scheduled jobs (training, sweeps, digests) are not what this test is about.
  firstScheduledRunMs: 24 * 3_600_000,
  log: (line) => console.error(line),
});
const writeStats = () => {
  if (config.statsFile) writeFileSync(config.statsFile, JSON.stringify(stack.poller.stats()));
};
const statsTimer = setInterval(writeStats, 500);
process.stdout.write(`${JSON.stringify({ ready: stack.url })}\n`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  clearInterval(statsTimer);
  await stack.stop({ drain: false }).catch((error: unknown) => console.error(error));
  writeStats();
  process.exit(code);
};
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
// The soak holds our stdin open; if it dies, so do we, instead of lingering on its port.
process.stdin.on("end", () => void stop(1));
process.stdin.resume();
