import { describe, expect, it } from "vitest";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { apiSink, ImportTargetError, retryAfterMs } from "../../tools/cli/commands/import/sinks.ts";

/** `--url --key`: POST /v1/feedback as an integration would, waiting when told to and naming what the API refused. */
const items = (n: number): FeedbackInput[] =>
  Array.from({ length: n }, (_, i) => ({ channel: "nps", score: 9, customer: { id: `c-${i}` }, sourceId: `s-${i}` }));

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A fake API answering from a script, recording each request's items. */
const scripted = (answers: Array<(sent: unknown[]) => Response>) => {
  const requests: unknown[][] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const sent = (JSON.parse(String(init.body)) as { items: unknown[] }).items;
    requests.push(sent);
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers scripted");
    return answer(sent);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
};

const accepted = (sent: unknown[]) => json(202, { items: sent.map((_, i) => ({ id: `fb_${i}`, status: "accepted" })) });

describe("the API as an import's target", () => {
  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 10:00:05 GMT", Date.parse("2026-12-02T10:00:00Z"))).toBe(5_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  it("sends the same chunk again after a 429 or 503, as Retry-After says", async () => {
    const api = scripted([
      () => json(429, { title: "Too Many Requests" }, { "retry-after": "0" }),
      () => json(503, { title: "Unavailable" }, { "retry-after": "0" }),
      accepted,
    ]);
    const answers = await apiSink({ url: "http://api.test", key: "k", fetch: api.fetch }).accept(items(3));
    expect(answers).toEqual([{ status: "accepted" }, { status: "accepted" }, { status: "accepted" }]);
    expect(api.requests).toHaveLength(3);
    expect(api.requests[2]).toEqual(api.requests[0]);
  });

  it("turns the items a 400 names into rejects with the API's words, and sends the others again", async () => {
    const api = scripted([
      () =>
        json(400, {
          errors: [{ field: "items[1].occurredAt", message: "must be between 2000-01-01 and a day from now" }],
        }),
      accepted,
    ]);
    const answers = await apiSink({ url: "http://api.test", key: "k", fetch: api.fetch }).accept(items(3));
    expect(answers).toEqual([
      { status: "accepted" },
      { status: "rejected", reason: "occurredAt: must be between 2000-01-01 and a day from now" },
      { status: "accepted" },
    ]);
    expect(api.requests[1]).toHaveLength(2);
  });

  it("stops the import when the key is refused", async () => {
    const api = scripted([() => json(401, { title: "Unauthorized" })]);
    await expect(apiSink({ url: "http://api.test", key: "bad", fetch: api.fetch }).accept(items(1))).rejects.toThrow(
      ImportTargetError,
    );
  });
});
