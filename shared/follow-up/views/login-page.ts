import { LEAD_PASSWORD_POLICY } from "#shared/edge/ports/users";
import { escapeHtml } from "#shared/kernel/html";
import { SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import { LANGUAGE_NAMES, LOGIN_TEXT, type LoginText } from "./login-text.ts";
import { LOGIN_CSS, shell } from "./triage-shell.ts";

/**
 * Where the sign-in stands: name and password first, then whatever the directory asks for. A
 * challenge's `state` is the sealed pending sign-in the form carries back; `account` the name the
 * lead typed (for password managers and the authenticator's label).
 */
export type LoginStep =
  | { kind: "password" }
  | { kind: "new-password"; state: string; account: string }
  | { kind: "totp"; state: string; account: string }
  | { kind: "totp-setup"; state: string; account: string; secret: string };

export interface LoginPageInput {
  nonce: string;
  basePath: string;
  locale: SupportedLocale;
  step?: LoginStep;
  error?: string;
  /** Local development: say that any name signs in with the development password. */
  devHint?: boolean;
}

const SWITCH_CSS =
  "nav ul{display:flex;gap:.75rem;list-style:none;margin:0 0 1.5rem;padding:0;justify-content:flex-end}" +
  "nav a{display:inline-block;min-height:24px}nav a[aria-current]{color:#111827;font-weight:600;text-decoration:none}" +
  "code{font-size:1.0625rem;letter-spacing:.05em;overflow-wrap:anywhere}ul.rules{margin:.25rem 0 0;padding-left:1.25rem}";

/** The language switch: each language named in itself, the current one marked. */
const languageSwitch = (T: LoginText, locale: SupportedLocale, basePath: string) =>
  `<nav aria-label="${T.language}"><ul>` +
  SUPPORTED_LOCALES.map(
    (l) =>
      `<li><a href="${escapeHtml(basePath)}/login?lang=${l}" lang="${l}" hreflang="${l}"` +
      `${l === locale ? ' aria-current="true"' : ""}>${LANGUAGE_NAMES[l]}</a></li>`,
  ).join("") +
  "</ul></nav>";

const passwordRules = (T: LoginText) => {
  const p = LEAD_PASSWORD_POLICY;
  const rules = [
    T.rules.minLength(p.minLength),
    ...(p.requireLowercase ? [T.rules.lowercase] : []),
    ...(p.requireUppercase ? [T.rules.uppercase] : []),
    ...(p.requireDigits ? [T.rules.digit] : []),
    ...(p.requireSymbols ? [T.rules.symbol] : []),
  ];
  return `<p class="note" id="pw-rules-h">${T.newPassword.rulesHeading}</p><ul class="rules" id="pw-rules">${rules.map((r) => `<li>${r}</li>`).join("")}</ul>`;
};

const CODE_INPUT =
  '<input id="l-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" minlength="6" maxlength="6" required autofocus>';

/** What the lead does at this step: heading, explanation and fields (inside the form). */
const stepBody = (
  T: LoginText,
  step: LoginStep,
): { heading: string; intro: string; fields: string; submit: string } => {
  if (step.kind === "password") {
    return {
      heading: T.heading,
      intro: "",
      fields:
        `<label for="l-name">${T.name}</label><input id="l-name" name="name" autocomplete="username" required>` +
        `<label for="l-password">${T.password}</label><input id="l-password" type="password" name="password" autocomplete="current-password" required>`,
      submit: T.signIn,
    };
  }
  const carried =
    `<input type="hidden" name="state" value="${escapeHtml(step.state)}">` +
    // Lets a password manager file the new password (or recognise the sign-in) under the right name.
    `<input type="text" name="username" value="${escapeHtml(step.account)}" autocomplete="username" hidden readonly>`;
  if (step.kind === "new-password") {
    const min = LEAD_PASSWORD_POLICY.minLength;
    return {
      heading: T.newPassword.heading,
      intro: `<p>${T.newPassword.intro}</p>${passwordRules(T)}`,
      fields:
        carried +
        `<label for="l-new">${T.newPassword.field}</label><input id="l-new" type="password" name="new-password" autocomplete="new-password" minlength="${min}" aria-describedby="pw-rules-h pw-rules" required autofocus>` +
        `<label for="l-again">${T.newPassword.again}</label><input id="l-again" type="password" name="confirm-password" autocomplete="new-password" minlength="${min}" required>`,
      submit: T.newPassword.submit,
    };
  }
  if (step.kind === "totp") {
    return {
      heading: T.totp.heading,
      intro: `<p>${T.totp.intro}</p>`,
      fields: `${carried}<label for="l-code">${T.totp.code}</label>${CODE_INPUT}`,
      submit: T.totp.submit,
    };
  }
  // The standard key URI authenticator apps open (issuer "hearback", the lead's name as the account).
  const uri = `otpauth://totp/hearback:${encodeURIComponent(step.account)}?secret=${encodeURIComponent(step.secret)}&issuer=hearback`;
  return {
    heading: T.totpSetup.heading,
    intro:
      `<p>${T.totpSetup.intro}</p>` +
      `<p>${T.totpSetup.key}: <code>${escapeHtml(step.secret.replace(/(.{4})(?=.)/g, "$1 "))}</code></p>` +
      `<p><a href="${escapeHtml(uri)}">${T.totpSetup.openApp}</a></p>`,
    fields: `${carried}<label for="l-code">${T.totp.code}</label>${CODE_INPUT}`,
    submit: T.totpSetup.submit,
  };
};

/**
 * The sign-in page in front of the triage page, in the lead's language: name and password (with a
 * language switch and, locally, a hint), then a new password or an authenticator code when the
 * directory asks for one.
 */
export const renderLoginPage = (input: LoginPageInput): string => {
  const T = LOGIN_TEXT[input.locale];
  const step = input.step ?? { kind: "password" };
  const { heading, intro, fields, submit } = stepBody(T, step);
  const first = step.kind === "password";
  const error = input.error ? `<p role="alert">${escapeHtml(input.error)}</p>` : "";
  const hint = first && input.devHint ? `<p class="note">${T.devHint}</p>` : "";
  const startOver = first ? "" : `<p><a href="${escapeHtml(input.basePath)}/login">${T.startOver}</a></p>`;
  const body =
    (first ? languageSwitch(T, input.locale, input.basePath) : "") +
    `<main><h1>${heading}</h1>` +
    error +
    intro +
    `<form method="post" action="${escapeHtml(input.basePath)}/login">` +
    fields +
    `<button type="submit" class="pri">${submit}</button></form>` +
    hint +
    startOver +
    "</main>";
  return shell(T.title, LOGIN_CSS + SWITCH_CSS, body, input.nonce, "", undefined, input.locale);
};
