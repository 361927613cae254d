import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { HttpProblem, json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import type { FeedbackStatusView } from "#shared/feedback/model/feedback-api";
import { isFeedbackId } from "#shared/feedback/model/ids";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { feedbackStore } from "#shared/feedback/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { forViewer, type Lens, pseudonymKey } from "#shared/privacy/model/disclose";

const config = loadConfig();
const store = feedbackStore(config);
/** API keys have no right to personal data: the item goes out through the privacy policy. */
const apiKeyLens: Lens = { canSeePersonalData: false, pseudonymKey: pseudonymKey(await loadSigningKeys(config)) };

/**
 * GET /v1/feedback/{id}: the stored, analyzed item (personal data masked or pseudonymised, see
 * shared/privacy/model/policy.ts), or where it stands
 * if it is still on its way ("queued").
 */
export const getFeedback = async (
  event: APIGatewayProxyEventV2,
  deps: { store: Pick<FeedbackStore, "status">; lens: Lens } = { store, lens: apiKeyLens },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const id = event.pathParameters?.id ?? "";
  if (!isFeedbackId(id)) {
    throw new HttpProblem(404, "Not found", "No feedback has this id.", {
      errors: [{ field: "id", message: "is not a feedback id" }],
    });
  }
  const status = await deps.store.status(id);
  if (!status) throw new HttpProblem(404, "Not found", "No feedback has this id.");
  if (status.status === "queued") {
    return json(200, { id, status: "queued", acceptedAt: status.acceptedAt } satisfies FeedbackStatusView);
  }
  return json(200, {
    ...forViewer("feedback", status.feedback, deps.lens),
    status: "stored",
  } satisfies FeedbackStatusView);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => getFeedback(event));
