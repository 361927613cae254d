import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "#shared/edge/session";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import { sessionCookieOf, signInToTriage } from "./secure-stack.ts";

/** The triage page's sign-in, sign-out and forms as an attacker would try them (issue 12). */
let stack: LocalStack;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "sessions-key" });
});

afterAll(async () => {
  await stack?.stop({ drain: false });
});

const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
const page = (session: string) =>
  fetch(`${stack.url}/triage`, { headers: { cookie: `hb_session=${session}` }, redirect: "manual" });

describe("triage sessions", () => {
  it("ends the session at sign-out: the old cookie no longer opens the page", async () => {
    const session = sessionCookieOf(await signInToTriage(stack, `lead-${run}`, DEFAULT_DEV_PASSWORD)) ?? "";
    expect((await page(session)).status).toBe(200);
    const out = await post("/triage/logout", {}, { cookie: `hb_session=${session}`, origin: stack.url });
    expect(out.status).toBe(303);
    const after = await page(session);
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/triage/login");
  });

  it("refuses sign-in and actions sent from another site", async () => {
    const session = sessionCookieOf(await signInToTriage(stack, `lead2-${run}`, DEFAULT_DEV_PASSWORD)) ?? "";
    const crossSite: Array<Record<string, string>> = [
      { origin: "http://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const signIn = await post("/triage/login", { name: "x", password: DEFAULT_DEV_PASSWORD }, headers);
      expect(signIn.status, JSON.stringify(headers)).toBe(403);
      expect(sessionCookieOf(signIn)).toBeUndefined();
      const act = await post(
        `/triage/tasks/task_${"0".repeat(26)}/assign`,
        { version: "1" },
        { ...headers, cookie: `hb_session=${session}` },
      );
      expect(act.status, JSON.stringify(headers)).toBe(403);
      const out = await post("/triage/logout", {}, { ...headers, cookie: `hb_session=${session}` });
      expect(out.status).toBe(403);
    }
    // The session survived the cross-site sign-out attempts; a same-site form still works.
    expect((await page(session)).status).toBe(200);
    const sameSite = await post("/triage/login", { name: "y", password: DEFAULT_DEV_PASSWORD }, { origin: stack.url });
    expect(sameSite.status).toBe(303);
  });

  it("stops judging passwords for a name after repeated failures, even the right one", async () => {
    const name = `guessed-${run}`;
    for (let i = 0; i < SIGN_IN_LIMITS.perName; i++) {
      expect((await post("/triage/login", { name, password: `wrong-${i}` })).status).toBe(401);
    }
    const blocked = await post("/triage/login", { name, password: DEFAULT_DEV_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(sessionCookieOf(blocked)).toBeUndefined();
    // Another lead is not locked out by it.
    expect((await signInToTriage(stack, `other-${run}`, DEFAULT_DEV_PASSWORD)).status).toBe(303);
  });
});
