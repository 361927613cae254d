import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import { loadDemo } from "../../tools/cli/commands/demo.ts";
import { apiClient } from "../support/api.ts";
import { ARTIFACTS, axeViolations, launchChromium } from "../support/browser.ts";

/**
 * The explorer with the demo's nine weeks (issue 15, item 2): a product manager signs in, sees the
 * 26-week NPS, CSAT and volume trend with margins and the week's complaints by theme, opens a
 * theme's page with its comments, and searches them; in Chinese, on a desktop and on a phone.
 * Screenshots go to tests/artifacts/ (docs/explorer.png is one of them).
 */
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ port: 0, apiKey: "explorer-key" }), launchChromium()]);
  await loadDemo(stack.url, "explorer-key");
  await stack.drain(60_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop({ drain: false });
});

/** Masking tags in English and raw ISO week ids anywhere on a Chinese page, closed <details> and quotes included. */
const zhLeaks = async (page: Page): Promise<string[]> =>
  (await page.evaluate(`(() => {
    const text = [document.title, document.body.textContent || ""].join(" ");
    return text.match(/\\[[a-z_]+\\]|\\b\\d{4}-W\\d{2}\\b/g) || [];
  })()`)) as string[];

/** The smallest chart text as rendered, in CSS pixels (the SVG's font size times its scale). */
const smallestChartText = async (page: Page): Promise<number> =>
  (await page.evaluate(`(() => {
    const sizes = [...document.querySelectorAll("svg[role=img]")].filter((svg) => svg.querySelector("text")).map((svg) =>
      Number(svg.getAttribute("font-size")) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
    return Math.min(...sizes);
  })()`)) as number;

describe("the explorer", () => {
  it("shows the demo's trend, a theme's weeks and its comments, in Chinese", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    const page = await context.newPage();
    await page.goto(`${stack.url}/explore`);
    await page.waitForURL(/\/triage\/login/);
    await page.locator("#l-name").fill("pm.zhao");
    await page.locator("#l-password").fill(DEFAULT_DEV_PASSWORD);
    // Signed in, the explorer opens (where the visitor was going), not the workbench.
    await Promise.all([page.waitForURL(/\/explore$/), page.locator("form button[type=submit]").first().click()]);
    expect(await page.locator("h1").innerText()).toBe("客户在说什么");
    expect(await page.locator("svg[role=img]").count()).toBe(3);
    const pareto = page.locator("#x-pareto + .tw table");
    await expect.poll(() => pareto.locator("tbody tr").count()).toBeGreaterThan(2);
    expect(await pareto.innerText()).not.toMatch(/product_quality|customer_service|delivery/);
    expect(await zhLeaks(page)).toEqual([]);
    expect(await smallestChartText(page)).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: `${ARTIFACTS}explorer-overview-zh.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // A theme's page, from the Pareto.
    await Promise.all([page.waitForURL(/\/explore\/themes\//), pareto.locator("tbody tr a").first().click()]);
    expect(await page.locator("h1").innerText()).toMatch(/^主题：/);
    const comments = page.locator("#x-comments ~ ol.fb > li, #x-comments + p + form ~ ol.fb > li");
    await expect.poll(() => page.locator("ol.fb > li").count()).toBeGreaterThan(0);
    expect(await comments.count()).toBeGreaterThan(0);
    expect(await zhLeaks(page)).toEqual([]);
    expect(await page.locator("#x-tps ~ .tw tbody tr, #x-tps + form + p + .tw tbody tr").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}explorer-theme-zh.png`, fullPage: true });
    // Each comment opens on its own page, and comes back.
    const own = page.locator("ol.fb > li").first().getByRole("link", { name: "查看" });
    await Promise.all([page.waitForURL(/comment=/), own.click()]);
    expect(await page.locator("h1").innerText()).toBe("客户原话");
    expect(await zhLeaks(page)).toEqual([]);
    await page.goBack();
    expect(await axeViolations(page)).toEqual([]);

    // Searching the comments narrows them to the ones that say it.
    const first = (await page.locator("ol.fb > li blockquote").first().innerText()).trim();
    const word = [...first].slice(0, 2).join("");
    await page.locator("#x-q").fill(word);
    await Promise.all([page.waitForURL(/q=/), page.locator("#x-comments ~ form button[type=submit]").click()]);
    const found = await page.locator("ol.fb > li blockquote").allInnerTexts();
    expect(found.length).toBeGreaterThan(0);
    // Case-insensitive, as the search is ("re" finds "Great").
    for (const text of found) expect(text.toLowerCase()).toContain(word.toLowerCase());

    // A reading that is wrong is corrected from here, and the page says so.
    const first_ = page.locator("ol.fb > li").first();
    await first_.locator("summary").click();
    await first_.locator("select[name=sentiment]").selectOption("MIXED");
    await Promise.all([
      page.waitForURL(/\/explore\/themes\/.*flash=/),
      first_.locator("form button[type=submit]").click(),
    ]);
    expect(await page.getByRole("status").innerText()).toContain("更正已保存");
    await context.close();

    // A phone: the same page in one column.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
    const small = await phone.newPage();
    await small.goto(`${stack.url}/explore`);
    await small.locator("#l-name").fill("pm.zhao");
    await small.locator("#l-password").fill(DEFAULT_DEV_PASSWORD);
    await Promise.all([small.waitForURL(/\/explore$/), small.locator("form button[type=submit]").first().click()]);
    expect((await small.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(390);
    expect(await smallestChartText(small)).toBeGreaterThanOrEqual(12);
    // Column headers keep to one line (no "客/诉" one character a line).
    const headerHeights = (await small
      .locator("#x-pareto + .tw thead th")
      .evaluateAll((ths) => ths.map((th) => (th as unknown as { clientHeight: number }).clientHeight))) as number[];
    expect(Math.max(...headerHeights)).toBeLessThan(40);
    await small.screenshot({ path: `${ARTIFACTS}explorer-overview-phone-zh.png`, fullPage: true });
    await phone.close();
  }, 60_000);

  it("answers a bad filter with 400 naming it, and an unknown theme with a 404 page", async () => {
    const login = await fetch(`${stack.url}/triage/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `name=pm&password=${DEFAULT_DEV_PASSWORD}`,
      redirect: "manual",
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const bad = await fetch(`${stack.url}/explore?week=2026-W99`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("week");
    const tp = await fetch(`${stack.url}/explore?touchpoint=nowhere`, { headers: { cookie } });
    expect(tp.status).toBe(400);
    expect(await tp.text()).toContain("touchpoint");
    const none = await fetch(`${stack.url}/explore/themes/nothing_here`, { headers: { cookie } });
    expect(none.status).toBe(404);
  });

  it("records a fix on a theme and shows its effect: the API and the theme's page", async () => {
    const api = apiClient(stack);
    const date = new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 10);
    const created = await api.request("POST", "/v1/themes/delivery/fixes", {
      body: { date, note: "换了上海的配送合作方" },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ theme: "delivery", date, by: "api:local" });
    const listed = (await (await api.get("/v1/themes/delivery/fixes")).json()) as {
      items: Array<{ note: string; effect?: { weeksBefore: number; weeksAfter: number; pValue: number } }>;
    };
    expect(listed.items[0]?.note).toBe("换了上海的配送合作方");
    expect(listed.items[0]?.effect?.weeksBefore).toBeGreaterThan(0);
    expect(listed.items[0]?.effect?.weeksAfter).toBeGreaterThanOrEqual(2);
    expect(listed.items[0]?.effect?.pValue).toBeGreaterThanOrEqual(0);

    // Wrong input is named; an unknown theme is 404.
    const bad = await api.request("POST", "/v1/themes/delivery/fixes", { body: { date: "2026-02-30", note: "" } });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(["date", "note"]);
    const none = await api.get("/v1/themes/nothing_here/fixes");
    expect(none.status).toBe(404);

    // The theme's page shows the fix and what it did.
    const login = await fetch(`${stack.url}/triage/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "zh-CN" },
      body: `name=pm&password=${DEFAULT_DEV_PASSWORD}`,
      redirect: "manual",
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const html = await (
      await fetch(`${stack.url}/explore/themes/delivery`, { headers: { cookie, "accept-language": "zh-CN" } })
    ).text();
    expect(html).toContain("改进记录及效果");
    expect(html).toContain("换了上海的配送合作方");
    expect(html).toMatch(/此后投诉 [−+]\d+%/);
  });
});
