import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "#shared/kernel/errors";
import type { SigningKey } from "#shared/kernel/signing-key";
import { type SurveyClaims, signSurveyToken, verifySurveyToken } from "#shared/surveys/model/token";

const keyA: SigningKey = { id: "k1", secret: new TextEncoder().encode("a-secret-of-32-bytes-for-testing") };
const keyB: SigningKey = { id: "k1", secret: new TextEncoder().encode("another-secret-of-32-bytes-here!") };
const keyNext: SigningKey = { id: "k2", secret: new TextEncoder().encode("the-next-rotation-secret-bytes!!") };

const now = new Date("2026-11-25T08:00:00Z");
const inAMonth = Math.floor(now.getTime() / 1000) + 30 * 86_400;
const typical: SurveyClaims = {
  surveyId: "sv_01jd8k2m9q3x7h5n",
  kind: "nps",
  locale: "zh-Hans",
  touchpoint: "delivery",
  expiresAt: inAMonth,
};

const wellFormed = (s: string) => !/\p{Surrogate}/u.test(s);
// Any Unicode, astral planes included, within the schema's limit in UTF-16 units.
const text = (max: number) =>
  fc.string({ unit: "binary", minLength: 1, maxLength: max }).filter((s) => wellFormed(s) && s.length <= max);
const claimsArb: fc.Arbitrary<SurveyClaims> = fc.record(
  {
    surveyId: text(64),
    kind: fc.constantFrom("nps" as const, "csat" as const),
    locale: fc.stringMatching(/^[A-Za-z0-9-]{1,35}$/),
    touchpoint: text(64),
    expiresAt: fc.integer({ min: 0, max: 0xffff_ffff }),
  },
  { requiredKeys: ["surveyId", "kind", "expiresAt"] },
);
const atSecond = (seconds: number) => new Date(seconds * 1000);

describe("signSurveyToken / verifySurveyToken", () => {
  it("gives a URL-safe token short enough for an SMS for typical claims", () => {
    const token = signSurveyToken(typical, keyA);
    expect(token).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token.length).toBeLessThan(120);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it("has no room for customer data: extra claims are refused, not silently signed", () => {
    const withCustomer = { ...typical, customerId: "c-1001" } as SurveyClaims;
    expect(() => signSurveyToken(withCustomer, keyA)).toThrow(ValidationError);
    const payload = Buffer.from(signSurveyToken(typical, keyA).split(".")[1] ?? "", "base64url").toString("utf8");
    expect(payload).not.toMatch(/c-1001|@/);
  });

  it("round-trips any claims", () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        const result = verifySurveyToken(signSurveyToken(claims, keyA), [keyA], atSecond(claims.expiresAt - 1));
        expect(result).toEqual({ ok: true, claims });
      }),
    );
  });

  it("never accepts a token with any one character changed as a valid claim set", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    fc.assert(
      fc.property(claimsArb, fc.nat(), fc.constantFrom(...alphabet), (claims, position, replacement) => {
        const token = signSurveyToken(claims, keyA);
        const i = position % token.length;
        fc.pre(token[i] !== replacement);
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        const result = verifySurveyToken(tampered, [keyA, keyNext], atSecond(claims.expiresAt - 1));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("rejects a token signed with another secret under the same key id as forged", () => {
    const token = signSurveyToken(typical, keyA);
    expect(verifySurveyToken(token, [keyB], now)).toEqual({ ok: false, reason: "forged" });
  });

  it("reports an unknown key id, and accepts old links after a rotation while the old key is listed", () => {
    const old = signSurveyToken(typical, keyA);
    expect(verifySurveyToken(old, [keyNext], now)).toEqual({ ok: false, reason: "unknown-key" });
    expect(verifySurveyToken(old, [keyNext, keyA], now)).toEqual({ ok: true, claims: typical });
    expect(signSurveyToken(typical, keyNext).startsWith("k2.")).toBe(true);
  });

  it("works up to the second before expiresAt and is expired from that second on", () => {
    const token = signSurveyToken(typical, keyA);
    expect(verifySurveyToken(token, [keyA], new Date(typical.expiresAt * 1000 - 1)).ok).toBe(true);
    expect(verifySurveyToken(token, [keyA], atSecond(typical.expiresAt))).toEqual({ ok: false, reason: "expired" });
    expect(verifySurveyToken(token, [keyA], atSecond(typical.expiresAt + 86_400))).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("says forged rather than expired for a tampered old link", () => {
    const token = signSurveyToken({ ...typical, expiresAt: 1 }, keyA);
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(verifySurveyToken(tampered, [keyA], now)).toEqual({ ok: false, reason: "forged" });
  });

  it("calls garbage malformed", () => {
    for (const garbage of ["", "abc", "k1.abc", "k1..x", "k1.a.b.c", "k 1.abc.def", "k1.ab$c.def"]) {
      expect(verifySurveyToken(garbage, [keyA], now)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("refuses to sign invalid claims or with a weak key", () => {
    expect(() => signSurveyToken({ ...typical, surveyId: "" }, keyA)).toThrow(ValidationError);
    expect(() => signSurveyToken({ ...typical, expiresAt: 1.5 }, keyA)).toThrow(ValidationError);
    expect(() => signSurveyToken(typical, { id: "k1", secret: new Uint8Array(8) })).toThrow(ValidationError);
    expect(() => signSurveyToken(typical, { id: "k.1", secret: keyA.secret })).toThrow(ValidationError);
  });
});
