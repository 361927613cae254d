import * as z from "zod";
import { ValidationError } from "#shared/kernel/errors";
import type { SigningKey } from "#shared/kernel/signing-key";
import { claimText, localeClaim, openPayload, sealPayload, stringReader, type VerifyFailure } from "./token.ts";

/**
 * The signed link of "is your problem solved?", sent after a follow-up task is resolved. Same
 * envelope, keys and rotation as survey links (./token.ts), its own payload format (first byte 2),
 * so a confirmation link never opens a survey and a survey link never answers a confirmation.
 * It names the task and its round (one question per resolution), never the customer: a forwarded
 * or logged URL reveals no one, and the task says who it is for.
 */

export const ConfirmationClaims = z.strictObject({
  /** The follow-up task; the page checks it against the task's own id rules. */
  taskId: claimText(64),
  /** The task's round when it was resolved: an answer belongs to that resolution only. */
  round: z.int().min(1).max(0xffff),
  locale: localeClaim.optional(),
  /** Epoch seconds; the link stops working at this second (the task's auto-close). */
  expiresAt: z.int().min(0).max(0xffff_ffff),
});
export type ConfirmationClaims = z.infer<typeof ConfirmationClaims>;

export type ConfirmationVerifyResult = { ok: true; claims: ConfirmationClaims } | { ok: false; reason: VerifyFailure };

const FORMAT = 2;
const FLAG_LOCALE = 1;
const KNOWN_FLAGS = FLAG_LOCALE;

const encoder = new TextEncoder();

const pack = (claims: ConfirmationClaims): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt8(FORMAT, 0);
  head.writeUInt8(claims.locale !== undefined ? FLAG_LOCALE : 0, 1);
  head.writeUInt32BE(claims.expiresAt, 2);
  head.writeUInt16BE(claims.round, 6);
  const parts: Uint8Array[] = [head];
  for (const s of [claims.taskId, claims.locale]) {
    if (s === undefined) continue;
    const bytes = encoder.encode(s);
    parts.push(Uint8Array.of(bytes.length), bytes);
  }
  return Buffer.concat(parts);
};

/** Strict like the survey payload: a wrong format byte, unknown flag, trailing byte or bad UTF-8 is malformed. */
const unpack = (bytes: Buffer): ConfirmationClaims | undefined => {
  if (bytes.length < 9 || bytes.readUInt8(0) !== FORMAT) return undefined;
  const flags = bytes.readUInt8(1);
  if ((flags & ~KNOWN_FLAGS) !== 0) return undefined;
  const strings = stringReader(bytes, 8);
  const taskId = strings.read();
  const locale = flags & FLAG_LOCALE ? strings.read() : undefined;
  if (taskId === undefined || (flags & FLAG_LOCALE && locale === undefined) || !strings.atEnd()) {
    return undefined;
  }
  const parsed = ConfirmationClaims.safeParse({
    taskId,
    round: bytes.readUInt16BE(6),
    ...(locale !== undefined && { locale }),
    expiresAt: bytes.readUInt32BE(2),
  });
  return parsed.success ? parsed.data : undefined;
};

export const signConfirmationToken = (claims: ConfirmationClaims, key: SigningKey): string => {
  const parsed = ConfirmationClaims.safeParse(claims);
  if (!parsed.success) {
    throw new ValidationError(
      "invalid confirmation claims",
      parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    );
  }
  return sealPayload(pack(parsed.data), key);
};

/** Signature first, then the payload, then the expiry: only a genuine link is reported as expired. */
export const verifyConfirmationToken = (
  token: string,
  keys: readonly SigningKey[],
  now: Date,
): ConfirmationVerifyResult => {
  // Longer than any link we mint: refused before any work.
  if (token.length > 400) return { ok: false, reason: "malformed" };
  const opened = openPayload(token, keys);
  if (!opened.ok) return opened;
  const claims = unpack(opened.payload);
  if (claims === undefined) return { ok: false, reason: "malformed" };
  if (now.getTime() >= claims.expiresAt * 1000) return { ok: false, reason: "expired" };
  return { ok: true, claims };
};

/** What the page ticket (./page-ticket.ts) and the post limits (./post-limits.ts) name this question by. */
export const confirmationSubject = (claims: Pick<ConfirmationClaims, "taskId" | "round">): string =>
  `confirm:${claims.taskId}:${claims.round}`;

/** The page behind the link; `answer` pre-selects yes or no (one button each in the email). */
export const confirmationUrl = (baseUrl: string, token: string, answer?: "yes" | "no"): string => {
  if (!/^https?:\/\//i.test(baseUrl)) throw new RangeError("baseUrl must be an http(s) URL");
  return `${baseUrl.replace(/\/+$/, "")}/c/${encodeURIComponent(token)}${answer ? `?a=${answer}` : ""}`;
};
