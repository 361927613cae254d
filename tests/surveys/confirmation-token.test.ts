import { describe, expect, it } from "vitest";
import type { SigningKey } from "#shared/kernel/signing-key";
import {
  type ConfirmationClaims,
  confirmationSubject,
  confirmationUrl,
  signConfirmationToken,
  verifyConfirmationToken,
} from "#shared/surveys/model/confirmation-token";
import { signSurveyToken, verifySurveyToken } from "#shared/surveys/model/token";

/** The "is your problem solved?" link: the survey links' envelope and keys, a payload of its own. */
const k1: SigningKey = { id: "k1", secret: new TextEncoder().encode("confirm-secret-one-of-32-bytes-min") };
const k2: SigningKey = { id: "k2", secret: new TextEncoder().encode("confirm-secret-two-of-32-bytes-min") };
const NOW = new Date("2026-11-25T08:00:00Z");
const claims: ConfirmationClaims = {
  taskId: "task_01jd3xk2m4n5p6q7r8s9t0v1w2",
  round: 2,
  locale: "zh-Hans",
  expiresAt: Math.floor(NOW.getTime() / 1000) + 3 * 86_400,
};

describe("confirmation tokens", () => {
  it("round-trips the task, the round and the language, with or without a locale, under any accepted key", () => {
    expect(verifyConfirmationToken(signConfirmationToken(claims, k1), [k2, k1], NOW)).toEqual({ ok: true, claims });
    const { locale: _l, ...bare } = claims;
    expect(verifyConfirmationToken(signConfirmationToken(bare, k2), [k1, k2], NOW)).toEqual({ ok: true, claims: bare });
  });

  it("stays short enough for an email link and carries no customer", () => {
    const token = signConfirmationToken(claims, k1);
    expect(token.length).toBeLessThan(110);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(confirmationUrl("https://hb.example.com/", token, "no")).toBe(`https://hb.example.com/c/${token}?a=no`);
    expect(() => confirmationUrl("javascript:alert(1)", token)).toThrow(RangeError);
  });

  it("refuses forged, expired, unknown-key and malformed tokens, saying expired only of genuine ones", () => {
    const token = signConfirmationToken(claims, k1);
    const [kid, payload, signature] = token.split(".") as [string, string, string];
    const flipped = `${kid}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    expect(verifyConfirmationToken(flipped, [k1], NOW)).toEqual({ ok: false, reason: "forged" });
    expect(verifyConfirmationToken(token, [k2], NOW)).toEqual({ ok: false, reason: "unknown-key" });
    expect(verifyConfirmationToken(token, [k1], new Date(claims.expiresAt * 1000))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(verifyConfirmationToken(flipped, [k1], new Date(claims.expiresAt * 1000 + 1))).toEqual({
      ok: false,
      reason: "forged",
    });
    for (const bad of ["", "a.b", "k1..x", `${token}.x`, "k1.!!.AAAA", "x".repeat(401)]) {
      expect(verifyConfirmationToken(bad, [k1], NOW)).toMatchObject({ ok: false, reason: "malformed" });
    }
  });

  it("never reads a survey link as a confirmation, nor a confirmation as a survey link", () => {
    const survey = signSurveyToken({ surveyId: "s-1", kind: "nps", expiresAt: claims.expiresAt }, k1);
    expect(verifyConfirmationToken(survey, [k1], NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifySurveyToken(signConfirmationToken(claims, k1), [k1], NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses to sign claims out of bounds, and names the question apart from any survey id", () => {
    expect(() => signConfirmationToken({ ...claims, round: 0 }, k1)).toThrow(/invalid confirmation claims/);
    expect(() => signConfirmationToken({ ...claims, taskId: "x".repeat(65) }, k1)).toThrow();
    expect(() => signConfirmationToken({ ...claims, locale: "zh Hans" }, k1)).toThrow();
    expect(confirmationSubject(claims)).toBe("confirm:task_01jd3xk2m4n5p6q7r8s9t0v1w2:2");
  });
});
