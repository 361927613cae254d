import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import { focusCheck } from "#shared/digest/model/subscriptions";
import { renderedDigest } from "#shared/digest/send-digest";
import { htmlPage } from "#shared/edge/html-page";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { publicBaseUrl } from "#shared/edge/public-url";
import { apiKeyStore } from "#shared/edge/wiring";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { isIsoWeek, isoWeek } from "#shared/kernel/time";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const sources = {
  feedback: feedbackStore(config),
  counters: weeklyCounters(config),
  tasks: taskStore(config, rulesFrom(config)),
};
const unknownFocus = focusCheck(defaultTaxonomy);
const idList = z
  .string()
  .transform((t) => t.split(",").map((id) => id.trim()))
  .optional();

const PreviewQuery = z
  .object({
    week: z.string().refine(isIsoWeek, "must be an ISO week that exists, such as 2026-W47").optional(),
    team: z.string().optional(),
    /** Comma-separated theme ids: only these themes (as a subscription that follows them). */
    themes: idList,
    /** Comma-separated counted touchpoints: scores, volume and quotes from answers there. */
    touchpoints: idList,
    locale: z.enum(SUPPORTED_LOCALES).default("en"),
  })
  .strict()
  .superRefine((q, ctx) => {
    for (const { field, message } of unknownFocus(q)) ctx.addIssue({ code: "custom", path: [field], message });
  });

/**
 * GET /v1/digests/preview?week=2026-W47[&team=T][&themes=a,b][&touchpoints=c][&locale=zh-Hans]: the weekly digest as the email's
 * HTML, for the whole organization or one team, with its charts embedded; the week defaults to the
 * last complete one.
 */
export const digestPreview = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const parsed = PreviewQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    throw validationError("The preview query is invalid", parsed.error, "(query)");
  }
  const week = parsed.data.week ?? isoWeek(new Date(Date.now() - 7 * 86_400_000));
  const email = await renderedDigest(
    { ...sources, taxonomy: defaultTaxonomy, baseUrl: publicBaseUrl(config, event) },
    week,
    {
      team: parsed.data.team,
      locale: parsed.data.locale,
      themes: parsed.data.themes,
      touchpoints: parsed.data.touchpoints,
    },
    // A browser cannot resolve an email's cid: references: the charts come as data: URLs (img-src data:).
    "inline-data",
  );
  return htmlPage(200, email.html, { images: "data:" }, { "x-digest-subject": encodeURIComponent(email.subject) });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => digestPreview(event));
