import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { ARTIFACTS, axeViolations, launchChromium } from "../support/browser.ts";

/**
 * Issue 14, as a Chinese-speaking support lead works: sign in on a phone, open the task of a
 * customer who just wrote from the queue, see how to reach them (as a pii-viewer) and write to them
 * in Chinese from a template; the reply lands in the local mailbox and the task is marked
 * contacted. Resolving asks the customer whether it is solved; they answer "no" on their phone
 * and the lead sees the task reopened with their words. A second lead without the right sees the same task on a desktop with the contact
 * masked. Screenshots go to tests/artifacts/; axe-core finds no violations on either page.
 */
let stack: LocalStack;
let browser: Browser;
const run = Date.now().toString(36);
const EMAIL = `wang-${run}@example.com`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startLocalStack({ port: 0, apiKey: "workbench-key", env: { DEV_PII_VIEWERS: "li" } }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop({ drain: false });
});

const signIn = async (context: BrowserContext, name: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${stack.url}/triage`);
  await page.waitForURL(/\/triage\/login/);
  await page.locator("#l-name").fill(name);
  await page.locator("#l-password").fill(DEFAULT_DEV_PASSWORD);
  await Promise.all([page.waitForURL(/\/triage(\?|$)/), page.locator("form button[type=submit]").first().click()]);
  return page;
};

interface Mail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

const mailTo = async (address: string): Promise<Mail[]> => {
  const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as { emails: Mail[] };
  return store.emails.filter((m) => m.destination.to.includes(address));
};

describe("the support lead's workbench", () => {
  it("opens a task from the queue, shows the contact to a pii-viewer, and replies in Chinese", async () => {
    const api = apiClient(stack);
    const res = await api.post({
      channel: "nps",
      score: 1,
      comment: "订单三天了还没发货，客服电话 13812345678 也打不通，太失望了",
      locale: "zh-CN",
      customer: { id: `wang-${run}`, email: EMAIL, name: "王女士", tier: "gold" },
    });
    const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
    const shownAs = String((await api.waitStored(id)).customerId);

    // A phone, in Chinese.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    const page = await signIn(phone, "li");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hans");
    expect(await page.locator("h1").innerText()).toBe("跟进工作台");
    const card = page.locator("tr", { hasText: "订单三天了还没发货" });
    await expect.poll(() => card.count()).toBe(1);
    const cardText = await card.innerText();
    expect(cardText).toContain("剩余");
    // A pii-viewer reads the name the customer gave, and the tier in words.
    expect(cardText).toContain("王女士");
    expect(cardText).toContain("金牌客户");
    expect(cardText).not.toContain(`wang-${run}`);
    expect(cardText).not.toMatch(/product_quality|customer_service|urgent_theme|\d{4}-\d{2}-\d{2}T/);
    // Cards, not a table that scrolls sideways.
    const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}workbench-queue-phone-zh.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await Promise.all([page.waitForURL(/\/triage\/tasks\/task_/), card.locator("a[data-open]").click()]);
    const taskUrl = page.url().split("?")[0] as string;
    const body = await page.locator("main").innerText();
    expect(body).toContain("客户原话");
    expect(body).toContain("订单三天了还没发货");
    expect(body).toContain(EMAIL);
    expect(body).toContain("王女士");
    expect(await page.locator("h1").innerText()).toBe("王女士 的跟进任务");
    expect(body).toContain("13812345678");
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    await page.screenshot({ path: `${ARTIFACTS}workbench-task-phone-zh.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // Seeing the contact unmasked is recorded in the personal-data audit: who, when, which task.
    const taskId = taskUrl.split("/").pop() as string;
    const audit = (await (await api.get(`/v1/audit?day=${new Date().toISOString().slice(0, 10)}`)).json()) as {
      items: Array<{ action: string; actor: string; detail?: string }>;
    };
    expect(
      audit.items.some(
        (i) => i.action === "view-unmasked" && i.actor === "li" && i.detail?.includes(`contact:${taskId}`),
      ),
    ).toBe(true);
    // The tasks API shows an integration (no right to personal data) the contact masked.
    const viaApi = (await (await api.get(`/v1/tasks/${taskId}`)).json()) as {
      contactDetails: { email?: string; name?: string; phones: string[]; locale: string };
    };
    expect(viaApi.contactDetails).toEqual({
      id: taskId,
      email: `w***@example.com`,
      phones: ["138****5678"],
      locale: "zh-Hans",
    });

    // Reply from a template, in the customer's language.
    await page.locator("#r-template").selectOption("apology");
    expect(await page.locator("#r-subject").inputValue()).toBe("关于您的反馈");
    expect(await page.locator("#r-body").inputValue()).toContain("王女士您好");
    await Promise.all([page.waitForURL(/flash=/), page.locator("form[action$='/reply'] button[type=submit]").click()]);
    expect(await page.getByRole("status").innerText()).toContain("邮件已发送");
    expect(await page.locator("main").innerText()).toContain("给客户写信");
    const sent = await mailTo(EMAIL);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe("关于您的反馈");
    expect(sent[0]?.body.text).toContain("非常抱歉给您带来了不好的体验");
    // The task is marked contacted, and the message is kept in its trail.
    const trail = await page.locator("#h-trail + ol").innerText();
    expect(trail).toMatch(/li\s/);
    expect(await page.locator("#h-summary").innerText()).toContain("已联系");
    await page.screenshot({ path: `${ARTIFACTS}workbench-task-replied-phone-zh.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // Resolve, asking the customer whether it is solved (the default when an email is known).
    await page.locator("#a-outcome").selectOption("apology");
    expect(await page.locator("#a-confirm").isChecked()).toBe(true);
    await Promise.all([page.waitForURL(/flash=/), page.locator("#actions button.pri").click()]);
    expect(await page.locator("#h-summary").innerText()).toContain("已解决");
    const question = (await mailTo(EMAIL)).find((m) => m.subject === "您的问题解决了吗？");
    expect(question?.body.text).toBeDefined();
    const noLink = /href="([^"]*\/c\/[^"]*\?a=no)"/.exec(question?.body.html ?? "")?.[1]?.replaceAll("&amp;", "&");
    expect(noLink).toBeDefined();

    // The customer, on their phone, says it is not solved.
    // (A phone's own user agent: the page does not count answers from headless browsers, which is
    // what link scanners run.)
    const customer = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "zh-CN",
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    });
    const answer = await customer.newPage();
    await answer.goto(noLink as string);
    expect(await answer.locator("#a-no").isChecked()).toBe(true);
    await answer.locator("#c").fill("还是没收到货");
    await answer.screenshot({ path: `${ARTIFACTS}workbench-confirmation-customer-phone-zh.png`, fullPage: true });
    expect(await axeViolations(answer)).toEqual([]);
    await Promise.all([answer.waitForNavigation(), answer.locator("form button[type=submit]").click()]);
    await answer.screenshot({ path: `${ARTIFACTS}workbench-confirmation-thanks-phone-zh.png`, fullPage: true });
    expect(await axeViolations(answer)).toEqual([]);
    await customer.close();

    // The lead sees the task reopened, with fresh clocks and the customer's words.
    await page.goto(taskUrl);
    expect(await page.locator("#h-summary").innerText()).not.toContain("已解决");
    const reopened = await page.locator("main").innerText();
    expect(reopened).toContain("客户表示问题没有解决");
    expect(reopened).toContain("还是没收到货");
    expect(reopened).toContain("已重新打开（第 2 轮）");
    // The customer's "no" stands under their words too, with its time.
    const words = await page.locator("#words").innerText();
    expect(words).toContain("还是没收到货");
    expect(words).toContain("没有解决");
    await page.screenshot({ path: `${ARTIFACTS}workbench-task-reopened-phone-zh.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await phone.close();

    // A desktop lead without the right to personal data: the same task, contact masked.
    const desktop = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    // The task link from an email: sign in first, then land on the task, not the queue.
    const other = await desktop.newPage();
    await other.goto(taskUrl);
    await other.waitForURL(/\/triage\/login/);
    await other.locator("#l-name").fill("mei");
    await other.locator("#l-password").fill(DEFAULT_DEV_PASSWORD);
    await Promise.all([other.waitForURL(taskUrl), other.locator("form button[type=submit]").first().click()]);
    const masked = await other.locator("main").innerText();
    // The pseudonym the API shows, as a person reads it.
    expect(masked).toContain(`客户 #${shownAs.slice(5, 11).toUpperCase()}`);
    expect(masked).not.toContain(shownAs);
    expect(masked).not.toContain(EMAIL);
    expect(masked).not.toContain("13812345678");
    expect(masked).not.toContain("王女士");
    expect(masked).toContain("联系方式已隐藏");
    // Masked data reads in the lead's words, not as English tags.
    expect(masked).toContain("〔电话已隐去〕");
    expect(masked).not.toMatch(/\[(phone|email|name|card)\]/);
    expect(masked).toContain("金牌客户");
    await other.screenshot({ path: `${ARTIFACTS}workbench-task-desktop-masked-zh.png`, fullPage: true });
    expect(await axeViolations(other)).toEqual([]);
    // Back to the queue with the keyboard.
    await other.locator("body").click({ position: { x: 5, y: 5 } });
    await Promise.all([other.waitForURL(/\/triage(\?|$)/), other.keyboard.press("u")]);
    await other.screenshot({ path: `${ARTIFACTS}workbench-queue-desktop-zh.png`, fullPage: true });
    expect(await axeViolations(other)).toEqual([]);
    const queueText = await other.locator("main").innerText();
    expect(queueText).toContain("〔电话已隐去〕");
    expect(queueText).toContain("挽回的贬损者");
    // The short column words (原因, 待处理, 未分配, column names) stay on one line on a desktop.
    const tall = (await other.evaluate(
      `[...document.querySelectorAll("#queue thead th, #queue summary, #queue tbody tr:first-child > :nth-child(7) small")].filter((e) => { const cs = getComputedStyle(e); const h = e.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom); return h > parseFloat(cs.lineHeight) * 1.5; }).map((e) => e.textContent)`,
    )) as string[];
    expect(tall).toEqual([]);
    await desktop.close();
    // Seven pages checked with axe-core in one journey: more than the default 30 s on 2 shared cores.
  }, 90_000);
});
