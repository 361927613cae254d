import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exposureWarning, isLoopback as isLoopbackBind, localUrl } from "#shared/local/bind";
import { type LocalStack, startLocalStack } from "#shared/local/stack";

/**
 * The local stack holds unmasked customer texts, names and emails, so every engine it starts
 * (DynamoDB Local in Java, fauxqs, the SES mailbox, the gateway) must answer on loopback only.
 */

interface Listener {
  address: string;
  port: number;
  inode: string;
}

/** /proc/net/tcp{,6} print each 32-bit word of the address in host (little-endian) byte order. */
const decodeAddress = (hex: string): string => {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join(".")}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // Shorten the longest run of zero groups, as ss and Node print IPv6 addresses.
  const full = `:${groups.join(":")}:`;
  const runs = full.match(/:(?:0:)+/g) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), "");
  return longest ? full.replace(longest, "::").replace(/^:(?!:)|(?<!:):$/g, "") : groups.join(":");
};

const listeners = (): Listener[] =>
  ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === "0A") // LISTEN
      .map((cols) => {
        const [address = "", port = "0"] = (cols[1] ?? "").split(":");
        return { address: decodeAddress(address), port: Number.parseInt(port, 16), inode: cols[9] ?? "" };
      }),
  );

/** This process and everything it started (the Java process of DynamoDB Local among them). */
const family = (root: number): number[] => {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === found[i] && !found.includes(pid)) found.push(pid);
  }
  return found;
};

const socketInodes = (pids: number[]): Set<string> => {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return inodes;
};

const isLoopback = (address: string) =>
  address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");

const portOf = (url: string) => Number(new URL(url).port);

/** Resolves with the connect error code, or "connected" if something answered. */
const dial = (host: string, port: number): Promise<string> =>
  new Promise((ok) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once("connect", () => {
      socket.destroy();
      ok("connected");
    });
    socket.once("timeout", () => {
      socket.destroy();
      ok("ETIMEDOUT");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => ok(error.code ?? error.message));
  });

describe("the bind setting", () => {
  it("warns for anything but loopback and keeps the printed URLs dialable", () => {
    for (const bind of ["127.0.0.1", "127.0.0.2", "::1", "localhost"]) {
      expect(isLoopbackBind(bind)).toBe(true);
      expect(exposureWarning(bind)).toBeUndefined();
    }
    for (const bind of ["0.0.0.0", "::", "192.0.2.2"])
      expect(exposureWarning(bind)).toMatch(/^WARNING: .*not loopback/);
    expect(localUrl("127.0.0.1", 3001)).toBe("http://127.0.0.1:3001");
    expect(localUrl("0.0.0.0", 3001)).toBe("http://127.0.0.1:3001");
    expect(localUrl("::", 3001)).toBe("http://[::1]:3001");
    expect(localUrl("::1", 3001)).toBe("http://[::1]:3001");
    expect(localUrl("192.0.2.2", 3001)).toBe("http://192.0.2.2:3001");
  });
});

const onLinux = process.platform === "linux";
if (!onLinux) console.warn(`loopback.test: skipped, it reads /proc (Linux only; this is ${process.platform})`);

describe.skipIf(!onLinux)("the local stack listens on loopback only", () => {
  let stack: LocalStack;
  let ports: Record<string, number>;

  beforeAll(async () => {
    stack = await startLocalStack({ port: 0 });
    ports = {
      gateway: portOf(stack.url),
      "DynamoDB Local": portOf(stack.dynamoEndpoint),
      "SQS (fauxqs)": portOf(stack.sqsEndpoint),
      "SES mailbox": portOf(stack.mailboxUrl),
    };
  });
  afterAll(async () => {
    await stack?.stop({ drain: false });
  });

  it("binds every listening socket of this process and its children to a loopback address", () => {
    const ours = socketInodes(family(process.pid));
    const mine = listeners().filter((l) => ours.has(l.inode));
    // Each engine's port is among them (so the check below saw the Java process too)…
    for (const [name, port] of Object.entries(ports)) {
      expect(
        mine.some((l) => l.port === port),
        `${name} (port ${port}) not found among ${JSON.stringify(mine)}`,
      ).toBe(true);
    }
    // …and none of them listens on a wildcard or a network address.
    const exposed = mine.filter((l) => !isLoopback(l.address)).map((l) => `${l.address}:${l.port}`);
    expect(exposed).toEqual([]);
  });

  it("refuses connections to the engines through the machine's network addresses", async () => {
    const addresses = Object.entries(networkInterfaces()).flatMap(([name, infos]) =>
      (infos ?? [])
        .filter((i) => !i.internal)
        .map((i) => (i.family === "IPv6" && i.address.startsWith("fe80") ? `${i.address}%${name}` : i.address)),
    );
    if (addresses.length === 0) {
      console.warn("loopback.test: no non-loopback network address on this machine; the dial check has nothing to try");
      return;
    }
    const answered: string[] = [];
    for (const address of addresses) {
      for (const [name, port] of Object.entries(ports)) {
        const result = await dial(address, port);
        if (result === "connected") answered.push(`${name} on ${address}:${port}`);
      }
    }
    expect(answered).toEqual([]);
  });
});
