import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type ReaderDeps, readerPage, refusedPage } from "#shared/digest/read-digest";
import { subscriptionById, themeFixStore } from "#shared/digest/wiring";
import { htmlPage } from "#shared/edge/html-page";
import { publicBaseUrl } from "#shared/edge/public-url";
import { header } from "#shared/edge/request";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { negotiateLocale } from "#shared/kernel/locale";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const defaults: ReaderDeps & { now: () => Date } = {
  feedback: feedbackStore(config),
  counters: weeklyCounters(config),
  tasks: taskStore(config, rulesFrom(config)),
  // The theme lines' fixes and their effect, as in the email.
  fixes: themeFixStore(config),
  taxonomy: defaultTaxonomy,
  subscription: subscriptionById(config),
  keys: await loadSigningKeys(config),
  now: () => new Date(),
};

/**
 * GET /digests/read/{token}: what a digest's reader links open without an API key, read-only — the
 * digest in the browser, or the comment behind one quote (shared/digest/read-digest.ts). A forged
 * link gets the friendly 403 page, an expired one 410, a comment outside the subscription's scope
 * 404; never a stack trace. The token is in the URL: no Referer leaves the page, and search engines
 * are told to stay away.
 */
export const digestReader = async (
  event: APIGatewayProxyEventV2,
  deps: ReaderDeps & { now: () => Date } = defaults,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const nonce = randomBytes(12).toString("base64url");
  const page = await readerPage(
    deps,
    {
      token: event.pathParameters?.token ?? "",
      baseUrl: publicBaseUrl(config, event),
      acceptLanguage: header(event, "accept-language"),
      lang: event.queryStringParameters?.lang,
      nonce,
    },
    deps.now(),
  );
  if (page.kind === "refused") logger.info("digest reader link refused", { refusal: page.refusal });
  // The digest is the email's HTML: inline styles (no nonce) and its two charts as data: images.
  return page.kind === "digest"
    ? htmlPage(200, page.html, { images: "data:", noindex: true })
    : htmlPage(page.status, page.html, { nonce, noindex: true });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .onError(async (request) => {
    // Never a stack trace or problem+json for a reader: a friendly page in their language.
    logger.error("digest reader page failed", { error: request.error });
    const nonce = randomBytes(12).toString("base64url");
    const locale = negotiateLocale(undefined, request.event.headers?.["accept-language"]);
    request.response = htmlPage(500, refusedPage("failed", locale, nonce).html, { nonce, noindex: true });
  })
  .handler((event) => digestReader(event));
