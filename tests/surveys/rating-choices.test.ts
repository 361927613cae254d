import { describe, expect, it } from "vitest";
import { renderConfirmationPage } from "#shared/surveys/views/confirmation-page";
import { renderSurveyPage } from "#shared/surveys/views/page";

/**
 * What a customer sees on a phone: "不评分" is a plain choice beside the scale, not a second blue
 * button that looks like the one to press; the rating words never break inside a word.
 */

const css = (html: string) => /<style[^>]*>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";

describe("the confirmation page's rating", () => {
  for (const locale of ["zh-Hans", "zh-Hant", "en"] as const) {
    it(`${locale}: "no rating" is a plain choice, the submit button the one filled button`, () => {
      const html = renderConfirmationPage({ state: "ask", locale, postUrl: "/c/x", answer: "yes" });
      const style = css(html);
      // The "no rating" choice: no frame, no fill when chosen, not full width.
      expect(style).toMatch(/\.scores \.none label\{[^}]*border:0[^}]*\}/);
      expect(style).toMatch(/\.scores \.none input:checked\+label\{background:none/);
      expect(style).not.toMatch(/\.none\{[^}]*display:flex/);
      // The button that sends stays filled blue and spans the form.
      expect(style).toMatch(/button\{[^}]*background:#1d4ed8/);
      expect(style).toContain("form>button{width:100%}");
      expect(html).toMatch(/<span class="none"><input type="radio" name="csat" id="r0" value="" checked>/);
    });
  }
});

describe("rating words on a phone", () => {
  it("break between words only, with a smaller size on narrow screens, on the survey and the confirmation page", () => {
    for (const html of [
      renderSurveyPage({ kind: "csat", locale: "zh-Hans", token: "t", state: "choose", postUrl: "/s/x" }),
      renderConfirmationPage({ state: "ask", locale: "zh-Hant", postUrl: "/c/x" }),
    ]) {
      const style = css(html);
      expect(style).toMatch(/\.scores small\{[^}]*word-break:keep-all/);
      expect(style).toMatch(/@media \(max-width:30rem\)\{[^@]*\.csat small\{font-size:\.6875rem/);
      expect(html).toContain("非常不");
    }
  });
});
