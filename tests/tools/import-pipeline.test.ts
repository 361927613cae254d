import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { feedbackId } from "#shared/feedback/model/ids";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { delightedRows, writeDelightedSample } from "../../tools/bench/delighted-sample.ts";
import { runImport, type Sink } from "../../tools/cli/commands/import/pipeline.ts";
import { dryRun } from "../../tools/cli/commands/import/preview.ts";

/**
 * The import pipeline against a target that behaves like the ingest path (an id it has seen is a
 * duplicate): what lands, what is rejected and why, and a stopped import resumed to the end.
 */
const dir = mkdtempSync(join(tmpdir(), "hearback-import-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A target that remembers ids, as the table does once the worker stored them. */
const memorySink = (opts: { failOnCall?: number; onCall?: (n: number) => void } = {}) => {
  const held = new Map<string, FeedbackInput>();
  let calls = 0;
  const sink: Sink = {
    accept: async (items) => {
      calls++;
      opts.onCall?.(calls);
      if (calls === opts.failOnCall) throw new Error("the queue is away");
      return items.map((item) => {
        const id = feedbackId(item.channel, item.sourceId);
        if (held.has(id)) return { status: "duplicate" as const };
        held.set(id, item);
        return { status: "accepted" as const };
      });
    },
  };
  return { sink, held };
};

const NOW = new Date("2026-12-01T12:00:00Z");

describe("a Delighted export", () => {
  it("lands every valid row once, rejects the broken ones with reasons, and a re-run imports nothing", async () => {
    const file = join(dir, "delighted.csv");
    const expected = await writeDelightedSample(file, {
      rows: 1_500,
      weeks: 8,
      now: NOW,
      brokenEvery: 50,
      repeatEvery: 301,
    });
    const { sink, held } = memorySink();
    const first = await runImport({ file }, sink);
    expect(first.stopped).toBe(false);
    expect(first.counts).toEqual({ accepted: expected.valid, duplicate: expected.repeats, rejected: expected.broken });
    expect(held.size).toBe(expected.valid);
    // Every row keeps its own time.
    const times = [...delightedRows({ rows: 1_500, weeks: 8, now: NOW, brokenEvery: 50, repeatEvery: 301 })]
      .filter((r) => r.valid)
      .map((r) => new Date(Math.floor(r.at.getTime() / 1_000) * 1_000).toISOString());
    expect([...held.values()].map((i) => i.occurredAt).sort()).toEqual(times.sort());

    const rejects = parse(readFileSync(first.rejectsFile ?? "", "utf8"), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    expect(rejects).toHaveLength(expected.broken);
    expect(rejects.every((r) => r.rejected_reason !== "" && Number(r.rejected_row) > 1)).toBe(true);
    expect(rejects.map((r) => r.rejected_reason)).toContain("score: must be a whole number from 0 to 10");
    // The original row follows, column by column, so it can be fixed and imported again.
    expect(Object.keys(rejects[0] ?? {})).toContain("Response ID");

    const again = await runImport({ file }, sink);
    expect(again.counts).toEqual({
      accepted: 0,
      duplicate: expected.valid + expected.repeats,
      rejected: expected.broken,
    });
    expect(existsSync(again.progressFile)).toBe(false);
  });

  it("resumes a stopped import where it stood: each row lands once and each reject is written once", async () => {
    const file = join(dir, "stopped.csv");
    const expected = await writeDelightedSample(file, {
      rows: 3_000,
      weeks: 6,
      now: NOW,
      brokenEvery: 40,
      repeatEvery: 0,
    });
    const controller = new AbortController();
    const { sink, held } = memorySink({ onCall: (n) => n === 6 && controller.abort() });
    const stopped = await runImport({ file, signal: controller.signal, inFlight: 3 }, sink);
    expect(stopped.stopped).toBe(true);
    expect(stopped.committed.row).toBeGreaterThan(1);
    expect(stopped.committed.row).toBeLessThan(3_001);
    expect(existsSync(stopped.progressFile)).toBe(true);
    expect(held.size).toBeLessThan(expected.valid);

    const resumed = await runImport({ file, resume: true }, sink);
    expect(resumed.stopped).toBe(false);
    expect(held.size).toBe(expected.valid);
    // The rows after the commit point and before the stop went twice; the second time they were duplicates.
    expect(resumed.counts.accepted).toBe(expected.valid);
    expect(resumed.counts.rejected).toBe(expected.broken);
    const rejected = parse(readFileSync(resumed.rejectsFile ?? "", "utf8"), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    expect(rejected.map((r) => Number(r.rejected_row))).toEqual(
      [...new Set(rejected.map((r) => Number(r.rejected_row)))].sort((a, b) => a - b),
    );
    expect(rejected).toHaveLength(expected.broken);
    expect(existsSync(resumed.progressFile)).toBe(false);
  });

  it("stops when the target fails for good, and resumes once it is back", async () => {
    const file = join(dir, "failing.csv");
    const expected = await writeDelightedSample(file, {
      rows: 1_200,
      weeks: 4,
      now: NOW,
      brokenEvery: 0,
      repeatEvery: 0,
    });
    const failing = memorySink({ failOnCall: 4 });
    const stopped = await runImport({ file, inFlight: 1 }, failing.sink);
    expect(stopped.stopped).toBe(true);
    expect(String(stopped.error)).toContain("the queue is away");
    const resumed = await runImport({ file, resume: true }, failing.sink);
    expect(resumed.stopped).toBe(false);
    expect(failing.held.size).toBe(expected.valid);
  });

  it("refuses to resume a file that changed, or with other options", async () => {
    const file = join(dir, "changed.csv");
    await writeDelightedSample(file, { rows: 600, weeks: 2, now: NOW });
    const controller = new AbortController();
    const { sink } = memorySink({ onCall: () => controller.abort() });
    await runImport({ file, signal: controller.signal, inFlight: 1 }, sink);
    await expect(runImport({ file, resume: true, timeZone: "Asia/Shanghai" }, sink)).rejects.toThrow(/other options/);
    writeFileSync(file, "Response ID,Score\n1,9\n");
    await expect(runImport({ file, resume: true }, sink)).rejects.toThrow(/changed since/);
  });
});

describe("other files", () => {
  it("imports a GB18030 spreadsheet export and writes its rejects as UTF-8 Excel reads", async () => {
    const file = join(dir, "gb.csv");
    // An ASCII header, Chinese in the cells as GB18030 bytes (Node decodes GB18030 but cannot encode it).
    const header = Buffer.from("sourceId,channel,score,customer.id,comment,occurredAt\r\n", "ascii");
    const row = (id: string, score: string, comment: number[]) =>
      Buffer.concat([
        Buffer.from(`${id},nps,${score},c-${id},"`),
        Buffer.from(comment),
        Buffer.from('",2026/11/3 9:00\r\n'),
      ]);
    const nihao = [0xc4, 0xe3, 0xba, 0xc3];
    writeFileSync(file, Buffer.concat([header, row("g1", "9", nihao), row("g2", "99", nihao)]));
    const { sink, held } = memorySink();
    const result = await runImport({ file, timeZone: "Asia/Shanghai" }, sink);
    expect(result.counts).toEqual({ accepted: 1, duplicate: 0, rejected: 1 });
    expect([...held.values()][0]).toMatchObject({ comment: "你好", occurredAt: "2026-11-03T01:00:00.000Z" });
    const text = readFileSync(result.rejectsFile ?? "", "utf8");
    expect(text.startsWith("\ufeffrejected_row,rejected_reason,sourceId")).toBe(true);
    expect(text).toContain("3,score: must be a whole number from 0 to 10,g2,nps,99,c-g2,你好");
  });

  it("takes JSON Lines of API items as they are, and rejects lines that are not JSON or not items", async () => {
    const file = join(dir, "items.jsonl");
    const good = {
      channel: "social",
      platform: "weibo",
      text: "申请退款两个星期了",
      author: { handle: "xl" },
      sourceId: "w-1",
    };
    writeFileSync(file, `${JSON.stringify(good)}\n{not json\n\n${JSON.stringify({ channel: "nps", score: 3 })}\n`);
    const { sink, held } = memorySink();
    const result = await runImport({ file }, sink);
    expect(result.counts).toEqual({ accepted: 1, duplicate: 0, rejected: 2 });
    expect([...held.values()]).toEqual([good]);
    const lines = readFileSync(result.rejectsFile ?? "", "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([2, 4]);
    expect(lines[0].reason).toMatch(/not JSON/);
    expect(lines[1]).toMatchObject({ original: { channel: "nps", score: 3 } });
    expect(lines[1].reason).toContain("customer");
  });

  it("shows the mapping and the first errors in a dry run, sending nothing", async () => {
    const file = join(dir, "dry.csv");
    const expected = await writeDelightedSample(file, { rows: 400, weeks: 2, now: NOW, brokenEvery: 20 });
    const out = (await dryRun({ file })).join("\n");
    expect(out).toContain("preset: Delighted");
    expect(out).toMatch(/sourceId\s+<-\s+"Response ID"/);
    expect(out).toContain(`${expected.broken} rejected`);
    expect(out).toMatch(/row 21: score: must be a whole number/);
    expect(out).toContain("nothing was sent");
  });
});
