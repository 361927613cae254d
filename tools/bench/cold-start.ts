/**
 * Cold start of every function in shared/resources.ts: each is bundled exactly as CDK bundles it (the options
 * come from infra/bundling.ts), weighed (minified and gzipped), and imported N times, each time in a fresh
 * `node` process with the environment Lambda would give it. Two baselines are measured in the same run: an
 * empty ESM module (what Node alone costs) and a one-line handler around `@aws-sdk/client-sqs` (the floor of
 * the ingest function, which must put messages on SQS with the SDK bundled).
 *
 * Every AWS endpoint points at a loopback tripwire that records each request. Init should make none; the
 * functions that read the survey signing keys from Secrets Manager at init do, so the tripwire answers
 * GetSecretValue (as AWS would, minus the network latency) and the report names the call. Anything else it
 * refuses, like an unreachable endpoint.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import type { Config } from "#shared/platform/config";
import { type FunctionName, functions, routes } from "#shared/platform/resources";
import { esbuildOptions } from "../../infra/bundling.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The function behind POST /v1/feedback, which the targets below are about. */
export const INGEST_FUNCTION: FunctionName = (() => {
  const route = routes.find((r) => r.method === "POST" && r.path === "/v1/feedback");
  if (!route) throw new Error("no POST /v1/feedback route in shared/resources.ts");
  return route.fn;
})();

/** From the reliability issue: the ingest bundle and its init on this machine. */
export const TARGETS = { ingestKb: 200, ingestInitMs: 100 } as const;

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const ms = (x: number) => Math.round(x * 10) / 10;

/** The package a bundled input belongs to: the last node_modules segment, or our own top-level folder. */
export const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  if (match?.[1]) return match[1];
  const parts = input.split("/");
  return `(hearback) ${parts.length > 2 ? parts.slice(0, 2).join("/") : input}`;
};

/** Bytes each package contributes to one output of an esbuild metafile, largest first. */
export const bytesPerPackage = (metafile: Metafile): Array<{ package: string; bytes: number }> => {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([name, bytes]) => ({ package: name, bytes }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
};

interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

type Source = { entry: string } | { contents: string };

const bundle = async (dir: string, name: string, source: Source): Promise<Bundle> => {
  const outfile = join(dir, name, "index.mjs");
  const result = await build({
    ...esbuildOptions(outfile),
    ...("entry" in source
      ? { entryPoints: [join(repoRoot, source.entry)] }
      : { stdin: { contents: source.contents, resolveDir: repoRoot, sourcefile: `${name}.ts`, loader: "ts" } }),
    absWorkingDir: repoRoot,
    metafile: true,
  });
  const code = await readFile(outfile);
  return { file: outfile, bytes: code.length, gzipBytes: gzipSync(code).length, metafile: result.metafile };
};

/** Records every request init makes; answers only Secrets Manager's GetSecretValue with a valid key set. */
const startTripwire = async () => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const target = String(req.headers["x-amz-target"] ?? `${req.method} ${req.url}`);
    requests.push(target);
    req.resume();
    req.on("end", () => {
      if (target !== "secretsmanager.GetSecretValue") {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(
        JSON.stringify({
          ARN: SECRET_ARN,
          Name: "hearback-survey-keys",
          VersionId: "bench",
          SecretString: JSON.stringify({ keys: [{ id: "bench", secret: "b".repeat(48) }] }),
        }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((ok) => server.close(() => ok())) };
};

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:hearback-survey-keys-Bench0";

/**
 * What Lambda (nodejs22.x, arm64) and CDK give a function, with every endpoint on the tripwire. The config
 * variables are the union of what infra/constructs/ set; each function reads only its own.
 */
const lambdaEnv = (name: string, memoryMb: number, endpoint: string): NodeJS.ProcessEnv => {
  const config: Partial<Record<keyof Config, string>> = {
    TABLE_NAME: "hearback-bench",
    QUEUE_URL: `${endpoint}/000000000000/hearback-ingest`,
    DLQ_URL: `${endpoint}/000000000000/hearback-ingest-dlq`,
    SURVEY_KEYS_SECRET_ARN: SECRET_ARN,
    EVENT_BUS_NAME: "hearback-task-events",
    COGNITO_USER_POOL_ID: "us-east-1_Bench0000",
    COGNITO_CLIENT_ID: "benchclient0000",
    PUBLIC_BASE_URL: "https://feedback.example.com",
  };
  return {
    PATH: process.env.PATH,
    TZ: "UTC",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "ASIABENCHBENCHBENCH0",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_SESSION_TOKEN: "bench",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_FUNCTION_NAME: `hearback-${name}`,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_LOG_FORMAT: "JSON",
    AWS_ENDPOINT_URL: endpoint,
    // Lambda runs Node 22, where the SDK does not warn; this machine may run an older Node.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // Active tracing (infra/app-function.ts): Lambda tells the X-Ray SDK where its daemon listens, so the tracer loads.
    AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    LAMBDA_TASK_ROOT: "/var/task",
    // As infra/app-function.ts sets them.
    POWERTOOLS_SERVICE_NAME: "hearback",
    NODE_OPTIONS: "--enable-source-maps",
    ...config,
  };
};

const MARK = "__hearback_cold_start__";

/** Runs in the child: performance.now() counts from the process's start. */
const WRAPPER = `import { pathToFileURL } from "node:url";
const before = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const after = performance.now();
process.stdout.write("\\n${MARK}" + JSON.stringify({ before, after }) + "\\n");
process.exit(0);
`;

interface InitSample {
  /** The module's own init: the `await import()` of the bundle, top-level awaits included. */
  importMs: number;
  /** From process start until the module is evaluated: what a cold start adds before the first event. */
  readyMs: number;
}

const CHILD_TIMEOUT_MS = 30_000;

const measureInit = (wrapper: string, file: string, env: NodeJS.ProcessEnv): Promise<InitSample> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wrapper, file], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        reject(new Error(`init of ${file} failed (exit ${code}): ${stderr.trim().slice(0, 2_000)}`));
        return;
      }
      const { before, after } = JSON.parse(line.slice(MARK.length)) as { before: number; after: number };
      resolve({ importMs: after - before, readyMs: after });
    });
  });

export interface ColdStartRow {
  name: string;
  kind: "function" | "baseline";
  memoryMb?: number;
  minifiedKb: number;
  gzipKb: number;
  /** Median over the runs of the module's init (`await import()`), ms. */
  initMs: number;
  /** Median from process start to the module evaluated, ms. */
  readyMs: number;
  /** Requests the init made, e.g. "secretsmanager.GetSecretValue x1" (per init). */
  initNetwork: string[];
}

export interface ColdStartResult {
  runs: number;
  node: string;
  rows: ColdStartRow[];
  ingest: {
    function: FunctionName;
    minifiedKb: number;
    initMs: number;
    targetKb: number;
    targetInitMs: number;
    meetsSize: boolean;
    meetsInit: boolean;
    /** The same against the bare SQS client measured in this run: a ratio that travels between machines. */
    sizeToSqsFloor: number;
    initToSqsFloor: number;
  };
  /** The largest contributors to the ingest bundle, from esbuild's metafile. */
  ingestTopPackages: Array<{ package: string; kb: number }>;
}

const SQS_FLOOR = "baseline: @aws-sdk/client-sqs + one-line handler";
const BASELINES: Record<string, string> = {
  "baseline: empty ESM module": "export {};\n",
  [SQS_FLOOR]: `import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
const sqs = new SQSClient({});
export const handler = async (event: { queueUrl: string; body: string }) =>
  sqs.send(new SendMessageBatchCommand({ QueueUrl: event.queueUrl, Entries: [{ Id: "m0", MessageBody: event.body }] }));
`,
};

/** Bundles every function and both baselines, then measures each init `runs` times, round-robin. */
export const runColdStart = async (options: { runs?: number; log?: (line: string) => void } = {}) => {
  const runs = options.runs ?? 5;
  const log = options.log ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), "hearback-cold-start-"));
  const tripwire = await startTripwire();
  try {
    const wrapper = join(dir, "init.mjs");
    await writeFile(wrapper, WRAPPER);

    const targets: Array<{ name: string; kind: ColdStartRow["kind"]; memoryMb?: number; bundle: Bundle }> = [];
    for (const [name, spec] of Object.entries(functions) as Array<[FunctionName, (typeof functions)[FunctionName]]>) {
      log(`bundling ${name}`);
      targets.push({ name, kind: "function", memoryMb: spec.memoryMb, bundle: await bundle(dir, name, spec) });
    }
    for (const [name, contents] of Object.entries(BASELINES)) {
      targets.push({ name, kind: "baseline", bundle: await bundle(dir, `baseline-${targets.length}`, { contents }) });
    }

    const samples = new Map<string, InitSample[]>(targets.map((t) => [t.name, []]));
    const network = new Map<string, Map<string, number>>(targets.map((t) => [t.name, new Map()]));
    for (let run = 0; run < runs; run++) {
      log(`init run ${run + 1}/${runs}`);
      for (const t of targets) {
        tripwire.requests.length = 0;
        const sample = await measureInit(wrapper, t.bundle.file, lambdaEnv(t.name, t.memoryMb ?? 128, tripwire.url));
        samples.get(t.name)?.push(sample);
        const seen = network.get(t.name) as Map<string, number>;
        for (const r of tripwire.requests) seen.set(r, (seen.get(r) ?? 0) + 1);
      }
    }

    const rows: ColdStartRow[] = targets.map((t) => {
      const s = samples.get(t.name) ?? [];
      return {
        name: t.name,
        kind: t.kind,
        ...(t.memoryMb !== undefined && { memoryMb: t.memoryMb }),
        minifiedKb: kb(t.bundle.bytes),
        gzipKb: kb(t.bundle.gzipBytes),
        initMs: ms(median(s.map((x) => x.importMs))),
        readyMs: ms(median(s.map((x) => x.readyMs))),
        initNetwork: [...(network.get(t.name) ?? new Map<string, number>())].map(
          ([request, count]) => `${request} x${Math.round((count / runs) * 10) / 10}`,
        ),
      };
    });
    const ingestRow = rows.find((r) => r.name === INGEST_FUNCTION) as ColdStartRow;
    const floor = rows.find((r) => r.name === SQS_FLOOR) as ColdStartRow;
    const ingestBundle = targets.find((t) => t.name === INGEST_FUNCTION)?.bundle as Bundle;
    const result: ColdStartResult = {
      runs,
      node: process.version,
      rows,
      ingest: {
        function: INGEST_FUNCTION,
        minifiedKb: ingestRow.minifiedKb,
        initMs: ingestRow.initMs,
        targetKb: TARGETS.ingestKb,
        targetInitMs: TARGETS.ingestInitMs,
        meetsSize: ingestRow.minifiedKb < TARGETS.ingestKb,
        meetsInit: ingestRow.initMs < TARGETS.ingestInitMs,
        sizeToSqsFloor: Math.round((ingestRow.minifiedKb / floor.minifiedKb) * 100) / 100,
        initToSqsFloor: Math.round((ingestRow.initMs / floor.initMs) * 100) / 100,
      },
      ingestTopPackages: bytesPerPackage(ingestBundle.metafile)
        .slice(0, 12)
        .map((p) => ({ package: p.package, kb: kb(p.bytes) })),
    };
    return result;
  } finally {
    await tripwire.close();
    await rm(dir, { recursive: true, force: true });
  }
};

export const printColdStart = (r: ColdStartResult): void => {
  console.log(
    `\ncold start: each bundle imported ${r.runs} times in a fresh node ${r.node} process (medians); Lambda runs nodejs22.x`,
  );
  console.table(
    Object.fromEntries(
      r.rows.map((row) => [
        row.name,
        {
          "memory MB": row.memoryMb ?? "-",
          "minified KB": row.minifiedKb,
          "gzip KB": row.gzipKb,
          "init ms": row.initMs,
          "ready ms": row.readyMs,
          "network at init": row.initNetwork.join(", ") || "none",
        },
      ]),
    ),
  );
  const i = r.ingest;
  console.log(
    `${i.function}: ${i.minifiedKb} KB minified (target < ${i.targetKb}: ${i.meetsSize ? "met" : "missed"}; ` +
      `${i.sizeToSqsFloor}x the bare SQS client), init ${i.initMs} ms (target < ${i.targetInitMs}: ` +
      `${i.meetsInit ? "met" : "missed"}; ${i.initToSqsFloor}x the bare SQS client in this run). ` +
      "init = the module's await import(); ready = from process start, Node's own start-up included.",
  );
  console.log(`largest parts of ${i.function}:`);
  console.table(Object.fromEntries(r.ingestTopPackages.map((p) => [p.package, { KB: p.kb }])));
};
