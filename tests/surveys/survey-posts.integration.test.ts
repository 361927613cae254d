import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningKey } from "#shared/kernel/signing-key";
import { POST_LIMITS } from "#shared/surveys/model/post-limits";
import { signSurveyToken } from "#shared/surveys/model/token";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * The survey page's POSTs against DynamoDB Local: the per-link limits hold under a flood on any
 * number of instances (one atomic counter item), and a post over them stores nothing.
 */
let engines: Engines;
let surveyPage: typeof import("#functions/http/survey-page").surveyPage;
let deps: Parameters<typeof surveyPage>[1] & object;
const KEY: SigningKey = { id: "t1", secret: new TextEncoder().encode("a-test-signing-secret-of-32-chars-or-more") };
const T0 = new Date("2026-12-07T10:00:05.000Z");
let clock = T0;
const enqueued: string[] = [];

beforeAll(async () => {
  engines = await startEngines("hearback-survey-posts-test");
  process.env.SURVEY_SIGNING_KEYS = JSON.stringify({ id: KEY.id, secret: "a-test-signing-secret-of-32-chars-or-more" });
  ({ surveyPage } = await import("#functions/http/survey-page"));
  const { surveyStore, postLimiter } = await import("#shared/surveys/wiring");
  const { dynamo } = await import("#shared/platform/clients");
  const config = { TABLE_NAME: engines.tableName };
  deps = {
    surveys: surveyStore(config, dynamo()),
    limiter: postLimiter(config, dynamo()),
    queue: { sendSurveyResponse: async (id) => void enqueued.push(id) },
    keys: [KEY],
    now: () => clock,
  };
});
afterAll(async () => {
  await engines?.stop();
});

const mint = async (surveyId: string, locale = "en") => {
  const created = await deps.surveys.createSurvey(
    {
      surveyId,
      kind: "nps",
      customer: { id: `c-${surveyId}` },
      locale,
      createdAt: T0.toISOString(),
      expiresAt: new Date(T0.getTime() + 30 * 86_400_000).toISOString(),
    },
    { notAfter: undefined },
  );
  expect(created).toBe("created");
  return signSurveyToken({ surveyId, kind: "nps", locale, expiresAt: T0.getTime() / 1000 + 30 * 86_400 }, KEY);
};

const event = (token: string, method: "GET" | "POST", body = "", accept = "*/*"): APIGatewayProxyEventV2 =>
  ({
    version: "2.0",
    routeKey: "ANY /s/{token}",
    rawPath: `/s/${token}`,
    rawQueryString: "",
    headers: { "content-type": "application/x-www-form-urlencoded", accept, "user-agent": "Mozilla/5.0 (iPhone)" },
    pathParameters: { token },
    requestContext: { http: { method, path: `/s/${token}`, sourceIp: "203.0.113.9" } },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

const ticketOf = (html: string) => /name="t" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("per-link post limits", () => {
  it("stores at most the per-minute limit of 1,000 rapid posts to one link; the rest get 429 and Retry-After", async () => {
    const token = await mint("flood-1");
    clock = T0;
    const page = await surveyPage(event(token, "GET"), deps);
    const t = ticketOf(String(page.body));
    const answers = [];
    for (let i = 0; i < 1_000; i += 100) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, (_, j) =>
            surveyPage(event(token, "POST", `score=${(i + j) % 11}&auto=1&t=${t}`), deps),
          ),
        )),
      );
    }
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 204)).toHaveLength(POST_LIMITS.perWindow);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1_000 - POST_LIMITS.perWindow);
    expect(await deps.surveys.recentAttempts("flood-1")).toHaveLength(POST_LIMITS.perWindow);
    const refused = answers.find((a) => a.statusCode === 429);
    // The rest of the minute (the clock stands 5 s into it), as problem+json for a script.
    expect(refused?.headers?.["retry-after"]).toBe("55");
    expect(refused?.headers?.["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(String(refused?.body))).toMatchObject({ status: 429, title: "Too many requests" });
    // A thousand posts against DynamoDB Local: ~12 s alone, past 30 s on a loaded two-core CI machine.
  }, 120_000);

  it("answers a browser over the limit with the friendly page in its language, and caps the link's total", async () => {
    const token = await mint("flood-2", "zh-TW");
    let stored = 0;
    for (let minute = 0; stored < POST_LIMITS.total; minute++) {
      clock = new Date(T0.getTime() + minute * 60_000);
      for (let i = 0; i < POST_LIMITS.perWindow && stored < POST_LIMITS.total; i++, stored++) {
        expect((await surveyPage(event(token, "POST", "score=9&auto=1"), deps)).statusCode).toBe(204);
      }
    }
    clock = new Date(clock.getTime() + 3_600_000);
    const browser = await surveyPage(event(token, "POST", "score=9", "text/html,application/xhtml+xml"), deps);
    expect(browser.statusCode).toBe(429);
    expect(browser.headers?.["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(browser.headers?.["retry-after"])).toBeGreaterThan(86_400);
    expect(String(browser.body)).toContain('lang="zh-Hant"');
    expect(String(browser.body)).toContain("提交得太頻繁");
    expect(await deps.surveys.recentAttempts("flood-2")).toHaveLength(POST_LIMITS.total);
  });

  it("records a post without a page ticket as suspect, and one from the rendered page as a person's", async () => {
    const token = await mint("ticket-1");
    clock = new Date(T0.getTime() + 86_400_000);
    await surveyPage(event(token, "POST", "score=2"), deps);
    const page = await surveyPage(event(token, "GET"), deps);
    clock = new Date(clock.getTime() + 8_000);
    await surveyPage(event(token, "POST", `score=9&t=${ticketOf(String(page.body))}`), deps);
    const attempts = await deps.surveys.recentAttempts("ticket-1");
    expect(attempts.map((a) => [a.score, a.suspect])).toEqual([
      [9, false],
      [2, true],
    ]);
  });
});
