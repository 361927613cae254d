import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeSignature } from "#shared/digest/model/subscriptions";
import { feedbackId } from "#shared/feedback/model/ids";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { parseSigningKeys } from "#shared/platform/signing-keys";
import { apiClient } from "../support/api.ts";
import { expectProblem } from "../support/problem.ts";
import { mintSurvey, PHONE, pageTicket, settle } from "../support/surveys.ts";
import { rejections } from "./rejections.ts";

/**
 * Bad query strings and bad input on the customers' pages, over HTTP against the whole local
 * stack: the API answers problem+json naming each bad parameter, customers get a friendly page,
 * never a stack trace or a 500; and nothing that was rejected reaches the queue or the store.
 * Feedback bodies are in ./bad-input-feedback.test.ts.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const run = Date.now().toString(36);
const rejected = rejections(run);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "bad-input-key" });
  api = apiClient(stack);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

// ---------------------------------------------------------------------------------------------
// Query strings.

const getJson = (path: string) => api.get(path);

describe("query strings", () => {
  it("answers GET /v1/feedback with 400 naming each bad parameter", async () => {
    const cases: Array<[string, string[]]> = [
      ["limit=abc", ["limit"]],
      ["limit=0", ["limit"]],
      ["limit=101", ["limit"]],
      ["limit=1.5", ["limit"]],
      ["limit=5&limit=10", ["limit"]],
      ["from=yesterday", ["from"]],
      ["to=2026-13-01", ["to"]],
      ["from=2026-03-01&to=2026-02-01", ["from"]],
      ["from=2024-01-01&to=2026-01-01", ["from"]],
      ["channel=fax", ["channel"]],
      ["channel=nps%00", ["channel"]],
      ["sentiment=happy", ["sentiment"]],
      ["theme=", ["theme"]],
      [`theme=${"t".repeat(65)}`, ["theme"]],
      ["cursor=not-a-cursor", ["cursor"]],
      [`cursor=${"A".repeat(2_001)}`, ["cursor"]],
      ["limit=1000&channel=email&sentiment=%3Cscript%3E", ["limit", "channel", "sentiment"]],
    ];
    for (const [query, fields] of cases) {
      const answer = await expectProblem(await getJson(`/v1/feedback?${query}`), 400);
      expect(answer.errors?.map((e) => e.field).sort(), query).toEqual([...fields].sort());
    }
    // A GET has no body: an unknown parameter is named as part of the query string.
    const unknown = await expectProblem(await getJson("/v1/feedback?lmit=5&chanel=nps"), 400);
    expect(unknown.errors).toEqual([{ field: "(query)", message: "unknown field(s): lmit, chanel" }]);
    const unknownTask = await expectProblem(await getJson("/v1/tasks?stauts=open"), 400);
    expect(unknownTask.errors).toEqual([{ field: "(query)", message: "unknown field(s): stauts" }]);
  });

  it("answers GET /v1/tasks with 400 naming each bad parameter", async () => {
    const cases: Array<[string, string[]]> = [
      ["status=pending", ["status"]],
      ["limit=0", ["limit"]],
      ["limit=201", ["limit"]],
      ["limit=ten", ["limit"]],
      ["overdue=yes", ["overdue"]],
      ["channel=fax", ["channel"]],
      [`team=${"t".repeat(65)}`, ["team"]],
      [`assignee=${"a".repeat(201)}`, ["assignee"]],
      ["status=%3Cscript%3E&limit=-1", ["status", "limit"]],
    ];
    for (const [query, fields] of cases) {
      const answer = await expectProblem(await getJson(`/v1/tasks?${query}`), 400);
      expect(answer.errors?.map((e) => e.field).sort(), query).toEqual([...fields].sort());
    }
  });

  it("pages /v1/tasks with the cursors it hands out, and answers any other cursor with 400 naming it", async () => {
    const res = await api.post({
      items: [1, 2, 3].map((i) => ({
        channel: "nps",
        score: 0,
        comment: "退款三周了还没到账",
        customer: { id: `cursor-${run}-${i}` },
        sourceId: `cursor-${run}-${i}`,
      })),
    });
    for (const { id } of ((await res.json()) as { items: Array<{ id: string }> }).items) await api.waitStored(id);
    const first = (await (await getJson("/v1/tasks?limit=1")).json()) as { items: unknown[]; cursor?: string };
    expect(first.items).toHaveLength(1);
    expect(first.cursor).toBeTruthy();
    const second = await getJson(`/v1/tasks?limit=1&cursor=${first.cursor}`);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { items: unknown[] }).items).toHaveLength(1);

    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const lek = JSON.parse(Buffer.from(first.cursor ?? "", "base64url").toString("utf8")) as Record<string, string>;
    for (const cursor of [
      "%E2%9C%93not-base64",
      "bm90LWEtY3Vyc29y",
      json({}),
      json([1, 2]),
      json({ ...lek, GSI1PK: "TASKS#closed" }),
      json({ ...lek, extra: "x" }),
      json({ ...lek, PK: 7 }),
    ]) {
      const answer = await expectProblem(await getJson(`/v1/tasks?cursor=${cursor}`), 400);
      expect(answer.errors, cursor).toEqual([{ field: "cursor", message: "cursor is not one this API returned" }]);
    }
    // The same cursor from the active queue does not open the closed one.
    await expectProblem(await getJson(`/v1/tasks?status=closed&cursor=${first.cursor}`), 400);
  });

  it("never answers a fuzzed query string with a 5xx or an unnamed error", async () => {
    const keys = [
      "from",
      "to",
      "channel",
      "theme",
      "sentiment",
      "limit",
      "cursor",
      "status",
      "team",
      "assignee",
      "overdue",
    ];
    const value = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.constantFrom(
        "",
        "0",
        "-1",
        "1e3",
        "NaN",
        "Infinity",
        "2026-02-30",
        "9999-12-31T23:59:59Z",
        "nps",
        "active",
        "true",
      ),
    );
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })), value), {
      maxLength: 4,
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/v1/feedback", "/v1/tasks"), query, async (path, pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await getJson(`${path}?${qs}`);
        if (res.status === 200) {
          expect(((await res.json()) as { items: unknown[] }).items).toBeInstanceOf(Array);
          return;
        }
        const answer = await expectProblem(res, 400);
        expect(answer.errors?.length, qs).toBeGreaterThan(0);
        for (const e of answer.errors ?? []) expect(e.field, qs).toMatch(/^(\(query\)|[a-z]+)$/i);
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The survey page: customers get a page, never a stack trace.

const postForm = (url: string, body: string | Uint8Array, type = "application/x-www-form-urlencoded") =>
  fetch(url.split("?")[0] as string, { method: "POST", headers: { "content-type": type, "user-agent": PHONE }, body });

const expectFriendlyPage = async (res: Response, status: number) => {
  const html = await res.text();
  expect(res.status, html.slice(0, 200)).toBe(status);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|Error:|ZodError|stack/);
  return html;
};

describe("the survey page under bad input", () => {
  it("answers a POST without a usable score with the friendly 400 page, whatever the body", async () => {
    const { links } = await mintSurvey(stack, `${rejected.tag}-survey-bad`);
    const url = links[3]?.url ?? "";
    for (const [body, type] of [
      ["", undefined],
      ["score=", undefined],
      ["score=abc", undefined],
      ["score=11", undefined],
      ["score=-1", undefined],
      ["score=3.5", undefined],
      ["score=%FF%FE", undefined],
      ['{"score":3}', "application/json"],
      ["%%%&&&===", undefined],
      ["score=\u0000", undefined],
    ] as const) {
      await expectFriendlyPage(await postForm(url, body, type), 400);
    }
  });

  it("keeps an awkward comment as written, and a 1,600-unit cut never splits an emoji", async () => {
    const first = await mintSurvey(stack, `uni-survey-${run}-1`);
    const second = await mintSurvey(stack, `uni-survey-${run}-2`);
    const comment = "配送太慢 😡👎🏽 \u200fשלום\u200f zero\u200bwidth e\u0301 👩‍👩‍👧 <b>&amp;</b>";
    const firstUrl = first.links[2]?.url ?? "";
    const saved = await postForm(
      firstUrl,
      new URLSearchParams({ score: "2", comment, t: await pageTicket(firstUrl) }).toString(),
    );
    const html = await expectFriendlyPage(saved, 200);
    expect(html).toContain("&lt;b&gt;&amp;amp;&lt;/b&gt;");
    // 1,599 units and then an emoji (two units): the page keeps 1,600 units, which would end in half of it.
    const long = `${"a".repeat(1_599)}😡 and more`;
    await expectFriendlyPage(
      await postForm(
        second.links[1]?.url ?? "",
        new URLSearchParams({ score: "1", comment: long, t: await pageTicket(second.links[1]?.url ?? "") }).toString(),
      ),
      200,
    );
    await settle(stack);
    const stored = async (surveyId: string) => {
      const res = await api.get(`/v1/feedback/${feedbackId("nps", surveyId)}`);
      return res.status === 200 ? ((await res.json()) as { status: string; text?: string; score?: number }) : undefined;
    };
    expect(await stored(first.surveyId)).toMatchObject({ status: "stored", score: 2, text: comment.trim() });
    expect(await stored(second.surveyId)).toMatchObject({ status: "stored", score: 1, text: "a".repeat(1_599) });
  });

  it("answers forged, truncated and garbage links with friendly pages, never a 500", async () => {
    const { links } = await mintSurvey(stack, `${rejected.tag}-survey-garbage`);
    const token = new URL(links[0]?.url ?? "").pathname.split("/").pop() ?? "";
    for (const path of [
      token.slice(0, -1),
      `${token}x`,
      token.split(".").reverse().join("."),
      "%E2%80%AE",
      "%F0%9F%98%A1",
      "..%2F..%2Fetc%2Fpasswd",
      "a.b.c",
      "k1..",
      "x".repeat(4_000),
      "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "%ED%A0%80",
      "%E0%A4%A",
      "%zz",
    ]) {
      const html = await expectFriendlyPage(await fetch(`${stack.url}/s/${path}?score=1`), 403);
      expect(html).not.toContain("<script>alert");
      await expectFriendlyPage(await postForm(`${stack.url}/s/${path}`, "score=1"), 403);
    }
  });
});

describe("the unsubscribe page under bad input", () => {
  it("shows a signed but hostile address as text, and answers a bad signature with the same 403 page", async () => {
    const [key] = parseSigningKeys(process.env.SURVEY_SIGNING_KEYS ?? "");
    if (!key) throw new Error("the local stack set no signing key");
    const page = (e: string, sig = unsubscribeSignature(key.secret, "organization", e)) =>
      fetch(`${stack.url}/digests/unsubscribe?${new URLSearchParams({ s: "organization", e, sig })}`);
    for (const e of [
      '"><script>alert(1)</script>@example.com',
      "<img src=x onerror=alert(1)>@example.com",
      "\u202egro.elpmaxe@evil",
      "x@example.com<!--",
    ]) {
      const html = await expectFriendlyPage(await page(e), 200);
      expect(html).not.toMatch(/<script|<img|<!--/i);
      expect(html).toContain(
        e.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
      );
      const forged = await expectFriendlyPage(await page(e, "A".repeat(22)), 403);
      expect(forged).not.toContain(e.slice(0, 8));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("after all of it", () => {
  it("has put none of the rejected items on the queue, in the dead-letter queue or in the store", async () => {
    await rejected.expectNoneKept(stack, api);
  });
});
