import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailSnippet, scoresFor, smsText, surveyLinks } from "#shared/surveys/model/links";

const base = "https://feedback.example.com";
const token = "k1.AQAAAAAAB3N2XzAx.abcdefghijklmnopqrstuv";
const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]);
const titles = (html: string) => [...html.matchAll(/<a\b[^>]*\btitle="([^"]*)"/g)].map((m) => m[1]);

describe("scoresFor / surveyLinks", () => {
  it("offers 0-10 for NPS and 1-5 for CSAT", () => {
    expect(scoresFor("nps")).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scoresFor("csat")).toEqual([1, 2, 3, 4, 5]);
  });

  it("builds one link per score on the page, whatever the trailing slash", () => {
    const links = surveyLinks(`${base}/`, token, "csat");
    expect(links).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, url: `${base}/s/${token}?score=${score}` })));
    expect(surveyLinks(base, token, "csat")).toEqual(links);
  });

  it("refuses a base that is not an http(s) URL", () => {
    expect(() => surveyLinks("javascript:alert(1)//", token, "nps")).toThrow(RangeError);
  });
});

describe("emailSnippet", () => {
  const nps = emailSnippet({ links: surveyLinks(base, token, "nps"), kind: "nps", locale: "en" });
  const csat = emailSnippet({ links: surveyLinks(base, token, "csat"), kind: "csat", locale: "zh-CN" });

  it("has 11 links for NPS and 5 for CSAT, in score order", () => {
    expect(hrefs(nps)).toEqual(scoresFor("nps").map((s) => `${base}/s/${token}?score=${s}`));
    expect(hrefs(csat)).toEqual(scoresFor("csat").map((s) => `${base}/s/${token}?score=${s}`));
  });

  it("is email-safe: tables and inline styles only, no <style>, classes, scripts, images or forms", () => {
    for (const html of [nps, csat]) {
      expect(html.startsWith("<table")).toBe(true);
      expect(html).not.toMatch(/<style|\sclass=|<script|<img|<form|<input|<div/i);
      expect(html).toMatch(/bgcolor="#1d4ed8"/);
      expect(html.match(/<table/g)?.length).toBe(html.match(/<\/table>/g)?.length);
    }
  });

  it("asks the question in the customer's language, with anchors for 0 and 10", () => {
    expect(nps).toContain("How likely are you to recommend us to a friend?");
    expect(nps).toContain("Not at all likely");
    expect(nps).toContain("Extremely likely");
    expect(emailSnippet({ links: surveyLinks(base, token, "nps"), kind: "nps", locale: "zh-Hans" })).toContain(
      "您有多大可能向朋友推荐我们？",
    );
    expect(emailSnippet({ links: surveyLinks(base, token, "nps"), kind: "nps", locale: "zh-TW" })).toContain(
      "您有多大可能向朋友推薦我們？",
    );
    expect(csat).toContain("您对本次服务满意吗？");
    expect(csat).toContain('lang="zh-Hans"');
  });

  it("gives every link a descriptive title, and CSAT stars text labels", () => {
    expect(titles(nps)).toEqual([
      "0 out of 10 – Not at all likely",
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => `${s} out of 10`),
      "10 out of 10 – Extremely likely",
    ]);
    expect(titles(csat)[0]).toBe("1星（满分5星） – 非常不满意");
    expect(csat).toContain("&#9733;");
    for (const label of ["非常不满意", "不满意", "一般", "满意", "非常满意"]) expect(csat).toContain(label);
  });

  it("escapes the brand and the URLs", () => {
    fc.assert(
      fc.property(fc.string(), (brand) => {
        const html = emailSnippet({
          links: surveyLinks(`${base}/"><script>`, token, "nps"),
          kind: "nps",
          locale: "en",
          brand,
        });
        expect(html).not.toMatch(/<script/i);
        const text = html.replace(/<\/?(table|tr|td|a)\b[^<>]*>/g, "");
        expect(text).not.toMatch(/[<>]/);
      }),
    );
    const html = emailSnippet({ links: [], kind: "nps", locale: "en", brand: "Tom & Jerry's <Shop>" });
    expect(html).toContain("recommend Tom &amp; Jerry&#39;s &lt;Shop&gt; to a friend?");
  });
});

describe("smsText", () => {
  it("has the question and one short link to the page without a score", () => {
    const links = surveyLinks(base, token, "nps");
    expect(smsText({ links, kind: "nps", locale: "en" })).toBe(
      `How likely are you to recommend us to a friend? Answer (0-10): ${base}/s/${token}`,
    );
    const zh = smsText({ links: surveyLinks(base, token, "csat"), kind: "csat", locale: "zh-Hant" });
    expect(zh).toBe(`您對本次服務滿意嗎？ 點擊評分（1-5）： ${base}/s/${token}`);
    expect(zh.match(/https:/g)).toHaveLength(1);
  });

  it("stays short enough for one or two SMS with a typical token", () => {
    const sms = smsText({ links: surveyLinks(base, token, "nps"), kind: "nps", locale: "en", brand: "Acme" });
    expect(sms.length).toBeLessThanOrEqual(160);
  });
});
