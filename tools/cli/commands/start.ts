/** `hearback start [--demo]`: the whole pipeline on this machine, in one command, until Ctrl-C. */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { DEFAULT_BIND, isLoopback } from "#shared/local/bind";
import { DEFAULT_DEV_PASSWORD, startLocalStack } from "#shared/local/stack";
import { loadDemo, workOldTasks } from "./demo.ts";
import { localApiKey } from "./targets.ts";

export const start = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      demo: { type: "boolean", default: false },
      port: { type: "string" },
      // Where the gateway and engines listen; anything but loopback exposes unmasked customer data.
      bind: { type: "string", default: process.env.HEARBACK_BIND ?? DEFAULT_BIND },
      data: { type: "string", default: ".hearback/data" },
      fresh: { type: "boolean", default: false },
      subscriptions: { type: "string", default: "digest-subscriptions.json" },
      // Concurrent enrich workers; 0 accepts and keeps feedback on the queue without processing it.
      workers: { type: "string", default: "2" },
    },
  });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  // The same config file `cdk deploy` reads: digest subscriptions kept with the deployment.
  const subscriptionsFile = existsSync(values.subscriptions) ? values.subscriptions : undefined;
  const env: Record<string, string> = {};
  if (subscriptionsFile) {
    env.DIGEST_SUBSCRIPTIONS = JSON.stringify(
      DigestSubscriptions.parse(JSON.parse(readFileSync(subscriptionsFile, "utf8"))),
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${port}`);
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 32)
    throw new Error(`--workers must be a whole number from 0 to 32, got ${values.workers}`);
  if (values.fresh) rmSync(values.data, { recursive: true, force: true });
  const started = Date.now();
  console.log("hearback: starting the local stack…");
  const stack = await startLocalStack({
    port,
    bind: values.bind,
    dataDir: values.data,
    apiKey: localApiKey(),
    workerConcurrency: workers,
    log: (line) => console.log(`  ${line}`),
    env,
  });
  console.log(`
hearback is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  HTTP API        ${stack.url}            (POST /v1/feedback, GET /v1/feedback, /v1/tasks, GET /health)
  Triage page     ${stack.url}/triage     (sign in with any name and the password "${process.env.DEV_LOGIN_PASSWORD ?? DEFAULT_DEV_PASSWORD}")
  Survey links    npm run hearback -- link --kind nps --customer c-1 --locale zh-CN
  API key         ${stack.apiKey}   (authorization: Bearer <key>; set HEARBACK_API_KEY to choose one)
  SES mailbox     ${stack.mailboxUrl}
  DynamoDB Local  ${stack.dynamoEndpoint}   table "${stack.tableName}"
  SQS (fauxqs)    ${stack.sqsEndpoint}   ${stack.queueUrl}
  Listening on    ${values.bind}   (${isLoopback(values.bind) ? "this machine only; --bind or HEARBACK_BIND to change" : "REACHABLE FROM THE NETWORK, see the warning above"})
  Data            ${values.data}   (survives restarts; --fresh starts empty)
  Digests         ${subscriptionsFile ? `subscriptions from ${subscriptionsFile}` : "the built-in example subscription"} plus any added with PUT /v1/digest-subscriptions/{id}

Try:
  curl -s ${stack.url}/health
  curl -s -X POST ${stack.url}/v1/feedback -H 'authorization: Bearer ${stack.apiKey}' -H 'content-type: application/json' \\
    -d '{"channel":"nps","score":3,"comment":"快递三天了还没到","customer":{"id":"c-1"}}'
  curl -s '${stack.url}/v1/feedback?limit=5' -H 'authorization: Bearer ${stack.apiKey}'

Ctrl-C drains the queue and stops everything.`);

  if (values.demo) {
    try {
      const totals = await loadDemo(stack.url, stack.apiKey);
      await stack.drain();
      const worked = await workOldTasks(stack.url, stack.apiKey);
      console.log(
        `demo: support leads answered ${worked.contacted} earlier follow-ups and resolved ${worked.resolved}.`,
      );
      console.log(
        `\ndemo: ${totals.accepted} items accepted, ${totals.duplicate} already loaded; all analyzed and stored.`,
      );
      // Last week's digest straight into the local mailbox, as Monday's schedule would send it.
      await stack.runScheduled("send-digests", { force: true });
      console.log(`demo: last week's digest is in the mailbox at ${stack.mailboxUrl}`);
    } catch (error) {
      await stack.stop({ drain: true });
      throw error;
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: draining the queue and stopping…`);
    await stack.stop({ drain: true });
    console.log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
};
