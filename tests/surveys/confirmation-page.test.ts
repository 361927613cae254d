import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { confirmationExpiry, recordConfirmationOutcome, startConfirmation } from "#shared/follow-up/model/confirmation";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import { close, resolve } from "#shared/follow-up/model/transitions";
import { signConfirmationToken } from "#shared/surveys/model/confirmation-token";
import { signSurveyToken } from "#shared/surveys/model/token";
import { contactedTask, KEY, later, MemoryTasks, RULES } from "../follow-up/confirmation-fixtures.ts";

/**
 * GET|HEAD|POST /c/{token}: the page behind "is your problem solved?". What a GET shows never
 * changes a task (link scanners open the yes and the no link alike); only the page's own form
 * answers, once; forged, expired and unknown links get the friendly pages in the reader's language.
 */
let confirmResolution: typeof import("#functions/http/confirm-resolution").confirmResolution;

beforeAll(async () => {
  process.env.TABLE_NAME ??= "hearback-confirm-page-test";
  process.env.SURVEY_SIGNING_KEYS ??= JSON.stringify({ id: "x1", secret: "unused-signing-secret-of-32-chars-or-more" });
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  ({ confirmResolution } = await import("#functions/http/confirm-resolution"));
});

const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
const RESOLVED_AT = later(60);
const clock = later(24 * 60);

/** A resolved task whose question went out, in a store, and its link. */
const setUp = (locale: string | null = "zh-Hans") => {
  const tasks = new MemoryTasks();
  const resolved = resolve(contactedTask(), "refund", "mei", RESOLVED_AT);
  const expiry = confirmationExpiry(resolved, RULES);
  const task = tasks.put(
    recordConfirmationOutcome(
      startConfirmation(resolved, RESOLVED_AT, expiry),
      1,
      { sent: true, detail: "by email" },
      later(61),
    ),
  );
  const token = signConfirmationToken(
    { taskId: task.id, round: 1, ...(locale && { locale }), expiresAt: Math.floor(expiry.getTime() / 1000) },
    KEY,
  );
  let posts = 0;
  const deps = {
    tasks,
    limiter: {
      admit: async () =>
        ++posts > 10 ? ({ admitted: false, refusal: "window" } as const) : ({ admitted: true } as const),
    },
    keys: [KEY],
    now: () => clock,
  };
  return { tasks, task, token, deps };
};

const event = (
  token: string,
  method: "GET" | "HEAD" | "POST",
  opts: { query?: Record<string, string>; body?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 =>
  ({
    version: "2.0",
    routeKey: `${method} /c/{token}`,
    rawPath: `/c/${token}`,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers: {
      host: "hb.example.com",
      "user-agent": PHONE,
      "content-type": "application/x-www-form-urlencoded",
      ...opts.headers,
    },
    ...(opts.query && { queryStringParameters: opts.query }),
    pathParameters: { token },
    requestContext: { domainName: "hb.example.com", http: { method, path: `/c/${token}`, sourceIp: "203.0.113.9" } },
    body: opts.body ?? "",
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

const html = (res: APIGatewayProxyStructuredResultV2) => String(res.body);
const ticketOf = (page: string) => /name="t" value="([^"]+)"/.exec(page)?.[1] ?? "";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("the question page", () => {
  it("shows the question in the customer's language with the tapped answer chosen, and changes nothing", async () => {
    const { tasks, task, token, deps } = setUp();
    const before = await tasks.getTask(task.id);
    for (const a of ["yes", "no"]) {
      const res = await confirmResolution(event(token, "GET", { query: { a } }), deps);
      expect(res.statusCode).toBe(200);
      const page = html(res);
      expect(page).toContain('<html lang="zh-Hans">');
      expect(page).toContain("<h1>您的问题解决了吗？</h1>");
      expect(page).toMatch(new RegExp(`id="a-${a}" value="${a}"(?: required)? checked`));
      expect(page).toContain('<label class="c" for="c">');
      expect(page).toContain("提交回答");
      expect(page).not.toContain("<script");
      expect(page).not.toContain(task.id);
      expect(res.headers?.["content-security-policy"]).toMatch(/style-src 'nonce-[\w-]+'/);
      expect(res.headers?.["x-robots-tag"]).toBe("noindex, nofollow");
    }
    const head = await confirmResolution(event(token, "HEAD", { query: { a: "yes" } }), deps);
    expect(head).toMatchObject({ statusCode: 200, body: "" });
    expect(await tasks.getTask(task.id)).toEqual(before);
  });

  it("follows the browser's language when the link names none", async () => {
    const { token, deps } = setUp(null);
    const res = await confirmResolution(
      event(token, "GET", { headers: { "accept-language": "zh-TW,zh;q=0.9" } }),
      deps,
    );
    expect(html(res)).toContain('<html lang="zh-Hant">');
    expect(html(res)).toContain("您的問題解決了嗎？");
  });

  it("answers forged, expired, cut-off and unknown links with the friendly pages", async () => {
    const { task, token, deps } = setUp();
    const zh = { headers: { "accept-language": "zh-CN" } };
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    expect((await confirmResolution(event(forged, "GET", zh), deps)).statusCode).toBe(403);
    expect(html(await confirmResolution(event(forged, "GET", zh), deps))).toContain("链接无效");
    const survey = signSurveyToken({ surveyId: "s1", kind: "nps", expiresAt: 0xffff_fff0 }, KEY);
    expect((await confirmResolution(event(survey, "GET"), deps)).statusCode).toBe(403);
    expect((await confirmResolution(event("x".repeat(5_000), "GET"), deps)).statusCode).toBe(403);

    const expiredDeps = { ...deps, now: () => later(60 + 3 * 24 * 60) };
    const expired = await confirmResolution(event(token, "GET", zh), expiredDeps);
    expect(expired.statusCode).toBe(410);
    expect(html(expired)).toContain("链接已过期");
    expect((await confirmResolution(event(token, "POST", { body: "answer=yes" }), expiredDeps)).statusCode).toBe(410);

    expect((await confirmResolution(event(token, "GET", { query: { a: "maybe" } }), deps)).statusCode).toBe(400);

    const otherRound = signConfirmationToken({ taskId: task.id, round: 7, expiresAt: 0xffff_fff0 }, KEY);
    const missing = await confirmResolution(event(otherRound, "GET", zh), deps);
    expect(missing.statusCode).toBe(404);
    expect(html(missing)).not.toContain(task.id);
  });
});

describe("answering", () => {
  const answer = async (
    setup: ReturnType<typeof setUp>,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) => {
    const page = html(
      await confirmResolution(event(setup.token, "GET", { query: { a: fields.answer ?? "yes" } }), setup.deps),
    );
    return confirmResolution(
      event(setup.token, "POST", {
        body: form({ t: ticketOf(page), ...fields }),
        headers: { origin: "https://hb.example.com", ...headers },
      }),
      setup.deps,
    );
  };

  it("yes from the page closes the task, with the thanks in the customer's language", async () => {
    const setup = setUp();
    const res = await answer(setup, { answer: "yes", csat: "5", comment: "很满意" });
    expect(res.statusCode).toBe(200);
    expect(html(res)).toContain("谢谢！很高兴问题已经解决。");
    const task = (await setup.tasks.getTask(setup.task.id)) as FollowUpTaskV2;
    expect(task).toMatchObject({ status: "closed", closeReason: "customer_confirmed" });
    expect(setup.tasks.counters.get("2026-W48")).toEqual({ resolutionYes: 1 });
  });

  it("no reopens it with the customer's words; a second answer is refused politely and changes nothing", async () => {
    const setup = setUp("en");
    const page = html(await confirmResolution(event(setup.token, "GET", { query: { a: "no" } }), setup.deps));
    const post = (fields: Record<string, string>) =>
      confirmResolution(
        event(setup.token, "POST", {
          body: form({ t: ticketOf(page), ...fields }),
          headers: { origin: "https://hb.example.com" },
        }),
        setup.deps,
      );
    const res = await post({ answer: "no", csat: "", comment: "The refund has not arrived" });
    expect(html(res)).toContain("We have reopened your request");
    const reopened = (await setup.tasks.getTask(setup.task.id)) as FollowUpTaskV2;
    expect(reopened).toMatchObject({ status: "open", round: 2 });
    expect(JSON.stringify(reopened.audit)).toContain("The refund has not arrived");

    // The page still open in another tab: its second post is answered politely, and counts nothing.
    const again = await post({ answer: "yes" });
    expect(again.statusCode).toBe(200);
    expect(html(again)).toContain("You have already answered this question.");
    expect(await setup.tasks.getTask(setup.task.id)).toEqual(reopened);
    expect(setup.tasks.counters.get("2026-W48")).toEqual({ resolutionNo: 1 });
    // And the link now says so on a GET too.
    expect(html(await confirmResolution(event(setup.token, "GET", { query: { a: "yes" } }), setup.deps))).toContain(
      "You have already answered",
    );
  });

  it("changes nothing for posts no person made from the page: no ticket, a scanner, another site", async () => {
    const setup = setUp();
    const before = await setup.tasks.getTask(setup.task.id);
    const noTicket = await confirmResolution(
      event(setup.token, "POST", { body: form({ answer: "yes" }), headers: { origin: "https://hb.example.com" } }),
      setup.deps,
    );
    expect(noTicket.statusCode).toBe(200);
    expect(html(noTicket)).toContain("<h1>您的问题解决了吗？</h1>");
    expect(html(noTicket)).toMatch(/id="a-yes" value="yes" required checked/);
    for (const ua of ["Mozilla/5.0 (compatible; Barracuda Sentinel)", "Mozilla/5.0 HeadlessChrome/126.0"]) {
      expect((await answer(setup, { answer: "no" }, { "user-agent": ua })).statusCode).toBe(200);
    }
    const crossSite = await answer(setup, { answer: "yes" }, { origin: "https://evil.example.net" });
    expect(crossSite.statusCode).toBe(403);
    expect(await setup.tasks.getTask(setup.task.id)).toEqual(before);
    expect(setup.tasks.counters.size).toBe(0);
  });

  it("refuses a bad field by name with the friendly 400 page, and floods with 429", async () => {
    const setup = setUp();
    expect((await answer(setup, { answer: "yes", csat: "6" })).statusCode).toBe(400);
    expect((await answer(setup, { answer: "perhaps" })).statusCode).toBe(400);
    let last: APIGatewayProxyStructuredResultV2 | undefined;
    for (let i = 0; i < 10; i++) last = await answer(setup, { answer: "yes", csat: "x" });
    expect(last?.statusCode).toBe(429);
    expect(html(last as APIGatewayProxyStructuredResultV2)).toContain("提交得太频繁");
    expect((await setup.tasks.getTask(setup.task.id))?.status).toBe("resolved");
  });

  it("records an answer that comes after the task closed by timeout, and keeps it closed", async () => {
    const setup = setUp();
    const page = html(await confirmResolution(event(setup.token, "GET", { query: { a: "no" } }), setup.deps));
    // The sweep closes the task between the page and the post.
    const stored = (await setup.tasks.getTask(setup.task.id)) as FollowUpTaskV2;
    setup.tasks.put(close(stored, "system:sla-sweep", clock, "timeout"));
    const res = await confirmResolution(
      event(setup.token, "POST", {
        body: form({ t: ticketOf(page), answer: "no" }),
        headers: { origin: "https://hb.example.com" },
      }),
      setup.deps,
    );
    expect(html(res)).toContain("我们已转告客服团队。");
    const task = (await setup.tasks.getTask(setup.task.id)) as FollowUpTaskV2;
    expect(task).toMatchObject({ status: "closed", closeReason: "timeout", round: 1 });
    expect(task.audit.at(-1)).toMatchObject({ action: "confirmation_answered", actor: "customer" });
    expect(setup.tasks.counters.get("2026-W48")).toEqual({ resolutionNo: 1 });
  });

  it("re-reads and decides again when the task changes under the answer", async () => {
    const setup = setUp();
    setup.tasks.beforeSave = (n) => {
      const current = setup.tasks.items.get(setup.task.id);
      if (n === 1 && current) setup.tasks.put({ ...current, version: current.version + 1 });
    };
    const res = await answer(setup, { answer: "yes" });
    expect(res.statusCode).toBe(200);
    expect((await setup.tasks.getTask(setup.task.id))?.status).toBe("closed");
    expect(setup.tasks.counters.get("2026-W48")).toEqual({ resolutionYes: 1 });
  });
});
