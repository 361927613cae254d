import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "#shared/kernel/html";
import { negotiateLocale } from "#shared/kernel/locale";
import {
  COMMENT_MAX_LENGTH,
  renderErrorPage,
  renderSurveyPage,
  type SurveyPageInput,
} from "#shared/surveys/views/page";

const token = "k1.AQAAAAAAB3N2XzAx.abcdefghijklmnopqrstuv";
const confirm: SurveyPageInput = {
  kind: "nps",
  locale: "en",
  token,
  score: 9,
  state: "confirm",
  postUrl: `/s/${token}`,
  nonce: "r4nd0m",
};
const checked = (html: string) => [...html.matchAll(/<input[^>]*value="(\d+)"[^>]*\schecked>/g)].map((m) => m[1]);
const radios = (html: string) => [...html.matchAll(/<input type="radio"/g)].length;
const textareaContent = (html: string) => /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1];
const inlineScript = (html: string) => /<script[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";

describe("negotiateLocale", () => {
  it("maps Chinese variants by script first, then by region", () => {
    for (const tag of ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN", "ZH-tw"]) {
      expect(negotiateLocale(tag)).toBe("zh-Hant");
    }
    for (const tag of ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-HK"]) expect(negotiateLocale(tag)).toBe("zh-Hans");
    expect(negotiateLocale("en-GB")).toBe("en");
  });

  it("prefers the token's locale, then Accept-Language by q-value, then English", () => {
    expect(negotiateLocale("zh-Hant", "en-US,en;q=0.9")).toBe("zh-Hant");
    expect(negotiateLocale("fr", "fr-FR,zh-TW;q=0.8,en;q=0.9")).toBe("en");
    expect(negotiateLocale(undefined, "fr-FR,en;q=0.5,zh-CN;q=0.8")).toBe("zh-Hans");
    expect(negotiateLocale(undefined, "zh-TW;q=0,en;q=0.1")).toBe("en");
    expect(negotiateLocale(undefined, "de, fr")).toBe("en");
    expect(negotiateLocale(undefined, undefined)).toBe("en");
    expect(negotiateLocale(undefined, "zh-HK , en")).toBe("zh-Hant");
  });
});

describe("renderSurveyPage", () => {
  it("shows the tapped score selected among all scores, so the customer can change it", () => {
    const html = renderSurveyPage(confirm);
    expect(radios(html)).toBe(11);
    expect(checked(html)).toEqual(["9"]);
    expect(html).toContain('<form id="f" method="post" action="/s/k1.AQAAAAAAB3N2XzAx.abcdefghijklmnopqrstuv">');
    expect(html).toMatch(/<button type="submit">Send<\/button>/);
  });

  it("asks the follow-up question that fits the score", () => {
    const label = (kind: "nps" | "csat", score: number) =>
      /<label class="c"[^>]*>([^<]*)<\/label>/.exec(renderSurveyPage({ ...confirm, kind, score }))?.[1];
    expect(label("nps", 3)).toBe("Sorry to hear that. What went wrong?");
    expect(label("nps", 7)).toBe("What would make us better?");
    expect(label("nps", 10)).toBe("Great to hear! What did we do well?");
    expect(label("csat", 2)).toBe("Sorry to hear that. What went wrong?");
    expect(label("csat", 3)).toBe("What would have made it better?");
    expect(label("csat", 5)).toBe("Great to hear! What did we do well?");
  });

  it("labels the comment box and gives every score a screen-reader name", () => {
    const html = renderSurveyPage(confirm);
    expect(html).toMatch(/<label class="c" id="cl" for="c"[^>]*>/);
    expect(html).toContain('<textarea id="c" name="comment"');
    expect(html).toContain(`maxlength="${COMMENT_MAX_LENGTH}"`);
    expect(html).toContain('<span class="sr">9 out of 10</span>');
    expect(html).toContain('<span class="sr">0 out of 10 – Not at all likely</span>');
    const zh = renderSurveyPage({ ...confirm, locale: "zh-Hant", kind: "csat", score: 4 });
    expect(zh).toContain('<span class="sr">4星（滿分5星） – 滿意</span>');
    expect(zh).toContain('<html lang="zh-Hant">');
  });

  it("posts the tapped score on load, with the nonce, and announces it in a live region", () => {
    const html = renderSurveyPage(confirm);
    const script = inlineScript(html);
    expect(html).toContain('<script nonce="r4nd0m">');
    expect(html).toContain('<style nonce="r4nd0m">');
    expect(script).toContain(`fetch("/s/${token}",{method:"POST"`);
    expect(script).toContain('"content-type":"application/x-www-form-urlencoded"');
    expect(script).toContain('body:"score=9&auto=1"');
    expect(html).toMatch(/<p id="st" role="status" aria-live="polite" data-saved="Your score is saved\.[^"]*">/);
  });

  it("shows every score with none selected and posts nothing when the score is missing or invalid", () => {
    for (const score of [undefined, 11, -1, 2.5, Number.NaN]) {
      const html = renderSurveyPage({ ...confirm, score });
      expect(radios(html)).toBe(11);
      expect(checked(html)).toEqual([]);
      expect(inlineScript(html)).not.toContain("fetch(");
      expect(html).toContain("Anything you would like to tell us?");
    }
    expect(checked(renderSurveyPage({ ...confirm, kind: "csat", score: 0 }))).toEqual([]);
  });

  it("thanks the customer once saved and still lets them edit the comment", () => {
    const html = renderSurveyPage({ ...confirm, state: "saved", score: 4, comment: "Slow delivery" });
    expect(html).toContain("<h1>Thank you for your feedback!</h1>");
    expect(checked(html)).toEqual(["4"]);
    expect(textareaContent(html)).toBe("Slow delivery");
    expect(html).toContain("Update my answer");
    expect(inlineScript(html)).not.toContain("fetch(");
  });

  it("never lets a comment break out of the text box", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.constantFrom("</textarea><script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<!--", "&lt;"),
        ),
        (comment) => {
          const html = renderSurveyPage({ ...confirm, state: "saved", comment });
          const plain = renderSurveyPage({ ...confirm, state: "saved", comment: "" });
          expect(html.match(/<script/gi)?.length).toBe(plain.match(/<script/gi)?.length);
          const content = textareaContent(html) ?? "";
          expect(content).not.toMatch(/</);
          expect(html).toBe(plain.replace("></textarea>", () => `>${content}</textarea>`));
          expect(content).toBe(escapeHtml(comment));
        },
      ),
    );
  });

  it("keeps the post URL and nonce from breaking the markup or the script", () => {
    const html = renderSurveyPage({ ...confirm, postUrl: '/s/x"></script><script>alert(1)</script>', nonce: '"><b>' });
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain("<b>");
  });

  it("is a small, mobile-first, accessible page", () => {
    for (const kind of ["nps", "csat"] as const) {
      for (const state of ["confirm", "saved", "choose"] as const) {
        for (const locale of ["en", "zh-Hans", "zh-Hant"] as const) {
          const html = renderSurveyPage({ ...confirm, kind, state, locale, comment: "很好".repeat(100) });
          expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024);
          expect(html.startsWith("<!doctype html>")).toBe(true);
          expect(html).toContain(`<html lang="${locale}">`);
          expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
          expect(html).toContain("prefers-reduced-motion:reduce");
          expect(html).toContain(":focus-visible");
          expect(html).toContain("min-height:44px");
          expect(html).toMatch(/<fieldset><legend><h[12]>/);
          expect(html).not.toMatch(/<link|<img|https?:\/\//);
        }
      }
    }
  });
});

describe("renderErrorPage", () => {
  it("explains the problem in the customer's language without anything technical", () => {
    expect(renderErrorPage(410, "en")).toContain("<h1>This link has expired</h1>");
    expect(renderErrorPage(410, "zh-Hans")).toContain("<h1>链接已过期</h1>");
    expect(renderErrorPage(403, "zh-TW")).toContain("<h1>連結無效</h1>");
    expect(renderErrorPage(404, "en")).toContain("couldn’t find this survey");
    expect(renderErrorPage(500, "en", "n0nce")).toContain('<style nonce="n0nce">');
    for (const status of [400, 403, 404, 410, 500] as const) {
      for (const locale of ["en", "zh-Hans", "zh-Hant"]) {
        const html = renderErrorPage(status, locale);
        expect(html).toContain(`<html lang="${locale}">`);
        expect(html).not.toMatch(/key|signature|hmac|token|forged|stack|error \d|<script/i);
        expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024);
      }
    }
  });
});
