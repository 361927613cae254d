import { createHmac, timingSafeEqual } from "node:crypto";
import type { SigningKey } from "#shared/kernel/signing-key";

/**
 * A page ticket: proof that a post comes from a page this server rendered for this survey, and
 * when. Every rendering of the survey page carries a fresh one (a hidden form field, and in the
 * body of the page's own automatic post), `<kid>.<rendered at, base36 ms>.<signature>`, signed
 * with the survey signing key over the survey id and the time. A tool that posts to the link
 * without rendering the page has none, so its posts never count.
 */
const SIGNATURE_BYTES = 12;
/** Clocks of two function instances may differ a little; a ticket from further ahead is forged. */
const FUTURE_SKEW_MS = 5_000;

const signature = (secret: Uint8Array, surveyId: string, renderedAt: string) =>
  createHmac("sha256", secret)
    .update(`survey page ticket\u0000${surveyId}\u0000${renderedAt}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
    .toString("base64url");

export const issuePageTicket = (surveyId: string, key: SigningKey, now: Date): string => {
  const renderedAt = now.getTime().toString(36);
  return `${key.id}.${renderedAt}.${signature(key.secret, surveyId, renderedAt)}`;
};

/** When the page that carried this ticket was rendered, or undefined for a missing, foreign or forged one. */
export const readPageTicket = (
  ticket: string | null | undefined,
  surveyId: string,
  keys: readonly SigningKey[],
  now: Date,
): Date | undefined => {
  const [kid, renderedAt, given, extra] = (ticket ?? "").slice(0, 100).split(".");
  if (!kid || !renderedAt || !given || extra !== undefined || !/^[0-9a-z]{1,11}$/.test(renderedAt)) return undefined;
  const key = keys.find((k) => k.id === kid);
  if (!key) return undefined;
  const expected = Buffer.from(signature(key.secret, surveyId, renderedAt));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const at = Number.parseInt(renderedAt, 36);
  return at > now.getTime() + FUTURE_SKEW_MS ? undefined : new Date(at);
};
