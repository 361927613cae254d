import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeSignature } from "#shared/digest/model/subscriptions";
import { feedbackId } from "#shared/feedback/model/ids";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { parseSigningKeys } from "#shared/platform/signing-keys";
import { apiClient } from "../support/api.ts";

/**
 * Bad input over HTTP, against the whole local stack: every wrong body, content type, size, query
 * and awkward Unicode gets a clear answer (problem+json naming the problem for the API, a friendly
 * page for customers), never a stack trace or a 500; and nothing that was rejected reaches the
 * queue or the store.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let sqs: SQSClient;
const run = Date.now().toString(36);
/** Every item this file expects to be rejected carries this in its sourceId or customer id. */
const REJECTED = `rejected-${run}`;
const rejectedIds = new Set<string>();

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "bad-input-key" });
  api = apiClient(stack);
  sqs = new SQSClient({
    endpoint: stack.sqsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    useQueueUrlAsEndpoint: false,
  });
});
afterAll(async () => {
  sqs?.destroy();
  await stack?.stop({ drain: false });
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Asserts an RFC 9457 answer with this status and returns it. */
const problem = async (res: Response, status: number): Promise<Problem> => {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = JSON.parse(text) as Problem;
  expect(body).toMatchObject({ status, type: expect.stringMatching(new RegExp(`#errors-${status}$`)) });
  expect(body.title).toBeTruthy();
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  return body;
};

/** An NPS item that would be accepted, marked so the final check can look for it. */
const marked = (name: string, over: Record<string, unknown> = {}) => {
  const sourceId = `${REJECTED}-${name}`;
  rejectedIds.add(feedbackId("nps", sourceId));
  return { channel: "nps", score: 4, customer: { id: `${REJECTED}-c` }, sourceId, ...over };
};

const rawPost = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}/v1/feedback`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json", ...headers },
    body,
  });

describe("POST /v1/feedback: sizes", () => {
  it("takes a body of exactly 1 MiB and answers 413 problem+json one byte above, counting bytes not characters", async () => {
    const item = JSON.stringify({ channel: "nps", score: 4, customer: { id: `size-${run}` }, sourceId: `size-${run}` });
    // Whitespace is valid JSON padding: the item itself is fine, only the size decides.
    const exact = item + " ".repeat(1024 * 1024 - Buffer.byteLength(item));
    expect(Buffer.byteLength(exact)).toBe(1024 * 1024);
    const ok = await rawPost(exact);
    expect(ok.status).toBe(202);

    const over = await problem(await rawPost(`${JSON.stringify(marked("size-over"))}${" ".repeat(1024 * 1024)}`), 413);
    expect(over.detail).toMatch(/limit is 1048576/);
    // 400,000 Chinese characters are 1.2 MB in UTF-8.
    const wide = await rawPost(JSON.stringify(marked("size-wide", { comment: "慢".repeat(400_000) })));
    expect((await problem(wide, 413)).detail).toMatch(/1200\d{3} bytes/);
  });

  it("answers 413 problem+json for a body above the gateway's 10 MB", async () => {
    const huge = `{"items":[${JSON.stringify(marked("size-huge"))}],"pad":"${"x".repeat(11 * 1024 * 1024)}"}`;
    await problem(await rawPost(huge), 413);
  });
});

describe("POST /v1/feedback: malformed bodies", () => {
  it("answers 400 problem+json 'Malformed JSON' naming the body and the parser's reason", async () => {
    const item = JSON.stringify(marked("malformed"));
    for (const body of [
      "",
      " ",
      "{",
      `${item.slice(0, -1)}`,
      `${item},`,
      `${item} trailing`,
      `[${item},]`,
      item.replace(/"/g, "'"),
      `{"channel":"nps","score":NaN}`,
      `{"channel":"nps","score":0x10}`,
      "\u0000",
      `\ufeff${item}`,
      `${item}\u0000`,
      "undefined",
    ]) {
      const body400 = await problem(await rawPost(body), 400);
      expect(body400.title).toBe("Malformed JSON");
      expect(body400.detail?.length).toBeGreaterThan(0);
      expect(body400.errors).toEqual([{ field: "(body)", message: "is not valid JSON" }]);
    }
  });

  it("names the body for JSON that is not an object: arrays, strings, numbers, null", async () => {
    for (const body of [`[${JSON.stringify(marked("array"))}]`, '"nps"', "42", "null", "true", "[]"]) {
      const answer = await problem(await rawPost(body), 400);
      expect(answer.errors).toEqual([{ field: "(body)", message: "must be a JSON object" }]);
    }
  });

  it("rejects 101 items naming the items field, and accepts none of them", async () => {
    const items = Array.from({ length: 101 }, (_, i) => marked(`batch-${i}`));
    const answer = await problem(await api.post({ items }), 400);
    expect(answer.errors).toEqual([{ field: "items", message: "must hold 1 to 100 items, got 101" }]);
  });

  it("answers deeply nested JSON with 400 naming the field, not a stack overflow", async () => {
    const depth = 200_000;
    const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const inItems = await problem(await rawPost(`{"items":[${nested}]}`), 400);
    expect(inItems.errors?.map((e) => e.field)).toEqual(["items[0]"]);
    const inName = await problem(
      await rawPost(JSON.stringify(marked("nested", { customer: { id: "x", name: "n" } })).replace('"n"', nested)),
      400,
    );
    expect(inName.errors?.map((e) => e.field)).toEqual(["customer.name"]);
    const objects = `${'{"a":'.repeat(depth / 4)}1${"}".repeat(depth / 4)}`;
    const inObject = await problem(
      await rawPost(JSON.stringify(marked("nested-object")).replace(/}$/, `,"x":${objects}}`)),
      400,
    );
    expect(inObject.errors?.[0]).toMatchObject({ field: "(body)", message: "unknown field(s): x" });
  });

  it("names a lone surrogate sent as a JSON escape, field by field", async () => {
    const answer = await problem(
      await rawPost(
        JSON.stringify(marked("surrogate", { comment: "PLACEHOLDER", customer: { id: "c", name: "NAME" } }))
          .replace("PLACEHOLDER", "broken \\ud83d emoji")
          .replace("NAME", "\\udc00x"),
      ),
      400,
    );
    expect(answer.errors?.map((e) => e.field).sort()).toEqual(["comment", "customer.name"]);
    expect(answer.errors?.[0]?.message).toMatch(/unpaired surrogate/);
  });
});

describe("POST /v1/feedback: content types", () => {
  it("answers 415 problem+json for anything but JSON, and takes JSON however it is spelled", async () => {
    const body = JSON.stringify(marked("content-type"));
    for (const type of [
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      "application/octet-stream",
      "application/jsonp",
      "application/json-seq",
      "json",
      "",
    ]) {
      const answer = await problem(await rawPost(body, { "content-type": type }), 415);
      expect(answer).toMatchObject({ title: "Unsupported media type", accepted: ["application/json"] });
    }
    const noType = await fetch(`${stack.url}/v1/feedback`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.apiKey}` },
      body: new Uint8Array(Buffer.from(body)),
    });
    await problem(noType, 415);

    for (const [i, type] of [
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/problem+json",
    ].entries()) {
      const res = await rawPost(
        JSON.stringify({ channel: "csat", score: 5, customer: { id: `ct-${run}` }, sourceId: `ct-${run}-${i}` }),
        {
          "content-type": type,
        },
      );
      expect(res.status, type).toBe(202);
    }
  });
});

describe("POST /v1/feedback: Unicode edge cases", () => {
  it("stores emoji, RTL, zero-width and combining characters exactly as written, and the 5,000-byte limit in bytes", async () => {
    const comment =
      "👩‍👩‍👧‍👦 family, 🇨🇳 flag, 👍🏽 tone, ❤️ selector; \u200fשלום\u200f and \u202eenilno\u202c; zero\u200bwidth\u200d\ufeff; e\u0301 Z\u0335\u0321; 𠀋 退款还没到账 😡";
    const text = `${"😡".repeat(1_249)}abcd`;
    expect(Buffer.byteLength(text)).toBe(5_000);
    const res = await api.post({
      items: [
        {
          channel: "nps",
          score: 2,
          comment,
          customer: { id: `uni-${run}`, name: "\u202eevil\u202c 王 e\u0301" },
          sourceId: `uni-${run}-1`,
        },
        { channel: "social", platform: "weibo", text, author: { handle: "ح_س" }, sourceId: `uni-${run}-2` },
      ],
    });
    expect(res.status).toBe(202);
    const [first, second] = ((await res.json()) as { items: Array<{ id: string }> }).items;
    expect((await api.waitStored(first?.id ?? "")).text).toBe(comment);
    expect((await api.waitStored(second?.id ?? "")).text).toBe(text);

    const over = await problem(await api.post(marked("too-long", { comment: `${"😡".repeat(1_249)}abcde` })), 400);
    expect(over.errors).toEqual([{ field: "comment", message: "comment must be at most 5000 bytes (UTF-8)" }]);
  });
});

describe("POST /v1/feedback: bytes that are not UTF-8", () => {
  it("answers 400 naming the body instead of storing replacement characters", async () => {
    const json = Buffer.from(JSON.stringify(marked("bad-utf8", { comment: "退款XX" })));
    const at = json.indexOf("XX");
    json[at] = 0xff; // never valid in UTF-8
    json[at + 1] = 0xc3; // a lead byte without its continuation
    const body = await problem(await rawPost(json), 400);
    expect(body.errors).toEqual([{ field: "(body)", message: "is not valid UTF-8" }]);
  });
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
      const answer = await problem(await getJson(`/v1/feedback?${query}`), 400);
      expect(answer.errors?.map((e) => e.field).sort(), query).toEqual([...fields].sort());
    }
    // A GET has no body: an unknown parameter is named as part of the query string.
    const unknown = await problem(await getJson("/v1/feedback?lmit=5&chanel=nps"), 400);
    expect(unknown.errors).toEqual([{ field: "(query)", message: "unknown field(s): lmit, chanel" }]);
    const unknownTask = await problem(await getJson("/v1/tasks?stauts=open"), 400);
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
      const answer = await problem(await getJson(`/v1/tasks?${query}`), 400);
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
      const answer = await problem(await getJson(`/v1/tasks?cursor=${cursor}`), 400);
      expect(answer.errors, cursor).toEqual([{ field: "cursor", message: "cursor is not one this API returned" }]);
    }
    // The same cursor from the active queue does not open the closed one.
    await problem(await getJson(`/v1/tasks?status=closed&cursor=${first.cursor}`), 400);
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
        const answer = await problem(res, 400);
        expect(answer.errors?.length, qs).toBeGreaterThan(0);
        for (const e of answer.errors ?? []) expect(e.field, qs).toMatch(/^(\(query\)|[a-z]+)$/i);
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The survey page: customers get a page, never a stack trace.

interface Minted {
  surveyId: string;
  links: Array<{ score: number; url: string }>;
}

const mint = async (customerId: string): Promise<Minted> => {
  const res = await fetch(`${stack.url}/v1/survey-links`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` },
    body: JSON.stringify({ kind: "nps", customer: { id: customerId }, locale: "en" }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Minted;
};

const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

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

const settle = async () => {
  await new Promise((r) => setTimeout(r, 6_000));
  expect(await stack.drain(20_000)).toBe(true);
};

describe("the survey page under bad input", () => {
  it("answers a POST without a usable score with the friendly 400 page, whatever the body", async () => {
    const { links } = await mint(`${REJECTED}-survey-bad`);
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
    const first = await mint(`uni-survey-${run}-1`);
    const second = await mint(`uni-survey-${run}-2`);
    const comment = "配送太慢 😡👎🏽 \u200fשלום\u200f zero\u200bwidth e\u0301 👩‍👩‍👧 <b>&amp;</b>";
    const saved = await postForm(first.links[2]?.url ?? "", new URLSearchParams({ score: "2", comment }).toString());
    const html = await expectFriendlyPage(saved, 200);
    expect(html).toContain("&lt;b&gt;&amp;amp;&lt;/b&gt;");
    // 1,599 units and then an emoji (two units): the page keeps 1,600 units, which would end in half of it.
    const long = `${"a".repeat(1_599)}😡 and more`;
    await expectFriendlyPage(
      await postForm(second.links[1]?.url ?? "", new URLSearchParams({ score: "1", comment: long }).toString()),
      200,
    );
    await settle();
    const stored = async (surveyId: string) => {
      const res = await api.get(`/v1/feedback/${feedbackId("nps", surveyId)}`);
      return res.status === 200 ? ((await res.json()) as { status: string; text?: string; score?: number }) : undefined;
    };
    expect(await stored(first.surveyId)).toMatchObject({ status: "stored", score: 2, text: comment.trim() });
    expect(await stored(second.surveyId)).toMatchObject({ status: "stored", score: 1, text: "a".repeat(1_599) });
  });

  it("answers forged, truncated and garbage links with friendly pages, never a 500", async () => {
    const { links } = await mint(`${REJECTED}-survey-garbage`);
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
    expect(await stack.drain(20_000)).toBe(true);
    for (const id of rejectedIds) {
      expect((await api.get(`/v1/feedback/${id}`)).status, id).toBe(404);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await (await api.get(`/v1/feedback?limit=100${cursor ? `&cursor=${cursor}` : ""}`)).json()) as {
        items: Array<{ sourceId?: string; customerId?: string }>;
        cursor?: string;
      };
      seen.push(...page.items.map((i) => `${i.sourceId} ${i.customerId}`));
      cursor = page.cursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.includes(REJECTED))).toEqual([]);
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(dead.Messages ?? []).toEqual([]);
  });
});
