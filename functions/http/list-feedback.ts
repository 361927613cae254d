import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { Channel, Sentiment } from "#shared/feedback/model/schema";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { feedbackStore } from "#shared/feedback/wiring";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { forViewer, type Lens, pseudonymKey } from "#shared/privacy/model/disclose";

const config = loadConfig();
const store = feedbackStore(config);
/** API keys have no right to personal data: every item goes out through the privacy policy. */
const apiKeyLens: Lens = { canSeePersonalData: false, pseudonymKey: pseudonymKey(await loadSigningKeys(config)) };

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 366;

const date = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .or(z.iso.date({ error: "must be an ISO 8601 date or date-time" }))
  .transform((s) => new Date(s));

const ListQuery = z
  .object({
    from: date.optional(),
    to: date.optional(),
    channel: Channel.optional(),
    theme: z.string().min(1).max(64).optional(),
    sentiment: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(Sentiment)
      .optional(),
    limit: z.coerce.number().int("must be a whole number").min(1).max(100).default(25),
    cursor: z.string().max(2_000).optional(),
  })
  .strict()
  .transform((q, ctx) => {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * DAY);
    if (from > to) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after 'to'" });
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
    }
    return { ...q, from, to };
  });

/**
 * GET /v1/feedback?from&to&channel&theme&sentiment&limit&cursor: newest first, paginated.
 * Reads the day-partitioned GSI1 with Query only; `from` defaults to 30 days before `to` (now).
 */
export const listFeedback = async (
  event: APIGatewayProxyEventV2,
  deps: { store: Pick<FeedbackStore, "list">; lens: Lens } = { store, lens: apiKeyLens },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const parsed = ListQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    throw validationError("The query is invalid", parsed.error, "(query)");
  }
  const page = await deps.store.list(parsed.data);
  const items = page.items.map((item) => forViewer("feedback", item, deps.lens));
  return json(200, { items, ...(page.cursor && { cursor: page.cursor }) });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => listFeedback(event));
