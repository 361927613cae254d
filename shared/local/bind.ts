import { isIP } from "node:net";

/**
 * Where the local engines listen. The local stack holds original, unmasked customer texts, names
 * and emails, so by default nothing is reachable from the network: every engine binds loopback.
 */
export const DEFAULT_BIND = "127.0.0.1";

export const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "::1" || /^(?:::ffff:)?127\.\d+\.\d+\.\d+$/.test(host);

const isWildcard = (host: string) => host === "0.0.0.0" || host === "::";

/** The address clients on this machine dial for an engine bound to `bind`. */
export const connectHost = (bind: string): string => (bind === "::" ? "::1" : isWildcard(bind) ? "127.0.0.1" : bind);

/** `http://host:port` for an engine bound to `bind`, IPv6 in brackets. */
export const localUrl = (bind: string, port: number): string => {
  const host = connectHost(bind);
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
};

/** The warning to print when the engines are bound to something other than loopback. */
export const exposureWarning = (bind: string): string | undefined =>
  isLoopback(bind)
    ? undefined
    : `WARNING: the local engines listen on ${bind}${isWildcard(bind) ? " (every interface)" : ""}, not loopback: ` +
      "anyone who can reach this machine can read the stored feedback, customer names and emails, " +
      "and the mailbox, without any key. Unset HEARBACK_BIND / --bind to listen on 127.0.0.1 only.";
