import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type * as z from "zod";
import { BASE_HEADERS } from "#shared/edge/headers";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { HttpProblem, json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import {
  deadLettersOf,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  putWebhook,
  redeliver,
  testWebhook,
} from "#shared/webhooks/manage-webhooks";
import { WEBHOOK_ID, WebhookBody, type WebhookList } from "#shared/webhooks/model/endpoint";
import { DeadLetterQuery, deadLetterView, RedeliverQuery } from "#shared/webhooks/model/webhook-api";
import { manageDeps, urlRulesFrom } from "#shared/webhooks/wiring";

const config = loadConfig();
const deps = manageDeps(config);
const webhookBody = WebhookBody(defaultTaxonomy, urlRulesFrom(config));

const query = <S extends z.ZodType>(schema: S, event: APIGatewayProxyEventV2): z.infer<S> => {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw validationError("The query is invalid", parsed.error, "(query)");
  return parsed.data;
};

/**
 * Webhook endpoints (API key):
 *   GET    /v1/webhooks                       every endpoint (secrets never shown)
 *   PUT    /v1/webhooks/{id}                  create (201, with the generated secret once) or replace (200)
 *   GET    /v1/webhooks/{id}                  one endpoint
 *   DELETE /v1/webhooks/{id}                  remove it, its secrets and its dead letters (204)
 *   POST   /v1/webhooks/{id}/test             send a test task.opened now; the receiver's answer
 *   GET    /v1/webhooks/{id}/dead-letters     deliveries that used up their attempts
 *   POST   /v1/webhooks/{id}/redeliver        send them again (and enable a disabled endpoint)
 */
export const webhooksApi = async (
  event: APIGatewayProxyEventV2 & { parsedBody?: unknown },
): Promise<APIGatewayProxyStructuredResultV2> => {
  if (event.routeKey === "GET /v1/webhooks") {
    return json(200, { items: await listWebhooks(deps) } satisfies WebhookList);
  }
  const id = event.pathParameters?.id ?? "";
  if (!WEBHOOK_ID.test(id)) {
    throw new HttpProblem(400, "Invalid webhook id", "The id must be 1-40 lowercase letters, digits or dashes.", {
      errors: [{ field: "id", message: "must be 1-40 lowercase letters, digits or dashes" }],
    });
  }
  switch (event.routeKey) {
    case "GET /v1/webhooks/{id}":
      return json(200, await getWebhook(deps, id));
    case "DELETE /v1/webhooks/{id}": {
      if (!(await deleteWebhook(deps, id)))
        throw new HttpProblem(404, "Not found", `No webhook endpoint has the id ${id}.`);
      logger.info("webhook endpoint removed", { webhook: id });
      return { statusCode: 204, headers: { ...BASE_HEADERS } };
    }
    case "POST /v1/webhooks/{id}/test": {
      const result = await testWebhook(deps, id);
      logger.info("webhook test sent", { webhook: id, status: result.status, error: result.error });
      return json(200, result);
    }
    case "GET /v1/webhooks/{id}/dead-letters": {
      const { limit } = query(DeadLetterQuery, event);
      return json(200, { items: (await deadLettersOf(deps, id, limit)).map(deadLetterView) });
    }
    case "POST /v1/webhooks/{id}/redeliver": {
      const q = query(RedeliverQuery, event);
      const result = await redeliver(deps, id, { webhookIds: q.ids?.split(","), limit: q.limit });
      logger.info("webhook dead letters redelivered", { webhook: id, ...result });
      return json(200, result);
    }
    default: {
      const parsed = webhookBody.safeParse(event.parsedBody);
      if (!parsed.success) throw validationError("The webhook endpoint is invalid", parsed.error);
      const { outcome, view } = await putWebhook(deps, id, parsed.data);
      logger.info("webhook endpoint saved", { webhook: id, outcome, format: view.format, events: view.events });
      return json(outcome === "created" ? 201 : 200, view);
    }
  }
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use({
    before: async (request) => {
      if (request.event.routeKey === "PUT /v1/webhooks/{id}") await jsonBody().before?.(request as never);
    },
  })
  .use(problemDetails(logger))
  .handler((event) => webhooksApi(event));
