import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { PreviewQuery } from "#shared/digest/model/digest-api";
import { renderedDigest } from "#shared/digest/send-digest";
import { htmlPage } from "#shared/edge/html-page";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { publicBaseUrl } from "#shared/edge/public-url";
import { apiKeyStore } from "#shared/edge/wiring";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { rulesFrom, taskStore } from "#shared/follow-up/wiring";
import type { SupportedLocale } from "#shared/kernel/locale";
import { isoWeek } from "#shared/kernel/time";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const sources = {
  feedback: feedbackStore(config),
  counters: weeklyCounters(config),
  tasks: taskStore(config, rulesFrom(config)),
};
const previewQuery = PreviewQuery(defaultTaxonomy);

/**
 * GET /v1/digests/preview?week=2026-W47[&team=T][&themes=a,b][&touchpoints=c][&locale=zh-Hans]: the weekly digest as the email's
 * HTML, for the whole organization or one team, with its charts embedded; the week defaults to the
 * last complete one. The locale takes any tag of a language the digest speaks (zh-TW is zh-Hant); a
 * digest's "View in browser" link names its subscription's, and without one the preview speaks the
 * staff's language (STAFF_LOCALE, zh-Hans unless configured), like the other emails staff read.
 */
/** The preview's query, parsed: 400 naming each bad field; the week and locale filled in. */
export const previewRequest = (
  query: Record<string, string | undefined>,
  staffLocale: SupportedLocale,
  now = new Date(),
) => {
  const parsed = previewQuery.safeParse(query);
  if (!parsed.success) {
    throw validationError("The preview query is invalid", parsed.error, "(query)");
  }
  const { week, team, themes, touchpoints, locale } = parsed.data;
  return {
    week: week ?? isoWeek(new Date(now.getTime() - 7 * 86_400_000)),
    focus: { team, themes, touchpoints, locale: locale ?? staffLocale },
  };
};

export const digestPreview = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { week, focus } = previewRequest(event.queryStringParameters ?? {}, config.STAFF_LOCALE);
  const email = await renderedDigest(
    { ...sources, taxonomy: defaultTaxonomy, baseUrl: publicBaseUrl(config, event) },
    week,
    focus,
    // A browser cannot resolve an email's cid: references: the charts come as data: URLs (img-src data:).
    "inline-data",
  );
  return htmlPage(200, email.html, { images: "data:" }, { "x-digest-subject": encodeURIComponent(email.subject) });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => digestPreview(event));
