import { escapeHtml } from "#shared/kernel/html";
import { LOGIN_CSS, shell } from "./triage-shell.ts";
import { LOGIN_TEXT as T } from "./triage-text.ts";

/** The sign-in page in front of the triage page: name and password, an error, and a local-only hint. */
export const renderLoginPage = (input: {
  nonce: string;
  basePath: string;
  error?: string;
  devHint?: string;
}): string => {
  const error = input.error ? `<p role="alert">${escapeHtml(input.error)}</p>` : "";
  const hint = input.devHint ? `<p class="note">${escapeHtml(input.devHint)}</p>` : "";
  const body =
    `<main><h1>${T.heading}</h1>` +
    error +
    `<form method="post" action="${escapeHtml(input.basePath)}/login">` +
    `<label for="l-name">${T.name}</label><input id="l-name" name="name" autocomplete="username" required>` +
    `<label for="l-password">${T.password}</label><input id="l-password" type="password" name="password" autocomplete="current-password" required>` +
    `<button type="submit" class="pri">${T.signIn}</button></form>` +
    hint +
    "</main>";
  return shell(T.title, LOGIN_CSS, body, input.nonce);
};
