import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { publicBaseUrl } from "#shared/edge/public-url";
import { apiKeyStore } from "#shared/edge/wiring";
import type { SigningKey } from "#shared/kernel/signing-key";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { emailSnippet, smsText, surveyLinks } from "#shared/surveys/model/links";
import { type MintAnswer, MintRequest } from "#shared/surveys/model/mint";
import { quietPeriodDecision } from "#shared/surveys/model/quiet-period";
import { signSurveyToken } from "#shared/surveys/model/token";
import type { SurveyStore } from "#shared/surveys/ports/survey-store";
import { surveyStore } from "#shared/surveys/wiring";

const config = loadConfig();
const defaults = {
  surveys: surveyStore(config),
  keys: await loadSigningKeys(config),
  now: () => new Date(),
};

const DAY_MS = 86_400_000;

/**
 * POST /v1/survey-links: mints a survey for one customer and answers with one link per score, an
 * email-safe HTML snippet and an SMS text; or, within the customer's quiet period, "suppressed"
 * with the reason. The quiet period holds even for two concurrent requests (conditional write).
 */
export const createSurveyLink = async (
  event: APIGatewayProxyEventV2 & { parsedBody?: unknown },
  deps: { surveys: SurveyStore; keys: readonly SigningKey[]; now: () => Date } = defaults,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const parsed = MintRequest.safeParse(event.parsedBody);
  if (!parsed.success) {
    throw validationError("The survey request is invalid", parsed.error);
  }
  const request = parsed.data;
  const now = deps.now();
  const periods = { nps: config.QUIET_PERIOD_NPS_DAYS, csat: config.QUIET_PERIOD_CSAT_DAYS };
  const last = await deps.surveys.lastSurveyedAt(request.customer.id, request.kind);
  const decision = quietPeriodDecision({
    kind: request.kind,
    now,
    periods,
    ...(last !== undefined && { lastSurveyedAt: new Date(last) }),
  });
  if (decision.status === "suppressed") {
    return json(200, {
      status: "suppressed",
      reason: decision.reason,
      nextAllowedAt: decision.nextAllowedAt,
    } satisfies MintAnswer);
  }

  const surveyId = randomBytes(9).toString("base64url");
  const expiresAt = new Date(now.getTime() + config.SURVEY_LINK_DAYS * DAY_MS);
  const created = await deps.surveys.createSurvey(
    {
      surveyId,
      kind: request.kind,
      customer: request.customer,
      touchpoint: request.touchpoint,
      locale: request.locale,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    },
    // Another survey minted since we looked must also be older than the quiet period.
    { notAfter: new Date(now.getTime() - periods[request.kind] * DAY_MS).toISOString() },
  );
  if (created === "suppressed") {
    return json(200, {
      status: "suppressed",
      reason: "another survey was just sent to this customer",
    } satisfies MintAnswer);
  }
  const [signingKey] = deps.keys;
  if (!signingKey) throw new Error("no survey signing key is configured");
  const token = signSurveyToken(
    {
      surveyId,
      kind: request.kind,
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      ...(request.locale !== undefined && { locale: request.locale }),
      ...(request.touchpoint !== undefined && { touchpoint: request.touchpoint }),
    },
    signingKey,
  );
  const links = surveyLinks(publicBaseUrl(config, event), token, request.kind);
  const snippet = {
    links,
    kind: request.kind,
    locale: request.locale ?? "en",
    ...(request.brand && { brand: request.brand }),
  };
  logger.info("survey minted", { surveyId, kind: request.kind });
  return json(201, {
    status: "created",
    surveyId,
    expiresAt: expiresAt.toISOString(),
    links,
    html: emailSnippet(snippet),
    text: smsText(snippet),
  } satisfies MintAnswer);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(jsonBody())
  .use(problemDetails(logger))
  .handler((event) => createSurveyLink(event));
