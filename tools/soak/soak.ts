/**
 * npm run soak [-- --items N --seed S --json FILE] — "nothing lost, proven".
 *
 * Sends N feedback items (NPS, CSAT and social, about 2 % duplicates and 2 % invalid) through the
 * public API while faults are injected, then audits what the pipeline kept:
 *
 *   - the application (gateway, SQS poller, real Lambda handlers: tools/soak/soak-app.ts) runs in a
 *     child process that is killed with SIGKILL mid-batch and started again; the durable parts
 *     (DynamoDB Local, the queues) live in this process, as SQS and DynamoDB outlive a Lambda;
 *   - DynamoDB is reached through a proxy that throttles, fails, leaves items unprocessed, cancels
 *     transactions and loses answers to applied writes during its windows (shared/local/chaos.ts);
 *   - the analyzer is Comprehend (ANALYZER=comprehend), played by a local endpoint that throttles,
 *     fails, answers late, drops connections and fails single documents during its windows;
 *   - a few malformed messages go straight onto the queue, as an upstream system might send them.
 *
 * The client behaves like a real one: it retries on connection errors and 5xx, drops the items a
 * 400 names and resends the rest, and counts an item accepted only when a 202 says so. Afterwards
 * (tools/soak/soak-check.ts): every accepted id is stored exactly once or sits in the DLQ with its
 * reason, weekly counters equal a recount, no invalid item got in, and the follow-up task
 * invariants hold. Exits non-zero on any violation. tests/e2e/soak.test.ts runs a small one in CI.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, type WriteStream, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { feedbackId } from "#shared/feedback/model/ids";
import {
  type AnalyzerFault,
  type FaultInjector,
  type FaultPlan,
  type StoreFault,
  startDynamoFaultProxy,
  startFakeComprehend,
} from "#shared/local/chaos";
import { demoWeek } from "#shared/local/demo-data";
import { ensureTable, freePort, LOCAL_AWS_ENV, startDynamoDbLocal, startQueues } from "#shared/local/engines";
import { table } from "#shared/platform/resources";
import type { SoakAppConfig } from "./soak-app.ts";
import { checkSoak, type SoakVerdict } from "./soak-check.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const APP_ENTRY = fileURLToPath(new URL("./soak-app.ts", import.meta.url));
const API_KEY = "soak-key";
const INVALID_PREFIX = "soak-invalid-";

// ---------------------------------------------------------------------------------------------
// Options

/** A fault window: opens when this share of the items has been answered, lasts `seconds`. */
export interface FaultWindow<K extends string> {
  at: number;
  seconds: number;
  plan: FaultPlan<K>;
}

export interface SoakOptions {
  /** Items sent, duplicates and invalid ones included. */
  items: number;
  seed?: number;
  /** Shares of items answered at which the application is killed with SIGKILL (and restarted). */
  kills: readonly number[];
  storeFaults: ReadonlyArray<FaultWindow<StoreFault>>;
  analyzerFaults: ReadonlyArray<FaultWindow<AnalyzerFault>>;
  duplicateRate?: number;
  invalidRate?: number;
  /** Requests the client keeps in flight (default 6). */
  concurrency?: number;
  /** The client waits while the queue holds more than this (default 2,000): arrival and processing overlap. */
  maxBacklog?: number;
  /** Of the ingest queue; short, so messages of a killed worker come back soon (default 10 s). */
  visibilityTimeoutSeconds?: number;
  workerConcurrency?: number;
  /** How long the queue may take to empty after the last item is answered (default 180 s). */
  drainTimeoutMs?: number;
  /** How long a held Comprehend request waits before its connection is dropped (default 2 s). */
  analyzerTimeoutMs?: number;
  log?: (line: string) => void;
}

/** `npm run soak`: three kills, store and analyzer faults of every kind, spread over the run. */
export const defaultSoak = (items = 20_000): SoakOptions => ({
  items,
  kills: [0.3, 0.62, 0.9],
  storeFaults: [
    // Flaky: a third of writes fail in one of the ways DynamoDB fails, some answers lost after the write.
    {
      at: 0.1,
      seconds: 8,
      plan: {
        rate: 0.35,
        kinds: ["throughput", "throttling", "internal", "transaction-throttled", "unprocessed", "lost-response"],
        latencyMs: 80,
      },
    },
    // Down: every write rejected for a while.
    {
      at: 0.45,
      seconds: 5,
      plan: { rate: 1, kinds: ["throughput", "throttling", "internal", "transaction-throttled", "unprocessed"] },
    },
    // Ambiguous: writes applied, answers lost.
    { at: 0.75, seconds: 6, plan: { rate: 0.25, kinds: ["lost-response"], latencyMs: 40 } },
  ],
  analyzerFaults: [
    {
      at: 0.2,
      seconds: 8,
      plan: { rate: 0.5, kinds: ["throttled", "internal", "slow", "timeout", "item-errors"] },
    },
    // Comprehend throttles everything for a while.
    { at: 0.55, seconds: 5, plan: { rate: 1, kinds: ["throttled"] } },
  ],
});

/** The CI-sized soak: one kill, one store-fault window, one analyzer-fault window. */
export const ciSoak = (items = 2_000): SoakOptions => ({
  items,
  kills: [0.55],
  storeFaults: [
    {
      at: 0.15,
      seconds: 4,
      plan: {
        rate: 0.5,
        kinds: ["throughput", "throttling", "internal", "transaction-throttled", "unprocessed", "lost-response"],
      },
    },
  ],
  analyzerFaults: [
    { at: 0.35, seconds: 4, plan: { rate: 0.6, kinds: ["throttled", "internal", "timeout", "item-errors"] } },
  ],
  maxBacklog: 600,
  visibilityTimeoutSeconds: 5,
  drainTimeoutMs: 60_000,
  analyzerTimeoutMs: 1_000,
});

// ---------------------------------------------------------------------------------------------
// The workload

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

interface ValidItem {
  kind: "valid" | "duplicate";
  body: Record<string, unknown>;
  id: string;
}
type Item = ValidItem | { kind: "invalid"; body: Record<string, unknown>; id: string | undefined };

interface PlannedRequest {
  items: Item[];
  /** One item sent as the body itself rather than in {"items": [...]}. */
  bare: boolean;
}

const DAY_MS = 86_400_000;

/** Valid items built on the demo week's texts, with many customers over eight weeks. */
const workload = (opts: Required<Pick<SoakOptions, "items" | "seed" | "duplicateRate" | "invalidRate">>) => {
  const random = prng(opts.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const templates = demoWeek(new Date("2026-01-05T12:00:00Z"));
  const byChannel = (channel: string) =>
    templates.filter((t) => t.channel === channel) as Array<Record<string, unknown>>;
  const nps = byChannel("nps");
  const csat = byChannel("csat");
  const social = byChannel("social") as Array<Record<string, unknown> & { author: { followers?: number } }>;
  const now = Date.now();
  // Mostly about the last few days; some answers arrive weeks late.
  const occurredAt = () => new Date(now - 60_000 - int((random() < 0.8 ? 3 : 56) * DAY_MS)).toISOString();
  const customers = Math.max(50, Math.round(opts.items / 8));
  const customer = () => {
    const c = int(customers);
    return {
      id: `soak-c-${c}`,
      ...(c % 5 === 0 && { tier: "gold" }),
      ...(c % 7 === 0 && { email: `soak.${c}@example.com` }),
    };
  };

  // A realistic mix: most customers are content (NPS: 55 % promoters, 20 % detractors; CSAT: 15 %
  // at 1-2). Each answer borrows a demo answer from its band, so comment and score agree.
  const band = (channel: "nps" | "csat") => {
    const r = random();
    const [low, mid] = channel === "nps" ? [0.2, 0.45] : [0.15, 0.25];
    const inBand = (score: number) =>
      channel === "nps"
        ? r < low
          ? score <= 6
          : r < mid
            ? score >= 7 && score <= 8
            : score >= 9
        : r < low
          ? score <= 2
          : r < mid
            ? score === 3
            : score >= 4;
    return (channel === "nps" ? nps : csat).filter((t) => inBand(Number(t.score)));
  };

  const valid = (n: number): Record<string, unknown> => {
    const sourceId = `soak-${n}`;
    const r = random();
    if (r < 0.8) {
      const t = pick(band(r < 0.45 ? "nps" : "csat"));
      const { sourceId: _s, occurredAt: _o, customer: _c, comment, ...rest } = t;
      return {
        ...rest,
        ...(comment !== undefined && random() < 0.75 && { comment }),
        customer: customer(),
        sourceId,
        occurredAt: occurredAt(),
      };
    }
    const t = pick(social);
    const { sourceId: _s, occurredAt: _o, author, ...rest } = t;
    return {
      ...rest,
      author: {
        handle: `soak_fan_${int(customers)}`,
        ...(author.followers !== undefined && { followers: int(20_000) }),
      },
      sourceId,
      occurredAt: occurredAt(),
    };
  };

  // Each breaks one rule of the schema; the would-be id is known where the channel and sourceId are.
  const invalid = (n: number): { body: Record<string, unknown>; id: string | undefined } => {
    const sourceId = `${INVALID_PREFIX}${n}`;
    const base = { channel: "nps", score: 3, comment: "invalid on purpose", customer: { id: "soak-bad" }, sourceId };
    const variants: Array<Record<string, unknown>> = [
      { ...base, score: 11 },
      { ...base, channel: "csat", score: 0 },
      { channel: "social", platform: "weibo", text: "   ", author: { handle: "x" }, sourceId },
      { ...base, rating: 5 },
      { channel: "nps", score: 9, sourceId },
      { ...base, comment: "长".repeat(2_000) },
      { ...base, locale: "not a locale!" },
      { ...base, occurredAt: "yesterday" },
      { ...base, channel: "email" },
    ];
    const body = pick(variants);
    const channel = body.channel;
    const id =
      channel === "nps" || channel === "csat" || channel === "social" ? feedbackId(channel, sourceId) : undefined;
    return { body, id };
  };

  const items: Item[] = [];
  const validSoFar: ValidItem[] = [];
  for (let n = 0; n < opts.items; n++) {
    const r = random();
    if (r < opts.duplicateRate && validSoFar.length > 0) {
      // Half from the last few hundred (likely still in flight), half from anywhere before.
      const from = random() < 0.5 ? validSoFar.slice(-300) : validSoFar;
      const original = pick(from);
      items.push({ kind: "duplicate", body: original.body, id: original.id });
    } else if (r < opts.duplicateRate + opts.invalidRate) {
      items.push({ kind: "invalid", ...invalid(n) });
    } else {
      const body = valid(n);
      const item: ValidItem = { kind: "valid", body, id: feedbackId(body.channel as "nps", String(body.sourceId)) };
      validSoFar.push(item);
      items.push(item);
    }
  }

  const requests: PlannedRequest[] = [];
  for (let i = 0; i < items.length; ) {
    const r = random();
    const size = r < 0.1 ? 1 : r < 0.3 ? 2 + int(48) : 50 + int(51);
    const batch = items.slice(i, i + size);
    requests.push({ items: batch, bare: batch.length === 1 && random() < 0.5 });
    i += batch.length;
  }
  return { items, requests };
};

// ---------------------------------------------------------------------------------------------
// The application process

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class AppProcess {
  private child: ChildProcess | undefined;
  private expectedExit = false;
  url = "";
  starts = 0;
  unexpectedExits = 0;

  constructor(
    private readonly config: SoakAppConfig,
    private readonly logs: WriteStream,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the application and resolves once it takes requests (retrying a start that fails). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.url = await this.spawnOnce();
        this.starts++;
        return;
      } catch (error) {
        this.log(`app start ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (attempt >= 5) throw error;
        await sleep(500);
      }
    }
  }

  private spawnOnce(): Promise<string> {
    this.expectedExit = false;
    const child = spawn(process.execPath, ["--import", "tsx", APP_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, SOAK_APP_CONFIG: JSON.stringify(this.config) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    child.stderr?.pipe(this.logs, { end: false });
    return new Promise((ok, fail) => {
      let ready = false;
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        fail(new Error("not ready within 60 s"));
      }, 60_000);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        if (!ready && line.startsWith('{"ready"')) {
          ready = true;
          clearTimeout(timer);
          ok((JSON.parse(line) as { ready: string }).ready);
        } else this.logs.write(`${line}\n`);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (!ready) fail(new Error(`exited before it was ready (${code ?? signal})`));
        else if (!this.expectedExit && this.child === child) {
          // A crash nobody asked for is a finding; restart it as a supervisor would.
          this.unexpectedExits++;
          this.log(`app exited unexpectedly (${code ?? signal}); restarting`);
          void this.start();
        }
      });
    });
  }

  /** SIGKILL: no shutdown hooks, batches cut wherever they are. */
  kill(): void {
    this.expectedExit = true;
    this.child?.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectedExit = true;
    const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The run

export interface SoakReport {
  items: number;
  requests: number;
  clientRetries: number;
  accepted: number;
  answeredDuplicate: number;
  duplicatesSent: number;
  invalidSent: number;
  invalidRejected: number;
  poisonSent: number;
  kills: Array<{ at: number; inFlight: number }>;
  appStarts: number;
  unexpectedAppExits: number;
  storeFaults: Partial<Record<StoreFault, number>>;
  storeWrites: number;
  /** Requests DynamoDB served through the fault proxy, by operation. */
  storeRequests: Record<string, number>;
  analyzerFaults: Partial<Record<AnalyzerFault, number>>;
  analyzerCalls: number;
  sendSeconds: number;
  drainSeconds: number;
  elapsedSeconds: number;
  itemsPerSecond: number;
  verdict: SoakVerdict;
  /** Anything lost, counted twice or let in that should not be; and the client's and app's surprises. */
  violations: string[];
  /** Follow-up task invariants broken (see SoakVerdict.tasks). */
  followUpViolations: string[];
}

const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

export const runSoak = async (options: SoakOptions): Promise<SoakReport> => {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 20_261_125;
  const started = Date.now();
  const violations: string[] = [];
  const { items, requests } = workload({
    items: options.items,
    seed,
    duplicateRate: options.duplicateRate ?? 0.02,
    invalidRate: options.invalidRate ?? 0.02,
  });

  const work = mkdtempSync(join(tmpdir(), "hearback-soak-"));
  const logFile = join(work, "app.log");
  const logs = createWriteStream(logFile, { flags: "a" });
  const stops: Array<() => Promise<void>> = [];
  const random = prng(seed ^ 0x5eed);
  let keepLogs = false;
  try {
    // The durable half: DynamoDB Local and the queues, in this process for the whole run.
    const [dynamo, queues] = await Promise.all([
      startDynamoDbLocal({}),
      startQueues({ visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10 }),
    ]);
    stops.push(dynamo.stop, queues.stop);
    await ensureTable(dynamo.endpoint, table.localName);
    const store: FaultInjector<StoreFault> = await startDynamoFaultProxy({ target: dynamo.endpoint, random });
    const comprehend: FaultInjector<AnalyzerFault> = await startFakeComprehend({
      random,
      timeoutMs: options.analyzerTimeoutMs ?? 2_000,
    });
    stops.push(store.stop, comprehend.stop);
    const region = LOCAL_AWS_ENV.AWS_REGION;
    const sqs = new SQSClient({ endpoint: queues.endpoint, region, credentials, useQueueUrlAsEndpoint: false });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials }));
    stops.push(async () => {
      sqs.destroy();
      db.destroy();
    });

    const app = new AppProcess(
      {
        port: await freePort(),
        apiKey: API_KEY,
        engines: {
          dynamoEndpoint: store.url,
          sqsEndpoint: queues.endpoint,
          queueUrl: queues.queueUrl,
          deadLetterQueueUrl: queues.deadLetterQueueUrl,
          tableName: table.localName,
        },
        workerConcurrency: options.workerConcurrency ?? 4,
        env: {
          ANALYZER: "comprehend",
          AWS_ENDPOINT_URL_COMPREHEND: comprehend.url,
          EVENTS_FILE: join(work, "events.jsonl"),
          POWERTOOLS_LOG_LEVEL: "WARN",
        },
      },
      logs,
      log,
    );
    stops.push(() => app.stop());
    await app.start();
    log(`app up at ${app.url}; ${items.length} items in ${requests.length} requests`);

    // Malformed messages from an "upstream system", straight onto the queue.
    const poison = new Map<string, string | undefined>();
    const poisonCount = Math.max(2, Math.round(options.items / 2_000));
    for (let i = 0; i < poisonCount; i += 10) {
      const entries = Array.from({ length: Math.min(10, poisonCount - i) }, (_, j) => {
        const n = i + j;
        const id = n % 2 === 0 ? `fb_soakpoison${n}` : undefined;
        const body =
          id === undefined
            ? `not json ${n} {`
            : JSON.stringify({ id, receivedAt: new Date().toISOString(), input: { channel: "nps", score: 42 } });
        return { Id: `p${j}`, MessageBody: body, id };
      });
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queues.queueUrl,
          Entries: entries.map(({ Id, MessageBody }) => ({ Id, MessageBody })),
        }),
      );
      for (const ok of out.Successful ?? []) poison.set(ok.MessageId ?? "", entries.find((e) => e.Id === ok.Id)?.id);
    }

    // Queue depth, watched throughout: the client's backpressure, the kills' "in flight" and the drain.
    let depth = { visible: 0, inFlight: 0 };
    const readDepth = async () => {
      const out = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queues.queueUrl,
          AttributeNames: [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
          ],
        }),
      );
      const a = out.Attributes ?? {};
      depth = {
        visible: Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
        inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
      return depth;
    };

    // The fault schedule, keyed to the share of items answered so far.
    let answered = 0;
    const kills: SoakReport["kills"] = [];
    const events = [
      ...options.kills.map((at) => ({
        at,
        kill: true,
        run: async () => {
          const { inFlight } = await readDepth();
          kills.push({ at, inFlight });
          log(`kill at ${Math.round(at * 100)} % (${inFlight} messages in flight)`);
          app.kill();
          await app.start();
        },
      })),
      ...[
        ...options.storeFaults.map((w) => ({ w, injector: store as FaultInjector<string>, what: "store" })),
        ...options.analyzerFaults.map((w) => ({ w, injector: comprehend as FaultInjector<string>, what: "analyzer" })),
      ].map(({ w, injector, what }) => ({
        at: w.at,
        kill: false,
        run: async () => {
          log(`${what} faults on at ${Math.round(w.at * 100)} % for ${w.seconds} s: ${w.plan.kinds.join(", ")}`);
          injector.set(w.plan as FaultPlan<string>);
          await sleep(w.seconds * 1_000);
          injector.set(undefined);
        },
      })),
    ].sort((a, b) => a.at - b.at);
    const running: Array<Promise<void>> = [];
    let nextEvent = 0;
    // Kills run one after another; fault windows run alongside.
    let killChain = Promise.resolve();
    const fire = () => {
      while (nextEvent < events.length && (events[nextEvent]?.at ?? 2) * items.length <= answered) {
        const event = events[nextEvent++] as (typeof events)[number];
        if (event.kill) {
          killChain = killChain.then(event.run);
          running.push(killChain);
        } else running.push(event.run());
      }
    };

    // The client.
    const accepted = new Set<string>();
    const sentTimes = new Map<string, number>();
    let clientRetries = 0;
    let answeredDuplicate = 0;
    let invalidRejected = 0;
    const send = async (request: PlannedRequest) => {
      let pending = request.items;
      for (let attempt = 0; pending.length > 0; attempt++) {
        while (depth.visible + depth.inFlight > (options.maxBacklog ?? 2_000)) await sleep(50);
        const bare = request.bare && pending.length === 1;
        const body = bare ? pending[0]?.body : { items: pending.map((i) => i.body) };
        let res: Response;
        try {
          res = await fetch(`${app.url}/v1/feedback`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(30_000),
          });
        } catch {
          clientRetries++;
          await sleep(Math.min(1_500, 100 * 2 ** Math.min(attempt, 4)) * (0.5 + random()));
          continue;
        }
        const text = await res.text().catch(() => "");
        if (res.status === 202) {
          const answer = JSON.parse(text) as { items: Array<{ id: string; status: string }> };
          if (answer.items.length !== pending.length)
            violations.push(`a 202 answered ${answer.items.length} of ${pending.length} items`);
          answer.items.forEach((a, i) => {
            const item = pending[i];
            if (item && item.id !== a.id) violations.push(`item sent as ${item.id} was answered as ${a.id}`);
            accepted.add(a.id);
            sentTimes.set(a.id, (sentTimes.get(a.id) ?? 0) + 1);
            if (a.status === "duplicate") answeredDuplicate++;
          });
          answered += pending.length;
          fire();
          return;
        }
        if (res.status === 400) {
          const invalid = pending.filter((i) => i.kind === "invalid");
          if (invalid.length === 0) {
            violations.push(`valid items were rejected: ${text.slice(0, 300)}`);
            answered += pending.length;
            return;
          }
          // The problem names each invalid item's field: items[i].… (or the field itself for a bare item).
          const fields = ((JSON.parse(text) as { errors?: Array<{ field: string }> }).errors ?? []).map((e) => e.field);
          pending.forEach((item, i) => {
            const named = bare || fields.some((f) => f === `items[${i}]` || f.startsWith(`items[${i}].`));
            if (named !== (item.kind === "invalid"))
              violations.push(`400 ${named ? "named a valid" : "did not name an invalid"} item (items[${i}])`);
          });
          invalidRejected += invalid.length;
          answered += invalid.length;
          fire();
          pending = pending.filter((i) => i.kind !== "invalid");
          continue;
        }
        if (res.status >= 500 || res.status === 429) {
          clientRetries++;
          await sleep(Math.min(1_500, 100 * 2 ** Math.min(attempt, 4)) * (0.5 + random()));
          continue;
        }
        violations.push(`unexpected ${res.status}: ${text.slice(0, 300)}`);
        answered += pending.length;
        return;
      }
    };

    const depthWatch = setInterval(() => void readDepth().catch(() => undefined), 200);
    const progress = setInterval(
      () =>
        log(
          `${Math.round((100 * answered) / items.length)} % answered, ${accepted.size} accepted, queue ${depth.visible} + ${depth.inFlight} in flight`,
        ),
      5_000,
    );
    const sendStart = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency ?? 6 }, async () => {
        while (next < requests.length) await send(requests[next++] as PlannedRequest);
      }),
    );
    const sendSeconds = (Date.now() - sendStart) / 1_000;
    await Promise.all(running);
    await killChain;

    // Drain: the queue is empty (nothing visible, delayed or in flight) several polls in a row.
    const drainStart = Date.now();
    let quiet = 0;
    while (quiet < 3) {
      if (Date.now() - drainStart > (options.drainTimeoutMs ?? 180_000)) {
        violations.push(`the queue did not drain in ${(options.drainTimeoutMs ?? 180_000) / 1_000} s`);
        break;
      }
      const d = await readDepth();
      quiet = d.visible + d.inFlight === 0 ? quiet + 1 : 0;
      await sleep(300);
    }
    const drainSeconds = (Date.now() - drainStart) / 1_000;
    clearInterval(depthWatch);
    clearInterval(progress);
    const processedSeconds = (Date.now() - sendStart) / 1_000;
    await app.stop();

    const duplicated = new Set([...sentTimes].filter(([, n]) => n > 1).map(([id]) => id));
    const verdict = await checkSoak(
      { db, sqs, tableName: table.localName, deadLetterQueueUrl: queues.deadLetterQueueUrl },
      {
        accepted,
        duplicated,
        invalidIds: new Set(items.flatMap((i) => (i.kind === "invalid" && i.id !== undefined ? [i.id] : []))),
        invalidSourcePrefix: INVALID_PREFIX,
        poison,
        sent: new Map(items.flatMap((i) => (i.kind === "invalid" ? [] : [[i.id, i.body] as const]))),
      },
    );
    violations.push(...verdict.violations);
    if (app.unexpectedExits > 0) violations.push(`the application crashed ${app.unexpectedExits} time(s) on its own`);
    const sumOf = (r: Partial<Record<string, number>>, keys?: readonly string[]) =>
      Object.entries(r).reduce((n, [k, v]) => (keys && !keys.includes(k) ? n : n + (v ?? 0)), 0);
    keepLogs = violations.length + verdict.followUpViolations.length > 0;
    if (keepLogs) log(`application log kept at ${logFile}`);
    return {
      items: items.length,
      requests: requests.length,
      clientRetries,
      accepted: accepted.size,
      answeredDuplicate,
      duplicatesSent: items.filter((i) => i.kind === "duplicate").length,
      invalidSent: items.filter((i) => i.kind === "invalid").length,
      invalidRejected,
      poisonSent: poison.size,
      kills,
      appStarts: app.starts,
      unexpectedAppExits: app.unexpectedExits,
      storeFaults: store.injected(),
      storeWrites: sumOf(store.requests(), [
        "TransactWriteItems",
        "BatchWriteItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
      ]),
      storeRequests: store.requests(),
      analyzerFaults: comprehend.injected(),
      analyzerCalls: sumOf(comprehend.requests()),
      sendSeconds,
      drainSeconds,
      elapsedSeconds: (Date.now() - started) / 1_000,
      itemsPerSecond: verdict.stored / processedSeconds,
      verdict,
      violations,
      followUpViolations: verdict.followUpViolations,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    logs.end();
    if (!keepLogs) rmSync(work, { recursive: true, force: true });
  }
};

// ---------------------------------------------------------------------------------------------
// The report

const n = (x: number) => x.toLocaleString("en-US");
const kinds = (r: Partial<Record<string, number>>) =>
  Object.entries(r)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([k, v]) => `${k} ${n(v ?? 0)}`)
    .join(", ") || "none";

export const reportRows = (r: SoakReport): Array<[string, string]> => {
  const v = r.verdict;
  const totalFaults = (x: Partial<Record<string, number>>) =>
    Object.values(x).reduce<number>((a, b) => a + (b ?? 0), 0);
  return [
    ["items sent", `${n(r.items)} in ${n(r.requests)} requests (${n(r.clientRetries)} client retries)`],
    ["accepted (202, unique ids)", n(r.accepted)],
    ["duplicates sent", `${n(r.duplicatesSent)} (answered "duplicate": ${n(r.answeredDuplicate)})`],
    ["invalid sent / rejected with 400", `${n(r.invalidSent)} / ${n(r.invalidRejected)}`],
    ["malformed messages put on the queue", n(r.poisonSent)],
    ["stored", `${n(v.stored)} (of them sent more than once: ${n(v.storedDuplicated)})`],
    ["dead-lettered, by reason", `${kinds(v.deadLettersByReason)} (accepted items among them: ${n(v.parkedAccepted)})`],
    ["lost", n(v.lost.length)],
    ["weekly counter rows = recount", `${n(v.counterRows - v.counterMismatches)} of ${n(v.counterRows)}`],
    [
      "follow-up tasks",
      `${n(v.tasks.total)} (${n(v.tasks.active)} active) for ${n(v.tasks.detractorRecords)} detractor records`,
    ],
    [
      "kills (SIGKILL mid-batch)",
      `${r.kills.length}: ${r.kills.map((k) => `at ${Math.round(k.at * 100)} % with ${k.inFlight} in flight`).join("; ") || "none"}`,
    ],
    ["app starts / crashes on its own", `${r.appStarts} / ${r.unexpectedAppExits}`],
    [
      "store faults injected",
      `${n(totalFaults(r.storeFaults))} of ${n(r.storeWrites)} writes: ${kinds(r.storeFaults)}`,
    ],
    [
      "analyzer faults injected",
      `${n(totalFaults(r.analyzerFaults))} of ${n(r.analyzerCalls)} calls: ${kinds(r.analyzerFaults)}`,
    ],
    ["edge 'accepted' markers lost to faults", n(v.markersMissing)],
    [
      "elapsed",
      `${r.elapsedSeconds.toFixed(0)} s (sending ${r.sendSeconds.toFixed(0)} s, then draining ${r.drainSeconds.toFixed(0)} s)`,
    ],
    ["throughput", `${r.itemsPerSecond.toFixed(0)} items/s stored, faults and restarts included`],
    ["violations (lost, counted twice, let in)", r.violations.length === 0 ? "none" : String(r.violations.length)],
    [
      "follow-up task invariants broken",
      r.followUpViolations.length === 0 ? "none" : String(r.followUpViolations.length),
    ],
  ];
};

export const formatReport = (r: SoakReport): string => {
  const rows = reportRows(r);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...[...r.violations, ...r.followUpViolations].map((v) => `  ✗ ${v}`),
  ].join("\n");
};

const main = async () => {
  const { values } = parseArgs({
    options: {
      items: { type: "string", default: "20000" },
      seed: { type: "string" },
      json: { type: "string" },
    },
  });
  const items = Number(values.items);
  if (!Number.isInteger(items) || items < 100) throw new Error("--items must be a whole number of at least 100");
  const report = await runSoak({
    ...defaultSoak(items),
    ...(values.seed !== undefined && { seed: Number(values.seed) }),
    log: (line) => console.error(`[soak] ${line}`),
  });
  console.log(formatReport(report));
  if (values.json)
    writeFileSync(
      values.json,
      `${JSON.stringify({ ...report, verdict: { ...report.verdict, deadLetters: report.verdict.deadLetters.length } }, null, 2)}\n`,
    );
  process.exitCode = report.violations.length + report.followUpViolations.length === 0 ? 0 : 1;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main().catch((error: unknown) => {
    console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
