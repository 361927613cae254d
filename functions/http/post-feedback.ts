import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { type AcceptDeps, acceptFeedback } from "#shared/ingest/accept-feedback";
import type { AcceptedItems } from "#shared/ingest/model/acceptance";
import { parseFeedbackBody } from "#shared/ingest/model/validation";
import { acceptanceLedger, ingestQueue } from "#shared/ingest/wiring";
import { loadConfig } from "#shared/platform/config";
import { count, logger, observability } from "#shared/platform/observability";

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
  const accepted = items.filter((i) => i.status === "accepted").length;
  const duplicates = items.filter((i) => i.status === "duplicate").length;
  logger.info("feedback accepted", { accepted, duplicates });
  count("FeedbackAccepted", accepted);
  count("FeedbackDuplicates", duplicates, { stage: "edge" });
  return json(202, { items } satisfies AcceptedItems);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(jsonBody())
  .use(problemDetails(logger))
  .handler((event) => postFeedback(event));
