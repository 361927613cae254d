import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a test receiver got: one POST, as it arrived. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Waits until `count` requests arrived on `path` (or the timeout passes, then throws). */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<Received[]>;
  stop(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 (never another address): records every request and answers what
 * `answer` says for it (200 by default).
 */
export const startReceiver = async (
  answer: (path: string, nth: number) => number = () => 200,
  port = 0,
): Promise<Receiver> => {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      received.push({
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const nth = received.filter((r) => r.path.split("?")[0] === path).length;
      res.writeHead(answer(path, nth), { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const on = (path: string) => received.filter((r) => r.path.split("?")[0] === path);
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    received,
    waitFor: async (path, count, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (on(path).length < count) {
        if (Date.now() > deadline)
          throw new Error(`${path}: ${on(path).length} of ${count} requests within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return on(path);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A port nothing listens on (for a receiver that is down): bound, then released. */
export const closedPort = async (): Promise<number> => {
  const r = await startReceiver();
  await r.stop();
  return r.port;
};
