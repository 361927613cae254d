import { describe, expect, it } from "vitest";
import { renderLoginPage } from "#shared/follow-up/views/login-page";

describe("renderLoginPage", () => {
  it("has labelled name and password fields posting to the login path", () => {
    const html = renderLoginPage({ nonce: "n", basePath: "/triage" });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<form method="post" action="/triage/login">');
    expect(html).toContain('<label for="l-name">Name</label><input id="l-name" name="name"');
    expect(html).toContain(
      '<label for="l-password">Password</label><input id="l-password" type="password" name="password"',
    );
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain("<script");
  });

  it("shows the error in an alert and the dev hint, escaped", () => {
    const html = renderLoginPage({
      nonce: "n",
      basePath: "/triage",
      error: "Wrong name or password <again>",
      devHint: "Local: sign in as lead / <dev>",
    });
    expect(html).toContain('<p role="alert">Wrong name or password &lt;again&gt;</p>');
    expect(html).toContain("Local: sign in as lead / &lt;dev&gt;");
  });
});
