import { describe, expect, it } from "vitest";
import { readerAmong, readerLinkExpiry, verifyReaderToken } from "#shared/digest/model/reader-links";
import { verifyUnsubscribe } from "#shared/digest/model/subscriptions";
import { type ReaderPage, readerPage } from "#shared/digest/read-digest";
import type { SupportedLocale } from "#shared/kernel/locale";
import {
  BASE,
  englishWords,
  inApp,
  KEY,
  lastWeek,
  late,
  linksFor,
  NOW,
  readerDeps,
  refund,
  subscriptions,
  tokenOf,
  WEEK,
} from "./reader-fixtures.ts";

const open = (url: string, deps = readerDeps(), now = NOW, acceptLanguage?: string): Promise<ReaderPage> =>
  readerPage(deps, { token: tokenOf(url), baseUrl: BASE, acceptLanguage, nonce: "n0nce" }, now);

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? "").replaceAll("&amp;", "&"));
// A reader link, or the explorer behind it ("<link>/explore"): the token is the link's.
const readerHrefs = (html: string) =>
  hrefs(html)
    .filter((h) => h.startsWith(`${BASE}/digests/read/`))
    .map((h) => h.replace(/\/explore(\?.*)?$/, "").replace(/\?lang=[\w-]+$/, ""));
const claimsOf = (url: string) => {
  const verified = verifyReaderToken(tokenOf(url), [KEY], NOW);
  if (!verified.ok) throw new Error(`not a reader link: ${url}`);
  return {
    ...verified.claims,
    email: readerAmong(verified.claims, verified.key, ["lead@example.com", "pm@example.com"]),
  };
};

describe("the digest in the browser", () => {
  it("is the subscription's digest of that week, in its language, with this reader's links expiring with this one", async () => {
    const expiresAt = readerLinkExpiry(NOW, 30);
    const page = await open(linksFor("logistics-tw", "pm@example.com", { expiresAt }).digest);
    expect(page).toMatchObject({ status: 200, kind: "digest" });
    const { html } = page;
    expect(html).toContain('<html lang="zh-Hant"');
    // That week (Monday 16 to Sunday 22 November), in the reader's words.
    expect(html).toContain("2026 年第 47 週（11月16日至22日）");
    // The charts come embedded: a browser cannot resolve an email's cid:.
    expect(html).not.toContain("cid:");
    expect([...html.matchAll(/<img\b[^>]*src="([^"]{0,22})/g)].map((m) => m[1])).toEqual([
      "data:image/png;base64,",
      "data:image/png;base64,",
    ]);
    // The team's quote is there, masked as in the email, linking to its comment for this same reader.
    expect(html).toContain("快递三天了还没送到");
    expect(html).not.toContain("c-1001");
    const links = readerHrefs(html).map(claimsOf);
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const link of links) {
      expect(link).toMatchObject({ subscription: "logistics-tw", email: "pm@example.com", week: WEEK, expiresAt });
    }
    const quoted = links.flatMap((l) => (l.feedbackId === undefined ? [] : [l.feedbackId]));
    expect(quoted.sort()).toEqual([late.id, inApp.id].sort());
    // Another team's comments are not in it, and nothing links to the API.
    expect(html).not.toContain("退款两个星期");
    expect(html).not.toContain("/v1/");
    // Unsubscribe is this reader's own link.
    const unsubscribe = new URL(hrefs(html).find((h) => h.includes("/digests/unsubscribe")) ?? "");
    expect(unsubscribe.searchParams.get("e")).toBe("pm@example.com");
    expect(
      verifyUnsubscribe(KEY.secret, "logistics-tw", "pm@example.com", unsubscribe.searchParams.get("sig") ?? ""),
    ).toBe(true);
  });
});

describe("the language a reader picks on the page", () => {
  it("carries to each quote's comment and back to the digest", async () => {
    const digestUrl = linksFor("logistics-tw", "pm@example.com").digest;
    const read = (url: string) => {
      const { pathname, searchParams } = new URL(url);
      return readerPage(
        readerDeps(),
        { token: pathname.slice("/digests/read/".length), baseUrl: BASE, lang: searchParams.get("lang") ?? undefined },
        NOW,
      );
    };
    const page = await read(`${digestUrl}?lang=en`);
    expect(page.html).toContain('<html lang="en"');
    // "View in browser" on it stays in English too.
    const viewInBrowser = /<a href="([^"]+)"[^>]*>View in browser<\/a>/.exec(page.html)?.[1]?.replaceAll("&amp;", "&");
    expect(viewInBrowser).toBe(`${digestUrl}?lang=en`);
    const quotes = hrefs(page.html).filter((h) => h.startsWith(`${BASE}/digests/read/`) && !h.includes("/explore"));
    const quoteLinks = quotes.filter((h) => claimsOf(h.replace(/\?lang=[\w-]+$/, "")).feedbackId !== undefined);
    expect(quoteLinks.length).toBeGreaterThanOrEqual(2);
    for (const link of quoteLinks) expect(link).toMatch(/\?lang=en$/);
    const quote = await read(quoteLinks[0] ?? "");
    expect(quote).toMatchObject({ status: 200, kind: "quote", locale: "en" });
    expect(quote.html).toContain('<html lang="en"');
    expect(quote.html).toContain("From the weekly digest for");
    expect(hrefs(quote.html)).toContain(`${digestUrl}?lang=en`);
    // Without a choice, the subscription's language, and the way back has no ?lang= either.
    const plain = await read(quoteLinks[0]?.replace(/\?lang=en$/, "") ?? "");
    expect(plain).toMatchObject({ status: 200, kind: "quote", locale: "zh-Hant" });
    expect(hrefs(plain.html)).toContain(digestUrl);
  });
});

describe("a quote's comment", () => {
  it("shows the comment masked as in the email, its local date, channel, score, sentiment and themes by label", async () => {
    const page = await open(linksFor("logistics-tw", "lead@example.com").quote(late.id));
    expect(page).toMatchObject({ status: 200, kind: "quote", locale: "zh-Hant" });
    const { html } = page;
    expect(html).toContain('<html lang="zh-Hant">');
    expect(html).toContain(
      '<blockquote lang="zh">快递三天了还没送到，配送太慢了。客户号 cust_hidden，电话 138****5678</blockquote>',
    );
    expect(html).not.toContain("c-1001");
    // 07:04 UTC is 15:04 in Taipei.
    expect(html).toContain("2026年11月18日 下午3:04（台北標準時間）");
    for (const words of ["NPS 問卷", "2/10", "負面", "物流配送與等待", "來自「物流團隊」2026 年第 47 週的每週客戶之聲"])
      expect(html).toContain(words);
    expect(englishWords(html)).toEqual([]);
    const [back] = readerHrefs(html);
    expect(claimsOf(back ?? "")).toMatchObject({ subscription: "logistics-tw", email: "lead@example.com", week: WEEK });
    expect(claimsOf(back ?? "").feedbackId).toBeUndefined();
    expect(html).toContain('<style nonce="n0nce">');
  });

  it("opens only comments inside the subscription's scope and week: else the 404 page", async () => {
    const team = linksFor("logistics-tw", "lead@example.com");
    const deps = readerDeps();
    // Another team's theme, the week before, a comment that is gone.
    const gone = `fb_${"0".repeat(25)}a`;
    for (const id of [refund.id, lastWeek.id, gone]) {
      expect(await open(team.quote(id), deps)).toMatchObject({ status: 404, kind: "refused", refusal: "not-found" });
    }
    // A link for last week's digest opens last week's comment, not this week's.
    const before = linksFor("logistics-tw", "lead@example.com", { week: "2026-W46" });
    expect((await open(before.quote(lastWeek.id), deps)).status).toBe(200);
    expect((await open(before.quote(late.id), deps)).status).toBe(404);
    // A subscription that follows the delivery touchpoint: not a comment given in the app.
    const touchpoint = linksFor("delivery-en", "ops@example.com");
    expect((await open(touchpoint.quote(late.id), deps)).status).toBe(200);
    const outside = await open(touchpoint.quote(inApp.id), deps);
    expect(outside).toMatchObject({ status: 404, locale: "en" });
    expect(outside.html).toContain("This comment isn’t part of this digest");
    // The whole organization sees every theme of the week.
    expect((await open(linksFor("org-hans", "cx@example.com").quote(refund.id), deps)).status).toBe(200);
    // Each quote page reads its one comment by id, nothing else.
    expect(deps.reads).toEqual([refund.id, lastWeek.id, gone, lastWeek.id, late.id, late.id, inApp.id, refund.id]);
  });
});

describe("refusals", () => {
  it("gives a tampered link the friendly 403 page in the browser's language, never a 500", async () => {
    const url = linksFor("logistics-tw", "lead@example.com").quote(late.id);
    const token = tokenOf(url);
    const swapped = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    const page = await open(`${BASE}/digests/read/${swapped}`, readerDeps(), NOW, "zh-TW,zh;q=0.9,en;q=0.5");
    expect(page).toMatchObject({ status: 403, refusal: "invalid", locale: "zh-Hant" });
    expect(page.html).toContain("連結無效");
    expect(englishWords(page.html)).toEqual([]);
    for (const junk of ["", "x", "a.b.c", "%E0%A4%A", "k1..", `k1.${"A".repeat(5000)}.sig`]) {
      expect((await open(`${BASE}/digests/read/${junk}`)).status).toBe(403);
    }
    // Signed by a key this deployment does not hold.
    const stranger = readerDeps({ keys: [{ id: "k9", secret: KEY.secret }] });
    expect((await open(url, stranger)).status).toBe(403);
  });

  it("says 410 in the subscription's language once the link expired, or its reader is no longer a recipient", async () => {
    const links = linksFor("logistics-tw", "lead@example.com", { expiresAt: readerLinkExpiry(NOW, 1) });
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    const expired = await open(links.digest, readerDeps(), tomorrow, "en");
    expect(expired).toMatchObject({ status: 410, refusal: "expired", locale: "zh-Hant" });
    expect(expired.html).toContain("連結已過期");

    const [team] = subscriptions;
    const without = readerDeps({
      subscription: async (id) => (id === team?.id ? { ...team, recipients: ["pm@example.com"] } : undefined),
    });
    expect(await open(links.quote(late.id), without)).toMatchObject({ status: 410, refusal: "withdrawn" });
    expect(await open(links.digest, readerDeps({ subscription: async () => undefined }))).toMatchObject({
      status: 410,
      refusal: "withdrawn",
      locale: "zh-Hant",
    });
    // The other reader of the same subscription keeps reading.
    expect((await open(linksFor("logistics-tw", "pm@example.com").quote(late.id), without)).status).toBe(200);
  });

  it("has every refusal in all three languages, with no English in the Chinese ones", async () => {
    const cases: Array<[SupportedLocale, string]> = [
      ["en", "This link isn’t valid"],
      ["zh-Hans", "链接无效"],
      ["zh-Hant", "連結無效"],
    ];
    for (const [locale, title] of cases) {
      const page = await open(`${BASE}/digests/read/forged`, readerDeps(), NOW, locale);
      expect(page.html).toContain(`<html lang="${locale}">`);
      expect(page.html).toContain(title);
      if (locale === "en") expect(englishWords(page.html).length).toBeGreaterThan(5);
      else expect(englishWords(page.html)).toEqual([]);
    }
  });
});

describe("the quote page in each language", () => {
  it("speaks the subscription's language, in its time zone, with no English in the Chinese pages", async () => {
    const cases = [
      {
        sub: "delivery-en",
        email: "ops@example.com",
        lang: "en",
        words: [
          "In the customer’s words",
          "November 18, 2026 at 8:04 AM (Central European Standard Time)",
          "NPS survey",
          "negative",
          "Delivery &amp; waiting",
          "From the weekly digest for Delivery &amp; waiting · Delivery (Week 47, 2026)",
          "Back to the digest",
        ],
      },
      {
        sub: "org-hans",
        email: "cx@example.com",
        lang: "zh-Hans",
        words: [
          "客户原话",
          "2026年11月18日 15:04（中国标准时间）",
          "NPS 问卷",
          "负面",
          "物流配送与等待",
          "来自「全部团队」2026 年第 47 周的每周客户之声",
          "返回周报",
        ],
      },
      {
        sub: "logistics-tw",
        email: "pm@example.com",
        lang: "zh-Hant",
        words: [
          "客戶原話",
          "2026年11月18日 下午3:04（台北標準時間）",
          "NPS 問卷",
          "負面",
          "物流配送與等待",
          "來自「物流團隊」2026 年第 47 週的每週客戶之聲",
          "返回週報",
        ],
      },
    ];
    for (const { sub, email, lang, words } of cases) {
      const page = await open(linksFor(sub, email).quote(late.id));
      expect(page.status, sub).toBe(200);
      expect(page.html).toContain(`<html lang="${lang}">`);
      for (const w of words) expect(page.html, sub).toContain(w);
      if (lang === "en") expect(englishWords(page.html).length).toBeGreaterThan(10);
      else expect(englishWords(page.html), sub).toEqual([]);
    }
  });
});
