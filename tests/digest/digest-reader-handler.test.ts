import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { readerLinkExpiry } from "#shared/digest/model/reader-links";
import { lambdaContext } from "#shared/local/lambda-context";
import { httpEvent } from "../support/fixtures.ts";
import { KEY, late, linksFor, subscriptions, tokenOf } from "./reader-fixtures.ts";

/**
 * The wired handler (middy chain and its error page included), as API Gateway calls it. Its table
 * is unreachable on purpose (a closed port): a link that needs no read answers all the same, and
 * one that does gets the friendly 500 page, never a stack trace.
 */
type Http = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Http;

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: "hearback",
    SURVEY_SIGNING_KEYS: JSON.stringify({ id: KEY.id, secret: new TextDecoder().decode(KEY.secret) }),
    DIGEST_SUBSCRIPTIONS: JSON.stringify(subscriptions),
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
    AWS_MAX_ATTEMPTS: "1",
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  handler = (await import("#functions/http/digest-reader")).handler as unknown as Http;
});

const get = (token: string, language: string) => {
  const event = httpEvent("get-feedback");
  event.routeKey = "GET /digests/read/{token}";
  event.rawPath = `/digests/read/${token}`;
  event.requestContext.http.path = event.rawPath;
  event.pathParameters = { token };
  event.headers = { host: event.requestContext.domainName, "accept-language": language };
  return handler(event, lambdaContext("digest-reader", 29));
};

describe("GET /digests/read/{token}", () => {
  it("answers a tampered link with the 403 page, behind the pages' security headers", async () => {
    const token = tokenOf(linksFor("logistics-tw", "lead@example.com").digest);
    const res = await get(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, "en-GB,en;q=0.8");
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("This link isn’t valid");
    const nonce = /<style nonce="([^"]+)">/.exec(String(res.body))?.[1];
    expect(res.headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex, nofollow",
    });
    expect(String(res.headers?.["content-security-policy"])).toContain(`style-src 'nonce-${nonce}'`);
  });

  it("answers an expired link with 410 in the subscription's language, without reading anything", async () => {
    const yesterday = new Date(Date.now() - 2 * 86_400_000);
    const links = linksFor("logistics-tw", "lead@example.com", { expiresAt: readerLinkExpiry(yesterday, 1) });
    const res = await get(tokenOf(links.digest), "en");
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain("連結已過期");
  });

  it("turns a failure inside into the friendly 500 page in the reader's language", async () => {
    const far = Math.floor(Date.now() / 1000) + 86_400;
    const res = await get(
      tokenOf(linksFor("logistics-tw", "lead@example.com", { expiresAt: far }).quote(late.id)),
      "zh-TW",
    );
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain("我們這邊出了點問題");
    // No error name or stack frame ("\n    at fn (file:1:2)"); the page's own CSS may say ".csat label".
    expect(res.body).not.toMatch(/ECONNREFUSED|Error|\n\s+at /);
  });
});
