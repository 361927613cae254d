import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackId } from "#shared/feedback/model/ids";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { parseSigningKeys } from "#shared/platform/signing-keys";
import { signSurveyToken } from "#shared/surveys/model/token";
import { apiClient } from "../support/api.ts";
import { pageTicket, settle as settleStack } from "../support/surveys.ts";

/**
 * Survey links end to end over HTTP: minting, the page, scanner-safe recording, changed answers,
 * bad links. The real browser test lives in tests/e2e/survey-browser.test.ts.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const run = Date.now().toString(36);
const OUTLOOK = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Microsoft Office/16.0 (Microsoft Outlook 16.0.17126)";
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

beforeAll(async () => {
  // Automatic posts are decided after 5 s here, not the minute a deployment waits for a sweep.
  stack = await startLocalStack({ port: 0, apiKey: "survey-key", env: { SURVEY_AUTO_DECIDE_SECONDS: "5" } });
  api = apiClient(stack);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

interface Minted {
  status: string;
  surveyId: string;
  links: Array<{ score: number; url: string }>;
  html: string;
  text: string;
  reason?: string;
}

const mint = async (body: unknown): Promise<{ status: number; body: Minted }> => {
  const res = await api.request("POST", "/v1/survey-links", { body });
  return { status: res.status, body: (await res.json()) as Minted };
};

/** What the page's script or its button sends: a form POST to the page's own path. */
const post = (url: string, form: Record<string, string>, userAgent = PHONE) =>
  fetch(url.split("?")[0] as string, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": userAgent },
    body: new URLSearchParams(form).toString(),
  });

/** Waits past the worker's decision delay and until the queue is empty. */
/** Waits past the worker's decision delay and until the queue is empty. */
const settle = () => settleStack(stack);

const stored = async (kind: "nps" | "csat", surveyId: string) => {
  const res = await api.get(`/v1/feedback/${feedbackId(kind, surveyId)}`);
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
};

describe("minting", () => {
  it("returns a link per score, an email-safe snippet and an SMS text, and honours the NPS quiet period", async () => {
    const customer = { id: `cust-${run}-mint`, email: "li@example.com" };
    const first = await mint({ kind: "nps", customer, touchpoint: "delivery", locale: "zh-CN" });
    expect(first.status).toBe(201);
    expect(first.body.links.map((l) => l.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.body.links[0]?.url).toMatch(new RegExp(`^${stack.url}/s/[A-Za-z0-9_.-]+\\?score=0$`));
    expect(first.body.links[0]?.url).not.toContain("li@example.com");
    expect(first.body.links[0]?.url).not.toContain(customer.id);
    expect(first.body.html).toContain("<table");
    expect(first.body.html).not.toMatch(/<style|class=/);
    expect(first.body.text.length).toBeLessThan(300);

    const again = await mint({ kind: "nps", customer });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("suppressed");
    expect(again.body.reason).toMatch(/quiet period is 90 days/);

    const csat = await mint({ kind: "csat", customer });
    expect(csat.status).toBe(201);
    expect(csat.body.links).toHaveLength(5);
  });

  it("rejects a bad request with problem+json naming the field", async () => {
    const res = await mint({ kind: "ces", customer: {} });
    expect(res.status).toBe(400);
    expect((res.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(["kind", "customer.id"]),
    );
  });
});

describe("answering", () => {
  it("records a tap only by POST, counts it a few seconds later, and lets the comment follow", async () => {
    const { body } = await mint({ kind: "nps", customer: { id: `cust-${run}-tap`, tier: "gold" }, locale: "zh-CN" });
    const link = body.links.find((l) => l.score === 3)?.url ?? "";

    const page = await fetch(link, { headers: { "accept-language": "en", "user-agent": PHONE } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="zh-Hans"');
    expect(html).toMatch(/value="3"[^>]*checked/);
    expect(Buffer.byteLength(html)).toBeLessThan(20_000);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'nonce-");
    const t = /name="t" value="([^"]+)"/.exec(html)?.[1] ?? "";

    await settle();
    expect(await stored("nps", body.surveyId)).toBeUndefined();

    expect((await post(link, { score: "3", auto: "1", t })).status).toBe(204);
    await settle();
    const first = await stored("nps", body.surveyId);
    // API keys see customers by pseudonym (shared/privacy/model/policy.ts).
    expect(first).toMatchObject({
      channel: "nps",
      score: 3,
      detractor: true,
      customerId: expect.stringMatching(/^cust_/),
    });
    expect(JSON.stringify(first)).not.toContain(`cust-${run}-tap`);

    const saved = await post(link, { score: "4", comment: "配送太慢了，等了两个小时", t });
    expect(saved.status).toBe(200);
    await settle();
    const second = await stored("nps", body.surveyId);
    expect(second).toMatchObject({
      score: 4,
      text: "配送太慢了，等了两个小时",
      sentiment: "NEGATIVE",
      taskId: first?.taskId,
    });
    expect(second?.themes).toContain("delivery");
    expect(Number(second?.revision)).toBeGreaterThan(Number(first?.revision));

    const week = String(second?.week);
    const list = (await (await api.get(`/v1/feedback?channel=nps&limit=100`)).json()) as {
      items: Array<{ id: string }>;
    };
    expect(list.items.filter((i) => i.id === feedbackId("nps", body.surveyId))).toHaveLength(1);
    expect(week).toMatch(/^\d{4}-W\d\d$/);
  });

  it("counts nothing when a mail scanner opens, HEADs and even script-posts every link of the email", async () => {
    const { body } = await mint({ kind: "nps", customer: { id: `cust-${run}-scan` } });
    await Promise.all(
      body.links.flatMap((l) => [
        fetch(l.url, { headers: { "user-agent": OUTLOOK } }),
        fetch(l.url, { method: "HEAD", headers: { "user-agent": OUTLOOK } }),
        post(l.url, { score: String(l.score), auto: "1" }, OUTLOOK),
      ]),
    );
    // A scanner with a browser-like agent: every score within a second.
    const t = await pageTicket(body.links[0]?.url ?? "");
    await Promise.all(body.links.map((l) => post(l.url, { score: String(l.score), auto: "1", t })));
    await settle();
    expect(await stored("nps", body.surveyId)).toBeUndefined();
  });
});

describe("bad and old links", () => {
  it("answers forged, expired and unknown links with friendly pages and the right status", async () => {
    const { body } = await mint({ kind: "csat", customer: { id: `cust-${run}-bad` }, locale: "en" });
    const good = new URL(body.links[0]?.url ?? "");
    const token = good.pathname.split("/").pop() ?? "";
    // One character of the signature changed (to another character, whatever it was).
    const tampered = `${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.slice(-1)}`;
    const forged = await fetch(`${stack.url}/s/${tampered}?score=1`);
    expect(forged.status).toBe(403);
    const forgedHtml = await forged.text();
    expect(forgedHtml).not.toMatch(/signature|hmac|key|stack|error:/i);

    const keys = parseSigningKeys(process.env.SURVEY_SIGNING_KEYS ?? "");
    const key = keys[0];
    if (!key) throw new Error("the local stack set no signing key");
    const expired = signSurveyToken(
      { surveyId: body.surveyId, kind: "csat", expiresAt: Math.floor(Date.now() / 1000) - 60 },
      key,
    );
    expect((await fetch(`${stack.url}/s/${expired}`)).status).toBe(410);
    const unknown = signSurveyToken(
      { surveyId: "nope", kind: "csat", expiresAt: Math.floor(Date.now() / 1000) + 600 },
      key,
    );
    const missing = await fetch(`${stack.url}/s/${unknown}`, { headers: { "accept-language": "zh-TW,zh;q=0.9" } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('lang="zh-Hant"');
  });
});
