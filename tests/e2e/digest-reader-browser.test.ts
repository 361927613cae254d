import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek, weekStart } from "#shared/kernel/time";
import { demoWeek } from "#shared/local/demo-data";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";

/**
 * Issue 15, item 1, as a product manager in Taipei reads the weekly digest: the zh-Hant digest
 * arrives in the local mailbox; "在瀏覽器中檢視" and a quote's "查看" open in the browser without an
 * API key, in Traditional Chinese (English only in the customers' own words), and a link changed by
 * one character gets the friendly 403 page. Screenshots: tests/artifacts/digest-reader-*.png.
 */
const READER = "tw-pm@example.com";
// Last week, complete: the demo's week of feedback ends just before this Monday, as a sent digest's does.
const monday = weekStart(isoWeek(new Date()));
const WEEK = isoWeek(new Date(monday.getTime() - 1));
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startLocalStack({
      port: 0,
      apiKey: "reader-key",
      // The hourly check must not send on its own: this test sends, once.
      firstScheduledRunMs: 3_600_000,
      env: {
        DIGEST_SUBSCRIPTIONS: JSON.stringify([
          { id: "tw-readers", recipients: [READER], locale: "zh-Hant", timeZone: "Asia/Taipei" },
        ]),
      },
    }),
    launchChromium(),
  ]);
  const items = demoWeek(monday);
  for (let i = 0; i < items.length; i += 50) {
    const res = await apiClient(stack).post({ items: items.slice(i, i + 50) });
    expect(res.status).toBe(202);
  }
  expect(await stack.drain(60_000)).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop({ drain: false });
});

interface Mail {
  subject: string;
  body: { html?: string };
  destination: { to: string[] };
}

/** Anchors of the HTML by their visible words, as a reader's eye finds them. */
const anchors = (html: string, label: string): string[] =>
  [...html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)]
    .filter((m) => m[2] === label)
    .map((m) => (m[1] ?? "").replaceAll("&amp;", "&"));

/**
 * Every word on the page a reader sees or hears (text, alt texts, the title) in Latin letters,
 * once the customers' own words (each quote's <blockquote>) are taken out; NPS, CSAT and SLA are
 * the field's codes, and hearback the sender's name.
 */
const englishOnPage = async (page: Page): Promise<string[]> => {
  const words = (await page.evaluate(`(() => {
    const body = document.body.cloneNode(true);
    for (const quote of body.querySelectorAll("blockquote")) quote.remove();
    const alts = [...body.querySelectorAll("img")].map((i) => i.getAttribute("alt") || "");
    return [document.title, body.innerText, ...alts].join(" ").match(/[A-Za-z]{2,}/g) || [];
  })()`)) as string[];
  return words.filter((w) => !["NPS", "CSAT", "SLA", "hearback"].includes(w));
};

/**
 * What must never show on a Chinese page, customer words included (each <blockquote>, and what
 * closed <details> hold, which innerText skips): masking tags in English ("[phone]") and raw ISO
 * week ids ("2026-W48"). Customer words may be English; these may not.
 */
const zhLeaks = async (page: Page): Promise<string[]> =>
  (await page.evaluate(`(() => {
    const alts = [...document.querySelectorAll("img")].map((i) => i.getAttribute("alt") || "");
    const text = [document.title, document.body.textContent || "", ...alts].join(" ");
    return text.match(/\\[[a-z_]+\\]|\\b\\d{4}-W\\d{2}\\b/g) || [];
  })()`)) as string[];

describe("a digest's reader links", () => {
  it("open the zh-Hant digest and a quote's comment in the browser without a key, and refuse a changed link", async () => {
    const runs = (await stack.runScheduled("send-digests", { force: true, week: WEEK })) as Array<{ sent: number }>;
    expect(runs).toEqual([expect.objectContaining({ subscription: "tw-readers", sent: 1 })]);
    const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as { emails: Mail[] };
    const mails = store.emails.filter((e) => e.destination.to.includes(READER));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    const html = mail?.body.html ?? "";
    const [viewInBrowser] = anchors(html, "在瀏覽器中檢視");
    const [quote] = anchors(html, "查看");
    expect(viewInBrowser).toMatch(new RegExp(`^${stack.url}/digests/read/[\\w-]+\\.[\\w-]+\\.[\\w-]{22}$`));
    expect(quote).toMatch(new RegExp(`^${stack.url}/digests/read/`));
    // The links name no one.
    expect(`${viewInBrowser} ${quote}`).not.toContain("tw-pm");

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "zh-TW",
      timezoneId: "Asia/Taipei",
    });
    const page = await context.newPage();

    // The digest, as the email shows it, with its charts.
    const digest = await page.goto(viewInBrowser ?? "");
    expect(digest?.status()).toBe(200);
    expect(digest?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(digest?.headers()["x-robots-tag"]).toContain("noindex");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hant");
    // That week: it starts on the Monday the demo's week of feedback led up to.
    // The week's Monday, in the reader's words ("11月23日至…").
    const start = weekStart(WEEK);
    expect(await page.locator("body").innerText()).toContain(`${start.getUTCMonth() + 1}月${start.getUTCDate()}日至`);
    const widths = await page.$$eval("img", (imgs) =>
      imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
    );
    expect(widths).toEqual([1120, 1120]);
    await page.screenshot({ path: `${ARTIFACTS}digest-reader-digest-zh-Hant.png`, fullPage: true });
    // The language switch, as the explorer's: each language named in its own words.
    expect(await page.locator('nav[aria-label="語言"] [aria-current="true"]').innerText()).toBe("繁體中文");
    // No English but the language switch's own name for English.
    expect((await englishOnPage(page)).filter((w) => w !== "English")).toEqual([]);
    expect(await zhLeaks(page)).toEqual([]);

    // One quote's comment: the customer's words, masked, with its date in Taipei time.
    const comment = await page.goto(quote ?? "");
    expect(comment?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("客戶原話");
    expect(await page.locator("blockquote").innerText()).not.toMatch(/\d{11}|@[a-z]+\.[a-z]/);
    expect(await page.locator("dl").innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日[\s\S]*台北標準時間/);
    expect(await englishOnPage(page)).toEqual([]);
    expect(await zhLeaks(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}digest-reader-quote-zh-Hant.png`, fullPage: true });
    // Back to the digest from there.
    await Promise.all([page.waitForURL(/\/digests\/read\//), page.getByRole("link", { name: "返回週報" }).click()]);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hant");
    expect(await page.locator("img").count()).toBe(2);

    // "深入查看": the explorer, scoped to this subscription, read-only, in its language.
    const [deeper] = anchors(html, "深入查看");
    // It opens at the digest's week.
    expect(deeper).toBe(`${viewInBrowser}/explore?week=${WEEK}`);
    const explorer = await page.goto(deeper ?? "");
    expect(explorer?.status()).toBe(200);
    expect(explorer?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(await page.locator("h1").innerText()).toBe("客戶在說什麼");
    expect(await page.locator("svg[role=img]").count()).toBe(3);
    // No way into the staff workbench, and no corrections from a reader's link.
    expect(await page.locator('a[href="/triage"]').count()).toBe(0);
    // No English on it but the language switch's own name for English, and the codes.
    const seen = (await page.locator("main").innerText()).replace("English", "").match(/[A-Za-z]{2,}/g) ?? [];
    expect(seen.filter((w) => !["NPS", "CSAT", "W"].includes(w) && !/^W\d/.test(w))).toEqual([]);
    expect(await zhLeaks(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}digest-reader-explorer-zh-Hant.png`, fullPage: true });
    const themeLinks = await page
      .locator("#x-pareto + .tw a")
      .evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute("href")));
    for (const href of themeLinks) expect(href).toMatch(/^\/digests\/read\/[^/]+\/explore\/themes\//);
    if (themeLinks[0]) {
      const themePage = await page.goto(`${stack.url}${themeLinks[0]}`);
      expect(themePage?.status()).toBe(200);
      expect(await page.locator("details form").count()).toBe(0);
      expect(await zhLeaks(page)).toEqual([]);
    }
    const deeperToken = (viewInBrowser ?? "").slice((viewInBrowser ?? "").lastIndexOf("/") + 1);
    const j = deeperToken.indexOf(".") + 5;
    const forged = `${deeperToken.slice(0, j)}${deeperToken[j] === "A" ? "B" : "A"}${deeperToken.slice(j + 1)}`;
    expect((await page.goto(`${stack.url}/digests/read/${forged}/explore`))?.status()).toBe(403);

    // The same link with one character changed: the friendly 403 page, in the browser's language.
    const token = (quote ?? "").slice((quote ?? "").lastIndexOf("/") + 1);
    const i = token.indexOf(".") + 5;
    const tampered = `${stack.url}/digests/read/${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`;
    const refused = await page.goto(tampered);
    expect(refused?.status()).toBe(403);
    expect(await page.locator("h1").innerText()).toBe("連結無效");
    expect(await englishOnPage(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}digest-reader-403-zh-Hant.png`, fullPage: true });
    await context.close();
  }, 120_000);
});
