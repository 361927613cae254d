/**
 * "Nothing accepted is ever lost, even on SIGKILL": `hearback start` (the gateway, fauxqs, the poller
 * and DynamoDB Local's JVM) is killed with SIGKILL as a whole process group while accepted items are
 * still on the queue, started again on the same data folder, and every item answered 202 is stored.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePortBlock } from "#shared/local/engines";
import { apiClient } from "../support/api.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "hearback-crash-"));
const apiKey = "crash-test-key";
const running = new Set<ChildProcess>();

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

afterAll(() => {
  for (const child of running) killGroup(child, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** `hearback start` in its own process group, as a terminal would run it; resolves once it is ready. */
const startStack = (port: number, workers: number): Promise<ChildProcess> =>
  new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tools/cli/hearback.ts",
        "start",
        "--port",
        String(port),
        "--data",
        dataDir,
        "--workers",
        String(workers),
      ],
      {
        cwd: ROOT,
        detached: true,
        // Its stdin is a pipe from this worker: if the worker dies, the stack stops too.
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...process.env, HEARBACK_API_KEY: apiKey },
      },
    );
    running.add(child);
    let output = "";
    child.stderr?.on("data", (d: Buffer) => {
      output = (output + d.toString()).slice(-2_000);
    });
    const timer = setTimeout(() => fail(new Error(`not ready in 60 s: ${output}`)), 60_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (line.startsWith("hearback is running")) {
        clearTimeout(timer);
        ok(child);
      }
    });
    child.on("exit", (code) => {
      running.delete(child);
      clearTimeout(timer);
      fail(new Error(`exited with ${code}: ${output}`));
    });
  });

const sigkill = (child: ChildProcess) =>
  new Promise<void>((ok) => {
    child.once("exit", () => ok());
    killGroup(child, "SIGKILL");
  });

const accept = async (api: ReturnType<typeof apiClient>, prefix: string, count: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 25) {
    const items = Array.from({ length: Math.min(25, count - i) }, (_, j) => ({
      channel: "nps",
      score: (i + j) % 11,
      comment: `第${i + j}条：配送太慢了，客服态度还可以`,
      customer: { id: `crash-${prefix}-${i + j}` },
      sourceId: `${prefix}-${i + j}`,
    }));
    const res = await api.post({ items });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { items: Array<{ id: string; status: string }> };
    expect(body.items.every((item) => item.status === "accepted")).toBe(true);
    ids.push(...body.items.map((item) => item.id));
  }
  return ids;
};

const storedCount = async (api: ReturnType<typeof apiClient>, ids: readonly string[], timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  const stored = new Set<string>();
  while (Date.now() < deadline && stored.size < ids.length) {
    for (const id of ids.filter((i) => !stored.has(i))) {
      const res = await api.get(`/v1/feedback/${id}`);
      if (res.status === 200 && ((await res.json()) as { status: string }).status === "stored") stored.add(id);
    }
    if (stored.size < ids.length) await new Promise((r) => setTimeout(r, 500));
  }
  return stored.size;
};

describe("a SIGKILL of the whole local stack", () => {
  it("loses no accepted item, whether it waited on the queue or was being processed", async () => {
    const port = await freePortBlock();
    const url = `http://127.0.0.1:${port}`;
    const api = apiClient({ url, apiKey });

    // 1. Workers off: 250 accepted items wait on the queue, then the process group dies.
    let stack = await startStack(port, 0);
    const waiting = await accept(api, "waiting", 250);
    const queued = (await (await api.get(`/v1/feedback/${waiting[0]}`)).json()) as { status: string };
    expect(queued.status).toBe("queued");
    await sigkill(stack);
    expect(existsSync(join(dataDir, "queue-journal.jsonl"))).toBe(true);

    // 2. Back on the same data folder with workers: the waiting items are processed; 250 more are
    //    accepted and the group dies again while the workers are busy with them.
    stack = await startStack(port, 2);
    const busy = await accept(api, "busy", 250);
    await sigkill(stack);

    // 3. Third start: every item answered 202 is stored, and a resend is a duplicate, not a second record.
    stack = await startStack(port, 2);
    const all = [...waiting, ...busy];
    expect(await storedCount(api, all, 90_000)).toBe(all.length);
    const resend = await api.post({
      channel: "nps",
      score: 0,
      customer: { id: "crash-waiting-0" },
      sourceId: "waiting-0",
    });
    expect(((await resend.json()) as { items: [{ status: string }] }).items[0].status).toBe("duplicate");
    killGroup(stack, "SIGTERM");
  }, 240_000);
});
