import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";

/**
 * Digest subscriptions over HTTP: a product team adds itself with an API key, the digest run sends
 * to it (as its schedule would), it can change and remove itself; the config file's subscription
 * stays read-only; bad bodies are answered field by field.
 */
let stack: LocalStack;
const KEY = "subs-key";

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: KEY });
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

const call = (method: string, path: string, body?: unknown, key = KEY) =>
  apiClient(stack).request(method, `/v1/digest-subscriptions${path}`, {
    body,
    headers: { authorization: `Bearer ${key}` },
  });

interface Listed {
  id: string;
  source: string;
  team?: string;
  recipients: string[];
  timeZone: string;
  weekday: number;
  hour: number;
}
const list = async () => ((await (await call("GET", "")).json()) as { items: Listed[] }).items;

const inbox = async (to: string) => {
  const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
    emails: Array<{ subject: string; destination: { to: string[] }; body: { text: string } }>;
  };
  return store.emails.filter((e) => e.destination.to.includes(to));
};

describe("digest subscriptions API", () => {
  it("adds, changes and removes a team's subscription, and the digest run follows it", async () => {
    expect((await list()).map((s) => [s.id, s.source])).toEqual([["organization", "config"]]);

    const created = await call("PUT", "/delivery-team", {
      team: "logistics",
      recipients: ["delivery-pm@example.com"],
      locale: "en",
      timeZone: "Europe/Berlin",
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: "delivery-team", weekday: 1, hour: 9, source: "api" });

    const changed = await call("PUT", "/delivery-team", {
      team: "logistics",
      recipients: ["delivery-pm@example.com", "ops-lead@example.com"],
      locale: "en",
      timeZone: "Europe/Berlin",
      weekday: 5,
      hour: 16,
    });
    expect(changed.status).toBe(200);
    const listed = (await list()).find((s) => s.id === "delivery-team");
    expect(listed).toMatchObject({
      source: "api",
      weekday: 5,
      hour: 16,
      recipients: ["delivery-pm@example.com", "ops-lead@example.com"],
    });

    // What its EventBridge Scheduler schedule does on AWS: invoke the sender naming it.
    const runs = (await stack.runScheduled("send-digests", {
      subscription: "delivery-team",
      week: "2026-W40",
    })) as Array<{
      subscription: string;
      sent: number;
    }>;
    expect(runs).toEqual([expect.objectContaining({ subscription: "delivery-team", sent: 2 })]);
    const mail = await inbox("ops-lead@example.com");
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain("Week 40, 2026");

    expect((await call("DELETE", "/delivery-team")).status).toBe(204);
    expect((await call("DELETE", "/delivery-team")).status).toBe(404);
    expect((await list()).map((s) => s.id)).toEqual(["organization"]);
    const after = (await stack.runScheduled("send-digests", {
      subscription: "delivery-team",
      week: "2026-W41",
    })) as unknown[];
    expect(after).toEqual([]);
    expect(await inbox("ops-lead@example.com")).toHaveLength(1);
  });

  it("sends a digest of only the themes a subscription follows", async () => {
    const res = await call("PUT", "/refunds-watch", {
      themes: ["refund", "payment"],
      recipients: ["refunds-pm@example.com"],
      locale: "en",
    });
    expect(res.status).toBe(201);
    await stack.runScheduled("send-digests", { subscription: "refunds-watch", week: "2026-W40" });
    const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] }; body: { text: string } }>;
    };
    const [mail] = store.emails.filter((e) => e.destination.to.includes("refunds-pm@example.com"));
    expect(mail?.body.text).toContain("Refunds & returns · Payment & billing");
    const delivery = await call("PUT", "/delivery-touchpoint", {
      touchpoints: ["delivery"],
      recipients: ["rider-ops@example.com"],
      locale: "en",
    });
    expect(delivery.status).toBe(201);
    await stack.runScheduled("send-digests", { subscription: "delivery-touchpoint", week: "2026-W40" });
    const [riders] = await inbox("rider-ops@example.com");
    expect(riders?.subject).toContain("Week 40, 2026");
    // The header's second line says whom the digest is for: the touchpoint, by its label.
    expect(riders?.body.text).toMatch(/^Delivery\b/m);
    // "View in browser" opens this same digest (its touchpoint, its week) for this reader, without a key.
    const view = /View in browser: (\S+)/.exec(riders?.body.text ?? "")?.[1] ?? "";
    expect(view).toContain("/digests/read/");
    const page = await fetch(view);
    expect(page.status).toBe(200);
    expect(/<title>([^<]*)<\/title>/.exec(await page.text())?.[1]).toBe(riders?.subject);
    // The touchpoint by its label, not its id.
    expect(riders?.body.text).toContain("only answers given at Delivery");
    const noSuchTouchpoint = await call("PUT", "/x", { touchpoints: ["order-1"], recipients: ["a@example.com"] });
    expect(((await noSuchTouchpoint.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe(
      "touchpoints",
    );
    const bad = await call("PUT", "/refunds-watch", { themes: ["refunds"], recipients: ["a@example.com"] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(["themes"]);
  });

  it("keeps the config file's subscription read-only", async () => {
    const res = await call("PUT", "/organization", { recipients: ["someone@example.com"] });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/config file/);
    expect((await call("DELETE", "/organization")).status).toBe(409);
  });

  it("names each bad field, and needs an API key", async () => {
    const bad = await call("PUT", "/ops", {
      team: "no-such-team",
      recipients: ["not-an-email"],
      timeZone: "Mars/Olympus",
      hour: 25,
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(["hour", "recipients[0]", "team", "timeZone"]);
    expect((await call("PUT", "/Bad_Id", { recipients: ["a@example.com"] })).status).toBe(400);
    const unknownTeam = await call("PUT", "/ops", { team: "no-such-team", recipients: ["a@example.com"] });
    expect(unknownTeam.status).toBe(400);
    expect(JSON.stringify(await unknownTeam.json())).toContain("team");
    expect((await call("GET", "", undefined, "wrong-key")).status).toBe(401);
    expect((await call("PUT", "/ops", { recipients: ["a@example.com"] }, "wrong-key")).status).toBe(401);
  });
});
