import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "#shared/kernel/time";
import { demoWeek } from "#shared/local/demo-data";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { apiClient } from "../support/api.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";

/** The weekly digest built from a realistic week sent through the API, as HTML and in a browser. */
let stack: LocalStack;
const now = new Date();

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, apiKey: "digest-key" });
  const items = demoWeek(now);
  for (let i = 0; i < items.length; i += 50) {
    const res = await apiClient(stack).post({ items: items.slice(i, i + 50) });
    expect(res.status).toBe(202);
  }
  expect(await stack.drain(60_000)).toBe(true);
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

const preview = (query: string, key = "digest-key") =>
  apiClient(stack).get(`/v1/digests/preview?${query}`, { authorization: `Bearer ${key}` });

const PNG_SIGNATURE = "89504e470d0a1a0a";
const imgTags = (html: string) => html.match(/<img\b[^>]*>/g) ?? [];
const attr = (tag: string, name: string) => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1] ?? "";

/** Loads the HTML in the browser, waits for its images, and returns their decoded pixel widths. */
const shoot = async (page: Page, html: string, file: string): Promise<number[]> => {
  await page.setContent(html, { waitUntil: "load" });
  const widths = await page.$$eval("img", (imgs) =>
    imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
  );
  await page.screenshot({ path: `${ARTIFACTS}${file}`, fullPage: true });
  return widths;
};

describe("the weekly digest preview", () => {
  it("renders this week's numbers, themes, charts and masked quotes, in Chinese too, and looks right in a browser", async () => {
    const week = isoWeek(now);
    const res = await preview(`week=${week}&locale=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const subject = decodeURIComponent(res.headers.get("x-digest-subject") ?? "");
    // In the reader's words, never the ISO id: "Week 49, 2026".
    expect(subject).toContain(`Week ${Number(week.slice(6))}, ${week.slice(0, 4)}`);
    expect(subject).not.toContain(week);
    const html = await res.text();
    expect(html).toContain("NPS");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("13812345678");
    expect(html).toMatch(/unsubscribe/i);
    expect(html).toContain("Closing the loop");

    // A browser cannot resolve cid:, so the preview embeds the two charts (the CSP allows data: images).
    expect(html).not.toContain("cid:");
    expect(imgTags(html).map((t) => attr(t, "src").slice(0, 22))).toEqual([
      "data:image/png;base64,",
      "data:image/png;base64,",
    ]);
    expect(attr(imgTags(html)[0] ?? "", "alt")).toMatch(/^NPS, last 9 weeks \(.+\), oldest first: /);
    expect(attr(imgTags(html)[1] ?? "", "alt")).toMatch(/^Complaint themes by negative mentions/);
    expect(res.headers.get("content-security-policy")).toContain("img-src data:");

    const zh = await (await preview(`week=${week}&locale=zh-Hans&team=logistics`)).text();
    expect(zh).toContain('lang="zh-Hans"');
    expect(attr(imgTags(zh)[0] ?? "", "alt")).toMatch(/^近 9 周 NPS/);

    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 700, height: 1000 } });
    // Both charts decode in the browser, at twice their display width.
    expect(await shoot(page, html, "digest-en.png")).toEqual([1120, 1120]);
    expect(await shoot(page, zh, "digest-zh-Hans.png")).toEqual([1120, 1120]);
    // On a phone the page fits the screen in every language: English names too long for a bar's column give way to
    // the bars' numbers (the table under the chart ranks them), Chinese ones wrap and stay.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const [body, file] of [
      [html, "digest-en-phone.png"],
      [zh, "digest-zh-Hans-phone.png"],
    ] as const) {
      await shoot(phone, body, file);
      const fit = (await phone.evaluate(`(() => {
        const shown = (selector) => [...document.querySelectorAll(selector)].filter((e) => e.offsetParent).length;
        return { page: document.documentElement.scrollWidth, names: shown(".hb-axis-name"), ranks: shown(".hb-axis-rank") };
      })()`)) as { page: number; names: number; ranks: number };
      expect(fit.page, file).toBeLessThanOrEqual(390);
      if (body === html) expect(fit).toMatchObject({ names: 0, ranks: expect.any(Number) });
      if (body === html) expect(fit.ranks).toBeGreaterThan(0);
      if (body === zh) expect(fit.ranks).toBe(0);
    }
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
        attachments?: Array<{
          content: string;
          contentType: string;
          contentDisposition?: string;
          contentId?: string;
          filename: string;
          size: number;
        }>;
        headers?: Array<{ name: string; value: string }>;
        destination: { to: string[] };
      }>;
    };
    // The organization's subscription reads Chinese: its subject names the week as "2026 年第 49 周".
    const weekInChinese = `${week.slice(0, 4)} 年第 ${Number(week.slice(6))} 周`;
    const digests = store.emails.filter(
      (e) =>
        (e.subject.includes(`Week ${Number(week.slice(6))}, ${week.slice(0, 4)}`) ||
          e.subject.includes(weekInChinese)) &&
        e.destination.to.includes("product-team@example.com"),
    );
    expect(digests).toHaveLength(1);
    const mail = digests[0];
    expect(mail?.body.text).toContain("NPS");
    // The demo's detractors opened follow-up tasks this week: the loop section counts them.
    // The default subscription reads Simplified Chinese.
    const opened = Number(/新建跟进任务[:：]\s*(\d+)/.exec(mail?.body.text ?? "")?.[1] ?? 0);
    expect(opened).toBeGreaterThan(0);
    expect(mail?.body.html).toContain("<table");

    // The charts travel as inline PNG attachments, each referred to by the HTML through its Content-ID;
    // the text part has no images.
    const html = mail?.body.html ?? "";
    const attachments = mail?.attachments ?? [];
    expect(attachments).toHaveLength(2);
    expect(imgTags(html).map((t) => attr(t, "src"))).toEqual(attachments.map((a) => `cid:${a.contentId}`));
    for (const a of attachments) {
      expect(a).toMatchObject({ contentType: "image/png", contentDisposition: "INLINE" });
      expect(a.filename).toMatch(new RegExp(`^[a-z-]+-${week}\\.png$`));
      const bytes = Buffer.from(a.content, "base64");
      expect(bytes.subarray(0, 8).toString("hex")).toBe(PNG_SIGNATURE);
      expect(bytes.length).toBeLessThan(15 * 1024);
    }
    expect(attr(imgTags(html)[0] ?? "", "alt")).toMatch(/^近 9 周 NPS（.+，由远及近）：/);
    expect(mail?.body.text).not.toMatch(/<img|cid:/);

    // What a mail client shows: each cid: resolved to its attachment.
    const resolved = attachments.reduce(
      (out, a) => out.replaceAll(`cid:${a.contentId}`, `data:${a.contentType};base64,${a.content}`),
      html,
    );
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 700, height: 1000 } });
    expect(await shoot(page, resolved, "digest-email-zh-Hans.png")).toEqual([1120, 1120]);
    await browser.close();
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
