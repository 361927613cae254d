import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { BASE_HEADERS } from "./headers.ts";

/** What one HTML page may load beyond itself; everything else is refused by its Content-Security-Policy. */
export interface PagePolicy {
  /** A fresh nonce per response for the page's own <style> and <script>; without one, inline style attributes only and no script. */
  nonce?: string | undefined;
  /** Extra image sources, e.g. "data:" for charts embedded in the digest preview. */
  images?: string | undefined;
  /** Where the page's script may send requests, e.g. "'self'". */
  connect?: string | undefined;
  /** "no-referrer" (default) for pages reached from a signed link; "same-origin" for the signed-in workbench. */
  referrer?: "no-referrer" | "same-origin";
  /** Keep the page out of search engines (pages behind a personal link). */
  noindex?: boolean;
}

/** The media type of every page (the API contract names it too). */
export const HTML_MEDIA_TYPE = "text/html";

/** The security headers every HTML page sends: one place, so no page forgets one. */
export const securityHeaders = (policy: PagePolicy = {}): Record<string, string> => {
  const csp = [
    "default-src 'none'",
    policy.nonce ? `style-src 'nonce-${policy.nonce}'` : "style-src 'unsafe-inline'",
    ...(policy.nonce ? [`script-src 'nonce-${policy.nonce}'`] : []),
    ...(policy.images ? [`img-src ${policy.images}`] : []),
    ...(policy.connect ? [`connect-src ${policy.connect}`] : []),
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  return {
    ...BASE_HEADERS,
    "content-type": `${HTML_MEDIA_TYPE}; charset=utf-8`,
    "referrer-policy": policy.referrer ?? "no-referrer",
    ...(policy.noindex && { "x-robots-tag": "noindex, nofollow" }),
    "content-security-policy": csp.join("; "),
  };
};

/** An HTML response with the security headers; `headers` adds to them (cookies, subject lines). */
export const htmlPage = (
  status: number,
  body: string,
  policy: PagePolicy = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { ...securityHeaders(policy), ...headers },
  body,
});
