import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { HearbackError } from "#shared/kernel/errors";
import { DEFAULT_BIND } from "./bind.ts";

/** Who listens on a port: its process id and command line, when this user may see them. */
export interface PortHolder {
  pid: number;
  command: string;
}

export interface BusyPort {
  port: number;
  /** What the stack wanted it for ("the HTTP gateway", "DynamoDB Local", …). */
  purpose: string;
  holder: PortHolder | undefined;
}

/** Some of the ports a local stack needs are taken; the message names them and who holds them. */
export class PortsBusyError extends HearbackError {
  override name = "PortsBusyError";
  constructor(
    readonly busy: readonly BusyPort[],
    readonly bind: string,
  ) {
    super(
      busy
        .map(
          ({ port, purpose, holder }) =>
            `port ${port} on ${bind} (for ${purpose}) is in use by ${
              holder
                ? `process ${holder.pid}: ${holder.command}`
                : process.platform === "linux"
                  ? "a process this user cannot see (another user's?)"
                  : `another process (lsof -nP -iTCP:${port} -sTCP:LISTEN shows which)`
            }`,
        )
        .join("\n"),
    );
  }
}

export const canListen = (port: number, host = DEFAULT_BIND): Promise<boolean> =>
  new Promise((ok) => {
    const server = createServer();
    server.once("error", () => ok(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => ok(true)));
  });

/** Socket inodes listening on `port` (any address), from /proc/net/tcp and tcp6. */
const listeningInodes = (port: number): Set<string> => {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const localPort = Number.parseInt((cols[1] ?? "").split(":")[1] ?? "", 16);
      // State 0A is LISTEN.
      if (cols[3] === "0A" && localPort === port && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
};

/**
 * The process listening on `port`, found through /proc (Linux): the listening socket's inode, then the
 * process holding a descriptor to it. Undefined elsewhere, or for another user's process.
 */
export const portHolder = (port: number): PortHolder | undefined => {
  if (process.platform !== "linux") return undefined;
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or it just ended
    }
    for (const fd of fds) {
      let target = "";
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        let command = "";
        try {
          command = readFileSync(`/proc/${entry}/cmdline`, "utf8")
            .replace(/[\0\s]+/g, " ")
            .trim();
        } catch {
          // ended meanwhile
        }
        return { pid: Number(entry), command: command.length > 160 ? `${command.slice(0, 157)}…` : command };
      }
    }
  }
  return undefined;
};

/**
 * Checks that every port is free before anything starts, so a busy port fails in a second with who
 * holds it, not after the JVM has started and with a bare EADDRINUSE.
 */
export const assertPortsFree = async (
  wanted: ReadonlyArray<{ port: number; purpose: string }>,
  bind = DEFAULT_BIND,
): Promise<void> => {
  const busy: BusyPort[] = [];
  for (const { port, purpose } of wanted) {
    if (port === 0 || (await canListen(port, bind))) continue;
    busy.push({ port, purpose, holder: portHolder(port) });
  }
  if (busy.length > 0) throw new PortsBusyError(busy, bind);
};

/** The first base from `from` on (in steps of 10) whose `count` ports are all free, for a suggestion. */
export const freeBlockFrom = async (from: number, count = 4, bind = DEFAULT_BIND): Promise<number | undefined> => {
  for (let base = from; base + count <= 65_535 && base < from + 1_000; base += 10) {
    const free = await Promise.all(Array.from({ length: count }, (_, i) => canListen(base + i, bind)));
    if (free.every(Boolean)) return base;
  }
  return undefined;
};
