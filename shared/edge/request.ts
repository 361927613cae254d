import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A request header by its lower-case name (API Gateway lower-cases them; tests may not). */
export const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
};

/** An application/x-www-form-urlencoded body, base64-decoded when API Gateway encoded it. */
export const formBody = (event: APIGatewayProxyEventV2): URLSearchParams =>
  new URLSearchParams(
    event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? ""),
  );

/** The local stack serves plain HTTP on loopback; everywhere else links and cookies are https-only. */
export const isLocalHost = (host: string): boolean => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host);

/**
 * False when a browser says a state-changing request comes from another site: its Origin (which
 * browsers send with every POST) must be this host, and Sec-Fetch-Site, when sent, same-origin. An
 * Origin of "null" (a no-referrer page's form, a sandboxed frame) counts only with Sec-Fetch-Site
 * same-origin.
 * Requests without either header are not from a browser's cross-site form.
 */
export const isSameOrigin = (event: APIGatewayProxyEventV2): boolean => {
  const host = header(event, "host") ?? event.requestContext.domainName;
  const origin = header(event, "origin");
  const site = header(event, "sec-fetch-site");
  // "null": the page asked for no referrer (signed-link pages do), or a sandboxed frame sent it.
  // Only the browser's own word that the form is this site's then admits it.
  if (origin === "null") return site === "same-origin";
  if (origin !== undefined) {
    try {
      if (new URL(origin).host !== host) return false;
    } catch {
      return false;
    }
  }
  return site === undefined || site === "same-origin" || site === "none";
};
