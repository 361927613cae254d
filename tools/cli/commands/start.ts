/** `hearback start [--demo]`: the whole pipeline on this machine, in one command, until Ctrl-C. */
import { existsSync, fstatSync, readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { DEFAULT_BIND, isLoopback } from "#shared/local/bind";
import { freeBlockFrom, PortsBusyError } from "#shared/local/ports";
import { findRunningStack, removeRunningStack, writeRunningStack } from "#shared/local/running-stack";
import { DEFAULT_DEV_PASSWORD, type LocalStack, type LocalStackOptions, startLocalStack } from "#shared/local/stack";
import { loadDemo, workOldTasks } from "./demo.ts";
import { localApiKey, localDataDir } from "./targets.ts";

const stdinIsPipe = () => {
  try {
    const stdin = fstatSync(0);
    // A shell pipe is a FIFO; Node's child_process gives its children a socket pair.
    return stdin.isFIFO() || stdin.isSocket();
  } catch {
    return false; // no stdin at all
  }
};

/** Starts the stack; a busy port comes back naming who holds it and which --port would work. */
const startOrExplain = async (opts: LocalStackOptions & { port: number; bind: string }): Promise<LocalStack> => {
  try {
    return await startLocalStack(opts);
  } catch (error) {
    if (!(error instanceof PortsBusyError)) throw error;
    const free = await freeBlockFrom(opts.port + 10, 4, opts.bind);
    throw new Error(
      `${error.message}\nThe stack needs its port and the next three (${opts.port}-${opts.port + 3}). ` +
        `Stop that process, or start on other ports: npm start -- --port ${free ?? "N"} (or PORT=${free ?? "N"} npm start).`,
      { cause: error },
    );
  }
};

export const start = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      demo: { type: "boolean", default: false },
      port: { type: "string" },
      // Where the gateway and engines listen; anything but loopback exposes unmasked customer data.
      bind: { type: "string", default: process.env.HEARBACK_BIND ?? DEFAULT_BIND },
      data: { type: "string", default: localDataDir() },
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
  // The demo posts nine weeks of feedback now, standing for feedback that arrived as it happened: without this its
  // older weeks would count as imported history (FOLLOW_UP_MAX_AGE_DAYS, 14 days) and open no follow-up task.
  if (values.demo && process.env.FOLLOW_UP_MAX_AGE_DAYS === undefined) env.FOLLOW_UP_MAX_AGE_DAYS = "70";
  // Nine weeks of follow-ups at once would be ~85 task emails; a team reads one email per 5 minutes instead (P1 at
  // once), as a deployment that turns batching on does. NOTIFY_BATCH_MINUTES=0 sends one per task.
  if (values.demo && process.env.NOTIFY_BATCH_MINUTES === undefined) env.NOTIFY_BATCH_MINUTES = "5";
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${port}`);
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 32)
    throw new Error(`--workers must be a whole number from 0 to 32, got ${values.workers}`);
  // Two stacks on one data folder would corrupt it (and --fresh would wipe the other's data).
  const running = await findRunningStack(values.data);
  if (running) {
    throw new Error(
      `a local stack already runs from ${values.data} (process ${running.pid}, ${running.url}): ` +
        `use it, stop it (Ctrl-C where it runs, or kill ${running.pid}), or start another with --data DIR --port N`,
    );
  }
  if (values.fresh) rmSync(values.data, { recursive: true, force: true });
  const started = Date.now();
  console.log("hearback: starting the local stack…");
  const stack = await startOrExplain({
    port,
    bind: values.bind,
    dataDir: values.data,
    apiKey: localApiKey(),
    workerConcurrency: workers,
    log: (line) => console.log(`  ${line}`),
    env,
  });
  // Where the CLI's other commands find this stack; a kill leaves it, but then its pid is gone.
  writeRunningStack(values.data, {
    pid: process.pid,
    url: stack.url,
    apiKey: stack.apiKey,
    mailboxUrl: stack.mailboxUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sqsEndpoint: stack.sqsEndpoint,
    tableName: stack.tableName,
    queueUrl: stack.queueUrl,
    deadLetterQueueUrl: stack.deadLetterQueueUrl,
  });
  process.once("exit", () => removeRunningStack(values.data));
  console.log(`
hearback is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  HTTP API        ${stack.url}            (POST /v1/feedback, GET /v1/feedback, /v1/tasks, GET /health)
  Triage page     ${stack.url}/triage     (sign in with any name and the password "${process.env.DEV_LOGIN_PASSWORD ?? DEFAULT_DEV_PASSWORD}")
  Explorer        ${stack.url}/explore    (product teams: trends, themes and the comments behind them; same sign-in)
  Survey links    npm run hearback -- link --kind nps --customer c-1 --locale zh-CN
  API key         ${stack.apiKey}   (authorization: Bearer <key>; set HEARBACK_API_KEY to choose one)
  SES mailbox     ${stack.mailboxUrl}
  Metrics         ${stack.url}/metrics    (the business metrics CloudWatch gets on AWS, as Prometheus text since start)
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
      removeRunningStack(values.data);
      throw error;
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: draining the queue and stopping…`);
    await stack.stop({ drain: true });
    removeRunningStack(values.data);
    console.log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // Started by another program through a pipe (a test, a supervisor): when that program goes, however
  // it goes, the pipe closes and the stack stops with it. A terminal or /dev/null is never watched.
  if (stdinIsPipe()) {
    process.stdin.on("end", () => void shutdown("stdin closed"));
    process.stdin.resume();
  }
};
