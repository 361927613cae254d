import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confirmationEmail } from "#shared/surveys/views/confirmation-email";
import { CONFIRMATION_WORDS } from "#shared/surveys/views/confirmation-messages";

/** The "is your problem solved?" email as the customer reads it, in each language, whatever their name. */
const links = {
  yesUrl: "https://hb.example.com/c/k1.abc.def?a=yes",
  noUrl: "https://hb.example.com/c/k1.abc.def?a=no",
};

describe("the confirmation email", () => {
  it("asks in traditional Chinese with two big, labelled buttons and a plain-text twin", () => {
    const mail = confirmationEmail({ locale: "zh-Hant", outcome: "replacement", validDays: 3, ...links });
    expect(mail.subject).toBe("您的問題解決了嗎？");
    expect(mail.text).toContain("我們已為您安排換貨。");
    expect(mail.text).toContain(`是，已解決：${links.yesUrl}`);
    expect(mail.text).toContain(`否，還沒有：${links.noUrl}`);
    expect(mail.html).toContain('<html lang="zh-Hant">');
    expect(mail.html).toContain(`href="${links.yesUrl.replace(/&/g, "&amp;")}"`);
    // Buttons: at least 44 px high, white on dark colours (contrast 6.7:1 and 10:1), text not images.
    expect(mail.html).toMatch(/bgcolor="#1d4ed8" style="background-color:#1d4ed8;border-radius:8px;height:56px"/);
    expect(mail.html).not.toMatch(/<img|<script/);
  });

  it("says what was done for each outcome in every language, and something sensible for any other", () => {
    for (const locale of ["en", "zh-Hans", "zh-Hant"] as const) {
      const words = CONFIRMATION_WORDS[locale];
      for (const outcome of ["refund", "replacement", "apology", "compensation", "explanation", "no_action_needed"]) {
        expect(confirmationEmail({ locale, outcome, validDays: 3, ...links }).text).toContain(words.done[outcome]);
      }
      expect(confirmationEmail({ locale, outcome: "goodwill", validDays: 3, ...links }).text).toContain(
        words.doneOther,
      );
    }
  });

  it("keeps whatever the customer's name holds to one escaped line in the greeting (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        const mail = confirmationEmail({ locale: "en", name, validDays: 3, ...links });
        expect(mail.html).not.toMatch(/<(?!\/?(?:html|head|meta|title|body|table|tr|td|h1|a)\b)[a-z]/i);
        expect(mail.text.split("\n")[0]).not.toMatch(/[\r\n]/);
        expect([...(mail.text.split("\n")[0] ?? "")].length).toBeLessThanOrEqual("Hello ,".length + 40);
      }),
    );
  });

  it("refuses links that are not http(s)", () => {
    expect(() => confirmationEmail({ locale: "en", validDays: 3, ...links, noUrl: "javascript:alert(1)" })).toThrow(
      RangeError,
    );
  });
});
