import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unsubscribeSignature, verifyUnsubscribe } from "#shared/digest/model/subscriptions";
import type { SigningKey } from "#shared/kernel/signing-key";
import { type SurveyClaims, signSurveyToken, type VerifyResult, verifySurveyToken } from "#shared/surveys/model/token";
import { shortText } from "./awkward-text.ts";

/**
 * Whatever arrives in place of a survey token or an unsubscribe signature gets a named answer —
 * never an unexpected exception, never a forged or borrowed credential accepted. Example-based
 * cases live in the survey-token and digest tests; these are the systematic, generated ones.
 */

// ---------------------------------------------------------------------------------------------
// Survey tokens.

const keyA: SigningKey = { id: "k1", secret: new TextEncoder().encode("fuzz-secret-a-of-32-bytes-at-least") };
const keyB: SigningKey = { id: "k2", secret: new TextEncoder().encode("fuzz-secret-b-of-32-bytes-at-least") };
const REASONS = ["malformed", "unknown-key", "forged", "expired"];
const NOW = new Date("2026-11-25T08:00:00Z");
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const claimText = (max: number) =>
  fc
    .oneof(shortText(max), fc.string({ unit: "grapheme", minLength: 1, maxLength: max }))
    .filter((s) => s.length >= 1 && s.length <= max && !/\p{Surrogate}/u.test(s));
const claims: fc.Arbitrary<SurveyClaims> = fc.record(
  {
    surveyId: claimText(64),
    kind: fc.constantFrom("nps" as const, "csat" as const),
    locale: fc.stringMatching(/^[A-Za-z0-9-]{1,35}$/),
    touchpoint: claimText(64),
    expiresAt: fc.integer({ min: nowSeconds + 1, max: 0xffff_ffff }),
  },
  { requiredKeys: ["surveyId", "kind", "expiresAt"] },
);

const verify = (token: string, keys: readonly SigningKey[] = [keyA, keyB], now = NOW): VerifyResult => {
  const result = verifySurveyToken(token, keys, now);
  if (!result.ok) expect(REASONS).toContain(result.reason);
  return result;
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const hmac16 = (signed: string, key: SigningKey) =>
  createHmac("sha256", key.secret).update(signed).digest().subarray(0, 16);

describe("survey token parser under arbitrary input", () => {
  it("answers any string with a reason, never an exception and never a valid claim set", () => {
    const tokenish = fc
      .array(fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.base64String(), fc.constantFrom("k1", "k2")), {
        maxLength: 5,
      })
      .map((parts) => parts.join("."));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), tokenish), (token) => {
        expect(verify(token).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("unpacks any authentic payload bytes without throwing, and only the canonical encoding of valid claims", () => {
    // Bytes signed with the real key: what a key holder's bug or a future format would produce.
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      claims.map((c) => new Uint8Array(Buffer.from(signSurveyToken(c, keyA).split(".")[1] ?? "", "base64url"))),
    );
    fc.assert(
      fc.property(payload, fc.nat(), fc.nat(255), (bytes, at, value) => {
        const mutated = new Uint8Array(bytes);
        if (mutated.length > 0) mutated[at % mutated.length] = value;
        const signed = `${keyA.id}.${b64(mutated)}`;
        const token = `${signed}.${b64(hmac16(signed, keyA))}`;
        const result = verify(token, [keyA], new Date(0));
        if (!result.ok) {
          // Authentic bytes are either unreadable or, for expiresAt 0, expired: never "forged".
          expect(["malformed", "expired"]).toContain(result.reason);
          return;
        }
        // Whatever verifies is exactly what signing those claims gives: one spelling per claim set.
        expect(signSurveyToken(result.claims, keyA)).toBe(token);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips claims whose texts start with a byte-order mark or hold zero-width characters", () => {
    fc.assert(
      fc.property(claims, fc.constantFrom("\ufeff", "\u200b", "\u200d", "\u202e"), (c, mark) => {
        fc.pre(c.surveyId.length < 64 && (c.touchpoint ?? "").length < 64);
        const odd = {
          ...c,
          surveyId: `${mark}${c.surveyId}`,
          ...(c.touchpoint !== undefined && { touchpoint: `${mark}${c.touchpoint}` }),
        };
        expect(verify(signSurveyToken(odd, keyA))).toEqual({ ok: true, claims: odd });
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a token with any single bit flipped, as forged or malformed but never expired", () => {
    fc.assert(
      fc.property(claims, fc.boolean(), fc.nat(), fc.nat(7), (c, expired, at, bit) => {
        const token = signSurveyToken(c, keyA);
        const [kid, payload, signature] = token.split(".") as [string, string, string];
        const bytes = Buffer.concat([
          Buffer.from(kid, "latin1"),
          Buffer.from(payload, "base64url"),
          Buffer.from(signature, "base64url"),
        ]);
        const i = at % bytes.length;
        bytes[i] = (bytes[i] ?? 0) ^ (1 << bit);
        const kidLength = kid.length;
        const payloadLength = Buffer.from(payload, "base64url").length;
        const flipped = [
          bytes.subarray(0, kidLength).toString("latin1"),
          b64(bytes.subarray(kidLength, kidLength + payloadLength)),
          b64(bytes.subarray(kidLength + payloadLength)),
        ].join(".");
        // Even when the real token has expired, a tampered one learns nothing about it.
        const result = verify(flipped, [keyA, keyB], expired ? new Date(c.expiresAt * 1000 + 1) : NOW);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.reason).not.toBe("expired");
          // A flipped key id is unreadable, unknown, or names the other key (whose check fails).
          if (i >= kidLength) expect(result.reason).toBe("forged");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never turns a token for survey A into one for survey B by swapping or re-packing parts", () => {
    fc.assert(
      fc.property(claims, claimText(64), (a, otherId) => {
        fc.pre(otherId !== a.surveyId);
        const b = { ...a, surveyId: otherId };
        const tokenA = signSurveyToken(a, keyA);
        const [kidA, payloadA, sigA] = tokenA.split(".") as [string, string, string];
        const [kidB, payloadB, sigB] = signSurveyToken(b, keyB).split(".") as [string, string, string];
        // B's claims, packed exactly as the signer would, carrying A's signature.
        const [, payloadBUnderA] = signSurveyToken(b, keyA).split(".") as [string, string];
        for (const forged of [
          `${kidA}.${payloadB}.${sigA}`,
          `${kidA}.${payloadBUnderA}.${sigA}`,
          `${kidA}.${payloadA}.${sigB}`,
          `${kidB}.${payloadA}.${sigA}`,
          `${kidB}.${payloadA}.${sigB}`,
          `${kidA}.${payloadB}.${sigB}`,
        ]) {
          expect(verify(forged)).toEqual({ ok: false, reason: "forged" });
        }
        expect(verify(tokenA)).toEqual({ ok: true, claims: a });
      }),
      { numRuns: 200 },
    );
  });

  it("is valid strictly before expiresAt and expired from that second on", () => {
    fc.assert(
      fc.property(claims, fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }), (c, offsetMs) => {
        const at = new Date(c.expiresAt * 1000 + offsetMs);
        fc.pre(Number.isFinite(at.getTime()));
        const result = verify(signSurveyToken(c, keyA), [keyA], at);
        expect(result).toEqual(offsetMs < 0 ? { ok: true, claims: c } : { ok: false, reason: "expired" });
      }),
      { numRuns: 200 },
    );
  });

  it("names an unknown key id as such, whatever the id", () => {
    fc.assert(
      fc.property(claims, fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), (c, kid) => {
        fc.pre(kid !== keyA.id && kid !== keyB.id);
        const token = signSurveyToken(c, { id: kid, secret: keyA.secret });
        expect(verify(token)).toEqual({ ok: false, reason: "unknown-key" });
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Unsubscribe signatures.

describe("unsubscribe signature under arbitrary input", () => {
  const secret = new TextEncoder().encode("fuzz-unsubscribe-secret-32-bytes!");
  const other = new TextEncoder().encode("another-unsubscribe-secret-32-byt");
  const subscription = fc.stringMatching(/^[a-z0-9-]{1,40}$/);
  const email = fc.emailAddress();

  it("answers any strings with true or false, never an exception", () => {
    const anything = fc.string({ unit: "binary", maxLength: 60 });
    fc.assert(
      fc.property(
        anything,
        anything,
        fc.oneof(anything, fc.base64String({ minLength: 20, maxLength: 24 })),
        (s, e, sig) => {
          expect(verifyUnsubscribe(secret, s, e, sig)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepts its own signature (any letter case of the address) and nothing with one character changed", () => {
    fc.assert(
      fc.property(subscription, email, fc.nat(), fc.constantFrom(..."ABCabc019-_=/+ é"), (s, e, at, c) => {
        const sig = unsubscribeSignature(secret, s, e);
        expect(sig).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(verifyUnsubscribe(secret, s, e, sig)).toBe(true);
        expect(verifyUnsubscribe(secret, s, e.toUpperCase(), sig)).toBe(true);
        const i = at % sig.length;
        fc.pre(sig[i] !== c);
        expect(verifyUnsubscribe(secret, s, e, sig.slice(0, i) + c + sig.slice(i + 1))).toBe(false);
        expect(verifyUnsubscribe(secret, s, e, sig.slice(0, -1))).toBe(false);
        expect(verifyUnsubscribe(secret, s, e, `${sig}A`)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("cannot be moved to another subscription, another address or another deployment's secret", () => {
    fc.assert(
      fc.property(subscription, subscription, email, email, (s1, s2, e1, e2) => {
        const sig = unsubscribeSignature(secret, s1, e1);
        if (s1 !== s2) expect(verifyUnsubscribe(secret, s2, e1, sig)).toBe(false);
        if (e1.toLowerCase() !== e2.toLowerCase()) expect(verifyUnsubscribe(secret, s1, e2, sig)).toBe(false);
        expect(verifyUnsubscribe(other, s1, e1, sig)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
