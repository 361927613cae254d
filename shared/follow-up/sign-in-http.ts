import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { BASE_HEADERS } from "#shared/edge/headers";
import { htmlPage } from "#shared/edge/html-page";
import type { SessionStore, SignInThrottle } from "#shared/edge/ports/sessions";
import {
  LEAD_PASSWORD_POLICY,
  type PasswordProblem,
  type SignInStep,
  type UserDirectory,
} from "#shared/edge/ports/users";
import { formBody, isLocalHost } from "#shared/edge/request";
import {
  openSignInStep,
  type PendingSignIn,
  recordFailedSignIn,
  sealSignInStep,
  sessionCookie,
  signInWait,
  startSession,
} from "#shared/edge/session";
import { takeNext, workbenchLocale } from "#shared/edge/workbench-locale";
import type { SupportedLocale } from "#shared/kernel/locale";
import { type LoginStep, renderLoginPage } from "./views/login-page.ts";
import { LOGIN_TEXT, type LoginText } from "./views/login-text.ts";

/**
 * The triage page's sign-in, step by step: name and password, then whatever the directory asks
 * for (a new password, the authenticator's code, setting the authenticator up), each a form that
 * posts back to `<base>/login` with the pending sign-in sealed in it (session.ts). Every refusal,
 * at any step, counts against the sign-in throttle of the name first typed; every message is in
 * the lead's language (their pick, their browser's, or the staff's default).
 */
export interface SignInDeps {
  users: UserDirectory;
  sessions: SessionStore;
  throttle: SignInThrottle;
  /** The session secret: signs session cookies and seals pending sign-ins. */
  secret: string;
  basePath: string;
  /** The staff's language and time zone when the browser says nothing (STAFF_LOCALE, STAFF_TIME_ZONE). */
  staff: { locale: SupportedLocale; timeZone: string };
  /** Local development: the page says any name signs in with the development password. */
  devHint: boolean;
  log?: {
    info(message: string, attributes: Record<string, unknown>): void;
    warn(message: string, attributes: Record<string, unknown>): void;
  };
}

/** The rules of LEAD_PASSWORD_POLICY a new password breaks (the pool has the last word; this spares it the obvious). */
export const passwordProblems = (password: string): PasswordProblem[] => {
  const p = LEAD_PASSWORD_POLICY;
  return [
    ...([...password].length < p.minLength ? (["too-short"] as const) : []),
    ...(p.requireLowercase && !/[a-z]/.test(password) ? (["needs-lowercase"] as const) : []),
    ...(p.requireUppercase && !/[A-Z]/.test(password) ? (["needs-uppercase"] as const) : []),
    ...(p.requireDigits && !/[0-9]/.test(password) ? (["needs-digit"] as const) : []),
    // Cognito's special characters (a space inside the password counts too).
    ...(p.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)
      ? (["needs-symbol"] as const)
      : []),
  ];
};

const refusalOf = (T: LoginText, problems: readonly PasswordProblem[]): string => {
  if (problems.includes("reused")) return T.errors.passwordReused;
  const words: Record<Exclude<PasswordProblem, "reused" | "other">, string> = {
    "too-short": T.rules.minLength(LEAD_PASSWORD_POLICY.minLength),
    "needs-lowercase": T.rules.lowercase,
    "needs-uppercase": T.rules.uppercase,
    "needs-digit": T.rules.digit,
    "needs-symbol": T.rules.symbol,
  };
  const needs = problems.flatMap((p) => (p === "reused" || p === "other" ? [] : [words[p]]));
  return needs.length > 0 ? T.errors.passwordNeeds(needs.join(T.listSeparator)) : T.errors.passwordRefused;
};

/** The page for a pending sign-in's challenge, carrying `state` (its sealed form). */
const stepOf = (pending: PendingSignIn, state: string): LoginStep => {
  const { kind, secret } = pending.challenge;
  const account = pending.name;
  if (kind === "totp-setup") return { kind, state, account, secret: secret ?? "" };
  return { kind, state, account };
};

const CODE = /^[0-9]{6}$/;
/** Cognito's longest password. */
const MAX_PASSWORD = 256;

interface Exchange {
  event: APIGatewayProxyEventV2;
  client: string;
  now: Date;
  nonce: string;
  locale: SupportedLocale;
  /** Set-Cookie values every answer carries (a language picked with ?lang=). */
  cookies: string[];
  secure: boolean;
}

export const signInPages = (deps: SignInDeps) => {
  const { basePath } = deps;
  const page = (status: number, html: string, x: Exchange, headers: Record<string, string> = {}) => ({
    ...htmlPage(status, html, { nonce: x.nonce, referrer: "same-origin" }, headers),
    ...(x.cookies.length > 0 && { cookies: x.cookies }),
  });
  /** The first page, name and password; again after a refusal, with what went wrong. */
  const first = (x: Exchange, error?: string) =>
    renderLoginPage({ nonce: x.nonce, basePath, locale: x.locale, devHint: deps.devHint, ...(error && { error }) });
  const challengePage = (x: Exchange, step: LoginStep, error?: string) =>
    renderLoginPage({ nonce: x.nonce, basePath, locale: x.locale, step, ...(error && { error }) });

  const exchange = (event: APIGatewayProxyEventV2, nonce: string, now: Date): Exchange => {
    const secure = !isLocalHost(event.headers?.host ?? "");
    const { locale, cookies } = workbenchLocale(event, { ...deps.staff, secure });
    return { event, client: event.requestContext.http.sourceIp ?? "unknown", now, nonce, locale, cookies, secure };
  };

  /** 429 with the wait when the name or the client has failed too often in this window. */
  const throttled = async (name: string, x: Exchange) => {
    const wait = await signInWait(deps.throttle, name, x.client, x.now);
    if (wait === 0) return undefined;
    deps.log?.warn("triage sign-in throttled", { waitSeconds: wait });
    const error = LOGIN_TEXT[x.locale].errors.throttled(Math.ceil(wait / 60));
    return page(429, first(x, error), x, { "retry-after": String(wait) });
  };

  /** Where the directory's answer leads: the triage page, the next challenge, or this step again. */
  const after = async (
    step: SignInStep,
    name: string,
    x: Exchange,
    current?: { pending: PendingSignIn; state: string },
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const T = LOGIN_TEXT[x.locale];
    if (step.outcome === "signed-in") {
      const { lead } = step;
      deps.log?.info("triage sign-in", { user: lead.name, canSeePersonalData: lead.canSeePersonalData });
      const session = await startSession({ sessions: deps.sessions, secret: deps.secret }, lead, x.now);
      // Back to the task the lead was opening (a link in an email), else the queue.
      const next = takeNext(x.event, x.secure);
      return {
        statusCode: 303,
        headers: { ...BASE_HEADERS, location: next.path ?? basePath },
        cookies: [...x.cookies, sessionCookie(session, x.secure), next.forget],
      };
    }
    if (step.outcome === "challenge") {
      deps.log?.info("triage sign-in challenge", { challenge: step.challenge.kind });
      const pending = { name, challenge: step.challenge };
      return page(200, challengePage(x, stepOf(pending, sealSignInStep(pending, deps.secret, x.now))), x);
    }
    await recordFailedSignIn(deps.throttle, name, x.client, x.now);
    if (step.reason === "wrong-password") return page(401, first(x, T.errors.wrongPassword), x);
    if (step.reason === "expired" || !current) return page(401, first(x, T.errors.expired), x);
    // The challenge still stands: the same step again, with the same sealed state.
    const again = stepOf(current.pending, current.state);
    if (step.reason === "password-rejected") return page(400, challengePage(x, again, refusalOf(T, step.problems)), x);
    return page(401, challengePage(x, again, T.errors.wrongCode), x);
  };

  const signIn = async (form: URLSearchParams, x: Exchange) => {
    const name = (form.get("name") ?? "").slice(0, 200);
    const refused = await throttled(name, x);
    if (refused) return refused;
    return after(await deps.users.authenticate(name, form.get("password") ?? ""), name, x);
  };

  const answer = async (form: URLSearchParams, state: string, x: Exchange) => {
    const T = LOGIN_TEXT[x.locale];
    const pending = openSignInStep(state, deps.secret, x.now);
    if (!pending) {
      // Forged, altered or too old: counted like a wrong password, under the name the form says.
      const name = (form.get("username") ?? "").slice(0, 200);
      const refused = await throttled(name, x);
      if (refused) return refused;
      await recordFailedSignIn(deps.throttle, name, x.client, x.now);
      return page(401, first(x, T.errors.expired), x);
    }
    const refused = await throttled(pending.name, x);
    if (refused) return refused;
    const current = { pending, state };
    const again = stepOf(pending, state);
    let response: string;
    if (pending.challenge.kind === "new-password") {
      // Typing mistakes and the rules the page lists are told at once, without asking the pool.
      response = form.get("new-password") ?? "";
      if (response !== (form.get("confirm-password") ?? ""))
        return page(400, challengePage(x, again, T.errors.mismatch), x);
      const problems = passwordProblems(response);
      if (problems.length > 0) return page(400, challengePage(x, again, refusalOf(T, problems)), x);
      if (response.length > MAX_PASSWORD) return page(400, challengePage(x, again, T.errors.passwordRefused), x);
    } else {
      response = (form.get("code") ?? "").replace(/\s/g, "");
      if (!CODE.test(response)) return page(400, challengePage(x, again, T.errors.codeFormat), x);
    }
    return after(await deps.users.answer(pending.challenge, response), pending.name, x, current);
  };

  return {
    /** The answer to a form another site sent (403), as the first page with the reason. */
    crossSite: (event: APIGatewayProxyEventV2, nonce: string, now: Date) => {
      const x = exchange(event, nonce, now);
      return page(403, first(x, LOGIN_TEXT[x.locale].errors.crossSite), x);
    },
    /** GET and POST `<base>/login`; undefined for every other route. */
    handle: async (
      event: APIGatewayProxyEventV2,
      nonce: string,
      now: Date,
    ): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
      const route = event.routeKey;
      if (route !== `GET ${basePath}/login` && route !== `POST ${basePath}/login`) return undefined;
      const x = exchange(event, nonce, now);
      if (route === `GET ${basePath}/login`) return page(200, first(x), x);
      const form = formBody(event);
      const state = form.get("state");
      return state === null ? signIn(form, x) : answer(form, state, x);
    },
  };
};
