import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { isSameOrigin } from "#shared/edge/request";

const post = (headers: Record<string, string>) =>
  ({
    headers: { host: "feedback.example.com", ...headers },
    requestContext: { domainName: "feedback.example.com", http: { method: "POST" } },
  }) as unknown as APIGatewayProxyEventV2;

describe("isSameOrigin: a state-changing form must come from this site", () => {
  it("admits this site's forms and requests that are not a browser's cross-site form", () => {
    expect(isSameOrigin(post({ origin: "https://feedback.example.com", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(post({}))).toBe(true);
  });

  it("refuses another site's forms", () => {
    expect(isSameOrigin(post({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "https://feedback.example.com", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "not a url" }))).toBe(false);
  });

  it("reads Origin: null (a no-referrer page, a sandboxed frame) by the browser's Sec-Fetch-Site alone", () => {
    // The customer's confirmation page asks for no referrer, so its own form posts with Origin: null.
    expect(isSameOrigin(post({ origin: "null", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "null", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "null" }))).toBe(false);
  });
});
