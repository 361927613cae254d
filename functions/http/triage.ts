import { randomBytes } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { auditedReads } from "#shared/data-rights/audited-reads";
import { auditLog } from "#shared/data-rights/wiring";
import { BASE_HEADERS } from "#shared/edge/headers";
import { htmlPage } from "#shared/edge/html-page";
import type { Viewer } from "#shared/edge/ports/users";
import { problemOf } from "#shared/edge/problem";
import { formBody, isLocalHost, isSameOrigin } from "#shared/edge/request";
import {
  currentViewer,
  endSession,
  recordFailedSignIn,
  sessionCookie,
  signedNote,
  signInWait,
  startSession,
  verifiedNote,
} from "#shared/edge/session";
import { sessionStore, signInThrottle, tokenRevoker, userDirectory } from "#shared/edge/wiring";
import { feedbackStore } from "#shared/feedback/wiring";
import { escalationLevel } from "#shared/follow-up/model/escalation";
import { type FollowUpTaskV2, nextDeadline } from "#shared/follow-up/model/task";
import { actOnTask, TASK_ACTIONS } from "#shared/follow-up/task-actions";
import { lensFor, sessionSecret, taskQueryFrom } from "#shared/follow-up/task-http";
import { renderLoginPage } from "#shared/follow-up/views/login-page";
import { renderTriagePage } from "#shared/follow-up/views/triage-page";
import type { TriageTaskView } from "#shared/follow-up/views/triage-view";
import { rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { ValidationError } from "#shared/kernel/errors";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { forViewer, pseudonymKey } from "#shared/privacy/model/disclose";
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
const TEAMS = [...new Set(defaultTaxonomy.themes.map((t) => t.team))].sort();
const THEMES = defaultTaxonomy.themes.map((t) => t.id);

const html = (status: number, body: string, nonce: string, headers: Record<string, string> = {}) =>
  htmlPage(status, body, { nonce, referrer: "same-origin" }, headers);

const redirect = (location: string, cookie?: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { ...BASE_HEADERS, location },
  ...(cookie && { cookies: [cookie] }),
});

const secure = (event: APIGatewayProxyEventV2) => !isLocalHost(event.headers?.host ?? "");

/**
 * What one queue row shows, through the privacy policy: raw values and the customer's words as
 * written only for viewers allowed to see them.
 */
const views = async (list: readonly FollowUpTaskV2[], viewer: Viewer): Promise<TriageTaskView[]> => {
  // Every record a pii-viewer sees unmasked is written to the personal-data audit (one line per page).
  const reads = auditedReads(audit, () => new Date());
  const lens = lensFor(viewer, pseudonyms, reads.onUnmasked);
  const latestIds = list.map((t) => t.feedbackIds[t.feedbackIds.length - 1] ?? "");
  const [records, originals] = await Promise.all([
    feedback.storedRecords(latestIds),
    viewer.canSeePersonalData ? feedback.originalTexts(latestIds) : Promise.resolve(new Map<string, string>()),
  ]);
  const shown = list.map((task, i) => {
    const t = forViewer("task", task, lens);
    const latest = latestIds[i] ?? "";
    const record = records.get(latest);
    const text = originals.get(latest) ?? (record && forViewer("feedback", record, lens).text);
    const next = nextDeadline(t);
    return {
      id: t.id,
      version: t.version,
      customerLabel: t.customerId,
      ...(t.customerTier !== undefined && { customerTier: t.customerTier }),
      channel: t.channel,
      status: t.status,
      ...(t.assignee !== undefined && { assignee: t.assignee }),
      team: t.team,
      themes: t.themes,
      priority: t.priority,
      reasons: t.reasons,
      openedAt: t.openedAt,
      firstResponseDueAt: t.firstResponseDueAt,
      resolveDueAt: t.resolveDueAt,
      ...(next && { nextDueAt: next.dueAt }),
      escalationLevel: escalationLevel(t),
      ...(text !== undefined && { latestText: text }),
      feedbackCount: t.feedbackIds.length,
    };
  });
  await reads.flush(viewer.name);
  return shown;
};

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
    return html(403, renderLoginPage({ nonce, basePath: BASE, error: "This form was sent from another site." }), nonce);
  }

  if (route === "GET /triage/login") {
    return html(
      200,
      renderLoginPage({
        nonce,
        basePath: BASE,
        ...(config.DEV_LOGIN_PASSWORD && { devHint: "Local development: any name, the development password." }),
      }),
      nonce,
    );
  }
  if (route === "POST /triage/login") {
    const form = formBody(event);
    const name = (form.get("name") ?? "").slice(0, 200);
    const client = event.requestContext.http.sourceIp ?? "unknown";
    const wait = await signInWait(throttle, name, client, now);
    if (wait > 0) {
      logger.warn("triage sign-in throttled", { waitSeconds: wait });
      const minutes = Math.ceil(wait / 60);
      const error = `Too many failed sign-ins. Try again in ${minutes} min.`;
      return html(429, renderLoginPage({ nonce, basePath: BASE, error }), nonce, { "retry-after": String(wait) });
    }
    const signedIn = await users.authenticate(name, form.get("password") ?? "");
    if (!signedIn) {
      await recordFailedSignIn(throttle, name, client, now);
      return html(
        401,
        renderLoginPage({ nonce, basePath: BASE, error: "That name and password did not match." }),
        nonce,
      );
    }
    logger.info("triage sign-in", { user: signedIn.name, canSeePersonalData: signedIn.canSeePersonalData });
    return redirect(BASE, sessionCookie(await startSession(sessionDeps, signedIn, now), secure(event)));
  }
  if (route === "POST /triage/logout") {
    // The session ends first and for good; a refresh token Cognito failed to revoke is logged.
    const { revokeFailed } = await endSession({ ...sessionDeps, revoker }, cookies, now);
    if (revokeFailed !== undefined) logger.warn("triage sign-out: token not revoked", { error: revokeFailed });
    return redirect(`${BASE}/login`, sessionCookie("", secure(event), 0));
  }
  const viewer = await currentViewer(sessionDeps, cookies, now);
  if (!viewer) return redirect(`${BASE}/login`);

  if (route === "POST /triage/tasks/{id}/{action}") {
    const { id = "", action = "" } = event.pathParameters ?? {};
    const form = formBody(event);
    const step = TASK_ACTIONS.find((a) => a === action);
    let flash: string;
    try {
      if (!step) throw new ValidationError("Unknown action", [{ field: "action", message: "is not an action" }]);
      const outcome = form.get("outcome") || undefined;
      await actOnTask({ tasks }, id, step, { version: Number(form.get("version")), outcome }, viewer.name, now);
      flash = `Task ${id}: ${step} done.`;
    } catch (error) {
      // The one error mapper decides what is the lead's to fix (4xx: said in the flash) and what is ours.
      const problem = problemOf(error);
      if (problem.status >= 500) throw error;
      flash =
        problem.status === 409 && problem.title === "Conflict"
          ? `Task ${id} was changed by someone else meanwhile; here is the latest.`
          : problem.detail;
    }
    const back = new URLSearchParams(form.get("return") ?? "");
    const note = signedNote(flash, secret);
    back.set("flash", note.flash);
    back.set("fs", note.fs);
    return redirect(`${BASE}?${back}`);
  }

  const params = event.queryStringParameters ?? {};
  const { flash: unverified, fs, ...filters } = params;
  // Only words this page wrote (signed at the redirect) reach the banner; a crafted link shows nothing.
  const flash = verifiedNote(unverified, fs, secret);
  const query = taskQueryFrom(filters, now);
  const page = await tasks.listTasks(query);
  const body = renderTriagePage({
    tasks: await views(page.items, viewer),
    filters: {
      ...(filters.status && { status: filters.status }),
      ...(filters.team && { team: filters.team }),
      ...(filters.theme && { theme: filters.theme }),
      ...(filters.channel && { channel: filters.channel }),
      ...(filters.assignee && { assignee: filters.assignee }),
      ...(query.dueBefore !== undefined && { overdue: true }),
    },
    teams: TEAMS,
    themes: THEMES,
    viewer,
    now,
    nonce,
    basePath: BASE,
    ...(page.cursor && { nextCursor: page.cursor }),
    ...(flash && { flash }),
  });
  return html(200, body, nonce);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .onError(async (request) => {
    logger.error("triage page failed", { error: request.error });
    const status = problemOf(request.error).status === 400 ? 400 : 500;
    request.response = {
      statusCode: status,
      headers: { ...BASE_HEADERS, "content-type": "text/plain; charset=utf-8" },
      body: status === 400 ? `Bad request: ${request.error?.message}` : "Something went wrong; the error was logged.",
    };
  })
  .handler((event) => triage(event));
