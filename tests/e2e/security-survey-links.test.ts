import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeSignature } from "#shared/digest/model/subscriptions";
import { feedbackId } from "#shared/feedback/model/ids";
import type { LocalStack } from "#shared/local/stack";
import type { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { signSurveyToken } from "#shared/surveys/model/token";
import type { apiClient } from "../support/api.ts";
import type { TableStores } from "../support/stores.ts";
import { type Minted, mintSurvey, PHONE, pageTicket, settle as settleStack } from "../support/surveys.ts";
import { captureOutput, expectNoSecretLogged, securityFixture, startSecureStack } from "./secure-stack.ts";

/**
 * Survey links and unsubscribe signatures over HTTP, against the whole local stack: survey links
 * cannot be forged, spliced or replayed into another survey; a replayed answer never makes a second
 * record; an unsubscribe signature works only for its own address; and no survey token, signature
 * or signing key ever reaches a log line. Credentials on the internal routes are in
 * ./security-credentials.test.ts.
 */

const fx = securityFixture();
const { run, signingKey, remember } = fx;

let restoreOutput: (() => void) | undefined;
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let stores: TableStores;
let surveys: DynamoSurveyStore;

beforeAll(async () => {
  restoreOutput = captureOutput(fx.logged);
  ({ stack, api, stores, surveys } = await startSecureStack(fx));
});

afterAll(async () => {
  await stack?.stop({ drain: false });
  restoreOutput?.();
});

const mint = async (customerId: string): Promise<Minted> => {
  const minted = await mintSurvey(stack, customerId);
  for (const l of minted.links) remember(tokenOf(l.url));
  return minted;
};

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

/** Renders the page first, as a person's browser does, and posts with its ticket (forged links carry none). */
const answer = async (token: string, form: Record<string, string>) =>
  fetch(`${stack.url}/s/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": PHONE },
    body: new URLSearchParams({ ...form, t: await pageTicket(`${stack.url}/s/${token}`) }).toString(),
  });

/** Past the worker's decision delay, with the queue empty. */
const settle = () => settleStack(stack);

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
    // The API key sees the customer by pseudonym (shared/privacy/model/policy.ts).
    expect(await storedAnswer(a.surveyId)).toMatchObject({ score: 9, customerId: expect.stringMatching(/^cust_/) });
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
    // Three waits for the worker to settle: on a busy two-core CI machine each can take 20 s or more.
  }, 200_000);

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

describe("logs", () => {
  it("hold no survey token, unsubscribe signature, signing key, API key, password or session", async () => {
    await expectNoSecretLogged(fx, stack, api);
  });
});
