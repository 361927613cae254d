/**
 * Digest build time at 10k / 100k / 1M feedback items in a week (npm run bench -- --only digest).
 *
 * A real week first goes through the real worker path (the demo week: analyzed, masked, tagged,
 * stored with its counters) into a DynamoDB Local of its own. Its stored items are then cloned,
 * spread over the seven days of a far-away week per size, and written with BatchWriteItem; its
 * counter rows are scaled to the same volume for that week and the eight before it. The digest
 * (build + render with charts) then runs against each week. Its input is the week's counters plus
 * a bounded sample, so the time should stay flat: the ratio to the smallest size is the result.
 *
 * Then the adversarial week of issue 12 (tools/bench/adversarial-week.ts): the most the sample can
 * hold, 700 comments of 5,000 bytes of unique random words in English and Chinese, all complaints on
 * the same three themes. It times build + email from that input in memory (its reads are the same
 * bounded Queries as above): what the text costs, which the volume rows cannot show.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { SQSRecord } from "aws-lambda";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { digestInput } from "#shared/digest/digest-input";
import { buildDigest } from "#shared/digest/model/build";
import { renderedDigest } from "#shared/digest/send-digest";
import { renderDigestEmail } from "#shared/digest/views/render";
import { type EnrichDeps, prepareBatch, storeBatch } from "#shared/enrich/enrich-batch";
import { enrichedStore } from "#shared/enrich/wiring";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { isoWeek, previousWeeks, utcDay, weekStart } from "#shared/kernel/time";
import { demoWeek } from "#shared/local/demo-data";
import { ensureTable, LOCAL_AWS_ENV, startDynamoDbLocal } from "#shared/local/engines";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { ADVERSARIAL_WEEK, adversarialInput } from "./adversarial-week.ts";

export interface DigestBenchRow {
  items: number;
  week: string;
  /** Median wall time of one digest: queries, build, and the email with its charts. */
  medianMs: number;
  /** Items the digest read for quotes (bounded by design). */
  sampled: number;
  /** medianMs / the smallest size's medianMs: ~1 means flat. */
  ratioToSmallest: number;
  seedSeconds: number;
  /** The adversarial week (build + email in memory), not a volume. */
  adversarial?: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};
const TABLE = "hearback-digest-bench";

/** The demo week through the worker's own code path: what stored feedback really looks like. */
const seedTemplate = async (store: EnrichDeps["store"], now: Date) => {
  const deps: EnrichDeps = {
    store,
    queue: { deadLetter: async () => undefined },
    analyzer: new LocalAnalyzer(),
    taxonomy: defaultTaxonomy,
    now: () => now,
    maxReceiveCount: 5,
  };
  const inputs = demoWeek(now);
  for (let i = 0; i < inputs.length; i += 25) {
    const batch = inputs.slice(i, i + 25).map((input, j) => {
      const n = i + j;
      return {
        messageId: `m-${n}`,
        body: JSON.stringify({
          id: `fb_${String(n).padStart(26, "0")}`,
          receivedAt: input.occurredAt ?? now.toISOString(),
          input,
        }),
        receiveCount: 1,
      } satisfies Pick<SQSRecord, "messageId" | "body"> & { receiveCount: number };
    });
    await storeBatch(await prepareBatch(batch, deps), deps);
  }
};

const queryAll = async (db: DynamoDBDocumentClient, input: ConstructorParameters<typeof QueryCommand>[0]) => {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

const writeAll = async (db: DynamoDBDocumentClient, items: Array<Record<string, unknown>>, parallel = 8) => {
  const inFlight: Array<Promise<unknown>> = [];
  const put = async (chunk: Array<Record<string, unknown>>) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
      pending = (out.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
    }
  };
  for (let i = 0; i < items.length; i += 25) {
    inFlight.push(put(items.slice(i, i + 25)));
    if (inFlight.length >= parallel) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
};

/** The adversarial week, built and rendered `runs` times after a warm-up. */
const adversarialRow = (runs: number, log: (line: string) => void): DigestBenchRow => {
  const input = adversarialInput();
  const once = () => renderDigestEmail(buildDigest(input), { unsubscribeUrl: "http://127.0.0.1:3000/unsubscribe" });
  once();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const email = once();
    times.push(performance.now() - started);
    if (!email.html.includes("NPS")) throw new Error("the adversarial digest did not render");
  }
  log(`digest: adversarial week, ${input.sample.length} comments of 5,000 bytes, ${runs} runs`);
  const items = input.sample.length;
  return {
    items,
    week: ADVERSARIAL_WEEK,
    medianMs: median(times),
    sampled: items,
    ratioToSmallest: 0,
    seedSeconds: 0,
    adversarial: true,
  };
};

export const runDigestBench = async (
  sizes: readonly number[] = [10_000, 100_000, 1_000_000],
  runs = 5,
  log: (line: string) => void = () => undefined,
): Promise<DigestBenchRow[]> => {
  const engine = await startDynamoDbLocal({});
  try {
    await ensureTable(engine.endpoint, TABLE);
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: engine.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const table = { TABLE_NAME: TABLE };
    const sources = { feedback: feedbackStore(table, db), counters: weeklyCounters(table, db) };
    const now = new Date();
    await seedTemplate(enrichedStore(table, db), now);
    const templateWeek = isoWeek(now);
    const templateDays = Array.from({ length: 7 }, (_, d) =>
      utcDay(new Date(weekStart(templateWeek).getTime() + d * 86_400_000)),
    );
    const templates = (
      await Promise.all(
        templateDays.map((day) =>
          queryAll(db, {
            TableName: TABLE,
            IndexName: "GSI1",
            KeyConditionExpression: "GSI1PK = :d",
            ExpressionAttributeValues: { ":d": `FEED#${day}` },
          }),
        ),
      )
    ).flat();
    const counterRows = await queryAll(db, {
      TableName: TABLE,
      KeyConditionExpression: "PK = :w",
      ExpressionAttributeValues: { ":w": `AGG#${templateWeek}` },
    });
    const templateTotal = templates.length;
    if (templateTotal === 0) throw new Error("the template week stored nothing");

    const rows: DigestBenchRow[] = [];
    for (const [index, size] of sizes.entries()) {
      // One far-away week per size, so sizes never mix and real data is never touched.
      const week = `2031-W${String(10 + index * 10).padStart(2, "0")}`;
      const start = weekStart(week).getTime();
      const seedStarted = performance.now();
      const clones = Array.from({ length: size }, (_, i) => {
        const t = templates[i % templateTotal] as Record<string, unknown>;
        const occurredAt = new Date(start + Math.floor((i / size) * 7 * 86_400_000)).toISOString();
        const id = `fb_b${index}${String(i).padStart(24, "0")}`;
        const { GSI2PK: _g2, GSI2SK: _g2s, ...rest } = t;
        return {
          ...rest,
          PK: `FB#${id}`,
          id,
          occurredAt,
          week,
          GSI1PK: `FEED#${utcDay(occurredAt)}`,
          GSI1SK: `${occurredAt}#${id}`,
        };
      });
      // The week and its eight trailing weeks, at the same volume (steady state), from the real counters.
      const scale = size / templateTotal;
      const counters = [week, ...previousWeeks(week, 8)].flatMap((w) =>
        counterRows.map(({ PK: _pk, SK, ...counts }) => ({
          PK: `AGG#${w}`,
          SK,
          ...Object.fromEntries(
            Object.entries(counts).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * scale) : v]),
          ),
        })),
      );
      await writeAll(db, [...counters, ...clones]);
      const seedSeconds = (performance.now() - seedStarted) / 1_000;
      log(`digest: seeded ${size.toLocaleString("en")} items for ${week} in ${seedSeconds.toFixed(1)} s`);

      const times: number[] = [];
      const digest = () =>
        renderedDigest({ ...sources, taxonomy: defaultTaxonomy, baseUrl: "http://127.0.0.1:3000" }, week, {
          team: undefined,
          locale: "en",
        });
      await digest(); // warm-up: JIT and the first connection, not the volume
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const email = await digest();
        times.push(performance.now() - started);
        if (!email.html.includes("NPS")) throw new Error("the digest did not render");
      }
      const sampled = (await digestInput(sources, week)).sample.length;
      rows.push({ items: size, week, medianMs: median(times), sampled, ratioToSmallest: 0, seedSeconds });
    }
    rows.push(adversarialRow(runs, log));
    const smallest = rows[0]?.medianMs ?? 1;
    return rows.map((r) => ({
      ...r,
      medianMs: Number(r.medianMs.toFixed(1)),
      ratioToSmallest: Number((r.medianMs / smallest).toFixed(2)),
      seedSeconds: Number(r.seedSeconds.toFixed(1)),
    }));
  } finally {
    await engine.stop();
  }
};

export const printDigestBench = (rows: readonly DigestBenchRow[]) => {
  console.table(
    Object.fromEntries(
      rows.map((r) => [
        r.adversarial
          ? `digest, adversarial week (${r.items} × 5,000-byte comments)`
          : `digest at ${r.items.toLocaleString("en")} items/week`,
        {
          median: `${r.medianMs} ms (sample ${r.sampled} items)`,
          baseline: `${rows[0]?.medianMs} ms at ${rows[0]?.items.toLocaleString("en")} items`,
          ratio: r.ratioToSmallest,
        },
      ]),
    ),
  );
};
