import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { auditedReads } from "#shared/data-rights/audited-reads";
import { auditLog } from "#shared/data-rights/wiring";
import { BASE_HEADERS } from "#shared/edge/headers";
import { badRequestText, problemOf } from "#shared/edge/problem";
import { publicBaseUrl } from "#shared/edge/public-url";
import { isLocalHost, isSameOrigin } from "#shared/edge/request";
import { currentViewer, endSession, sessionCookie } from "#shared/edge/session";
import { sessionStore, signInThrottle, tokenRevoker, userDirectory } from "#shared/edge/wiring";
import { rememberNext } from "#shared/edge/workbench-locale";
import { feedbackStore } from "#shared/feedback/wiring";
import { signInPages } from "#shared/follow-up/sign-in-http";
import { lensFor, sessionSecret } from "#shared/follow-up/task-http";
import { customerMailer, replyTemplatesFrom, rulesFrom, taskChangeEvents, taskStore } from "#shared/follow-up/wiring";
import { workbench } from "#shared/follow-up/workbench-http";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { confirmationMarks } from "#shared/surveys/wiring";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const feedback = feedbackStore(config);
const tasks = taskStore(config, rulesFrom(config));
const users = userDirectory(config);
const sessions = sessionStore(config);
const throttle = signInThrottle(config);
const revoker = tokenRevoker(config);
const keys = await loadSigningKeys(config);
const secret = sessionSecret(keys);
const pseudonyms = pseudonymKey(keys);
const audit = auditLog(config);
const BASE = "/triage";
const staff = { locale: config.STAFF_LOCALE, timeZone: config.STAFF_TIME_ZONE };
// Addresses that bounced or complained get no email; the task page says so (shared/mail/).
const suppressions = mailSuppressions(config, pseudonyms);
const customerMail = customerMailer(config, suppressions);
const bench = workbench({
  tasks,
  feedback,
  customerMail,
  suppressions,
  taxonomy: defaultTaxonomy,
  secret,
  basePath: BASE,
  staff,
  templates: replyTemplatesFrom(config),
  // Resolving asks the customer "is your problem solved?" (shared/follow-up/resolution-confirmation.ts).
  confirmations: {
    feedback,
    mailer: customerMail,
    marks: confirmationMarks(config),
    keys,
    rules: rulesFrom(config),
    fallbackLocale: staff.locale,
    baseUrl: (event) => publicBaseUrl(config, event),
    onError: (problem, taskId) => logger.error("could not ask the customer to confirm", { taskId, problem }),
  },
  events: taskChangeEvents(config, pseudonyms, feedback),
});
const signIn = signInPages({
  users,
  sessions,
  throttle,
  secret,
  basePath: BASE,
  staff,
  devHint: config.DEV_LOGIN_PASSWORD !== undefined,
  log: logger,
});

const redirect = (location: string, cookie?: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { ...BASE_HEADERS, location },
  ...(cookie && { cookies: [cookie] }),
});

const secure = (event: APIGatewayProxyEventV2) => !isLocalHost(event.headers?.host ?? "");

/**
 * The triage page for support leads: sign-in, the queue by urgency with filters, and one-click
 * actions that post back here (the same lifecycle and 409 rules as the tasks API).
 */
export const triage = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const now = new Date();
  const nonce = randomBytes(12).toString("base64url");
  const route = event.routeKey;
  const cookies = event.cookies?.join("; ") ?? event.headers?.cookie;
  const sessionDeps = { sessions, secret };

  // Every state-changing form, sign-in and sign-out included, must come from this site.
  if (event.requestContext.http.method === "POST" && !isSameOrigin(event)) {
    logger.warn("triage: cross-site form refused", { route });
    return signIn.crossSite(event, nonce, now);
  }

  // Sign-in, step by step (password, new password, authenticator code), in the lead's language.
  const signInPage = await signIn.handle(event, nonce, now);
  if (signInPage) return signInPage;
  if (route === "POST /triage/logout") {
    // The session ends first and for good; a refresh token Cognito failed to revoke is logged.
    const { revokeFailed } = await endSession({ ...sessionDeps, revoker }, cookies, now);
    if (revokeFailed !== undefined) logger.warn("triage sign-out: token not revoked", { error: revokeFailed });
    return redirect(`${BASE}/login`, sessionCookie("", secure(event), 0));
  }
  const viewer = await currentViewer(sessionDeps, cookies, now);
  if (!viewer) {
    // A task link (from an email) opens that task once the lead has signed in.
    const next = event.requestContext.http.method === "GET" ? rememberNext(event.rawPath, secure(event)) : undefined;
    return redirect(`${BASE}/login`, next);
  }

  // Every record a pii-viewer sees unmasked is written to the personal-data audit (one line per request).
  const reads = auditedReads(audit, () => now);
  const lens = lensFor(viewer, pseudonyms, reads.onUnmasked);
  try {
    switch (route) {
      case "POST /triage/tasks/{id}/{action}":
        return await bench.act(event, viewer, now);
      case "POST /triage/feedback/{id}/corrections":
        return await bench.correct(event, viewer, now);
      case "GET /triage/tasks/{id}":
        return await bench.task(event, viewer, lens, nonce, now);
      default:
        return await bench.queue(event, viewer, lens, nonce, now);
    }
  } finally {
    await reads.flush(viewer.name);
  }
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .onError(async (request) => {
    const status = problemOf(request.error).status === 400 ? 400 : 500;
    // A bad filter or cursor is the visitor's to fix; only our own failures are errors.
    if (status === 400) logger.warn("triage: bad request", { error: request.error?.message });
    else logger.error("triage page failed", { error: request.error });
    request.response = {
      statusCode: status,
      headers: { ...BASE_HEADERS, "content-type": "text/plain; charset=utf-8" },
      body: status === 400 ? badRequestText(request.error) : "Something went wrong; the error was logged.",
    };
  })
  .handler((event) => triage(event));
