/**
 * `hearback import FILE`: feedback history from CSV, TSV, JSON Lines or a spreadsheet saved as CSV
 * (UTF-8, with or without BOM, or GB18030), through the API's validation onto the ingest queue.
 * Targets: the running local stack (default), `--url URL --key KEY` (the API), or `--queue-url URL
 * --table T` (the queue and table on AWS). Rows keep their time; ids come from the source, so a re-run
 * imports nothing twice; `--resume` continues a stopped import; rejects go to a side file with the
 * reason per row. How and why: docs/import.md.
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Channel } from "#shared/feedback/model/schema";
import { ENCODINGS, type Encoding } from "#shared/import/model/encoding";
import { PRESETS } from "#shared/import/model/presets";
import { summaryOf } from "#shared/import/model/progress";
import { isTimeZone } from "#shared/kernel/time";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { UsageError } from "../usage-error.ts";
import { progressDisplay } from "./import/display.ts";
import { type ImportResult, runImport, type Sink } from "./import/pipeline.ts";
import { dryRun } from "./import/preview.ts";
import { apiSink, queueSink } from "./import/sinks.ts";
import { explainError, localApiKey, localStack } from "./targets.ts";

const PRESET_IDS = [...PRESETS.map((p) => p.id), "api"];

/** Chunks in flight: the queue takes many SendMessageBatch calls at once; an API a few requests. */
const QUEUE_IN_FLIGHT = 8;
const API_IN_FLIGHT = 4;

const local = {
  region: LOCAL_AWS_ENV.AWS_REGION,
  credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
};

/** Where rows go: the options name it, else the running local stack's own queue and table. */
const target = async (v: {
  url?: string | undefined;
  key?: string | undefined;
  "queue-url"?: string | undefined;
  table?: string | undefined;
}): Promise<{ sink: Sink; inFlight: number; where: string }> => {
  if (v.url !== undefined) {
    const url = v.url.replace(/\/+$/, "");
    return { sink: apiSink({ url, key: v.key ?? localApiKey() }), inFlight: API_IN_FLIGHT, where: `the API at ${url}` };
  }
  if (v["queue-url"] !== undefined || v.table !== undefined) {
    if (!v["queue-url"] || !v.table)
      throw new UsageError("name both --queue-url and --table (the ingest queue and its table)");
    const sink = queueSink({
      sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
      db: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName: v.table,
      queueUrl: v["queue-url"],
    });
    return { sink, inFlight: QUEUE_IN_FLIGHT, where: `the queue ${v["queue-url"]}` };
  }
  const stack = await localStack();
  if (!stack.sqsEndpoint || !stack.dynamoEndpoint || !stack.queueUrl || !stack.tableName) {
    // A stack found by its port only: its API is all we know of it.
    return {
      sink: apiSink({ url: stack.url, key: localApiKey() }),
      inFlight: API_IN_FLIGHT,
      where: `the API at ${stack.url}`,
    };
  }
  const sink = queueSink({
    sqs: new SQSClient({ ...local, endpoint: stack.sqsEndpoint, useQueueUrlAsEndpoint: false }),
    db: DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: stack.dynamoEndpoint })),
    tableName: stack.tableName,
    queueUrl: stack.queueUrl,
  });
  return { sink, inFlight: QUEUE_IN_FLIGHT, where: `the local stack's queue (${stack.url})` };
};

const parseMap = (pairs: readonly string[]): Array<[string, string]> =>
  pairs.map((pair) => {
    const at = pair.lastIndexOf("=");
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--map takes COLUMN=FIELD, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });

export const importCommand = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      preset: { type: "string" },
      map: { type: "string", multiple: true, default: [] },
      channel: { type: "string" },
      "time-zone": { type: "string", default: "UTC" },
      "source-prefix": { type: "string" },
      encoding: { type: "string", default: "auto" },
      format: { type: "string" },
      delimiter: { type: "string" },
      rejects: { type: "string" },
      resume: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      url: { type: "string" },
      key: { type: "string" },
      "queue-url": { type: "string" },
      table: { type: "string" },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError("name one file: hearback import FILE");
  if (values.preset !== undefined && !PRESET_IDS.includes(values.preset))
    throw new UsageError(`--preset must be one of ${PRESET_IDS.join(", ")}, got ${values.preset}`);
  const channel = values.channel === undefined ? undefined : Channel.safeParse(values.channel);
  if (channel && !channel.success) throw new UsageError(`--channel must be one of ${Channel.options.join(", ")}`);
  if (!isTimeZone(values["time-zone"])) throw new UsageError(`--time-zone: unknown zone ${values["time-zone"]}`);
  const encoding = values.encoding === "auto" ? undefined : (values.encoding as Encoding);
  if (encoding !== undefined && !ENCODINGS.includes(encoding))
    throw new UsageError(`--encoding must be auto, ${ENCODINGS.join(" or ")}`);
  if (values.format !== undefined && !["csv", "tsv", "jsonl"].includes(values.format))
    throw new UsageError("--format must be csv, tsv or jsonl");
  const settings = {
    file,
    preset: values.preset,
    map: parseMap(values.map),
    channel: channel?.data,
    timeZone: values["time-zone"],
    sourcePrefix: values["source-prefix"],
    encoding,
    format: values.format === undefined ? undefined : values.format === "jsonl" ? ("jsonl" as const) : ("csv" as const),
    delimiter: values.format === "tsv" ? "\t" : values.delimiter,
  };

  if (values["dry-run"]) {
    for (const line of await dryRun(settings)) console.log(line);
    return;
  }

  const { sink, inFlight, where } = await target(values);
  const controller = new AbortController();
  // Ctrl-C stops reading and lets what is in flight finish, so the progress file is exact; twice quits now.
  process.once("SIGINT", () => {
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  });
  let display: ReturnType<typeof progressDisplay> | undefined;
  let result: ImportResult;
  try {
    result = await runImport(
      {
        ...settings,
        rejectsFile: values.rejects,
        resume: values.resume,
        inFlight,
        signal: controller.signal,
        onStart: (prepared, resumedAt) => {
          const mapping = prepared.mapping ? `preset ${prepared.mapping.preset.id}` : "API items";
          const from = resumedAt ? `, resuming after row ${resumedAt.row}` : "";
          process.stderr.write(`import: ${file} (${prepared.sniffed.encoding}, ${mapping}) into ${where}${from}\n`);
          display = progressDisplay({ startBytes: resumedAt?.offset ?? prepared.firstRowOffset });
        },
        onProgress: (s) => display?.update(s),
      },
      sink,
    );
  } finally {
    display?.stop();
  }
  const rejects = result.rejectsFile ? `; rejected rows and why: ${result.rejectsFile}` : "";
  if (result.stopped) {
    const why = result.error === undefined ? "stopped" : `stopped: ${explainError(result.error)}`;
    console.error(
      `import ${why}. Rows up to ${result.committed.row} are in; \`hearback import ${file} --resume\` (with the same options) continues from there (${result.progressFile}).`,
    );
  }
  console.log(`${summaryOf(result.counts)}${rejects}`);
  if (result.stopped) process.exitCode = result.error === undefined ? 130 : 1;
};
