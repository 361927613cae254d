import { createHmac, timingSafeEqual } from "node:crypto";
import type { Viewer } from "./ports/users.ts";

/**
 * The triage page's session: a signed, expiring cookie (HMAC-SHA256), HttpOnly, SameSite=Strict,
 * Secure outside localhost. Stateless, so any warm function can verify it.
 */
export const SESSION_COOKIE = "hb_session";
const HOURS = 3_600_000;

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(payload).digest("base64url");

export const createSession = (viewer: Viewer, secret: string, now: Date, hours = 10): string => {
  const payload = Buffer.from(JSON.stringify({ ...viewer, exp: now.getTime() + hours * HOURS })).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
};

export const readSession = (cookieHeader: string | undefined, secret: string, now: Date): Viewer | undefined => {
  const value = cookieHeader
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!value) return undefined;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Viewer & { exp: number };
    if (typeof data.exp !== "number" || data.exp < now.getTime() || typeof data.name !== "string") return undefined;
    return { name: data.name, canSeePersonalData: data.canSeePersonalData === true };
  } catch {
    return undefined;
  }
};

export const sessionCookie = (value: string, secure: boolean, maxAgeSeconds = 10 * 3_600): string =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;

/**
 * A status line the server wrote and hands back through a redirect (`?flash=...&fs=...`): shown
 * only with a valid signature, so a crafted link cannot put its own words in the page's banner.
 */
const noteSignature = (text: string, secret: string) => sign(`note\u0000${text}`, secret).slice(0, 22);

export const signedNote = (text: string, secret: string): { flash: string; fs: string } => ({
  flash: text,
  fs: noteSignature(text, secret),
});

export const verifiedNote = (
  text: string | undefined,
  signature: string | undefined,
  secret: string,
): string | undefined => {
  if (text === undefined || signature === undefined) return undefined;
  const expected = Buffer.from(noteSignature(text, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? text : undefined;
};
