import { type LookupAddress, lookup } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { addressAllowed, type UrlRules } from "../model/ssrf.ts";
import type { OutgoingRequest, Transport, TransportResult } from "../ports/delivery.ts";

/** How much of a receiver's answer is read (and thrown away): enough to end the exchange cleanly. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Resolves like the system does, then refuses the connection if any address the name resolves to
 * breaks the SSRF rules (a public name pointed at 169.254.169.254, or at 127.0.0.1 on AWS). The
 * checked addresses are the ones connected to: nothing is resolved twice.
 */
export const guardedLookup =
  (rules: UrlRules): LookupFunction =>
  (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((a) => !addressAllowed(a.address, rules));
      if (refused || addresses.length === 0) {
        const blocked = Object.assign(new Error(`blocked: ${hostname} resolves to a non-public address`), {
          code: "EWEBHOOKBLOCKED",
        });
        return callback(blocked, "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };

/** POSTs with node's http(s), at most `timeoutMs` in all, never following a redirect. */
export class HttpTransport implements Transport {
  constructor(
    private readonly rules: UrlRules,
    private readonly timeoutMs: number,
  ) {}

  post(req: OutgoingRequest): Promise<TransportResult> {
    const started = Date.now();
    const url = new URL(req.url);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: Omit<TransportResult, "durationMs">) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, durationMs: Date.now() - started });
      };
      const outgoing = send(
        url,
        {
          method: "POST",
          headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) },
          lookup: guardedLookup(this.rules),
          // One connection per delivery: no pooled socket outlives the check of the address it went to.
          agent: false,
        },
        (res) => {
          let read = 0;
          res.on("data", (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on("close", () => done({ status: res.statusCode }));
          res.on("error", () => done({ status: res.statusCode }));
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy();
        done({ error: "timeout" });
      }, this.timeoutMs);
      outgoing.on("error", (error: NodeJS.ErrnoException) =>
        done({
          error:
            error.code === "EWEBHOOKBLOCKED"
              ? error.message
              : `${error.code ?? "error"}: ${error.message}`.slice(0, 300),
        }),
      );
      outgoing.end(req.body);
    });
  }
}
