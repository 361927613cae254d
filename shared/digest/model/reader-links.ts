import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { isFeedbackId } from "#shared/feedback/model/ids";
import { ValidationError } from "#shared/kernel/errors";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import type { SigningKey } from "#shared/kernel/signing-key";
import { isIsoWeek } from "#shared/kernel/time";
import { openPayload, sealPayload, stringReader, type VerifyFailure } from "#shared/surveys/model/token";
import { SUBSCRIPTION_ID } from "./subscriptions.ts";

/**
 * The links in a digest that its readers open without an API key: the digest itself in a browser,
 * and the comment behind each quote. Same envelope, keys and rotation as survey links
 * (`<kid>.<payload>.<signature>`, see surveys/model/token.ts), with its own payload format (first
 * byte 3), so a reader link never opens a survey or a confirmation, nor they a digest.
 *
 * A link is for one recipient of one subscription and one week, and expires. It names the reader
 * by a tag (8 bytes of HMAC under the signing key over the subscription and the address), never by
 * the address: a forwarded or logged URL reveals no one, and the server finds the reader among the
 * subscription's recipients, so a recipient taken off the subscription loses access at once.
 */

export const ReaderClaims = z.strictObject({
  subscription: z.string().regex(SUBSCRIPTION_ID),
  /** The reader's tag (readerTag): 8 bytes in base64url. */
  reader: z.string().regex(/^[A-Za-z0-9_-]{11}$/),
  week: z.string().refine(isIsoWeek, "must be an ISO week that exists"),
  /** The subscription's language when the link was made: the error pages' language if it is gone. */
  locale: z.enum(SUPPORTED_LOCALES),
  /** Present for a quote's link: the comment it opens. */
  feedbackId: z.string().refine(isFeedbackId, "must be a feedback id").optional(),
  /** Epoch seconds; the link stops working at this second. */
  expiresAt: z.int().min(0).max(0xffff_ffff),
});
export type ReaderClaims = z.infer<typeof ReaderClaims>;

export type ReaderVerifyResult =
  | { ok: true; claims: ReaderClaims; key: SigningKey }
  | { ok: false; reason: Exclude<VerifyFailure, "expired"> }
  | { ok: false; reason: "expired"; claims: ReaderClaims };

const FORMAT = 3;
const FLAG_QUOTE = 1;
const KNOWN_FLAGS = FLAG_QUOTE;
const TAG_BYTES = 8;
const HEAD_BYTES = 10 + TAG_BYTES;
/** Longer than any link this module mints: refused before any work. */
const MAX_TOKEN_LENGTH = 300;

const encoder = new TextEncoder();

/** Names one recipient of one subscription without revealing the address (keyed, so not guessable). */
export const readerTag = (secret: Uint8Array, subscription: string, email: string): string =>
  createHmac("sha256", secret)
    .update(`digest reader\u0000${subscription}\u0000${email.trim().toLowerCase()}`)
    .digest()
    .subarray(0, TAG_BYTES)
    .toString("base64url");

const pack = (claims: ReaderClaims): Buffer => {
  const [year, week] = claims.week.split("-W").map(Number) as [number, number];
  const head = Buffer.alloc(HEAD_BYTES);
  head.writeUInt8(FORMAT, 0);
  head.writeUInt8(claims.feedbackId === undefined ? 0 : FLAG_QUOTE, 1);
  head.writeUInt32BE(claims.expiresAt, 2);
  head.writeUInt16BE(year, 6);
  head.writeUInt8(week, 8);
  head.writeUInt8(SUPPORTED_LOCALES.indexOf(claims.locale), 9);
  Buffer.from(claims.reader, "base64url").copy(head, 10);
  const parts: Uint8Array[] = [head];
  for (const s of [claims.subscription, claims.feedbackId]) {
    if (s === undefined) continue;
    const bytes = encoder.encode(s);
    parts.push(Uint8Array.of(bytes.length), bytes);
  }
  return Buffer.concat(parts);
};

/** Strict: a wrong format byte, unknown flag or locale, trailing byte or invalid claim is malformed. */
const unpack = (bytes: Buffer): ReaderClaims | undefined => {
  if (bytes.length < HEAD_BYTES + 2 || bytes.readUInt8(0) !== FORMAT) return undefined;
  const flags = bytes.readUInt8(1);
  if ((flags & ~KNOWN_FLAGS) !== 0) return undefined;
  const locale = SUPPORTED_LOCALES[bytes.readUInt8(9)];
  const strings = stringReader(bytes, HEAD_BYTES);
  const subscription = strings.read();
  const feedbackId = flags & FLAG_QUOTE ? strings.read() : undefined;
  if (subscription === undefined || (flags & FLAG_QUOTE && feedbackId === undefined) || !strings.atEnd()) {
    return undefined;
  }
  const parsed = ReaderClaims.safeParse({
    subscription,
    reader: bytes.subarray(10, HEAD_BYTES).toString("base64url"),
    week: `${bytes.readUInt16BE(6)}-W${String(bytes.readUInt8(8)).padStart(2, "0")}`,
    locale,
    ...(feedbackId !== undefined && { feedbackId }),
    expiresAt: bytes.readUInt32BE(2),
  });
  return parsed.success ? parsed.data : undefined;
};

export const signReaderToken = (claims: ReaderClaims, key: SigningKey): string => {
  const parsed = ReaderClaims.safeParse(claims);
  if (!parsed.success) {
    throw new ValidationError(
      "invalid reader link claims",
      parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    );
  }
  return sealPayload(pack(parsed.data), key);
};

/**
 * Signature first (against every key still accepted, matched by kid), then the payload, then the
 * expiry: only a genuine link is reported as expired, and only then are its claims returned. On
 * success, `key` is the key that signed it, which also keyed the reader's tag.
 */
export const verifyReaderToken = (token: string, keys: readonly SigningKey[], now: Date): ReaderVerifyResult => {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const opened = openPayload(token, keys);
  if (!opened.ok) return opened;
  const claims = unpack(opened.payload);
  const key = keys.find((k) => k.id === token.slice(0, token.indexOf(".")));
  if (claims === undefined || key === undefined) return { ok: false, reason: "malformed" };
  if (now.getTime() >= claims.expiresAt * 1000) return { ok: false, reason: "expired", claims };
  return { ok: true, claims, key };
};

/** Which of `recipients` a verified link is for; undefined when none is (any more). */
export const readerAmong = (
  claims: Pick<ReaderClaims, "subscription" | "reader">,
  key: SigningKey,
  recipients: readonly string[],
): string | undefined => {
  const given = Buffer.from(claims.reader);
  return recipients.find((email) => {
    const expected = Buffer.from(readerTag(key.secret, claims.subscription, email));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
};

/** What a reader's links are made of: who, which digest, until when, signed with which key. */
export interface ReaderLinkContext {
  key: SigningKey;
  baseUrl: string;
  subscription: string;
  email: string;
  week: string;
  locale: ReaderClaims["locale"];
  /** Epoch seconds. */
  expiresAt: number;
}

export const readerPath = "/digests/read/";

/** The reader's two kinds of link: the digest in a browser, and one quote's comment. */
export const readerLinks = (ctx: ReaderLinkContext) => {
  if (!/^https?:\/\//i.test(ctx.baseUrl)) throw new RangeError("baseUrl must be an http(s) URL");
  const base = `${ctx.baseUrl.replace(/\/+$/, "")}${readerPath}`;
  const claims: ReaderClaims = {
    subscription: ctx.subscription,
    reader: readerTag(ctx.key.secret, ctx.subscription, ctx.email),
    week: ctx.week,
    locale: ctx.locale,
    expiresAt: ctx.expiresAt,
  };
  const digest = `${base}${signReaderToken(claims, ctx.key)}`;
  return {
    digest,
    /** The explorer, scoped to the subscription, behind the same link, open at the digest's week. */
    explorer: `${digest}/explore?week=${encodeURIComponent(ctx.week)}`,
    quote: (feedbackId: string) => `${base}${signReaderToken({ ...claims, feedbackId }, ctx.key)}`,
  };
};

/** When links made at `at` for `days` stop working, in epoch seconds. */
export const readerLinkExpiry = (at: Date, days: number): number => Math.floor(at.getTime() / 1000) + days * 86_400;
