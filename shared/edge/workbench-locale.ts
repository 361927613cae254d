import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { localeOf, negotiateLocale, type SupportedLocale } from "#shared/kernel/locale";
import { header } from "./request.ts";

/**
 * The language and time zone of the people who work in hearback's pages (support leads, product
 * teams): a choice they made on the page (kept in a cookie for a year), else their profile (the
 * signed-in lead's `locale`), else their browser's Accept-Language, else the deployment's default.
 * Time zones come from the browser (the page's script stores `Intl`'s zone in a cookie), else the
 * profile's `zoneinfo`, else the deployment's default; only zones `Intl` knows are taken, so a
 * forged cookie cannot reach a formatter.
 */

export const LOCALE_COOKIE = "hb_lang";
export const TIME_ZONE_COOKIE = "hb_tz";
const YEAR_SECONDS = 365 * 24 * 3600;

const cookieValue = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const all = event.cookies?.join("; ") ?? header(event, "cookie") ?? "";
  for (const part of all.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
};

/** A time zone `Intl` can format in (IANA names such as Asia/Shanghai), or undefined. */
export const knownTimeZone = (zone: string | undefined): string | undefined => {
  if (zone === undefined || zone.length === 0 || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) {
    return undefined;
  }
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

export interface WorkbenchLocale {
  locale: SupportedLocale;
  timeZone: string;
  /** Set-Cookie values to send: a language picked with `?lang=` is remembered. */
  cookies: string[];
}

/**
 * `?lang=zh-Hans|zh-Hant|en` (the page's language switch) wins and is remembered, then the cookie,
 * then the signed-in lead's profile, then Accept-Language, then `defaults.locale`. The time zone:
 * the cookie the page's script set, else the profile's, else `defaults.timeZone`.
 */
export const workbenchLocale = (
  event: APIGatewayProxyEventV2,
  defaults: { locale?: SupportedLocale; timeZone: string; secure: boolean },
  profile: { locale?: SupportedLocale | undefined; timeZone?: string | undefined } = {},
): WorkbenchLocale => {
  const picked = event.queryStringParameters?.lang;
  const fromQuery = picked === undefined ? undefined : localeOf(picked);
  const cookies: string[] = [];
  if (fromQuery) {
    cookies.push(
      `${LOCALE_COOKIE}=${fromQuery}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax${defaults.secure ? "; Secure" : ""}`,
    );
  }
  const fromCookie = localeOf(cookieValue(event, LOCALE_COOKIE) ?? "");
  const accept = header(event, "accept-language");
  const locale =
    fromQuery ??
    fromCookie ??
    profile.locale ??
    (accept === undefined && defaults.locale ? defaults.locale : negotiateLocale(undefined, accept));
  const timeZone =
    knownTimeZone(cookieValue(event, TIME_ZONE_COOKIE)) ?? knownTimeZone(profile.timeZone) ?? defaults.timeZone;
  return { locale, timeZone, cookies };
};

/**
 * Where a lead was going when the sign-in page stopped them (a task link from an email): kept for
 * ten minutes in a cookie, and only a staff page's own path (`/triage/tasks/<id>`, `/explore…`), so it can
 * never send anyone elsewhere.
 */
export const NEXT_COOKIE = "hb_next";
const WORKBENCH_PAGE = /^\/(triage\/tasks\/task_[0-9a-hjkmnp-tv-z]{26}|explore(\/themes\/[a-z][a-z0-9_]{0,63})?)$/;

export const rememberNext = (path: string, secure: boolean): string | undefined =>
  WORKBENCH_PAGE.test(path)
    ? `${NEXT_COOKIE}=${encodeURIComponent(path)}; Path=/triage; Max-Age=600; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`
    : undefined;

/** The remembered page, if it is one, and the Set-Cookie that forgets it. */
export const takeNext = (event: APIGatewayProxyEventV2, secure: boolean): { path?: string; forget: string } => {
  const path = cookieValue(event, NEXT_COOKIE);
  return {
    ...(path !== undefined && WORKBENCH_PAGE.test(path) && { path }),
    forget: `${NEXT_COOKIE}=; Path=/triage; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`,
  };
};
