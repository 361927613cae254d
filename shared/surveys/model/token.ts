import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { ValidationError } from "#shared/kernel/errors";
import type { SigningKey } from "#shared/kernel/signing-key";

/**
 * Signed survey links. A token is `<kid>.<payload>.<signature>`, all URL-safe:
 * - `kid` names the signing key, so keys can rotate without breaking links already sent;
 * - `payload` is a packed binary record (not JSON) in base64url, because the link has to fit in an
 *   SMS next to the question: typical claims give a token of about 80 characters;
 * - `signature` is the first 16 bytes of HMAC-SHA256 over `<kid>.<payload>`; 128 bits is plenty
 *   against forgery and keeps the link short.
 * The customer is deliberately not in the token: the server keeps it in the survey record it
 * stored when minting, looked up by `surveyId`, so a forwarded or logged URL reveals no one.
 */

export const SurveyKind = z.enum(["nps", "csat"]);
export type SurveyKind = z.infer<typeof SurveyKind>;

/** Lone surrogates cannot survive UTF-8, so a claim holding one would not round-trip. */
const wellFormed = (s: string) => !/\p{Surrogate}/u.test(s);
export const claimText = (max: number) => z.string().min(1).max(max).refine(wellFormed, "must be well-formed Unicode");

/** A language tag as a link carries it (mapped to a supported locale where it is used). */
export const localeClaim = z.string().regex(/^[A-Za-z0-9-]{1,35}$/);

export const SurveyClaims = z.strictObject({
  // At most 64 UTF-16 units is at most 192 UTF-8 bytes: fits the one-byte length prefix.
  surveyId: claimText(64),
  kind: SurveyKind,
  locale: localeClaim.optional(),
  touchpoint: claimText(64).optional(),
  /** Epoch seconds; the link stops working at this second. Unsigned 32 bits: good until 2106. */
  expiresAt: z.int().min(0).max(0xffff_ffff),
});
export type SurveyClaims = z.infer<typeof SurveyClaims>;

export type VerifyFailure = "malformed" | "unknown-key" | "forged" | "expired";
export type VerifyResult = { ok: true; claims: SurveyClaims } | { ok: false; reason: VerifyFailure };

const KEY_ID = /^[A-Za-z0-9_-]{1,8}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const MIN_SECRET_BYTES = 16;
const SIGNATURE_BYTES = 16;
const FORMAT_VERSION = 1;
const FLAG_CSAT = 1;
const FLAG_LOCALE = 2;
const FLAG_TOUCHPOINT = 4;
const KNOWN_FLAGS = FLAG_CSAT | FLAG_LOCALE | FLAG_TOUCHPOINT;

const encoder = new TextEncoder();
// ignoreBOM: a claim may start with U+FEFF, and the decoder must not eat it (claims must round-trip).
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads the one-byte-length-prefixed UTF-8 strings of a packed payload from `start` on: each read
 * is undefined when the string does not fit or is not UTF-8; `atEnd` says nothing is left over.
 */
export const stringReader = (bytes: Buffer, start: number) => {
  let offset = start;
  return {
    read: (): string | undefined => {
      const length = bytes[offset];
      if (length === undefined || offset + 1 + length > bytes.length) return undefined;
      const slice = bytes.subarray(offset + 1, offset + 1 + length);
      offset += 1 + length;
      try {
        return decoder.decode(slice);
      } catch {
        return undefined;
      }
    },
    atEnd: (): boolean => offset === bytes.length,
  };
};

const pack = (claims: SurveyClaims): Buffer => {
  const strings = [claims.surveyId, claims.locale, claims.touchpoint].filter((s) => s !== undefined);
  const flags =
    (claims.kind === "csat" ? FLAG_CSAT : 0) |
    (claims.locale !== undefined ? FLAG_LOCALE : 0) |
    (claims.touchpoint !== undefined ? FLAG_TOUCHPOINT : 0);
  const head = Buffer.alloc(6);
  head.writeUInt8(FORMAT_VERSION, 0);
  head.writeUInt8(flags, 1);
  head.writeUInt32BE(claims.expiresAt, 2);
  const parts: Uint8Array[] = [head];
  for (const s of strings) {
    const bytes = encoder.encode(s);
    parts.push(Uint8Array.of(bytes.length), bytes);
  }
  return Buffer.concat(parts);
};

/** Strict: any trailing byte, unknown flag or invalid UTF-8 makes the payload malformed. */
const unpack = (bytes: Buffer): SurveyClaims | undefined => {
  if (bytes.length < 7 || bytes.readUInt8(0) !== FORMAT_VERSION) return undefined;
  const flags = bytes.readUInt8(1);
  if ((flags & ~KNOWN_FLAGS) !== 0) return undefined;
  const expiresAt = bytes.readUInt32BE(2);
  const strings = stringReader(bytes, 6);
  const surveyId = strings.read();
  const locale = flags & FLAG_LOCALE ? strings.read() : undefined;
  if (flags & FLAG_LOCALE && locale === undefined) return undefined;
  const touchpoint = flags & FLAG_TOUCHPOINT ? strings.read() : undefined;
  if (flags & FLAG_TOUCHPOINT && touchpoint === undefined) return undefined;
  if (surveyId === undefined || !strings.atEnd()) return undefined;
  const parsed = SurveyClaims.safeParse({
    surveyId,
    kind: flags & FLAG_CSAT ? "csat" : "nps",
    ...(locale !== undefined && { locale }),
    ...(touchpoint !== undefined && { touchpoint }),
    expiresAt,
  });
  return parsed.success ? parsed.data : undefined;
};

const sign = (signed: string, secret: Uint8Array): string =>
  createHmac("sha256", secret).update(signed).digest().subarray(0, SIGNATURE_BYTES).toString("base64url");

/**
 * The envelope every signed link shares: `<kid>.<payload>.<signature>` over a packed payload whose
 * first byte is its format. Each kind of link has its own format byte (surveys 1, resolution
 * confirmations 2, see ./confirmation-token.ts), so a token of one kind never reads as another.
 */
export const sealPayload = (payload: Buffer, key: SigningKey): string => {
  if (!KEY_ID.test(key.id)) {
    throw new ValidationError("invalid signing key", [{ field: "id", message: "1-8 of A-Z a-z 0-9 _ -" }]);
  }
  if (key.secret.length < MIN_SECRET_BYTES) {
    throw new ValidationError("invalid signing key", [
      { field: "secret", message: `at least ${MIN_SECRET_BYTES} bytes` },
    ]);
  }
  const signed = `${key.id}.${payload.toString("base64url")}`;
  return `${signed}.${sign(signed, key.secret)}`;
};

export type OpenResult = { ok: true; payload: Buffer } | { ok: false; reason: Exclude<VerifyFailure, "expired"> };

/**
 * Checks a token's signature against every key still accepted (matched by kid) and returns its
 * payload. The signature is verified before the payload is trusted, so a forger learns nothing
 * from the answer.
 */
export const openPayload = (token: string, keys: readonly SigningKey[]): OpenResult => {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [kid, payload, signature] = parts as [string, string, string];
  if (!KEY_ID.test(kid) || !B64URL.test(payload) || !B64URL.test(signature)) return { ok: false, reason: "malformed" };
  const key = keys.find((k) => k.id === kid);
  if (key === undefined) return { ok: false, reason: "unknown-key" };
  // Compare the canonical encoding, not decoded bytes: base64url has spare bits in its last
  // character, and a variant spelling of a valid signature must not verify.
  const expected = Buffer.from(sign(`${kid}.${payload}`, key.secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  return { ok: true, payload: Buffer.from(payload, "base64url") };
};

/** Signs with the given key; callers pass the first (current) key of their rotation list. */
export const signSurveyToken = (claims: SurveyClaims, key: SigningKey): string => {
  const parsed = SurveyClaims.safeParse(claims);
  if (!parsed.success) {
    throw new ValidationError(
      "invalid survey claims",
      parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    );
  }
  return sealPayload(pack(parsed.data), key);
};

/**
 * Checks a token against every key still accepted (matched by kid). Only a genuine token can be
 * reported as expired, so a forger learns nothing from the answer.
 */
export const verifySurveyToken = (token: string, keys: readonly SigningKey[], now: Date): VerifyResult => {
  const opened = openPayload(token, keys);
  if (!opened.ok) return opened;
  const claims = unpack(opened.payload);
  if (claims === undefined) return { ok: false, reason: "malformed" };
  if (now.getTime() >= claims.expiresAt * 1000) return { ok: false, reason: "expired" };
  return { ok: true, claims };
};
