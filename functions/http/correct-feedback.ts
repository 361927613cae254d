import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { HttpProblem, json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { correctFeedback } from "#shared/feedback/correct-feedback";
import type { StoredFeedbackView } from "#shared/feedback/model/feedback-api";
import { isFeedbackId } from "#shared/feedback/model/ids";
import { feedbackStore } from "#shared/feedback/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { forViewer, type Lens, pseudonymKey } from "#shared/privacy/model/disclose";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const deps = { store: feedbackStore(config), taxonomy: defaultTaxonomy, now: () => new Date() };
const apiKeyLens: Lens = { canSeePersonalData: false, pseudonymKey: pseudonymKey(await loadSigningKeys(config)) };

/**
 * POST /v1/feedback/{id}/corrections `{"sentiment"?, "themes"?, "note"?}`: a person sets the right
 * reading of a stored item; 200 with the item as corrected (through the privacy policy, as GET shows it).
 */
export const correctFeedbackApi = async (
  event: APIGatewayProxyEventV2 & { parsedBody?: unknown; caller?: string },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const id = event.pathParameters?.id ?? "";
  if (!isFeedbackId(id)) {
    throw new HttpProblem(404, "Not found", "No feedback has this id.", {
      errors: [{ field: "id", message: "is not a feedback id" }],
    });
  }
  const by = event.caller ?? "api";
  const corrected = await correctFeedback(deps, id, event.parsedBody, by);
  logger.info("feedback corrected", { id, by, sentiment: corrected.sentiment, themes: corrected.themes });
  return json(200, { ...forViewer("feedback", corrected, apiKeyLens), status: "stored" } satisfies StoredFeedbackView);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(jsonBody())
  .use(problemDetails(logger))
  .handler((event) => correctFeedbackApi(event));
