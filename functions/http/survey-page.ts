import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { BASE_HEADERS } from "#shared/edge/headers";
import { htmlPage } from "#shared/edge/html-page";
import { problemOf, toProblem } from "#shared/edge/problem";
import { formBody, header } from "#shared/edge/request";
import type { IngestQueue } from "#shared/ingest/ports/ingest-queue";
import { ingestQueue } from "#shared/ingest/wiring";
import { negotiateLocale } from "#shared/kernel/locale";
import type { SigningKey } from "#shared/kernel/signing-key";
import { loadConfig } from "#shared/platform/config";
import { count, logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { scoresFor } from "#shared/surveys/model/links";
import { issuePageTicket, readPageTicket } from "#shared/surveys/model/page-ticket";
import { verifySurveyToken } from "#shared/surveys/model/token";
import type { PostLimiter } from "#shared/surveys/ports/post-limiter";
import type { SurveyStore } from "#shared/surveys/ports/survey-store";
import { admitSurveyPost, recordSurveyPost } from "#shared/surveys/survey-responses";
import type { ErrorStatus } from "#shared/surveys/views/messages";
import { COMMENT_MAX_LENGTH, renderErrorPage, renderSurveyPage } from "#shared/surveys/views/page";
import { postLimiter, surveyStore } from "#shared/surveys/wiring";

const config = loadConfig();
type Deps = {
  surveys: SurveyStore;
  queue: Pick<IngestQueue, "sendSurveyResponse">;
  limiter: PostLimiter;
  keys: readonly SigningKey[];
  now: () => Date;
  autoDecideSeconds?: number;
};
const defaults: Deps = {
  surveys: surveyStore(config),
  queue: ingestQueue(config),
  limiter: postLimiter(config),
  keys: await loadSigningKeys(config),
  now: () => new Date(),
  autoDecideSeconds: config.SURVEY_AUTO_DECIDE_SECONDS,
};

// HEAD gets the status and headers only: link checkers learn nothing and change nothing.
const page = (status: number, html: string, nonce: string, method: string): APIGatewayProxyStructuredResultV2 =>
  htmlPage(status, method === "HEAD" ? "" : html, { nonce, connect: "'self'", noindex: true });

/**
 * GET|HEAD|POST /s/{token}: the page a customer lands on from a survey link. A GET or HEAD only
 * shows the page (scanners open every link of an email); the score is recorded by a POST, from the
 * page's own script on load or its button, and counted by the worker a few seconds later once it
 * is clear no burst of taps surrounds it.
 */
export const surveyPage = async (event: APIGatewayProxyEventV2, deps: Deps = defaults) => {
  const method = event.requestContext.http.method.toUpperCase();
  const nonce = randomBytes(12).toString("base64url");
  const acceptLanguage = header(event, "accept-language");
  const fail = (status: ErrorStatus) =>
    page(status, renderErrorPage(status, negotiateLocale(undefined, acceptLanguage), nonce), nonce, method);

  const token = event.pathParameters?.token ?? "";
  const now = deps.now();
  const verified = verifySurveyToken(token, deps.keys, now);
  if (!verified.ok) return fail(verified.reason === "expired" ? 410 : 403);
  const { claims } = verified;
  const survey = await deps.surveys.getSurvey(claims.surveyId);
  if (!survey || survey.kind !== claims.kind) return fail(404);
  const locale = negotiateLocale(claims.locale ?? survey.locale, acceptLanguage);
  const validScore = (raw: string | null | undefined) => {
    const n = raw === null || raw === undefined || raw === "" ? Number.NaN : Number(raw);
    return Number.isInteger(n) && scoresFor(claims.kind).includes(n) ? n : undefined;
  };
  const [signingKey] = deps.keys;
  const ticket = signingKey && issuePageTicket(survey.surveyId, signingKey, now);
  const common = { kind: claims.kind, locale, token, postUrl: event.rawPath, nonce, ...(ticket && { ticket }) };

  if (method === "POST") {
    // Over the link's limits nothing is stored: a browser gets the friendly page, a script problem+json.
    try {
      await admitSurveyPost(deps, survey, now);
    } catch (error) {
      const problem = problemOf(error);
      if (problem.status !== 429) throw error;
      logger.warn("survey posts over the limit", { surveyId: survey.surveyId, detail: problem.detail });
      if (!/text\/html/i.test(header(event, "accept") ?? "")) return toProblem(error);
      return htmlPage(429, renderErrorPage(429, locale, nonce), { nonce, noindex: true }, problem.headers);
    }
    const body = formBody(event);
    const score = validScore(body.get("score"));
    if (score === undefined) return fail(400);
    // Cut in UTF-16 units like the text box, but never through an emoji: half of one is not text.
    const comment =
      body
        .get("comment")
        ?.slice(0, COMMENT_MAX_LENGTH)
        .replace(/\p{Surrogate}$/u, "")
        .trim() || undefined;
    const auto = body.get("auto") === "1";
    const renderedAt = readPageTicket(body.get("t"), survey.surveyId, deps.keys, now);
    const attempt = await recordSurveyPost(deps, survey, {
      at: now.toISOString(),
      score,
      method: "POST",
      auto,
      renderedAt: renderedAt?.toISOString() ?? "none",
      ...(comment !== undefined && { comment }),
      ...(header(event, "user-agent") !== undefined && { userAgent: header(event, "user-agent") }),
    });
    if (attempt.suspect) {
      logger.info("survey attempt held as suspect", { surveyId: survey.surveyId, reason: attempt.reason });
      count("SurveyAnswersDiscarded", 1);
    }
    // Suspect or not, the answer looks the same: a scanner learns nothing from it.
    if (auto) return { statusCode: 204, headers: { ...BASE_HEADERS } };
    return page(
      200,
      renderSurveyPage({ ...common, state: "saved", score, ...(comment && { comment }) }),
      nonce,
      method,
    );
  }

  const tapped = validScore(event.queryStringParameters?.score) ?? survey.answer?.score;
  const html = renderSurveyPage({
    ...common,
    state: tapped === undefined ? "choose" : "confirm",
    ...(tapped !== undefined && { score: tapped }),
    ...(survey.answer?.comment !== undefined && { comment: survey.answer.comment }),
  });
  return page(200, html, nonce, method);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .onError(async (request) => {
    // Never a stack trace or problem+json for a customer: a friendly page in their language.
    logger.error("survey page failed", { error: request.error });
    const locale = negotiateLocale(undefined, request.event.headers?.["accept-language"]);
    request.response = htmlPage(500, renderErrorPage(500, locale), { noindex: true });
  })
  .handler((event) => surveyPage(event));
