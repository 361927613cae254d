import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { sessionCookieOf, signInToTriage } from "./secure-stack.ts";

/**
 * Loose edges an outside test found (issue 12): what a careless client or an attacker sends that
 * the server never issued gets a 4xx naming the field, never a 500; every answer says nosniff; a
 * link cannot write into the triage banner; a customer's direction marks stay inside their words.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let session: string;
const run = Date.now().toString(36);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "edges-key" });
  api = apiClient(stack);
  session = sessionCookieOf(await signInToTriage(stack, "lead", DEFAULT_DEV_PASSWORD)) ?? "";
  expect(session).not.toBe("");
});

afterAll(async () => {
  await stack?.stop({ drain: false });
});

const fieldsOf = async (res: Response) =>
  ((await res.json()) as { errors?: Array<{ field: string }> }).errors?.map((e) => e.field) ?? [];

describe("cursors and ids the server never issued", () => {
  const forged = [
    "garbage",
    b64({ day: "2026-12-01", lek: { PK: "FB#x" } }),
    b64({ day: "2026-12-01", lek: { GSI1PK: "FEED#2026-11-01", GSI1SK: "a", PK: "b", SK: "c" } }),
    b64({ day: "2026-12-01", lek: { GSI1PK: "FEED#2026-12-01", GSI1SK: "a", PK: "b", SK: "c", extra: "d" } }),
    b64({ day: ["2026-12-01"] }),
    b64({ GSI1PK: "TASKS#active", GSI1SK: "x", PK: "TASK#x", SK: { S: "TASK" } }),
  ];

  it("answers a forged feedback cursor with 400 naming cursor", async () => {
    for (const cursor of forged) {
      const res = await api.get(`/v1/feedback?from=2026-11-01&to=2026-12-02&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(await fieldsOf(res), cursor).toContain("cursor");
    }
  });

  it("answers a forged task cursor with 400 naming cursor, in the API and on the triage page", async () => {
    for (const cursor of forged) {
      const res = await api.get(`/v1/tasks?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(await fieldsOf(res), cursor).toContain("cursor");
      const page = await fetch(`${stack.url}/triage?cursor=${encodeURIComponent(cursor)}`, {
        headers: { cookie: `hb_session=${session}` },
      });
      expect(page.status, cursor).toBe(400);
    }
  });

  it("answers a task id that cannot exist with 404, however long, without echoing it", async () => {
    const long = `task_${"x".repeat(3_000)}`;
    const read = await api.get(`/v1/tasks/${long}`);
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("xxxxxxxx");
    const act = await api.request("POST", `/v1/tasks/${long}/assign`, { body: { version: 1, assignee: "lin" } });
    expect(act.status).toBe(404);
  });
});

describe("weeks and lists", () => {
  it("refuses digest weeks that do not exist, and renders one that does", async () => {
    for (const week of ["2026-W00", "2026-W99", "2025-W53", "1999-W10", "2026-W1"]) {
      const res = await api.get(`/v1/digests/preview?week=${week}`);
      expect(res.status, week).toBe(400);
      expect(await fieldsOf(res), week).toContain("week");
    }
    expect((await api.get("/v1/digests/preview?week=2027-W53")).status).toBe(400);
    expect((await api.get("/v1/digests/preview?week=2020-W53")).status).toBe(200);
  });

  it("caps a subscription's recipients", async () => {
    const recipients = Array.from({ length: 51 }, (_, i) => `pm${i}@example.com`);
    const res = await api.request("PUT", `/v1/digest-subscriptions/too-many-${run}`, {
      body: { recipients, locale: "en" },
    });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toContain("recipients");
  });
});

describe("headers and pages", () => {
  it("says nosniff on every kind of answer", async () => {
    const answers = await Promise.all([
      api.get("/health", {}),
      api.get("/v1/feedback?limit=1"),
      api.get("/v1/feedback/fb_nope"),
      api.get("/v1/feedback", {}),
      api.get("/v1/tasks/export"),
      fetch(`${stack.url}/triage/login`),
      fetch(`${stack.url}/triage`, { redirect: "manual" }),
      fetch(`${stack.url}/s/not-a-token`),
      api.get("/v1/digests/preview?week=2026-W01"),
    ]);
    for (const res of answers) expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
  });

  it("shows no words from a crafted link in the triage banner", async () => {
    const page = await fetch(`${stack.url}/triage?flash=${encodeURIComponent("Call +86 138 0000 0000 now")}`, {
      headers: { cookie: `hb_session=${session}` },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain("Call +86");
    expect(html).toContain('<p id="flash" role="status"></p>');
  });

  it("isolates a customer's direction marks inside their words on the triage page", async () => {
    const sourceId = `bidi-${run}`;
    const res = await api.post({
      channel: "nps",
      score: 1,
      comment: "refund \u202Eoverdue\u202C never came",
      customer: { id: `bidi-${run}` },
      sourceId,
    });
    const id = ((await res.json()) as { items: Array<{ id: string }> }).items[0]?.id ?? "";
    await api.waitStored(id);
    const html = await (await fetch(`${stack.url}/triage`, { headers: { cookie: `hb_session=${session}` } })).text();
    expect(html).toMatch(/<bdi>refund \u202Eoverdue\u202C never came<\/bdi>/);
    // The customer (shown as a pseudonym to a lead without personal-data rights) is isolated too.
    expect(html).toMatch(/<bdi>(Customer|客户|客戶) #[0-9A-F]{6}<\/bdi>/);
    expect(html).not.toContain(`bidi-${run}`);
  });
});
