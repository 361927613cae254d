/**
 * The application half of the soak (tools/soak/soak-app.ts) as a child process: started, killed with SIGKILL
 * mid-batch and started again on cue, and restarted as a supervisor would if it crashes on its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { SoakAppConfig } from "./soak-app.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const APP_ENTRY = fileURLToPath(new URL("./soak-app.ts", import.meta.url));

/** The application process; `url` is where its gateway listens (it changes with each start). */
export class AppProcess {
  private child: ChildProcess | undefined;
  private expectedExit = false;
  url = "";
  starts = 0;
  unexpectedExits = 0;

  constructor(
    private readonly config: SoakAppConfig,
    private readonly logs: WriteStream,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the application and resolves once it takes requests (retrying a start that fails). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.url = await this.spawnOnce();
        this.starts++;
        return;
      } catch (error) {
        this.log(`app start ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (attempt >= 5) throw error;
        await sleep(500);
      }
    }
  }

  private spawnOnce(): Promise<string> {
    this.expectedExit = false;
    const child = spawn(process.execPath, ["--import", "tsx", APP_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, SOAK_APP_CONFIG: JSON.stringify(this.config) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    child.stderr?.pipe(this.logs, { end: false });
    return new Promise((ok, fail) => {
      let ready = false;
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        fail(new Error("not ready within 60 s"));
      }, 60_000);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        if (!ready && line.startsWith('{"ready"')) {
          ready = true;
          clearTimeout(timer);
          ok((JSON.parse(line) as { ready: string }).ready);
        } else this.logs.write(`${line}\n`);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (!ready) fail(new Error(`exited before it was ready (${code ?? signal})`));
        else if (!this.expectedExit && this.child === child) {
          // A crash nobody asked for is a finding; restart it as a supervisor would.
          this.unexpectedExits++;
          this.log(`app exited unexpectedly (${code ?? signal}); restarting`);
          void this.start();
        }
      });
    });
  }

  /** SIGKILL: no shutdown hooks, batches cut wherever they are. */
  kill(): void {
    this.expectedExit = true;
    this.child?.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectedExit = true;
    const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
