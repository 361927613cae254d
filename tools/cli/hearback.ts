#!/usr/bin/env -S npx tsx
/**
 * hearback CLI.
 *   hearback start [--demo] [--port N] [--data DIR] [--fresh] [--subscriptions FILE]
 *                                                             run the whole pipeline locally
 *   hearback demo [--url URL] [--key KEY]                        load nine weeks of demo feedback into a running stack
 *   hearback keys create --name NAME [--table T | --local]        mint an API key (prints it once; stores its hash)
 *   hearback retag --since DATE [--until DATE] [--table T | --local] re-tag stored feedback with the current taxonomy
 *   hearback train [--days N] [--table T | --local]                 re-train the sentiment model from scored comments
 *   hearback link --kind nps|csat --customer ID [--locale L] [--touchpoint T] [--email E] [--html FILE]
 *                                                                 mint a survey link through the API
 *   hearback digest [--week W] [--team T] [--out FILE]             render a digest through the API
 *   hearback digest --send [--week W] [--team T | --subscription ID] send it from the running local stack
 *
 * --local talks to the DynamoDB Local of a running `npm start` (PORT + 1); --table uses AWS with
 * the usual credentials (TABLE_NAME is the default table).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { retagFeedback } from "#shared/analysis/retag";
import { DEFAULT_TRAINING, trainFromScoredFeedback } from "#shared/analysis/train-model";
import { modelStore } from "#shared/analysis/wiring";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { hashApiKey } from "#shared/edge/middleware";
import { apiKeyStore } from "#shared/edge/wiring";
import { feedbackStore } from "#shared/feedback/wiring";
import { isoWeek } from "#shared/kernel/time";
import { demoHistory } from "#shared/local/demo-data";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { DEFAULT_DEV_PASSWORD, DEFAULT_LOCAL_API_KEY, startLocalStack } from "#shared/local/stack";
import { table } from "#shared/platform/resources";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const usage = `usage:
  hearback start [--demo] [--port N] [--data DIR] [--fresh] [--subscriptions FILE]
  hearback demo [--url URL] [--key KEY]
  hearback keys create --name NAME [--table TABLE | --local]
  hearback retag --since DATE [--until DATE] [--table TABLE | --local]
  hearback train [--days N] [--min-examples N] [--table TABLE | --local]
  hearback link --kind nps|csat --customer ID [--locale L] [--touchpoint T] [--email E] [--brand B] [--html FILE] [--url URL] [--key KEY]
  hearback digest [--week 2026-W47] [--team T] [--locale zh-Hans|zh-Hant|en] [--out FILE] [--url URL] [--key KEY]
  hearback digest --send [--week 2026-W47] [--team T | --subscription ID] [--data DIR]   (to the running local stack)`;

/** The table a maintenance command works on: AWS by default, the running local stack with --local. */
const tableFor = (opts: { table?: string | undefined; local?: boolean | undefined }) => {
  if (opts.local) {
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${Number(process.env.PORT ?? 3000) + 1}`,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials: {
        accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
      },
    });
    return { config: { TABLE_NAME: opts.table ?? table.localName }, db: DynamoDBDocumentClient.from(client) };
  }
  if (!opts.table) throw new Error("name the table with --table (or set TABLE_NAME), or use --local");
  return { config: { TABLE_NAME: opts.table }, db: DynamoDBDocumentClient.from(new DynamoDBClient({})) };
};

const feedbackStoreOn = ({ config, db }: ReturnType<typeof tableFor>) => feedbackStore(config, db);

/** Posts nine weeks of demo feedback through the public API, 100 items a request, like any integration would. */
const loadDemo = async (url: string, apiKey: string): Promise<{ accepted: number; duplicate: number }> => {
  const items = demoHistory();
  const totals = { accepted: 0, duplicate: 0 };
  for (let i = 0; i < items.length; i += 100) {
    const res = await fetch(`${url}/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ items: items.slice(i, i + 100) }),
    });
    if (res.status !== 202) throw new Error(`demo load failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: Array<{ status: "accepted" | "duplicate" }> };
    for (const item of body.items) totals[item.status]++;
  }
  return totals;
};

const start = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      demo: { type: "boolean", default: false },
      port: { type: "string" },
      data: { type: "string", default: ".hearback/data" },
      fresh: { type: "boolean", default: false },
      subscriptions: { type: "string", default: "digest-subscriptions.json" },
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
  if (values.fresh) rmSync(values.data, { recursive: true, force: true });
  const started = Date.now();
  console.log("hearback: starting the local stack…");
  const stack = await startLocalStack({
    port,
    dataDir: values.data,
    apiKey: process.env.HEARBACK_API_KEY ?? DEFAULT_LOCAL_API_KEY,
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

/**
 * The demo's support leads: follow-ups for feedback from before this week were handled (assigned,
 * contacted, most resolved) through the tasks API, as leads would have done, so the queue shows
 * this week's work and the digest's closing-the-loop numbers have something to count.
 */
const workOldTasks = async (url: string, apiKey: string): Promise<{ contacted: number; resolved: number }> => {
  const headers = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };
  const thisWeek = isoWeek(new Date());
  const tasks: Array<{ id: string; version: number; feedbackWeek?: string }> = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(`${url}/v1/tasks?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { headers });
    const page = (await res.json()) as { items: typeof tasks; cursor?: string };
    tasks.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const act = async (id: string, action: string, body: Record<string, unknown>) => {
    const res = await fetch(`${url}/v1/tasks/${id}/${action}`, { method: "POST", headers, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`demo: ${action} ${id}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { version: number }).version;
  };
  const leads = ["lin.wei", "sam.chen", "zhou.yan"];
  const outcomes = ["apology", "refund", "replacement", "explanation"];
  let contacted = 0;
  let resolved = 0;
  for (const [i, task] of tasks.entries()) {
    if (!task.feedbackWeek || task.feedbackWeek >= thisWeek || i % 7 === 6) continue;
    let version = await act(task.id, "assign", { version: task.version, assignee: leads[i % leads.length] });
    version = await act(task.id, "contact", { version, note: "Called the customer." });
    contacted++;
    if (i % 5 === 4) continue;
    await act(task.id, "resolve", {
      version,
      outcome: outcomes[i % outcomes.length],
      note: "Sorted with the customer.",
    });
    resolved++;
  }
  return { contacted, resolved };
};

const demo = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      key: { type: "string", default: process.env.HEARBACK_API_KEY ?? DEFAULT_LOCAL_API_KEY },
    },
  });
  const totals = await loadDemo(values.url, values.key);
  console.log(`demo: ${totals.accepted} items accepted, ${totals.duplicate} already loaded.`);
};

const keys = async (args: string[]) => {
  const [verb, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  if (verb !== "create" || !values.name) throw new Error(usage);
  const key = `hb_${randomBytes(24).toString("base64url")}`;
  const { config, db } = tableFor(values);
  await apiKeyStore(config, db).put(hashApiKey(key), { name: values.name, createdAt: new Date().toISOString() });
  console.log(`API key "${values.name}" created. It is shown once; store it in your secrets manager:\n\n  ${key}\n`);
};

const retag = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      since: { type: "string" },
      until: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  const since = new Date(values.since ?? "");
  const until = values.until ? new Date(values.until) : new Date();
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime()))
    throw new Error(`dates must be ISO 8601\n${usage}`);
  console.log(
    `re-tagging ${since.toISOString().slice(0, 10)}..${until.toISOString().slice(0, 10)} with taxonomy ${defaultTaxonomy.version}`,
  );
  const report = await retagFeedback(
    { store: feedbackStoreOn(tableFor(values)), taxonomy: defaultTaxonomy },
    { since, until },
    (line) => console.log(`  ${line}`),
  );
  console.log(
    `done: ${report.read} records over ${report.days} days; ${report.retagged} re-tagged, ${report.unchanged} unchanged, ${report.stale} changed meanwhile (skipped)`,
  );
};

const [command, ...rest] = process.argv.slice(2);
const train = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      days: { type: "string", default: String(DEFAULT_TRAINING.days) },
      "min-examples": { type: "string", default: String(DEFAULT_TRAINING.minExamples) },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  const target = tableFor(values);
  const result = await trainFromScoredFeedback(
    { feedback: feedbackStoreOn(target), models: modelStore(target.config, target.db), now: () => new Date() },
    { days: Number(values.days), minExamples: Number(values["min-examples"]) },
  );
  if (result.status === "skipped") console.log(`not trained: ${result.reason}`);
  else
    console.log(
      `trained model ${result.version} on ${result.examples} scored comments (${JSON.stringify(result.byLabel)}), ${result.features} features; workers pick it up within 5 minutes`,
    );
};

/** Mints a survey through POST /v1/survey-links, as any integration would, and prints what to send. */
const link = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      kind: { type: "string" },
      customer: { type: "string" },
      email: { type: "string" },
      locale: { type: "string" },
      touchpoint: { type: "string" },
      brand: { type: "string" },
      html: { type: "string" },
      url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      key: { type: "string", default: process.env.HEARBACK_API_KEY ?? DEFAULT_LOCAL_API_KEY },
    },
  });
  if (!values.kind || !values.customer) throw new Error(usage);
  const res = await fetch(`${values.url}/v1/survey-links`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${values.key}` },
    body: JSON.stringify({
      kind: values.kind,
      customer: { id: values.customer, ...(values.email && { email: values.email }) },
      ...(values.locale && { locale: values.locale }),
      ...(values.touchpoint && { touchpoint: values.touchpoint }),
      ...(values.brand && { brand: values.brand }),
    }),
  });
  const body = (await res.json()) as {
    status?: string;
    reason?: string;
    surveyId?: string;
    links?: Array<{ score: number; url: string }>;
    html?: string;
    text?: string;
    detail?: string;
  };
  if (res.status === 200 && body.status === "suppressed") {
    console.log(`suppressed: ${body.reason}`);
    return;
  }
  if (res.status !== 201) throw new Error(`${res.status}: ${body.detail ?? JSON.stringify(body)}`);
  console.log(`survey ${body.surveyId}\n`);
  for (const l of body.links ?? []) console.log(`  ${String(l.score).padStart(2)}  ${l.url}`);
  console.log(`\nSMS / plain text:\n  ${body.text}\n`);
  if (values.html) {
    writeFileSync(values.html, body.html ?? "");
    console.log(`email snippet written to ${values.html}`);
  } else console.log(`email snippet (HTML):\n${body.html}`);
};

/** Renders the weekly digest through GET /v1/digests/preview and writes the email's HTML. */
/**
 * `digest --send`: the real digest function, run here against the running local stack (its
 * DynamoDB Local, its SES mailbox, its signing key), for one subscription, a team's, or all. On AWS,
 * invoke the deployed function instead: aws lambda invoke --function-name <SendDigests> --payload
 * '{"team":"logistics","week":"2026-W47"}' out.json
 */
const sendLocalDigests = async (values: {
  week?: string | undefined;
  team?: string | undefined;
  subscription?: string | undefined;
  url: string;
  data: string;
  subscriptions: string;
}) => {
  const port = Number(process.env.PORT ?? 3000);
  const keysFile = `${values.data}/survey-keys.json`;
  if (!existsSync(keysFile)) throw new Error(`no ${keysFile}: start the local stack first (npm start)`);
  Object.assign(process.env, {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port + 1}`,
    AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${port + 3}`,
    TABLE_NAME: table.localName,
    SURVEY_SIGNING_KEYS: readFileSync(keysFile, "utf8"),
    PUBLIC_BASE_URL: values.url,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
    ...(existsSync(values.subscriptions) && {
      DIGEST_SUBSCRIPTIONS: JSON.stringify(
        DigestSubscriptions.parse(JSON.parse(readFileSync(values.subscriptions, "utf8"))),
      ),
    }),
  });
  const { sendDigests } = await import("../../functions/schedule/send-digests.ts");
  const runs = await sendDigests({
    force: true,
    ...(values.week && { week: values.week }),
    ...(values.team && { team: values.team }),
    ...(values.subscription && { subscription: values.subscription }),
  });
  if (runs.length === 0) throw new Error("no subscription matched (see GET /v1/digest-subscriptions)");
  for (const r of runs) {
    console.log(
      `${r.subscription} ${r.week}: ${r.sent} sent, ${r.skipped} already sent or unsubscribed, ${r.failed} failed`,
    );
  }
  console.log(`mailbox: http://127.0.0.1:${port + 3}`);
};

const digest = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      week: { type: "string" },
      team: { type: "string" },
      locale: { type: "string", default: "en" },
      out: { type: "string", default: "digest.html" },
      url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      key: { type: "string", default: process.env.HEARBACK_API_KEY ?? DEFAULT_LOCAL_API_KEY },
      send: { type: "boolean", default: false },
      subscription: { type: "string" },
      data: { type: "string", default: ".hearback/data" },
      subscriptions: { type: "string", default: "digest-subscriptions.json" },
    },
  });
  if (values.send) {
    await sendLocalDigests(values);
    return;
  }
  const query = new URLSearchParams({
    locale: values.locale,
    ...(values.week && { week: values.week }),
    ...(values.team && { team: values.team }),
  });
  const res = await fetch(`${values.url}/v1/digests/preview?${query}`, {
    headers: { authorization: `Bearer ${values.key}` },
  });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  writeFileSync(values.out, await res.text());
  console.log(`${decodeURIComponent(res.headers.get("x-digest-subject") ?? "")}\nwritten to ${values.out}`);
};

const commands: Record<string, (args: string[]) => Promise<void>> = { start, demo, keys, retag, train, link, digest };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(usage);
  process.exit(2);
}
run(rest).catch((error: unknown) => {
  console.error(`hearback ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
