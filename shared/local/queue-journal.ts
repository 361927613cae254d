/**
 * The local queue's write-ahead journal: what makes a 202 mean "kept" on a laptop, as it does on SQS.
 *
 * fauxqs keeps messages in memory. Every message it accepts is appended here (JSON Lines) and the file
 * is flushed to disk (fdatasync) before the sender hears "sent"; every delete is appended too. After a
 * crash (SIGKILL, power loss), the messages sent and never deleted are exactly the ones to put back.
 *
 * Appends wait for one shared fdatasync (group commit), so many concurrent senders cost one disk flush.
 * The file is rewritten to the live messages (written beside it, flushed, then renamed over it, so a
 * crash mid-rewrite leaves the old file whole) when it opens and whenever it has grown by
 * `compactAfterBytes`. A torn last line (a crash mid-write) is ignored: its sender never heard "sent".
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";

export interface JournaledMessage {
  /** The queue's name. */
  queue: string;
  body: string;
  /** SQS message attributes as sent (`{ name: { DataType, StringValue } }`). */
  attributes?: Record<string, unknown>;
}

type Entry =
  | ({ op: "send"; id: string } & JournaledMessage)
  | { op: "delete"; id: string }
  | { op: "purge"; queue: string };

/** Reads a journal: the messages sent and not deleted, in the order they were sent. */
export const liveMessages = (file: string): Map<string, JournaledMessage> => {
  const live = new Map<string, JournaledMessage>();
  if (!existsSync(file)) return live;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.length === 0) continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      continue; // a line torn by a crash: never acknowledged
    }
    apply(live, entry);
  }
  return live;
};

const apply = (live: Map<string, JournaledMessage>, entry: Entry) => {
  if (entry.op === "send") {
    live.set(entry.id, {
      queue: entry.queue,
      body: entry.body,
      ...(entry.attributes && { attributes: entry.attributes }),
    });
  } else if (entry.op === "delete") {
    live.delete(entry.id);
  } else {
    for (const [id, message] of live) if (message.queue === entry.queue) live.delete(id);
  }
};

export class QueueJournal {
  private fd: number;
  private readonly live = new Map<string, JournaledMessage>();
  private pending: string[] = [];
  private waiters: Array<{ ok: () => void; fail: (error: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;
  private grownBytes = 0;
  private restoring = true;
  private closed = false;

  /**
   * Opens (or creates) the journal at `file` and returns it with the messages it still holds; the
   * caller puts those back on their queues and records them with `sent` under their new ids.
   * The file is left holding nothing until then: `replaced` rewrites it once they are back.
   */
  static open(
    file: string,
    opts: { compactAfterBytes?: number } = {},
  ): { journal: QueueJournal; restore: JournaledMessage[] } {
    mkdirSync(dirname(file), { recursive: true });
    // A rewrite that a crash cut short: the journal itself is whole, so the copy goes.
    rmSync(`${file}.next`, { force: true });
    const restore = [...liveMessages(file).values()];
    return { journal: new QueueJournal(file, opts.compactAfterBytes ?? 16 * 1024 * 1024), restore };
  }

  private constructor(
    private readonly file: string,
    private readonly compactAfterBytes: number,
  ) {
    // Appends go to the side file until the restored messages are back on their queues and recorded
    // (`commitRestore`); only then does it replace the journal, so a crash during restore loses nothing.
    this.fd = openSync(`${file}.next`, "w");
  }

  /** The restored messages are back on their queues and recorded: the new file becomes the journal. */
  async commitRestore(): Promise<void> {
    await this.flush();
    fsyncSync(this.fd);
    renameSync(`${this.file}.next`, this.file);
    this.restoring = false;
  }

  /** Records messages the queue accepted; resolves once they are on disk. */
  sent(messages: ReadonlyArray<JournaledMessage & { id: string }>): Promise<void> {
    return this.append(messages.map((m) => ({ op: "send", ...m })));
  }

  /** Records deleted messages (not waited for: a lost delete only redelivers a message). */
  deleted(ids: readonly string[]): void {
    if (ids.length > 0) void this.append(ids.map((id) => ({ op: "delete", id }))).catch(() => undefined);
  }

  purged(queue: string): void {
    void this.append([{ op: "purge", queue }]).catch(() => undefined);
  }

  /** Whether a message id is still held (sent and not deleted). */
  holds(id: string): boolean {
    return this.live.has(id);
  }

  get size(): number {
    return this.live.size;
  }

  private append(entries: readonly Entry[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the queue journal is closed"));
    for (const entry of entries) {
      apply(this.live, entry);
      this.pending.push(`${JSON.stringify(entry)}\n`);
    }
    const done = new Promise<void>((ok, fail) => this.waiters.push({ ok, fail }));
    this.flushing ??= this.flushLoop();
    return done;
  }

  /** One writer: each round writes everything pending with one write and one fdatasync. */
  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // Let the senders of this tick join the round.
        await new Promise<void>((r) => setImmediate(r));
        const lines = this.pending;
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        try {
          if (!this.restoring && this.grownBytes >= this.compactAfterBytes) this.compact();
          else {
            const chunk = Buffer.from(lines.join(""));
            writeSync(this.fd, chunk);
            this.grownBytes += chunk.length;
          }
          fsyncSync(this.fd);
          for (const w of waiters) w.ok();
        } catch (error) {
          for (const w of waiters) w.fail(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Rewrites the journal to the live messages (which already include everything pending). */
  private compact(): void {
    const next = `${this.file}.next`;
    const fd = openSync(next, "w");
    const lines = [...this.live].map(([id, m]) => `${JSON.stringify({ op: "send", id, ...m })}\n`);
    writeSync(fd, Buffer.from(lines.join("")));
    fsyncSync(fd);
    renameSync(next, this.file);
    closeSync(this.fd);
    this.fd = fd;
    this.grownBytes = 0;
  }

  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    closeSync(this.fd);
  }
}
