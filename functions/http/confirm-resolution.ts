import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { htmlPage } from "#shared/edge/html-page";
import { problemOf } from "#shared/edge/problem";
import { formBody, header, isSameOrigin } from "#shared/edge/request";
import { feedbackStore } from "#shared/feedback/wiring";
import { answerQuestion, questionStatus } from "#shared/follow-up/confirmation-answers";
import type { TaskStore } from "#shared/follow-up/ports/task-store";
import type { TaskChangeEvents } from "#shared/follow-up/task-notice";
import { rulesFrom, taskChangeEvents, taskStore } from "#shared/follow-up/wiring";
import { negotiateLocale } from "#shared/kernel/locale";
import type { SigningKey } from "#shared/kernel/signing-key";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import {
  isSolvedAnswer,
  judgeConfirmationPost,
  parseConfirmationForm,
} from "#shared/surveys/model/confirmation-answer";
import { confirmationSubject, verifyConfirmationToken } from "#shared/surveys/model/confirmation-token";
import { issuePageTicket, readPageTicket } from "#shared/surveys/model/page-ticket";
import type { PostLimiter } from "#shared/surveys/ports/post-limiter";
import { admitSurveyPost } from "#shared/surveys/survey-responses";
import { renderConfirmationPage } from "#shared/surveys/views/confirmation-page";
import type { ErrorStatus } from "#shared/surveys/views/messages";
import { renderErrorPage } from "#shared/surveys/views/page";
import { postLimiter } from "#shared/surveys/wiring";

const config = loadConfig();
type Deps = {
  tasks: Pick<TaskStore, "getTask" | "saveTask">;
  limiter: PostLimiter;
  keys: readonly SigningKey[];
  now: () => Date;
  /** A "no" that reopens the task is told to the bus (task.reopened). */
  events?: TaskChangeEvents | undefined;
};
const keys = await loadSigningKeys(config);
const defaults: Deps = {
  tasks: taskStore(config, rulesFrom(config)),
  limiter: postLimiter(config),
  keys,
  now: () => new Date(),
  events: taskChangeEvents(config, pseudonymKey(keys), feedbackStore(config)),
};

// HEAD gets the status and headers only: link checkers learn nothing and change nothing.
const page = (status: number, html: string, nonce: string, method: string): APIGatewayProxyStructuredResultV2 =>
  htmlPage(status, method === "HEAD" ? "" : html, { nonce, noindex: true });

/**
 * GET|HEAD|POST /c/{token}: "is your problem solved?", the page behind the two buttons of the email
 * a customer gets when their follow-up task is resolved. A GET or HEAD only shows the question,
 * with the tapped answer pre-selected (scanners open every link of an email, "yes" and "no" alike);
 * only the page's own form, posted from this site with its page ticket, answers: yes closes the
 * task, no reopens it with the customer's words.
 */
export const confirmResolution = async (event: APIGatewayProxyEventV2, deps: Deps = defaults) => {
  const method = event.requestContext.http.method.toUpperCase();
  const nonce = randomBytes(12).toString("base64url");
  const acceptLanguage = header(event, "accept-language");
  const now = deps.now();
  const verified = verifyConfirmationToken(event.pathParameters?.token ?? "", deps.keys, now);
  const fail = (status: ErrorStatus, locale = negotiateLocale(undefined, acceptLanguage), code: number = status) =>
    page(code, renderErrorPage(status, locale, nonce), nonce, method);
  if (!verified.ok) return fail(verified.reason === "expired" ? 410 : 403);
  const { claims } = verified;
  const locale = negotiateLocale(claims.locale, acceptLanguage);
  const subject = confirmationSubject(claims);
  const [signingKey] = deps.keys;
  const ask = (answer: string | null | undefined) =>
    page(
      200,
      renderConfirmationPage({
        state: "ask",
        locale,
        answer: isSolvedAnswer(answer) ? answer : undefined,
        postUrl: event.rawPath,
        ticket: signingKey && issuePageTicket(subject, signingKey, now),
        nonce,
      }),
      nonce,
      method,
    );

  if (method === "POST") {
    // A form on another site cannot answer for the customer.
    if (!isSameOrigin(event)) return fail(403, locale);
    try {
      await admitSurveyPost(
        deps,
        { surveyId: subject, expiresAt: new Date(claims.expiresAt * 1000).toISOString() },
        now,
      );
    } catch (error) {
      if (problemOf(error).status !== 429) throw error;
      logger.warn("confirmation posts over the limit", { taskId: claims.taskId });
      return htmlPage(429, renderErrorPage(429, locale, nonce), { nonce, noindex: true }, problemOf(error).headers);
    }
    const form = formBody(event);
    const parsed = parseConfirmationForm(form);
    if (!parsed.ok) {
      logger.info("confirmation post refused", { field: parsed.field });
      return fail(400, locale);
    }
    const verdict = judgeConfirmationPost({
      userAgent: header(event, "user-agent"),
      renderedAt: readPageTicket(form.get("t"), subject, deps.keys, now),
    });
    if (!verdict.counts) {
      // Not a person's answer: nothing changes, and the question is simply shown again.
      logger.info("confirmation post not counted", { taskId: claims.taskId, reason: verdict.reason });
      return ask(form.get("answer"));
    }
    const outcome = await answerQuestion(deps, claims, parsed.answer, now);
    logger.info("confirmation answered", { taskId: claims.taskId, round: claims.round, outcome });
    if (outcome === "not_found") return fail(404, locale);
    if (outcome === "busy") return fail(500, locale, 503);
    return page(200, renderConfirmationPage({ state: "done", locale, outcome, nonce }), nonce, method);
  }

  const tapped = event.queryStringParameters?.a;
  // A cut-off link ("?a=ye") is not quite right: say so rather than guess.
  if (tapped !== undefined && !isSolvedAnswer(tapped)) return fail(400, locale);
  const status = await questionStatus(deps, claims);
  if (status === "not_found") return fail(404, locale);
  if (status === "already_answered") {
    return page(
      200,
      renderConfirmationPage({ state: "done", locale, outcome: "already_answered", nonce }),
      nonce,
      method,
    );
  }
  return ask(tapped);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .onError(async (request) => {
    // Never a stack trace or problem+json for a customer: a friendly page in their language.
    logger.error("confirmation page failed", { error: request.error });
    const locale = negotiateLocale(undefined, request.event.headers?.["accept-language"]);
    request.response = htmlPage(500, renderErrorPage(500, locale), { noindex: true });
  })
  .handler((event) => confirmResolution(event));
