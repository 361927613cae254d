import { createHash, createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionSecret } from "#shared/follow-up/task-http";
import type { LocalStack } from "#shared/local/stack";
import { routes } from "#shared/platform/resources";
import type { apiClient } from "../support/api.ts";
import type { Problem } from "../support/problem.ts";
import {
  captureOutput,
  expectNoSecretLogged,
  securityFixture,
  sessionCookieOf,
  signInToTriage,
  startSecureStack,
  storedDetractor,
} from "./secure-stack.ts";

/**
 * Credentials over HTTP, against the whole local stack: every internal route turns away a missing,
 * malformed or wrong credential with 401 problem+json (and says no more than needed), the triage
 * pages send anyone without a valid session to sign-in, and no credential ever reaches a log line.
 * Survey links and unsubscribe signatures are in ./security-survey-links.test.ts.
 */

const fx = securityFixture();
const { SECRETS, keys, remember } = fx;

let restoreOutput: (() => void) | undefined;
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  restoreOutput = captureOutput(fx.logged);
  ({ stack, api } = await startSecureStack(fx));
});

afterAll(async () => {
  await stack?.stop({ drain: false });
  restoreOutput?.();
});

const detractor = (name: string) => storedDetractor(api, `sec-${fx.run}-${name}`);
const signIn = (name: string, password: string) => signInToTriage(stack, name, password);

describe("internal routes and credentials", () => {
  let fixture: { feedbackId: string; taskId: string };
  let session: string;

  beforeAll(async () => {
    fixture = await detractor("auth");
    // A webhook endpoint for the webhook routes' {id} (a loopback receiver: allowed by the local stack only).
    const hook = await api.request("PUT", "/v1/webhooks/audit-hook", {
      body: { url: "http://127.0.0.1:9/hook", events: ["task.opened"] },
    });
    expect(hook.status, await hook.clone().text()).toBe(201);
    const res = await signIn("lead", SECRETS.devPassword);
    expect(res.status).toBe(303);
    session = remember(sessionCookieOf(res) ?? "");
    expect(session).not.toBe("");
  });

  const concrete = (path: string) =>
    path
      .replace("/v1/feedback/{id}", `/v1/feedback/${fixture.feedbackId}`)
      .replace("/v1/tasks/{id}", `/v1/tasks/${fixture.taskId}`)
      .replace("/triage/tasks/{id}", `/triage/tasks/${fixture.taskId}`)
      .replace("/v1/themes/{id}", "/v1/themes/delivery")
      .replace("/v1/webhooks/{id}", "/v1/webhooks/audit-hook")
      .replace("{action}", "assign")
      .replace("{id}", "organization");

  /** Wrong ways to present a credential; each a realistic mistake or attack. */
  const wrongCredentials = (): Array<[string, Record<string, string>]> => {
    const [payload = "", signature = ""] = session.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const upgraded = Buffer.from(JSON.stringify({ ...claims, name: "admin", canSeePersonalData: true })).toString(
      "base64url",
    );
    // Cookies signed as the server signs them: right secret but ended or never started, or another secret.
    const forge = (token: Record<string, unknown>, secret: string) => {
      const body = Buffer.from(JSON.stringify(token)).toString("base64url");
      return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
    };
    const viewer = { name: "lead", canSeePersonalData: true };
    const expired = forge({ ...claims, exp: Date.now() - 3_600_000 }, sessionSecret(keys));
    const neverStarted = forge(
      { sid: randomBytes(18).toString("base64url"), ...viewer, exp: Date.now() + 3_600_000 },
      sessionSecret(keys),
    );
    const otherSecret = forge(
      { ...claims, exp: Date.now() + 3_600_000 },
      "another-deployment-secret-of-64-characters-".repeat(2),
    );
    const wrongKey = remember(`hb_sec_${randomBytes(18).toString("base64url")}`);
    return [
      ["no credential", {}],
      ["empty authorization", { authorization: "" }],
      ["scheme only", { authorization: "Bearer" }],
      ["scheme and space", { authorization: "Bearer " }],
      ["the key without a scheme", { authorization: SECRETS.apiKey }],
      ["the key as Basic", { authorization: `Basic ${Buffer.from(`x:${SECRETS.apiKey}`).toString("base64")}` }],
      ["the key as Token", { authorization: `Token ${SECRETS.apiKey}` }],
      ["the key and more", { authorization: `Bearer ${SECRETS.apiKey} ${SECRETS.apiKey}` }],
      ["the key in capitals", { authorization: `Bearer ${SECRETS.apiKey.toUpperCase()}` }],
      ["the key less a character", { authorization: `Bearer ${SECRETS.apiKey.slice(0, -1)}` }],
      ["the key plus a character", { authorization: `Bearer ${SECRETS.apiKey}x` }],
      ["another key", { authorization: `Bearer ${wrongKey}` }],
      ["the key's hash", { authorization: `Bearer ${createHash("sha256").update(SECRETS.apiKey).digest("hex")}` }],
      ["a JWT-shaped token", { authorization: `Bearer ${remember("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.c2ln")}` }],
      ["an 8 KB token", { authorization: `Bearer ${"k".repeat(8_000)}` }],
      ["the key in x-api-key", { "x-api-key": SECRETS.apiKey }],
      ["a garbage session", { cookie: "hb_session=garbage" }],
      ["a session with upgraded claims", { cookie: `hb_session=${remember(`${upgraded}.${signature}`)}` }],
      ["an expired session", { cookie: `hb_session=${remember(expired)}` }],
      ["a signed session that was never started", { cookie: `hb_session=${remember(neverStarted)}` }],
      ["a session of another deployment", { cookie: `hb_session=${remember(otherSecret)}` }],
      ["the password as a session", { cookie: `hb_session=${SECRETS.devPassword}` }],
    ];
  };

  const guarded = routes.filter((r) => r.auth === "api-key" || r.auth === "api-key-or-session");

  it("lists every API route as guarded, and every guarded route answers the right key", async () => {
    expect(guarded.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "POST /v1/feedback",
        "GET /v1/feedback",
        "GET /v1/tasks",
        "POST /v1/tasks/{id}/{action}",
      ]),
    );
    for (const route of guarded.filter((r) => r.method === "GET")) {
      const res = await api.get(concrete(route.path));
      expect(res.status, route.path).toBe(200);
    }
    const viaSession = await api.get(`/v1/tasks/${fixture.taskId}`, { cookie: `hb_session=${session}` });
    expect(viaSession.status).toBe(200);
  });

  it("answers 401 problem+json to every wrong credential on every API route, before reading the body", async () => {
    for (const route of guarded) {
      const bodies = new Set<string>();
      const wrongKeyBodies = new Set<string>();
      for (const [what, headers] of wrongCredentials()) {
        // A body that would fail every check, so only the credential check can answer 401.
        const hasBody = route.method !== "GET" && route.method !== "DELETE";
        const res = await api.request(route.method, concrete(route.path), {
          headers: { ...headers, ...(hasBody && { "content-type": "text/plain" }) },
          ...(hasBody && { body: "{not json" }),
        });
        const text = await res.text();
        const label = `${route.method} ${route.path} with ${what}`;
        expect(res.status, `${label}: ${text.slice(0, 200)}`).toBe(401);
        expect(res.headers.get("content-type"), label).toBe("application/problem+json");
        expect(res.headers.get("www-authenticate"), label).toBe('Bearer realm="hearback"');
        const problem = JSON.parse(text) as Problem;
        expect(problem, label).toMatchObject({ status: 401, title: "Unauthorized" });
        // Nothing sent is echoed, and nothing says which part was wrong.
        for (const value of Object.values(headers)) if (value.length > 8) expect(text, label).not.toContain(value);
        expect(text, label).not.toMatch(/expired|signature|hash|hmac|session (is|was)|too long|cookie/i);
        bodies.add(text);
        if (/^(another key|the key (in capitals|less|plus)|the key's hash)/.test(what)) wrongKeyBodies.add(text);
      }
      // At most "send a key" and "that key is not valid"; a near-miss of the real key looks like any wrong key.
      expect(bodies.size, `${route.method} ${route.path}`).toBeLessThanOrEqual(2);
      expect(wrongKeyBodies.size, `${route.method} ${route.path}`).toBe(1);
    }
  });

  it("sends the triage pages to sign-in without a valid session, and a forged session changes nothing", async () => {
    const before = (await (await api.get(`/v1/tasks/${fixture.taskId}`)).json()) as { version: number };
    for (const route of routes.filter((r) => r.auth === "session")) {
      for (const [what, headers] of wrongCredentials()) {
        const res = await fetch(`${stack.url}${concrete(route.path)}`, {
          method: route.method,
          headers: {
            ...headers,
            ...(route.method === "POST" && { "content-type": "application/x-www-form-urlencoded" }),
          },
          ...(route.method === "POST" && { body: `version=${before.version}` }),
          redirect: "manual",
        });
        const label = `${route.method} ${route.path} with ${what}`;
        expect(res.status, label).toBe(303);
        expect(res.headers.get("location"), label).toBe("/triage/login");
        expect(await res.text(), label).toBe("");
      }
    }
    const after = (await (await api.get(`/v1/tasks/${fixture.taskId}`)).json()) as { version: number; status: string };
    expect(after).toMatchObject({ version: before.version, status: "open" });
  });

  it("refuses a wrong triage password without a session or a hint, and never with the password in the page", async () => {
    for (const password of [
      `${SECRETS.devPassword}x`,
      SECRETS.devPassword.toUpperCase(),
      "",
      "hearback",
      SECRETS.apiKey,
    ]) {
      remember(password);
      const res = await signIn("lead", password);
      const html = await res.text();
      expect(res.status).toBe(401);
      expect(sessionCookieOf(res)).toBeUndefined();
      expect(html).toContain("That name and password did not match.");
      if (password.length > 12) expect(html).not.toContain(password);
    }
    expect((await signIn("   ", SECRETS.devPassword)).status).toBe(401);
  });
});

describe("logs", () => {
  it("hold no API key, password, session or signing key", async () => {
    await expectNoSecretLogged(fx, stack, api);
  });
});
