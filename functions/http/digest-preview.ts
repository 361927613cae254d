import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { PreviewQuery } from "#shared/digest/model/digest-api";
import { type DigestSubscription, reportedWeek } from "#shared/digest/model/subscriptions";
import { renderedDigest } from "#shared/digest/send-digest";
import { subscriptionById, themeFixStore } from "#shared/digest/wiring";
import { htmlPage } from "#shared/edge/html-page";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { publicBaseUrl } from "#shared/edge/public-url";
import { apiKeyStore } from "#shared/edge/wiring";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { NotFoundError } from "#shared/kernel/errors";
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
  // Each theme line's latest fix and its effect, as in the mailed digest.
  fixes: themeFixStore(config),
};
const previewQuery = PreviewQuery(defaultTaxonomy);
// A subscription named by ?subscription=: the config file's, else the API's (one GetItem).
const findSubscription = subscriptionById(config);

/**
 * GET /v1/digests/preview?week=2026-W47[&subscription=S][&team=T][&themes=a,b][&touchpoints=c][&locale=zh-Hans]:
 * the weekly digest as the email's HTML, for the whole organization, one team or one subscription,
 * with its charts embedded; the week defaults to the last complete one (in the subscription's time
 * zone when one is named). `subscription` takes that subscription's team, themes, touchpoints and
 * language, so the preview is the digest its readers get; team, themes, touchpoints or locale given
 * beside it win. The locale takes any tag of a language the digest speaks (zh-TW is zh-Hant); without
 * one and without a subscription the preview speaks the staff's language (STAFF_LOCALE, zh-Hans unless
 * configured), like the other emails staff read.
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
  const { week, subscription, team, themes, touchpoints, locale } = parsed.data;
  return {
    week: week ?? isoWeek(new Date(now.getTime() - 7 * 86_400_000)),
    subscription,
    /** What the query itself named (the subscription's fill in the rest). */
    given: { week, team, themes, touchpoints, locale },
    focus: { team, themes, touchpoints, locale: locale ?? staffLocale },
  };
};

type Focus = ReturnType<typeof previewRequest>["focus"];

/**
 * The preview's week and focus, with a named subscription's filled in: 400 for a malformed query,
 * 404 when no subscription has the id (the config file's, then the API's).
 */
export const previewTarget = async (
  query: Record<string, string | undefined>,
  staffLocale: SupportedLocale,
  findSubscription: (id: string) => Promise<DigestSubscription | undefined>,
  now = new Date(),
): Promise<{ week: string; focus: Focus }> => {
  const request = previewRequest(query, staffLocale, now);
  if (request.subscription === undefined) return { week: request.week, focus: request.focus };
  const sub = await findSubscription(request.subscription);
  if (sub === undefined) {
    throw new NotFoundError(
      `No digest subscription has the id ${request.subscription} (see GET /v1/digest-subscriptions).`,
    );
  }
  const { given } = request;
  return {
    week: given.week ?? reportedWeek(now, sub.timeZone),
    focus: {
      team: given.team ?? sub.team,
      themes: given.themes ?? sub.themes,
      touchpoints: given.touchpoints ?? sub.touchpoints,
      locale: given.locale ?? sub.locale,
    },
  };
};

export const digestPreview = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { week, focus } = await previewTarget(event.queryStringParameters ?? {}, config.STAFF_LOCALE, findSubscription);
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
