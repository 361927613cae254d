import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { type AcceptDeps, acceptFeedback } from "#shared/ingest/accept-feedback";
import { parseFeedbackBody } from "#shared/ingest/model/validation";
import { acceptanceLedger, ingestQueue } from "#shared/ingest/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";

const config = loadConfig();
const deps: AcceptDeps = {
  store: acceptanceLedger(config),
  queue: ingestQueue(config),
  now: () => new Date(),
  onMarkFailed: (error) => logger.warn("accepted items queued but not marked; duplicates may be re-queued", { error }),
};

/** POST /v1/feedback: one item or {"items": [...]}; 202 once every accepted item is on the queue. */
export const postFeedback = async (
  event: APIGatewayProxyEventV2 & { parsedBody?: unknown },
  dependencies: AcceptDeps = deps,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const inputs = parseFeedbackBody(event.parsedBody);
  const items = await acceptFeedback(inputs, dependencies);
  logger.info("feedback accepted", {
    accepted: items.filter((i) => i.status === "accepted").length,
    duplicates: items.filter((i) => i.status === "duplicate").length,
  });
  return json(202, { items });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(jsonBody())
  .use(problemDetails(logger))
  .handler((event) => postFeedback(event));
