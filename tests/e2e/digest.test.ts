import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "#shared/domain/time";
import { demoWeek } from "#shared/local/demo-data";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";

/** The weekly digest built from a realistic week sent through the API, as HTML and in a browser. */
let stack: LocalStack;
const now = new Date();

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "digest-key" });
  const items = demoWeek(now);
  for (let i = 0; i < items.length; i += 50) {
    const res = await fetch(`${stack.url}/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer digest-key" },
      body: JSON.stringify({ items: items.slice(i, i + 50) }),
    });
    expect(res.status).toBe(202);
  }
  expect(await stack.drain(60_000)).toBe(true);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

const preview = (query: string, key = "digest-key") =>
  fetch(`${stack.url}/v1/digests/preview?${query}`, { headers: { authorization: `Bearer ${key}` } });

describe("the weekly digest preview", () => {
  it("renders this week's numbers, themes and masked quotes, in Chinese too, and looks right in a browser", async () => {
    const week = isoWeek(now);
    const res = await preview(`week=${week}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const subject = decodeURIComponent(res.headers.get("x-digest-subject") ?? "");
    expect(subject).toContain(week);
    const html = await res.text();
    expect(html).toContain("NPS");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("13812345678");
    expect(html).toMatch(/unsubscribe/i);
    expect(html).toContain("Closing the loop");

    const zh = await (await preview(`week=${week}&locale=zh-Hans&team=logistics`)).text();
    expect(zh).toContain('lang="zh-Hans"');

    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 700, height: 1000 } });
    await page.setContent(html);
    await page.screenshot({ path: `${ARTIFACTS}digest-en.png`, fullPage: true });
    await page.setContent(zh);
    await page.screenshot({ path: `${ARTIFACTS}digest-zh-Hans.png`, fullPage: true });
    await browser.close();
  });

  it("names a bad week or team, and needs an API key", async () => {
    const bad = await preview("week=2026-47&team=nobody");
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["week", "team"]));
    expect((await preview("week=2026-W47", "wrong")).status).toBe(401);
  });

  it("sends each subscriber the digest once per week, with a one-click unsubscribe that sticks", async () => {
    const week = isoWeek(now);
    const first = (await stack.runScheduled("send-digests", { force: true, week })) as Array<{ sent: number }>;
    expect(first[0]?.sent).toBe(1);
    const again = (await stack.runScheduled("send-digests", { force: true, week })) as Array<{
      sent: number;
      skipped: number;
    }>;
    expect(again[0]).toMatchObject({ sent: 0, skipped: 1 });

    const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
      emails: Array<{
        subject: string;
        body: { text?: string; html?: string };
        headers?: Array<{ name: string; value: string }>;
        destination: { to: string[] };
      }>;
    };
    const digests = store.emails.filter(
      (e) => e.subject.includes(week) && e.destination.to.includes("product-team@example.com"),
    );
    expect(digests).toHaveLength(1);
    const mail = digests[0];
    expect(mail?.body.text).toContain("NPS");
    // The demo's detractors opened follow-up tasks this week: the loop section counts them.
    // The default subscription reads Simplified Chinese.
    const opened = Number(/新建跟进任务[:：]\s*(\d+)/.exec(mail?.body.text ?? "")?.[1] ?? 0);
    expect(opened).toBeGreaterThan(0);
    expect(mail?.body.html).toContain("<table");
    const header = mail?.headers?.find((h) => h.name.toLowerCase() === "list-unsubscribe")?.value ?? "";
    const unsubscribe = /<(https?:\/\/[^>]+)>/.exec(header)?.[1] ?? "";
    expect(unsubscribe).toContain("sig=");

    // A mail scanner's GET changes nothing; the person's POST unsubscribes.
    expect((await fetch(unsubscribe)).status).toBe(200);
    const next = (await stack.runScheduled("send-digests", { force: true, week: "2099-W01" })) as Array<{
      sent: number;
    }>;
    expect(next[0]?.sent).toBe(1);
    expect((await fetch(unsubscribe, { method: "POST" })).status).toBe(200);
    const after = (await stack.runScheduled("send-digests", { force: true, week: "2099-W02" })) as Array<{
      sent: number;
      skipped: number;
    }>;
    expect(after[0]).toMatchObject({ sent: 0, skipped: 1 });
    const forged = unsubscribe.replace(/sig=[^&]+/, "sig=AAAAAAAAAAAAAAAAAAAAAA");
    expect((await fetch(forged, { method: "POST" })).status).toBe(403);
  });
});
