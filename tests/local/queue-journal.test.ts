import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { liveMessages, QueueJournal } from "#shared/local/queue-journal";

const dir = mkdtempSync(join(tmpdir(), "hearback-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `journal-${++n}.jsonl`);

const opened = async (file: string, compactAfterBytes?: number) => {
  const { journal, restore } = QueueJournal.open(file, compactAfterBytes ? { compactAfterBytes } : {});
  await journal.commitRestore();
  return { journal, restore };
};

describe("the local queue's journal", () => {
  it("holds what was sent and not deleted, across a reopen, in the order sent", async () => {
    const file = fresh();
    const { journal } = await opened(file);
    await journal.sent([
      { id: "m1", queue: "q", body: "one" },
      { id: "m2", queue: "q", body: "two", attributes: { reason: { DataType: "String", StringValue: "x" } } },
      { id: "m3", queue: "dlq", body: "three" },
    ]);
    journal.deleted(["m1"]);
    await journal.close();
    const { restore } = QueueJournal.open(file);
    expect(restore).toEqual([
      { queue: "q", body: "two", attributes: { reason: { DataType: "String", StringValue: "x" } } },
      { queue: "dlq", body: "three" },
    ]);
  });

  it("ignores a line torn by a crash (its sender never heard 'sent')", () => {
    const file = fresh();
    writeFileSync(file, `${JSON.stringify({ op: "send", id: "a", queue: "q", body: "kept" })}\n`);
    appendFileSync(file, '{"op":"send","id":"b","queue":"q","bo');
    expect([...liveMessages(file).values()].map((m) => m.body)).toEqual(["kept"]);
  });

  it("keeps the old journal whole when a restore is cut short, and drops the half-written copy", async () => {
    const file = fresh();
    const first = await opened(file);
    await first.journal.sent([{ id: "m1", queue: "q", body: "waiting" }]);
    await first.journal.close();
    // A restart that dies after putting the message back but before committing the restore.
    const cut = QueueJournal.open(file);
    await cut.journal.sent([{ id: "new-id", queue: "q", body: "waiting" }]);
    expect(existsSync(`${file}.next`)).toBe(true);
    const again = QueueJournal.open(file);
    expect(again.restore.map((m) => m.body)).toEqual(["waiting"]);
  });

  it("rewrites itself to the live messages once it has grown past the limit", async () => {
    const file = fresh();
    const { journal } = await opened(file, 2_000);
    for (let i = 0; i < 50; i++) {
      await journal.sent([{ id: `m${i}`, queue: "q", body: `message ${i} ${"x".repeat(40)}` }]);
      if (i !== 49) journal.deleted([`m${i}`]);
    }
    await journal.sent([{ id: "last", queue: "q", body: "last" }]);
    await journal.close();
    // Without rewrites it would hold 50 sends and 49 deletes (over 6,000 bytes); with them, at most the
    // limit plus one round's lines.
    expect(readFileSync(file, "utf8").length).toBeLessThan(2_000 + 200);
    expect([...liveMessages(file).values()].map((m) => m.body)).toEqual([`message 49 ${"x".repeat(40)}`, "last"]);
  });

  it("forgets everything on a purged queue", async () => {
    const file = fresh();
    const { journal } = await opened(file);
    await journal.sent([
      { id: "a", queue: "q", body: "a" },
      { id: "b", queue: "other", body: "b" },
    ]);
    journal.purged("q");
    await journal.close();
    expect([...liveMessages(file).values()].map((m) => m.body)).toEqual(["b"]);
  });
});
