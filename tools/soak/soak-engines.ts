/**
 * The durable half of the soak (tools/soak/soak.ts): DynamoDB Local with its data on disk and the queues
 * with their journal, in a child process of their own, on fixed ports, so the whole local stack
 * (application and engines, DynamoDB Local's JVM included) can be killed with SIGKILL and started again
 * on the same data. Configured by SOAK_CONFIG (JSON); prints one line `{"ready": {…endpoints}}` on
 * stdout once both serve. Stops its engines when its parent goes away (stdin closes).
 */
import { startDynamoDbLocal } from "#shared/local/engines";
import { startQueues } from "#shared/local/queues";
import type { AttachedEngines } from "#shared/local/stack";

export interface SoakEnginesConfig {
  dynamoPort: number;
  queuePort: number;
  dataDir: string;
  journalFile: string;
  visibilityTimeoutSeconds: number;
}

const config = JSON.parse(process.env.SOAK_CONFIG ?? "null") as SoakEnginesConfig | null;
if (!config) throw new Error("SOAK_CONFIG is not set: this process is started by tools/soak/soak.ts");

const [dynamo, queues] = await Promise.all([
  startDynamoDbLocal({ port: config.dynamoPort, dataDir: config.dataDir }),
  startQueues({
    port: config.queuePort,
    journalFile: config.journalFile,
    visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
  }),
]);
const ready: AttachedEngines = {
  dynamoEndpoint: dynamo.endpoint,
  sqsEndpoint: queues.endpoint,
  queueUrl: queues.queueUrl,
  deadLetterQueueUrl: queues.deadLetterQueueUrl,
};
process.stdout.write(`${JSON.stringify({ ready })}\n`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await Promise.all([dynamo.stop(), queues.stop()]).catch((error: unknown) => console.error(error));
  process.exit(code);
};
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
process.stdin.on("end", () => void stop(1));
process.stdin.resume();
