/**
 * A newcomer's first hour with the CLI: `hearback start` records where its stack listens and the other
 * commands find it on any port; with none running they say so and what to do; a busy port fails at
 * once, naming the process that holds it and the --port to use instead.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePortBlock } from "#shared/local/engines";
import { assertPortsFree, PortsBusyError } from "#shared/local/ports";
import { findRunningStack, runningStackFile } from "#shared/local/running-stack";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "hearback-cli-"));
const { PORT: _port, HEARBACK_DATA: _data, ...baseEnv } = process.env;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const hearback = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  new Promise((ok) => {
    const started = Date.now();
    execFile(
      process.execPath,
      ["--import", "tsx", "tools/cli/hearback.ts", ...args],
      { cwd: ROOT, env: { ...baseEnv, ...env }, timeout: 90_000 },
      (error, stdout, stderr) =>
        ok({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });

const listen = (port: number): Promise<Server> =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok(server));
  });

describe("the running-stack file", () => {
  it("is ignored when the process that wrote it is gone", async () => {
    const dir = join(scratch, "stale");
    mkdirSync(dir);
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => gone.once("exit", r));
    writeFileSync(
      runningStackFile(dir),
      JSON.stringify({
        pid: gone.pid,
        url: "http://127.0.0.1:1",
        apiKey: "k",
        mailboxUrl: "http://127.0.0.1:4",
        dynamoEndpoint: "http://127.0.0.1:2",
        sqsEndpoint: "http://127.0.0.1:3",
        tableName: "t",
        queueUrl: "q",
        deadLetterQueueUrl: "d",
        dataDir: dir,
        startedAt: new Date().toISOString(),
      }),
    );
    expect(await findRunningStack(dir)).toBeUndefined();
  });
});

describe("busy ports", () => {
  it("names the process that holds a port before anything starts", async () => {
    const base = await freePortBlock();
    const server = await listen(base + 1);
    try {
      const error = await assertPortsFree([
        { port: base, purpose: "the HTTP gateway" },
        { port: base + 1, purpose: "DynamoDB Local" },
      ]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortsBusyError);
      const busy = (error as PortsBusyError).busy;
      expect(busy.map((b) => b.port)).toEqual([base + 1]);
      if (process.platform === "linux") {
        expect(busy[0]?.holder?.pid).toBe(process.pid);
        expect((error as Error).message).toContain(
          `port ${base + 1} on 127.0.0.1 (for DynamoDB Local) is in use by process ${process.pid}:`,
        );
      }
    } finally {
      server.close();
    }
  });

  it("`hearback start` on a busy port fails at once, says who holds it and suggests --port", async () => {
    const base = await freePortBlock();
    const server = await listen(base);
    try {
      const run = await hearback(["start", "--port", String(base), "--data", join(scratch, "busy")]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${base} on 127.0.0.1 (for the HTTP gateway) is in use by`);
      if (process.platform === "linux") expect(run.stderr).toContain(`process ${process.pid}`);
      expect(run.stderr).toMatch(/npm start -- --port \d+/);
      // Before the JVM: no "DynamoDB Local … SQS … mailbox" line, and well under a JVM's start.
      expect(run.stdout).not.toContain("DynamoDB Local");
    } finally {
      server.close();
    }
  }, 60_000);
});

describe("commands that talk to the local stack", () => {
  it("say no local stack is running, and what to do, when none is", async () => {
    const run = await hearback(["link", "--kind", "nps", "--customer", "c-1"], {
      HEARBACK_DATA: join(scratch, "nothing-here"),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no local stack is running");
    expect(run.stderr).toContain("npm start");
    expect(run.stderr).toContain("--url");
  }, 60_000);

  it("say plainly that nothing answers at a --url", async () => {
    const port = await freePortBlock(1);
    const run = await hearback(["demo", "--url", `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nothing answers at 127.0.0.1:${port}`);
  }, 60_000);

  describe("with a stack started on another port", () => {
    const data = join(scratch, "data");
    let stack: ChildProcess | undefined;
    let port = 0;

    afterAll(() => {
      if (stack?.exitCode === null) stack.kill("SIGKILL");
    });

    it("find it through the file `hearback start` writes, and the file goes on a clean stop", async () => {
      port = await freePortBlock();
      // stdin a pipe from this worker: should the worker die, the stack stops with it.
      stack = spawn(process.execPath, ["--import", "tsx", "tools/cli/hearback.ts", "start", "--port", String(port)], {
        cwd: ROOT,
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...baseEnv, HEARBACK_DATA: data, HEARBACK_API_KEY: "cli-test-key" },
      });
      const child = stack;
      await new Promise<void>((ok, fail) => {
        let stderr = "";
        child.stderr?.on("data", (d: Buffer) => {
          stderr += d.toString();
        });
        const timer = setTimeout(() => fail(new Error(`not ready in 90 s: ${stderr}`)), 90_000);
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
          if (line.startsWith("hearback is running")) {
            clearTimeout(timer);
            ok();
          }
        });
        child.once("exit", (code) => fail(new Error(`exited with ${code}: ${stderr}`)));
      });

      const file = runningStackFile(data);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const record = JSON.parse(readFileSync(file, "utf8")) as { url: string; apiKey: string; pid: number };
      expect(record).toMatchObject({ url: `http://127.0.0.1:${port}`, apiKey: "cli-test-key", pid: child.pid });

      // No PORT, no --url, no key: the record says where and with which key.
      const link = await hearback(["link", "--kind", "nps", "--customer", "c-1"], { HEARBACK_DATA: data });
      expect(link.stderr).toBe("");
      expect(link.stdout).toContain(`http://127.0.0.1:${port}/s/`);
      const train = await hearback(["train", "--local"], { HEARBACK_DATA: data });
      expect(train.stderr).toBe("");
      expect(train.stdout).toContain("not trained");

      // A second stack on the same data folder is refused (it would share DynamoDB Local's files).
      const again = await hearback(["start", "--port", String(port + 10)], { HEARBACK_DATA: data });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`a local stack already runs from ${data} (process ${child.pid}`);

      const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
      child.kill("SIGTERM");
      await exited;
      expect(existsSync(file)).toBe(false);
    }, 240_000);
  });
});
