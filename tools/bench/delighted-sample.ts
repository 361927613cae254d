/**
 * A synthetic Delighted-style responses export, for the import's tests, the bench and trying
 * `hearback import` by hand: rows spread over past weeks, Chinese and English comments (some with a
 * phone or an email in them), a few rows an import must reject, and a repeated response. Written
 * here, never copied from real exports.
 *
 *   npx tsx tools/bench/delighted-sample.ts --rows 100000 --out delighted.csv [--weeks 12] [--seed 7]
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import { prng } from "../seeded-random.ts";

export const DELIGHTED_HEADER = [
  "Response ID",
  "Email",
  "Name",
  "Score",
  "Comment",
  "Response timestamp",
  "Delighted Source",
  "Customer ID",
  "Customer tier",
  "Delighted locale",
  "Permalink",
] as const;

const COMMENTS = [
  "快递太慢了，等了一个星期才到",
  "客服态度很好，问题很快就解决了",
  "包装破损，屏幕有划痕，联系 13812345678 也没人回",
  "退款两周了还没到账",
  "The courier was late again and nobody answered my emails",
  "Great app, checkout took seconds",
  "Refund still not processed after 10 days, write to me at li.na@example.com",
  "商品和图片颜色不一样",
  "",
  "Support fixed my exchange in five minutes, thank you!",
  "价格比别家贵，但是质量不错",
  "App keeps crashing when I pay",
];

/** Why some rows must be rejected, as exports really go wrong. */
const BROKEN = [
  (row: string[]) => {
    row[3] = "11"; // a score off the scale
  },
  (row: string[]) => {
    row[5] = "last Tuesday"; // a time nobody can read
  },
  (row: string[]) => {
    row[0] = ""; // no response id
  },
  (row: string[]) => {
    row[3] = ""; // no score
  },
];

export interface SampleOptions {
  rows: number;
  /** Rows spread evenly over this many weeks before `now`. */
  weeks?: number;
  seed?: number;
  now?: Date;
  /** One row in this many is broken (0: none). */
  brokenEvery?: number;
  /** One row in this many repeats an earlier response (0: none). */
  repeatEvery?: number;
}

export interface SampleRow {
  cells: string[];
  /** Whether an import should accept it once (not broken, not a repeat). */
  valid: boolean;
  repeat: boolean;
  at: Date;
  score: number;
}

/** The rows one at a time, so a million of them never sit in memory. */
export function* delightedRows(opts: SampleOptions): Generator<SampleRow> {
  const random = prng(opts.seed ?? 7);
  const now = (opts.now ?? new Date()).getTime();
  const span = (opts.weeks ?? 12) * 7 * 86_400_000;
  const brokenEvery = opts.brokenEvery ?? 97;
  const repeatEvery = opts.repeatEvery ?? 1_009;
  let previous: string[] | undefined;
  for (let i = 0; i < opts.rows; i++) {
    if (repeatEvery > 0 && previous && i % repeatEvery === repeatEvery - 1) {
      const at = new Date(Number(previous[5]) * 1_000);
      yield { cells: previous, valid: false, repeat: true, at, score: Number(previous[3]) };
      continue;
    }
    // Newest last, like an export sorted by time; at least an hour old.
    const at = new Date(now - 3_600_000 - Math.floor(span * (1 - (i + random()) / opts.rows)));
    const score = Math.min(10, Math.floor(random() * 11.5));
    const customer = `cust-${Math.floor(random() * Math.max(10, opts.rows / 3))}`;
    const zh = random() < 0.5;
    const cells = [
      String(100_000 + i),
      `${customer}@example.com`,
      zh ? "王小明" : "Alex Doe",
      String(score),
      COMMENTS[Math.floor(random() * COMMENTS.length)] ?? "",
      String(Math.floor(at.getTime() / 1_000)),
      random() < 0.7 ? "email" : "sms",
      customer,
      random() < 0.1 ? "gold" : "",
      zh ? "zh-CN" : "en",
      `https://delighted.example/r/${100_000 + i}`,
    ];
    const broken = brokenEvery > 0 && i % brokenEvery === brokenEvery - 1;
    if (broken) BROKEN[Math.floor(i / brokenEvery) % BROKEN.length]?.(cells);
    else previous = cells;
    yield { cells, valid: !broken, repeat: false, at, score };
  }
}

/** Writes the export as Delighted's CSV does (UTF-8, a header row); returns what an import should find. */
export const writeDelightedSample = async (
  path: string,
  opts: SampleOptions,
): Promise<{ rows: number; valid: number; broken: number; repeats: number }> => {
  const out = createWriteStream(path);
  const totals = { rows: 0, valid: 0, broken: 0, repeats: 0 };
  let buffer = stringify([DELIGHTED_HEADER as unknown as string[]]);
  for (const row of delightedRows(opts)) {
    totals.rows++;
    if (row.valid) totals.valid++;
    else if (row.repeat) totals.repeats++;
    else totals.broken++;
    buffer += stringify([row.cells]);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return totals;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      out: { type: "string", default: "delighted-sample.csv" },
      weeks: { type: "string", default: "12" },
      seed: { type: "string", default: "7" },
    },
  });
  const totals = await writeDelightedSample(values.out, {
    rows: Number(values.rows),
    weeks: Number(values.weeks),
    seed: Number(values.seed),
  });
  console.log(
    `${values.out}: ${totals.rows} rows (${totals.valid} valid, ${totals.broken} broken, ${totals.repeats} repeated)`,
  );
}
