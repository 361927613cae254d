import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackId } from "#shared/feedback/model/ids";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { settle as settleStack } from "../support/surveys.ts";

/**
 * The customer's side in a real browser (Debian's chromium driven by playwright-core): a phone-sized
 * page, a tap, a comment, and the stored record; and a scanner that opens every link with scripts
 * running. Screenshots of the page in both languages land in tests/artifacts/ (not committed).
 */

let stack: LocalStack;
let browser: Browser;
const run = Date.now().toString(36);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ port: 0, apiKey: "browser-key" }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop({ drain: false });
});

const mint = async (body: unknown) => {
  const res = await apiClient(stack).request("POST", "/v1/survey-links", { body });
  expect(res.status).toBe(201);
  return (await res.json()) as { surveyId: string; links: Array<{ score: number; url: string }> };
};

/** Waits past the worker's decision delay and until the queue is empty. */
const settle = () => settleStack(stack);

const phone = () =>
  browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });

describe("a customer on a phone", () => {
  it("taps 2 in a Chinese email, adds a comment, and the answer is stored with it", async () => {
    const survey = await mint({
      kind: "nps",
      customer: { id: `cust-${run}-zh` },
      locale: "zh-CN",
      touchpoint: "delivery",
    });
    const context = await phone();
    const page = await context.newPage();
    await page.goto(survey.links.find((l) => l.score === 2)?.url ?? "");
    expect(await page.getAttribute("html", "lang")).toBe("zh-Hans");
    // The tapped score is selected, and each score has a name a screen reader can say.
    const two = page.locator('input[name="score"][value="2"]');
    expect(await two.isChecked()).toBe(true);
    expect(await page.getByRole("radio").count()).toBe(11);
    await page.screenshot({ path: `${ARTIFACTS}survey-zh-Hans.png`, fullPage: true });

    await page.getByRole("textbox").fill("骑手把汤洒了，客服也不回复");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button").click()]);
    await page.waitForURL(/\/s\//);
    await page.screenshot({ path: `${ARTIFACTS}survey-zh-Hans-saved.png`, fullPage: true });
    await context.close();

    await settle();
    const res = await apiClient(stack).get(`/v1/feedback/${feedbackId("nps", survey.surveyId)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      score: 2,
      text: "骑手把汤洒了，客服也不回复",
      sentiment: "NEGATIVE",
      detractor: true,
      touchpoint: "delivery",
    });
  });

  it("shows the English page for an English survey and works with the keyboard alone", async () => {
    const survey = await mint({ kind: "csat", customer: { id: `cust-${run}-en` }, locale: "en" });
    const context = await phone();
    const page = await context.newPage();
    await page.goto(survey.links.find((l) => l.score === 5)?.url ?? "");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.screenshot({ path: `${ARTIFACTS}survey-en.png`, fullPage: true });
    await page.keyboard.press("Tab");
    const focused = await page.evaluate<string | undefined>("document.activeElement?.tagName");
    expect(["INPUT", "TEXTAREA", "BUTTON"]).toContain(focused);
    await context.close();
  });
});

describe("a mail scanner", () => {
  it("opens every link of an email with scripts running and leaves no counted answer", async () => {
    const survey = await mint({ kind: "nps", customer: { id: `cust-${run}-scan` }, locale: "en" });
    const context = await browser.newContext();
    await Promise.all(
      survey.links.map(async (link) => {
        const page = await context.newPage();
        // Each page posts its score by script; the eleventh post in a minute is refused with 429.
        const posted = page.waitForResponse((r) => r.request().method() === "POST");
        await page.goto(link.url);
        expect([204, 429]).toContain((await posted).status());
      }),
    );
    await context.close();
    const plain = await browser.newContext({ javaScriptEnabled: false });
    for (const link of survey.links) {
      const page = await plain.newPage();
      await page.goto(link.url);
    }
    await plain.close();
    await settle();
    const res = await apiClient(stack).get(`/v1/feedback/${feedbackId("nps", survey.surveyId)}`);
    expect(res.status).toBe(404);
  });
});
