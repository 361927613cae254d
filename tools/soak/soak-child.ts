/**
 * A half of the soak as a child process: the application (tools/soak/soak-app.ts) or the engines
 * (tools/soak/soak-engines.ts). Started, killed with SIGKILL on cue and started again, and restarted as a
 * supervisor would if it crashes on its own. Each child prints one line `{"ready": …}` once it serves,
 * and runs in its own process group, so a kill takes whatever it started (DynamoDB Local's JVM) with it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export class SoakChild<Ready> {
  private child: ChildProcess | undefined;
  private expectedExit = false;
  /** What the child's ready line said at its last start (the application's URL changes with each start). */
  ready: Ready | undefined;
  starts = 0;
  unexpectedExits = 0;

  constructor(
    private readonly name: string,
    private readonly entry: URL,
    /** Passed as SOAK_CONFIG (JSON). */
    private readonly config: unknown,
    private readonly logs: WriteStream,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the child and resolves once it is ready (retrying a start that fails). */
  async start(): Promise<Ready> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.ready = await this.spawnOnce();
        this.starts++;
        return this.ready;
      } catch (error) {
        this.log(`${this.name} start ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (attempt >= 5) throw error;
        await sleep(500);
      }
    }
  }

  private spawnOnce(): Promise<Ready> {
    this.expectedExit = false;
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(this.entry)], {
      cwd: ROOT,
      env: { ...process.env, SOAK_CONFIG: JSON.stringify(this.config) },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    child.stderr?.pipe(this.logs, { end: false });
    return new Promise((ok, fail) => {
      let ready = false;
      const timer = setTimeout(() => {
        this.killGroup(child);
        fail(new Error("not ready within 60 s"));
      }, 60_000);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        if (!ready && line.startsWith('{"ready"')) {
          ready = true;
          clearTimeout(timer);
          ok((JSON.parse(line) as { ready: Ready }).ready);
        } else this.logs.write(`${line}\n`);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (!ready) fail(new Error(`exited before it was ready (${code ?? signal})`));
        else if (!this.expectedExit && this.child === child) {
          // A crash nobody asked for is a finding; restart it as a supervisor would.
          this.unexpectedExits++;
          this.log(`${this.name} exited unexpectedly (${code ?? signal}); restarting`);
          void this.start();
        }
      });
    });
  }

  private killGroup(child: ChildProcess): void {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }

  /** SIGKILL of the child's whole process group: no shutdown hooks, batches cut wherever they are. */
  async kill(): Promise<void> {
    const child = this.child;
    this.expectedExit = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
    this.killGroup(child);
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectedExit = true;
    const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => this.killGroup(child), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
