import ipaddr from "ipaddr.js";

/**
 * Which receivers a webhook may reach (server-side request forgery). On AWS only https, and only to
 * public unicast addresses: never loopback, private (RFC 1918, unique-local IPv6), link-local (the
 * instance metadata service at 169.254.169.254 and fd00:ec2::254), carrier-grade NAT (100.100.100.200
 * is another cloud's metadata), multicast, reserved, or an IPv6 form that embeds an IPv4 address
 * (IPv4-mapped, NAT64, 6to4, Teredo). The URL's host is checked when the endpoint is saved and again
 * at every send, together with every address its name resolves to then (a name may be re-pointed).
 * Locally (`allowLoopback`) http receivers on loopback addresses are allowed too, for testing.
 */

export interface UrlRules {
  allowLoopback: boolean;
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** Names that mean this machine or a cloud's metadata service, whatever they resolve to. */
const BLOCKED_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$|^metadata(\.google\.internal)?$/;

const LOOPBACK_NAMES = /(^|\.)localhost$/;

/** The address in a URL host: "[::1]" → "::1"; undefined for a name. WHATWG URLs already turned "2130706433" into "127.0.0.1". */
const addressOf = (hostname: string): string | undefined => {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
};

/** IPv4-mapped IPv6 addresses become their IPv4 address, so ::ffff:127.0.0.1 is loopback; other embeddings keep their own range. */
const parsed = (address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined => {
  try {
    return ipaddr.process(address);
  } catch {
    return undefined;
  }
};

export const isLoopback = (address: string): boolean => parsed(address)?.range() === "loopback";

/** A public unicast address (or, with `allowLoopback`, a loopback one). */
export const addressAllowed = (address: string, rules: UrlRules): boolean => {
  const ip = parsed(address);
  if (!ip) return false;
  const range = ip.range();
  return range === "unicast" || (rules.allowLoopback && range === "loopback");
};

/** The URL, if a webhook may be sent to it; else why not, in a sentence. */
export const checkWebhookUrl = (raw: string, rules: UrlRules): UrlVerdict => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "must be an absolute URL" };
  }
  if (url.username !== "" || url.password !== "")
    return { ok: false, reason: "must not carry a user name or password" };
  const host = url.hostname.toLowerCase();
  const address = addressOf(host);
  const loopback = address !== undefined ? isLoopback(address) : LOOPBACK_NAMES.test(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && rules.allowLoopback && loopback)) {
    return { ok: false, reason: "must be an https URL" };
  }
  if (address !== undefined) {
    return addressAllowed(address, rules)
      ? { ok: true, url }
      : { ok: false, reason: "must not point at a private, loopback, link-local or reserved address" };
  }
  if (loopback) {
    return rules.allowLoopback ? { ok: true, url } : { ok: false, reason: "must not point at this machine" };
  }
  if (!host.includes(".") || BLOCKED_NAMES.test(host))
    return { ok: false, reason: "must name a public host (a fully qualified domain name)" };
  return { ok: true, url };
};
