import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { allSubscriptions, putSubscription, removeSubscription } from "#shared/digest/manage-subscriptions";
import { type ListedSubscription, SubscriptionBody, type SubscriptionList } from "#shared/digest/model/digest-api";
import { DigestSubscription, SUBSCRIPTION_ID } from "#shared/digest/model/subscriptions";
import { digestScheduler, digestSubscriptions, subscriptionStore } from "#shared/digest/wiring";
import { BASE_HEADERS } from "#shared/edge/headers";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { HttpProblem, json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const deps = {
  configured: digestSubscriptions(config),
  store: subscriptionStore(config),
  scheduler: digestScheduler(config),
};
const subscriptionBody = SubscriptionBody(defaultTaxonomy);

/**
 * Digest subscriptions (API key):
 *   GET    /v1/digest-subscriptions        every subscription, with where it is managed ("config" or "api")
 *   PUT    /v1/digest-subscriptions/{id}   create (201) or replace (200) one; its schedule follows
 *   DELETE /v1/digest-subscriptions/{id}   remove it (204) and its schedule
 * Subscriptions from the config file are read-only here (409).
 */
export const digestSubscriptionsApi = async (
  event: APIGatewayProxyEventV2 & { parsedBody?: unknown },
): Promise<APIGatewayProxyStructuredResultV2> => {
  if (event.routeKey === "GET /v1/digest-subscriptions") {
    return json(200, { items: await allSubscriptions(deps) } satisfies SubscriptionList);
  }
  const id = event.pathParameters?.id ?? "";
  if (!SUBSCRIPTION_ID.test(id)) {
    throw new HttpProblem(400, "Invalid subscription id", "The id must be 1-40 lowercase letters, digits or dashes.", {
      errors: [{ field: "id", message: "must be 1-40 lowercase letters, digits or dashes" }],
    });
  }
  if (event.routeKey === "DELETE /v1/digest-subscriptions/{id}") {
    if (!(await removeSubscription(deps, id))) {
      throw new HttpProblem(404, "Not found", `No subscription has the id ${id}.`);
    }
    logger.info("digest subscription removed", { subscription: id });
    return { statusCode: 204, headers: { ...BASE_HEADERS } };
  }
  const parsed = subscriptionBody.safeParse(event.parsedBody);
  if (!parsed.success) throw validationError("The subscription is invalid", parsed.error);
  const subscription = DigestSubscription.parse({ ...parsed.data, id });
  const outcome = await putSubscription(deps, subscription, new Date());
  logger.info("digest subscription saved", { subscription: id, outcome, recipients: subscription.recipients.length });
  return json(outcome === "created" ? 201 : 200, { ...subscription, source: "api" } satisfies ListedSubscription);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use({
    before: async (request) => {
      if (request.event.requestContext.http.method === "PUT") await jsonBody().before?.(request as never);
    },
  })
  .use(problemDetails(logger))
  .handler((event) => digestSubscriptionsApi(event));
