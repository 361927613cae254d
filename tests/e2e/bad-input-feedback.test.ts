import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { expectProblem } from "../support/problem.ts";
import { rejections } from "./rejections.ts";

/**
 * Bad feedback bodies over HTTP, against the whole local stack: every wrong body, content type,
 * size and awkward Unicode gets a clear answer (problem+json naming the problem), never a stack
 * trace or a 500; and nothing that was rejected reaches the queue or the store. Query strings and
 * the customers' pages are in ./bad-input-queries-and-pages.test.ts.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const run = Date.now().toString(36);
const rejected = rejections(run);
const { marked } = rejected;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "bad-input-key" });
  api = apiClient(stack);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

const rawPost = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  api.request("POST", "/v1/feedback", {
    body,
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json", ...headers },
  });

describe("POST /v1/feedback: sizes", () => {
  it("takes a body of exactly 1 MiB and answers 413 problem+json one byte above, counting bytes not characters", async () => {
    const item = JSON.stringify({ channel: "nps", score: 4, customer: { id: `size-${run}` }, sourceId: `size-${run}` });
    // Whitespace is valid JSON padding: the item itself is fine, only the size decides.
    const exact = item + " ".repeat(1024 * 1024 - Buffer.byteLength(item));
    expect(Buffer.byteLength(exact)).toBe(1024 * 1024);
    const ok = await rawPost(exact);
    expect(ok.status).toBe(202);

    const over = await expectProblem(
      await rawPost(`${JSON.stringify(marked("size-over"))}${" ".repeat(1024 * 1024)}`),
      413,
    );
    expect(over.detail).toMatch(/limit is 1048576/);
    // 400,000 Chinese characters are 1.2 MB in UTF-8.
    const wide = await rawPost(JSON.stringify(marked("size-wide", { comment: "慢".repeat(400_000) })));
    expect((await expectProblem(wide, 413)).detail).toMatch(/1200\d{3} bytes/);
  });

  it("answers 413 problem+json for a body above the gateway's 10 MB", async () => {
    const huge = `{"items":[${JSON.stringify(marked("size-huge"))}],"pad":"${"x".repeat(11 * 1024 * 1024)}"}`;
    await expectProblem(await rawPost(huge), 413);
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
      const body400 = await expectProblem(await rawPost(body), 400);
      expect(body400.title).toBe("Malformed JSON");
      expect(body400.detail?.length).toBeGreaterThan(0);
      expect(body400.errors).toEqual([{ field: "(body)", message: "is not valid JSON" }]);
    }
  });

  it("names the body for JSON that is not an object: arrays, strings, numbers, null", async () => {
    for (const body of [`[${JSON.stringify(marked("array"))}]`, '"nps"', "42", "null", "true", "[]"]) {
      const answer = await expectProblem(await rawPost(body), 400);
      expect(answer.errors).toEqual([{ field: "(body)", message: "must be a JSON object" }]);
    }
  });

  it("rejects 101 items naming the items field, and accepts none of them", async () => {
    const items = Array.from({ length: 101 }, (_, i) => marked(`batch-${i}`));
    const answer = await expectProblem(await api.post({ items }), 400);
    expect(answer.errors).toEqual([{ field: "items", message: "must hold 1 to 100 items, got 101" }]);
  });

  it("answers deeply nested JSON with 400 naming the field, not a stack overflow", async () => {
    const depth = 200_000;
    const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const inItems = await expectProblem(await rawPost(`{"items":[${nested}]}`), 400);
    expect(inItems.errors?.map((e) => e.field)).toEqual(["items[0]"]);
    const inName = await expectProblem(
      await rawPost(JSON.stringify(marked("nested", { customer: { id: "x", name: "n" } })).replace('"n"', nested)),
      400,
    );
    expect(inName.errors?.map((e) => e.field)).toEqual(["customer.name"]);
    const objects = `${'{"a":'.repeat(depth / 4)}1${"}".repeat(depth / 4)}`;
    const inObject = await expectProblem(
      await rawPost(JSON.stringify(marked("nested-object")).replace(/}$/, `,"x":${objects}}`)),
      400,
    );
    expect(inObject.errors?.[0]).toMatchObject({ field: "(body)", message: "unknown field(s): x" });
  });

  it("names a lone surrogate sent as a JSON escape, field by field", async () => {
    const answer = await expectProblem(
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
      const answer = await expectProblem(await rawPost(body, { "content-type": type }), 415);
      expect(answer).toMatchObject({ title: "Unsupported media type", accepted: ["application/json"] });
    }
    const noType = await api.request("POST", "/v1/feedback", {
      body: new Uint8Array(Buffer.from(body)),
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    await expectProblem(noType, 415);

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

    const over = await expectProblem(
      await api.post(marked("too-long", { comment: `${"😡".repeat(1_249)}abcde` })),
      400,
    );
    expect(over.errors).toEqual([{ field: "comment", message: "comment must be at most 5000 bytes (UTF-8)" }]);
  });
});

describe("POST /v1/feedback: bytes that are not UTF-8", () => {
  it("answers 400 naming the body instead of storing replacement characters", async () => {
    const json = Buffer.from(JSON.stringify(marked("bad-utf8", { comment: "退款XX" })));
    const at = json.indexOf("XX");
    json[at] = 0xff; // never valid in UTF-8
    json[at + 1] = 0xc3; // a lead byte without its continuation
    const body = await expectProblem(await rawPost(json), 400);
    expect(body.errors).toEqual([{ field: "(body)", message: "is not valid UTF-8" }]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("after all of it", () => {
  it("has put none of the rejected items on the queue, in the dead-letter queue or in the store", async () => {
    await rejected.expectNoneKept(stack, api);
  });
});
