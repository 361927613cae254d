/**
 * Every process the local stack or a test starts (DynamoDB Local's JVM, a browser) goes when the
 * process that started it goes, however it goes: SIGKILL (no handler runs), SIGTERM without a handler
 * (Node's default: no "exit" event either), or an uncaught error in a test's setup. A parent that
 * died used to leave DynamoDB Local running with no parent, holding its port and ~170 MB.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHILD = fileURLToPath(new URL("./engines-child.ts", import.meta.url));

const onLinux = process.platform === "linux";
if (!onLinux) console.warn(`engine-lifecycle.test: skipped, it reads /proc (Linux only; this is ${process.platform})`);

const stat = (pid: number): { ppid: number; state: string } | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state = "", ppid = "0"] = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
};

/** Running, that is: exists and is not a zombie waiting for a parent to reap it. */
const running = (pid: number) => {
  const s = stat(pid);
  return s !== undefined && s.state !== "Z" && s.state !== "X";
};

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

/** Every process below `root` (children, their children, …). */
const descendants = (root: number): number[] => {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s) parents.set(Number(entry), s.ppid);
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === found[i] && !found.includes(pid)) found.push(pid);
  }
  return found.slice(1);
};

const answers = (url: string): Promise<boolean> =>
  new Promise((ok) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(port), timeout: 1_000 });
    socket.once("connect", () => {
      socket.destroy();
      ok(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      ok(false);
    });
    socket.once("error", () => ok(false));
  });

const left: number[] = [];
afterEach(() => {
  // Whatever a failed check leaves behind is not left for the next test run.
  for (const pid of left.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});

const startChild = (args: string[]): Promise<{ child: ChildProcess; endpoints: string[] }> =>
  new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        POWERTOOLS_LOG_LEVEL: "SILENT",
        // The browser case drives the Chromium from the npm package, so every run checks that it launches
        // even where Debian's chromium is installed (the other browser tests use that one).
        ...(process.arch === "x64" && { HEARBACK_BROWSER: "packaged" }),
      },
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2_000);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`not ready within 90 s: ${stderr}`));
    }, 90_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (!line.startsWith('{"ready"')) return;
      clearTimeout(timer);
      ok({ child, endpoints: (JSON.parse(line) as { ready: { endpoints: string[] } }).ready.endpoints });
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`exited before it was ready (${code ?? signal}): ${stderr}`));
    });
  });

const gone = async (pids: number[], endpoints: string[], withinMs: number) => {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const alive = pids.filter(running).map((pid) => `${pid} ${cmdline(pid).slice(0, 80)}`);
    const open = (await Promise.all(endpoints.map(async (url) => ((await answers(url)) ? url : undefined)))).filter(
      (url): url is string => url !== undefined,
    );
    if ((alive.length === 0 && open.length === 0) || Date.now() > deadline) return { alive, open };
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe.skipIf(!onLinux)("processes started by the stack or a test die with their parent", () => {
  const cases = [
    {
      name: "SIGKILL of a process running the whole stack and a browser",
      args: ["stack", "browser", "wait"],
      kill: "SIGKILL",
    },
    { name: "SIGTERM, with no handler, of a test worker's engines", args: ["engines", "wait"], kill: "SIGTERM" },
    // SIGUSR2 is the child's cue to throw (engines-child.ts).
    { name: "an uncaught error in a test's setup after starting engines", args: ["engines", "throw"], kill: "SIGUSR2" },
  ] as const;

  for (const { name, args, kill } of cases) {
    it(name, async () => {
      const { child, endpoints } = await startChild([...args]);
      const pid = child.pid ?? 0;
      const below = descendants(pid);
      left.push(...below);
      // The JVM is among them (so the check below is about it), and the browser when one was started.
      expect(
        below.some((p) => cmdline(p).includes("DynamoDbLocalBind")),
        below.map(cmdline).join("\n"),
      ).toBe(true);
      if ((args as readonly string[]).includes("browser"))
        expect(
          below.some((p) => /chrom/i.test(cmdline(p))),
          below.map(cmdline).join("\n"),
        ).toBe(true);
      for (const url of endpoints) expect(await answers(url), url).toBe(true);

      const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
      child.kill(kill);
      await exited;

      // Bounded: the JVM sees its stdin close at once and exits within a few seconds.
      expect(await gone(below, endpoints, 15_000)).toEqual({ alive: [], open: [] });
    }, 120_000);
  }
});
