import { describe, expect, it } from "vitest";
import { LEAD_PASSWORD_POLICY } from "#shared/edge/ports/users";
import { type LoginStep, renderLoginPage } from "#shared/follow-up/views/login-page";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { parseHtml } from "../edge/html-injection.ts";

const base = { nonce: "n", basePath: "/triage" } as const;
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const STEPS: readonly LoginStep[] = [
  { kind: "password" },
  { kind: "new-password", state: "c2VhbGVk", account: "林美" },
  { kind: "totp", state: "c2VhbGVk", account: "林美" },
  { kind: "totp-setup", state: "c2VhbGVk", account: "林美", secret: SECRET },
];

describe("renderLoginPage", () => {
  it("has labelled name and password fields posting to the login path", () => {
    const html = renderLoginPage({ ...base, locale: "en" });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<form method="post" action="/triage/login">');
    expect(html).toContain('<label for="l-name">Name</label><input id="l-name" name="name"');
    expect(html).toContain(
      '<label for="l-password">Password</label><input id="l-password" type="password" name="password"',
    );
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain("<script");
    expect(html).not.toContain('name="state"');
  });

  it("shows the error in an alert, escaped, and the local hint in the page's language", () => {
    const en = renderLoginPage({ ...base, locale: "en", error: "Wrong name or password <again>", devHint: true });
    expect(en).toContain('<p role="alert">Wrong name or password &lt;again&gt;</p>');
    expect(en).toContain("Local development: any name, the development password.");
    const hans = renderLoginPage({ ...base, locale: "zh-Hans", devHint: true });
    expect(hans).toContain("本地开发：任意用户名，使用开发密码。");
    expect(renderLoginPage({ ...base, locale: "en" })).not.toContain("Local development");
  });

  it("offers each language by its own name, marks the current one, and sets the document's language", () => {
    const names = { "zh-Hans": "简体中文", "zh-Hant": "繁體中文", en: "English" } as const;
    for (const locale of SUPPORTED_LOCALES) {
      const html = renderLoginPage({ ...base, locale });
      expect(html).toContain(`<html lang="${locale}">`);
      for (const other of SUPPORTED_LOCALES) {
        const current = other === locale ? ' aria-current="true"' : "";
        expect(html).toContain(
          `<a href="/triage/login?lang=${other}" lang="${other}" hreflang="${other}"${current}>${names[other]}</a>`,
        );
      }
    }
  });

  it("words the sign-in in Chinese (simplified and traditional) without English left over", () => {
    const heading = { "zh-Hans": "登录跟进任务处理台", "zh-Hant": "登入跟進任務處理台" } as const;
    for (const locale of ["zh-Hans", "zh-Hant"] as const) {
      for (const step of STEPS) {
        const html = renderLoginPage({ ...base, locale, step, error: "请重试", devHint: true });
        expect(html).toContain(`<html lang="${locale}">`);
        const visible = [
          parseHtml(html).text.replace(SECRET.replace(/(.{4})(?=.)/g, "$1 "), ""),
          ...parseHtml(html)
            .attributes.filter((a) => a.name === "aria-label")
            .map((a) => a.value),
        ].join(" ");
        // Product and language names stay as they are spelled; everything else is Chinese.
        const english = (visible.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== "hearback" && w !== "English");
        expect(english, `${locale} ${step.kind}`).toEqual([]);
      }
      expect(renderLoginPage({ ...base, locale })).toContain(`<h1>${heading[locale]}</h1>`);
    }
    expect(renderLoginPage({ ...base, locale: "zh-Hans" })).toContain('<label for="l-password">密码</label>');
    expect(renderLoginPage({ ...base, locale: "zh-Hant" })).toContain('<label for="l-password">密碼</label>');
  });

  it("asks for a new password twice, with the pool's rules, carrying the sealed sign-in", () => {
    const html = renderLoginPage({
      ...base,
      locale: "en",
      step: { kind: "new-password", state: "c2VhbGVk", account: "mei" },
    });
    expect(html).toContain("<h1>Choose a new password</h1>");
    expect(html).toContain('<input type="hidden" name="state" value="c2VhbGVk">');
    expect(html).toContain('<input type="text" name="username" value="mei" autocomplete="username" hidden readonly>');
    const fields = html.match(/<input id="l-(new|again)"[^>]*>/g) ?? [];
    expect(fields).toHaveLength(2);
    for (const field of fields) {
      expect(field).toContain('type="password"');
      expect(field).toContain('autocomplete="new-password"');
      expect(field).toContain(`minlength="${LEAD_PASSWORD_POLICY.minLength}"`);
    }
    expect(html).toContain(
      `<ul class="rules" id="pw-rules"><li>at least ${LEAD_PASSWORD_POLICY.minLength} characters</li><li>a lowercase letter</li><li>an uppercase letter</li><li>a digit</li><li>a symbol, such as ! or #</li></ul>`,
    );
    // Leaving the step would drop the pending sign-in: no language links, a way to start over.
    expect(html).not.toContain("?lang=");
    expect(html).toContain('<a href="/triage/login">Start over</a>');
  });

  it("asks for the authenticator's code with a numeric one-time-code field", () => {
    const html = renderLoginPage({ ...base, locale: "en", step: { kind: "totp", state: "c2VhbGVk", account: "mei" } });
    expect(html).toContain("<h1>Enter your verification code</h1>");
    expect(html).toContain(
      '<label for="l-code">6-digit code</label><input id="l-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}"',
    );
    expect(html).toContain('<input type="hidden" name="state" value="c2VhbGVk">');
  });

  it("shows the key to set an authenticator up, grouped, and the link authenticator apps open", () => {
    const html = renderLoginPage({
      ...base,
      locale: "zh-Hant",
      step: { kind: "totp-setup", state: "c2VhbGVk", account: "mei lin", secret: SECRET },
    });
    expect(html).toContain("<h1>設定兩步驟驗證</h1>");
    expect(html).toContain("<code>JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>");
    expect(html).toContain(`href="otpauth://totp/hearback:mei%20lin?secret=${SECRET}&amp;issuer=hearback"`);
    expect(html).toContain('autocomplete="one-time-code"');
  });
});
