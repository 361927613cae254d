import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { verifyUnsubscribe } from "#shared/digest/model/subscriptions";
import { digestLedger } from "#shared/digest/wiring";
import { htmlPage } from "#shared/edge/html-page";
import { escapeHtml } from "#shared/kernel/html";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";

const config = loadConfig();
const ledger = digestLedger(config);
const [signingKey] = await loadSigningKeys(config);

const page = (status: number, title: string, body: string): APIGatewayProxyStructuredResultV2 =>
  htmlPage(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#111827"><h1 style="font-size:1.375rem">${escapeHtml(title)}</h1>${body}</body></html>`,
    { noindex: true },
  );

/**
 * GET|POST /digests/unsubscribe?s=<subscription>&e=<email>&sig=<hmac>: the link in every digest.
 * GET asks to confirm (mail scanners open links too); POST — the button, or a mail client's
 * one-click unsubscribe (RFC 8058) — records it, and no digest of that subscription reaches the
 * address again.
 */
export const unsubscribe = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const q = event.queryStringParameters ?? {};
  const sub = q.s ?? "";
  const email = q.e ?? "";
  if (!signingKey || !sub || !email || !verifyUnsubscribe(signingKey.secret, sub, email, q.sig ?? "")) {
    return page(403, "This unsubscribe link is not valid", "<p>Use the link from the most recent digest email.</p>");
  }
  if (event.requestContext.http.method === "POST") {
    await ledger.unsubscribe(sub, email, new Date().toISOString());
    logger.info("digest unsubscribe", { subscription: sub });
    return page(
      200,
      "You are unsubscribed / 已退订",
      `<p>${escapeHtml(email)} will no longer receive this weekly digest. 您将不再收到此周报。</p>`,
    );
  }
  return page(
    200,
    "Unsubscribe from the weekly digest? / 退订周报？",
    `<p>${escapeHtml(email)}</p><form method="post"><button type="submit" style="min-height:44px;padding:.5rem 1.25rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;font:inherit;font-weight:700">Unsubscribe / 退订</button></form>`,
  );
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .handler((event) => unsubscribe(event));
