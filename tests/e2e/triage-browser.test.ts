import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";

/**
 * A support lead's morning in a real browser: sign in, see the detractor who just wrote at the top
 * of the queue with a live SLA countdown, act with one click and with the keyboard. Screenshots go
 * to tests/artifacts/.
 */
let stack: LocalStack;
let browser: Browser;
const run = Date.now().toString(36);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ port: 0, apiKey: "triage-key" }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop({ drain: false });
});

describe("the triage page", () => {
  it("shows a new detractor within seconds, masked, and takes one-click and keyboard actions", async () => {
    const api = apiClient(stack);
    const res = await api.post({
      channel: "nps",
      score: 0,
      comment: "快递丢了，打 13812345678 也没人接",
      customer: { id: `vip-${run}`, tier: "gold" },
    });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    // A lead without personal-data rights sees the customer as a pseudonym, the same the API shows.
    const shownAs = String((await api.waitStored(id)).customerId);
    expect(shownAs).toMatch(/^cust_/);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/triage`);
    await page.waitForURL(/\/triage\/login/);
    await page.getByLabel(/name/i).fill("mei");
    await page.getByLabel(/password/i).fill(DEFAULT_DEV_PASSWORD);
    await Promise.all([page.waitForURL(/\/triage(\?|$)/), page.getByRole("button", { name: /sign in/i }).click()]);

    // The pseudonym, as a person reads it.
    const shownName = `Customer #${shownAs.slice(5, 11).toUpperCase()}`;
    const row = page.locator("tr", { hasText: shownName });
    await expect.poll(() => row.count()).toBe(1);
    const rowText = await row.innerText();
    expect(rowText).not.toContain(`vip-${run}`);
    expect(rowText).toContain("P1");
    // The masked number reads in the lead's words (English here), not as the masker's tag.
    expect(rowText).toContain("[phone hidden]");
    expect(rowText).not.toContain("13812345678");
    expect(rowText).toMatch(/due in|overdue/i);
    await page.screenshot({ path: `${ARTIFACTS}triage-queue.png`, fullPage: true });

    await Promise.all([page.waitForURL(/flash=/), row.getByRole("button", { name: /assign to me/i }).click()]);
    const assigned = page.locator("tr", { hasText: shownName });
    expect(await assigned.innerText()).toContain("mei");
    expect(await page.getByRole("status").innerText()).toMatch(/assign/i);

    // Keyboard: focus the row with j, mark contacted with c.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await Promise.all([page.waitForURL(/flash=.*contact/i), page.keyboard.press("c")]);
    expect(await page.locator("tr", { hasText: shownName }).innerText()).toMatch(/contacted/i);
    await page.screenshot({ path: `${ARTIFACTS}triage-after-actions.png`, fullPage: true });
    await context.close();
  });

  it("sends a visitor without a session to the sign-in page and refuses a wrong password", async () => {
    const res = await fetch(`${stack.url}/triage`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/triage/login");
    const bad = await fetch(`${stack.url}/triage/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=mei&password=wrong",
      redirect: "manual",
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-cookie")).toBeNull();
  });
});
