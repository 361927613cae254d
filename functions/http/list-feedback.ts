import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { FeedbackListQuery, type FeedbackPage } from "#shared/feedback/model/feedback-api";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { feedbackStore } from "#shared/feedback/wiring";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { forViewer, type Lens, pseudonymKey } from "#shared/privacy/model/disclose";

const config = loadConfig();
const store = feedbackStore(config);
/** API keys have no right to personal data: every item goes out through the privacy policy. */
const apiKeyLens: Lens = { canSeePersonalData: false, pseudonymKey: pseudonymKey(await loadSigningKeys(config)) };

/**
 * GET /v1/feedback?from&to&channel&theme&sentiment&limit&cursor: newest first, paginated.
 * Reads the day-partitioned GSI1 with Query only; `from` defaults to 30 days before `to` (now).
 */
export const listFeedback = async (
  event: APIGatewayProxyEventV2,
  deps: { store: Pick<FeedbackStore, "list">; lens: Lens } = { store, lens: apiKeyLens },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const parsed = FeedbackListQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    throw validationError("The query is invalid", parsed.error, "(query)");
  }
  const page = await deps.store.list(parsed.data);
  const items = page.items.map((item) => forViewer("feedback", item, deps.lens));
  return json(200, { items, ...(page.cursor && { cursor: page.cursor }) } satisfies FeedbackPage);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => listFeedback(event));
