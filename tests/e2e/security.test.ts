import { createHash, randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeSignature } from "#shared/digest/model/subscriptions";
import { createSession } from "#shared/edge/session";
import { feedbackId } from "#shared/feedback/model/ids";
import { sessionSecret } from "#shared/follow-up/task-http";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { routes } from "#shared/platform/resources";
import { parseSigningKeys } from "#shared/platform/signing-keys";
import { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { signSurveyToken } from "#shared/surveys/model/token";
import { apiClient } from "../support/api.ts";
import { type TableStores, tableStores } from "../support/stores.ts";

/**
 * Security over HTTP, against the whole local stack: every internal route turns away a missing,
 * malformed or wrong credential with 401 problem+json (and says no more than needed); survey links
 * cannot be forged, spliced or replayed into another survey; a replayed answer never makes a second
 * record; and no secret (API key, triage password, session, signing key, survey token, unsubscribe
 * signature) ever reaches a log line.
 */

const run = Date.now().toString(36);
const SECRETS = {
  apiKey: `hb_sec_${randomBytes(18).toString("base64url")}`,
  devPassword: `pw-${randomBytes(12).toString("base64url")}`,
  signingSecret: randomBytes(32).toString("base64url"),
};
const SIGNING_KEYS = JSON.stringify({ id: "sec1", secret: SECRETS.signingSecret });
const keys = parseSigningKeys(SIGNING_KEYS);
const [signingKey] = keys;

/** Every credential the tests handle, right or wrong: none may ever be logged. */
const handled = new Set<string>(Object.values(SECRETS));
const remember = (...values: string[]) => {
  for (const v of values) if (v.length >= 12) handled.add(v);
  return values[0] as string;
};

/** Everything the stack writes: its log callback, and the functions' Powertools lines on stdout/stderr. */
const logged: string[] = [];
const originalWrite = {
  out: process.stdout.write.bind(process.stdout),
  err: process.stderr.write.bind(process.stderr),
};

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let stores: TableStores;
let surveys: DynamoSurveyStore;

beforeAll(async () => {
  const capture = (chunk: unknown) => {
    logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  stack = await startLocalStack({
    port: 0,
    apiKey: SECRETS.apiKey,
    log: (line) => logged.push(line),
    // Log everything the functions can log: a secret in a debug line is a secret in a log.
    env: { SURVEY_SIGNING_KEYS: SIGNING_KEYS, DEV_LOGIN_PASSWORD: SECRETS.devPassword, POWERTOOLS_LOG_LEVEL: "DEBUG" },
  });
  api = apiClient(stack);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  stores = tableStores(client, stack.tableName);
  surveys = new DynamoSurveyStore(client, stack.tableName);
});

afterAll(async () => {
  await stack?.stop({ drain: false });
  process.stdout.write = originalWrite.out;
  process.stderr.write = originalWrite.err;
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${SECRETS.apiKey}`, ...headers },
    body: JSON.stringify(body),
  });

/** A detractor's feedback, stored, with the follow-up task it opened. */
const detractor = async (name: string): Promise<{ feedbackId: string; taskId: string }> => {
  const res = await api.post({
    channel: "nps",
    score: 1,
    comment: "退款三周了还没到账",
    customer: { id: `sec-${run}-${name}` },
    sourceId: `sec-${run}-${name}`,
  });
  const [item] = ((await res.json()) as { items: Array<{ id: string }> }).items;
  const stored = await api.waitStored(item?.id ?? "");
  return { feedbackId: String(stored.id), taskId: String(stored.taskId) };
};

const signIn = async (name: string, password: string) =>
  fetch(`${stack.url}/triage/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password }).toString(),
    redirect: "manual",
  });

const sessionCookieOf = (res: Response): string | undefined =>
  res.headers
    .getSetCookie()
    .map((c) => /^hb_session=([^;]*)/.exec(c)?.[1])
    .find((v) => v);

// ---------------------------------------------------------------------------------------------

describe("internal routes and credentials", () => {
  let fixture: { feedbackId: string; taskId: string };
  let session: string;

  beforeAll(async () => {
    fixture = await detractor("auth");
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
      .replace("{action}", "assign")
      .replace("{id}", "organization");

  /** Wrong ways to present a credential; each a realistic mistake or attack. */
  const wrongCredentials = (): Array<[string, Record<string, string>]> => {
    const [payload = "", signature = ""] = session.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const upgraded = Buffer.from(JSON.stringify({ ...claims, name: "admin", canSeePersonalData: true })).toString(
      "base64url",
    );
    const viewer = { name: "lead", canSeePersonalData: true };
    const expired = createSession(viewer, sessionSecret(keys), new Date(Date.now() - 11 * 3_600_000));
    const otherSecret = createSession(viewer, "another-deployment-secret-of-64-characters-".repeat(2), new Date());
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
    const viaSession = await fetch(`${stack.url}/v1/tasks/${fixture.taskId}`, {
      headers: { cookie: `hb_session=${session}` },
    });
    expect(viaSession.status).toBe(200);
  });

  it("answers 401 problem+json to every wrong credential on every API route, before reading the body", async () => {
    for (const route of guarded) {
      const url = `${stack.url}${concrete(route.path)}`;
      const bodies = new Set<string>();
      const wrongKeyBodies = new Set<string>();
      for (const [what, headers] of wrongCredentials()) {
        // A body that would fail every check, so only the credential check can answer 401.
        const hasBody = route.method !== "GET" && route.method !== "DELETE";
        const res = await fetch(url, {
          method: route.method,
          headers: { ...headers, ...(hasBody && { "content-type": "text/plain" }) },
          ...(hasBody && { body: "{not json" }),
          redirect: "manual",
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

// ---------------------------------------------------------------------------------------------

interface Minted {
  surveyId: string;
  links: Array<{ score: number; url: string }>;
}

const mint = async (customerId: string): Promise<Minted> => {
  const res = await postJson("/v1/survey-links", { kind: "nps", customer: { id: customerId }, locale: "en" });
  expect(res.status).toBe(201);
  const minted = (await res.json()) as Minted;
  for (const l of minted.links) remember(tokenOf(l.url));
  return minted;
};

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

const answer = (token: string, form: Record<string, string>) =>
  fetch(`${stack.url}/s/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": PHONE },
    body: new URLSearchParams(form).toString(),
  });

/** Past the worker's decision delay, with the queue empty. */
const settle = async () => {
  await new Promise((r) => setTimeout(r, 6_000));
  expect(await stack.drain(20_000)).toBe(true);
};

const storedAnswer = async (surveyId: string) => {
  const res = await api.get(`/v1/feedback/${feedbackId("nps", surveyId)}`);
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
};

describe("survey links", () => {
  it("never lets a token for survey A, spliced or re-signed, answer survey B or itself", async () => {
    const a = await mint(`sec-${run}-survey-a`);
    const b = await mint(`sec-${run}-survey-b`);
    const [kidA, payloadA, sigA] = tokenOf(a.links[9]?.url ?? "").split(".") as [string, string, string];
    const [kidB, payloadB, sigB] = tokenOf(b.links[9]?.url ?? "").split(".") as [string, string, string];
    const expiresAt = Math.floor(Date.now() / 1000) + 3_600;
    const guessed = { id: "sec1", secret: new TextEncoder().encode("a-guessed-secret-of-32-bytes-or-more") };
    const forged = [
      `${kidA}.${payloadB}.${sigA}`,
      `${kidA}.${payloadA}.${sigB}`,
      `${kidB}.${payloadB}.${sigA}`,
      // B's survey id, packed like a real token, under A's signature or a guessed key.
      `${kidA}.${signSurveyToken({ surveyId: b.surveyId, kind: "nps", locale: "en", expiresAt }, guessed).split(".")[1]}.${sigA}`,
      signSurveyToken({ surveyId: b.surveyId, kind: "nps", locale: "en", expiresAt }, guessed),
      signSurveyToken({ surveyId: b.surveyId, kind: "nps", expiresAt }, { ...guessed, id: "k9" }),
      `${kidA}.${payloadA}`,
      `${kidA}.${payloadA}.${sigA}.${sigB}`,
    ];
    for (const token of forged) {
      const res = await answer(token, { score: "0", comment: "forged" });
      expect(res.status, token).toBe(403);
      const html = await res.text();
      expect(html).not.toMatch(/signature|hmac|key|forged|expired/i);
      expect((await fetch(`${stack.url}/s/${token}?score=0`)).status).toBe(403);
    }
    await settle();
    expect(await storedAnswer(a.surveyId)).toBeUndefined();
    expect(await storedAnswer(b.surveyId)).toBeUndefined();
    expect(await surveys.recentAttempts(a.surveyId)).toEqual([]);
    expect(await surveys.recentAttempts(b.surveyId)).toEqual([]);

    // The genuine token still answers its own survey, and only it.
    expect((await answer(`${kidA}.${payloadA}.${sigA}`, { score: "9" })).status).toBe(200);
    await settle();
    expect(await storedAnswer(a.surveyId)).toMatchObject({ score: 9, customerId: `sec-${run}-survey-a` });
    expect(await storedAnswer(b.surveyId)).toBeUndefined();
  });

  it("keeps one record for a replayed answer, and lets the last deliberate answer replace it", async () => {
    const { surveyId, links } = await mint(`sec-${run}-replay`);
    const token = tokenOf(links[3]?.url ?? "");
    expect((await answer(token, { score: "3", comment: "客服不回复" })).status).toBe(200);
    await settle();
    const first = await storedAnswer(surveyId);
    expect(first).toMatchObject({ score: 3, text: "客服不回复", detractor: true });
    const week = String(first?.week);
    const counts = async () =>
      (await stores.counters.weeklyCounters(week)).find((c) => c.channel === "nps" && c.theme === "_all")?.counts;
    const afterFirst = await counts();

    // The same POST again, twice (a double tap, a proxy retry, an attacker replaying it).
    for (let i = 0; i < 2; i++) expect((await answer(token, { score: "3", comment: "客服不回复" })).status).toBe(200);
    await settle();
    expect(await storedAnswer(surveyId)).toMatchObject({ id: first?.id, score: 3, text: "客服不回复" });
    expect(await counts()).toEqual(afterFirst);

    // A deliberate change within the edit window replaces the answer: same record, counts moved.
    expect((await answer(token, { score: "9" })).status).toBe(200);
    await settle();
    const changed = await storedAnswer(surveyId);
    expect(changed).toMatchObject({ id: first?.id, score: 9, text: "客服不回复" });
    expect(Number(changed?.revision)).toBeGreaterThan(Number(first?.revision));
    const moved = await counts();
    expect(moved?.n).toBe(afterFirst?.n);
    expect(moved?.s3).toBe((afterFirst?.s3 ?? 0) - 1);
    expect(moved?.s9).toBe((afterFirst?.s9 ?? 0) + 1);
    const list = (await (await api.get("/v1/feedback?channel=nps&limit=100")).json()) as {
      items: Array<{ sourceId?: string }>;
    };
    expect(list.items.filter((i) => i.sourceId === surveyId)).toHaveLength(1);
  });

  it("lets an unsubscribe signature work only for its own address and subscription", async () => {
    const secret = signingKey?.secret ?? new Uint8Array();
    const sig = remember(unsubscribeSignature(secret, "organization", "product-team@example.com"));
    const page = (s: string, e: string, g: string) =>
      fetch(`${stack.url}/digests/unsubscribe?${new URLSearchParams({ s, e, sig: g })}`);
    expect((await page("organization", "product-team@example.com", sig)).status).toBe(200);
    for (const [s, e, g] of [
      ["organization", "someone-else@example.com", sig],
      ["logistics", "product-team@example.com", sig],
      ["organization", "product-team@example.com", `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`],
      ["organization", "product-team@example.com", ""],
    ] as const) {
      const res = await page(s, e, g);
      expect(res.status, `${s} ${e} ${g}`).toBe(403);
      expect(await res.text()).not.toContain(e);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("logs", () => {
  it("hold no API key, password, session, signing key, survey token or unsubscribe signature", async () => {
    // A few more log-worthy events: a sign-in, a task action by session, a digest run.
    const { taskId } = await detractor("logs");
    const res = await signIn("pii-lead", SECRETS.devPassword);
    const cookie = remember(sessionCookieOf(res) ?? "");
    const task = (await (await api.get(`/v1/tasks/${taskId}`)).json()) as { version: number };
    const acted = await fetch(`${stack.url}/v1/tasks/${taskId}/assign`, {
      method: "POST",
      headers: { cookie: `hb_session=${cookie}`, "content-type": "application/json" },
      body: JSON.stringify({ version: task.version, assignee: "pii-lead" }),
    });
    expect(acted.status).toBe(200);
    await stack.runScheduled("send-digests", { force: true }).catch((error: unknown) => logged.push(String(error)));
    await stack.drain(10_000);

    remember(
      sessionSecret(keys),
      Buffer.from(SECRETS.signingSecret).toString("base64"),
      Buffer.from(SECRETS.signingSecret).toString("hex"),
    );
    const all = logged.join("\n");
    // The capture works: the functions' own lines are in it.
    expect(all).toContain('"message":"feedback accepted"');
    expect(all).toContain('"message":"triage sign-in"');
    expect(all).toContain('"message":"task changed"');
    for (const secret of handled) {
      expect(all.includes(secret), `a secret of ${secret.length} characters appears in the logs`).toBe(false);
    }
  });
});
