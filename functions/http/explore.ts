import { randomBytes } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { explorer } from "#shared/digest/explorer-http";
import { themeFixStore } from "#shared/digest/wiring";
import { BASE_HEADERS } from "#shared/edge/headers";
import { badRequestText, problemOf } from "#shared/edge/problem";
import { isLocalHost } from "#shared/edge/request";
import { currentViewer } from "#shared/edge/session";
import { sessionStore } from "#shared/edge/wiring";
import { rememberNext } from "#shared/edge/workbench-locale";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { sessionSecret } from "#shared/follow-up/task-http";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const sessions = sessionStore(config);
const secret = sessionSecret(await loadSigningKeys(config));
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
export const explore = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const now = new Date();
  const nonce = randomBytes(12).toString("base64url");
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
    ? pages.theme(event, viewer.name, nonce, now)
    : pages.overview(event, viewer.name, nonce, now);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
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
