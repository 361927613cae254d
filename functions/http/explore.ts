import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { explorer } from "#shared/digest/explorer-http";
import { readerAmong, readerLinks, verifyReaderToken } from "#shared/digest/model/reader-links";
import { scopeLabel } from "#shared/digest/model/reader-scope";
import { refusedPage } from "#shared/digest/read-digest";
import { subscriptionById, themeFixStore } from "#shared/digest/wiring";
import { BASE_HEADERS } from "#shared/edge/headers";
import { htmlPage } from "#shared/edge/html-page";
import { badRequestText, problemOf } from "#shared/edge/problem";
import { publicBaseUrl } from "#shared/edge/public-url";
import { isLocalHost } from "#shared/edge/request";
import { currentViewer } from "#shared/edge/session";
import { sessionStore } from "#shared/edge/wiring";
import { rememberNext } from "#shared/edge/workbench-locale";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { sessionSecret } from "#shared/follow-up/task-http";
import { negotiateLocale, type SupportedLocale } from "#shared/kernel/locale";
import { isoWeek } from "#shared/kernel/time";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const sessions = sessionStore(config);
const keys = await loadSigningKeys(config);
const secret = sessionSecret(keys);
const subscriptionOf = subscriptionById(config);
const pages = explorer({
  counters: weeklyCounters(config),
  fixes: themeFixStore(config),
  feedback: feedbackStore(config),
  taxonomy: defaultTaxonomy,
  staff: { locale: config.STAFF_LOCALE, timeZone: config.STAFF_TIME_ZONE },
  basePath: "/explore",
  workbenchPath: "/triage",
  secret,
});

/**
 * The explorer for product teams and leads (GET /explore, GET /explore/themes/{id}): behind the
 * same staff sign-in as the workbench; a visitor without a session signs in and comes back here.
 */
/**
 * A digest's reader, through their signed link (`/digests/read/<token>/explore…`): the same pages,
 * scoped to the subscription's themes and touchpoints, read-only; a forged, expired or withdrawn
 * link gets the reader pages' 403/410.
 */
const asReader = async (event: APIGatewayProxyEventV2, nonce: string, now: Date) => {
  const token = event.pathParameters?.token ?? "";
  const refused = (refusal: "invalid" | "expired" | "withdrawn", locale: SupportedLocale) => {
    const page = refusedPage(refusal, locale, nonce);
    return htmlPage(page.status, page.html, { nonce, noindex: true });
  };
  const verified = verifyReaderToken(token, keys, now);
  if (!verified.ok) {
    return verified.reason === "expired"
      ? refused("expired", verified.claims.locale)
      : refused("invalid", negotiateLocale(undefined, event.headers?.["accept-language"]));
  }
  const subscription = await subscriptionOf(verified.claims.subscription);
  const email = subscription && readerAmong(verified.claims, verified.key, subscription.recipients);
  const [current] = keys;
  if (!subscription || email === undefined || current === undefined) {
    return refused("withdrawn", subscription?.locale ?? verified.claims.locale);
  }
  const themes = defaultTaxonomy.themes
    .filter(
      (t) =>
        (subscription.team === undefined || t.team === subscription.team) &&
        (subscription.themes === undefined || subscription.themes.includes(t.id)),
    )
    .map((t) => t.id);
  const scope = {
    basePath: `/digests/read/${token}/explore`,
    themes: new Set(themes),
    touchpoints: subscription.touchpoints ?? [],
    locale: subscription.locale,
    label: scopeLabel(subscription, defaultTaxonomy, subscription.locale),
    // A comment opens as a quote of its week's digest: the same scope check, expiring with this link.
    commentUrl: (id: string, occurredAt: string) =>
      readerLinks({
        key: current,
        baseUrl: publicBaseUrl(config, event),
        subscription: subscription.id,
        email,
        week: isoWeek(new Date(occurredAt)),
        locale: subscription.locale,
        expiresAt: verified.claims.expiresAt,
      }).quote(id),
  };
  const response =
    event.routeKey === "GET /digests/read/{token}/explore/themes/{id}"
      ? await pages.theme(event, { name: scope.label }, nonce, now, scope)
      : await pages.overview(event, { name: scope.label }, nonce, now, scope);
  // The token is in the path: no Referer leaves these pages, and search engines stay away.
  return { ...response, headers: { ...response.headers, "referrer-policy": "no-referrer", "x-robots-tag": "noindex" } };
};

export const explore = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const now = new Date();
  const nonce = randomBytes(12).toString("base64url");
  if (event.routeKey.startsWith("GET /digests/read/")) return asReader(event, nonce, now);
  const viewer = await currentViewer({ sessions, secret }, event.cookies?.join("; ") ?? event.headers?.cookie, now);
  if (!viewer) {
    const next = rememberNext(event.rawPath, !isLocalHost(event.headers?.host ?? ""));
    return {
      statusCode: 303,
      headers: { ...BASE_HEADERS, location: "/triage/login" },
      ...(next && { cookies: [next] }),
    };
  }
  return event.routeKey === "GET /explore/themes/{id}"
    ? pages.theme(event, viewer, nonce, now)
    : pages.overview(event, viewer, nonce, now);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .onError(async (request) => {
    const status = problemOf(request.error).status === 400 ? 400 : 500;
    if (status === 400) logger.warn("explorer: bad request", { error: request.error?.message });
    else logger.error("explorer failed", { error: request.error });
    request.response = {
      statusCode: status,
      headers: { ...BASE_HEADERS, "content-type": "text/plain; charset=utf-8" },
      body: status === 400 ? badRequestText(request.error) : "Something went wrong; the error was logged.",
    };
  })
  .handler((event) => explore(event));
