import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ReaderClaims,
  readerAmong,
  readerLinkExpiry,
  readerLinks,
  readerTag,
  signReaderToken,
  verifyReaderToken,
} from "#shared/digest/model/reader-links";
import { feedbackId } from "#shared/feedback/model/ids";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import type { SigningKey } from "#shared/kernel/signing-key";
import { isoWeek } from "#shared/kernel/time";
import { signConfirmationToken, verifyConfirmationToken } from "#shared/surveys/model/confirmation-token";
import { signSurveyToken, verifySurveyToken } from "#shared/surveys/model/token";

const key = (id: string, fill: string): SigningKey => ({ id, secret: new TextEncoder().encode(fill.repeat(32)) });
const k1 = key("k1", "a");
const k2 = key("k2", "b");
const now = new Date("2026-11-23T01:00:00Z");
const in90Days = readerLinkExpiry(now, 90);
const quoteId = feedbackId("nps", "survey-8812");

const claims = (over: Partial<ReaderClaims> = {}): ReaderClaims => ({
  subscription: "delivery-team",
  reader: readerTag(k1.secret, "delivery-team", "pm@example.com"),
  week: "2026-W47",
  locale: "zh-Hant",
  expiresAt: in90Days,
  ...over,
});

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("reader links: signed, compact, URL-safe", () => {
  it("round-trips a digest link and a quote link, and names the reader without the address", () => {
    const digest = signReaderToken(claims(), k1);
    const quote = signReaderToken(claims({ feedbackId: quoteId }), k1);
    expect(verifyReaderToken(digest, [k1], now)).toEqual({ ok: true, claims: claims(), key: k1 });
    expect(verifyReaderToken(quote, [k1], now)).toEqual({ ok: true, claims: claims({ feedbackId: quoteId }), key: k1 });
    for (const token of [digest, quote]) {
      expect(token).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
      const payload = Buffer.from(token.split(".")[1] ?? "", "base64url").toString("latin1");
      expect(payload).not.toMatch(/pm|example/);
    }
    // Short enough for any mail client to keep on one line.
    expect(digest.length).toBeLessThan(90);
    expect(quote.length).toBeLessThan(125);
  });

  it("round-trips any claims it accepts", () => {
    const weeks = fc
      .integer({ min: Date.UTC(2000, 0, 10), max: Date.UTC(2105, 11, 20) })
      .map((ms) => isoWeek(new Date(ms)));
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9-]{1,40}$/),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        weeks,
        fc.constantFrom(...SUPPORTED_LOCALES),
        fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        fc.integer({ min: Math.floor(now.getTime() / 1000) + 1, max: 0xffff_ffff }),
        (subscription, tag, week, locale, source, expiresAt) => {
          const c: ReaderClaims = {
            subscription,
            reader: Buffer.from(tag).toString("base64url"),
            week,
            locale,
            ...(source !== undefined && { feedbackId: feedbackId("social", source) }),
            expiresAt,
          };
          expect(verifyReaderToken(signReaderToken(c, k2), [k1, k2], now)).toEqual({ ok: true, claims: c, key: k2 });
        },
      ),
    );
  });

  it("refuses claims it could not read back", () => {
    expect(() => signReaderToken(claims({ subscription: "Delivery Team" }), k1)).toThrow(/invalid/);
    expect(() => signReaderToken(claims({ week: "2025-W53" }), k1)).toThrow(/invalid/);
    expect(() => signReaderToken(claims({ feedbackId: "../v1/feedback" }), k1)).toThrow(/invalid/);
  });

  it("rejects a change to any one character of the link, and a flip of any payload bit", () => {
    for (const token of [signReaderToken(claims(), k1), signReaderToken(claims({ feedbackId: quoteId }), k1)]) {
      for (let i = 0; i < token.length; i++) {
        const original = token[i] ?? "";
        for (const c of [B64URL[(B64URL.indexOf(original) + 1) % 64] ?? "A", ".", "%"]) {
          if (c === original) continue;
          const tampered = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
          const result = verifyReaderToken(tampered, [k1], now);
          expect(result.ok, `${i}: ${tampered}`).toBe(false);
          expect(result.ok === false && result.reason, `${i}`).not.toBe("expired");
        }
      }
      const [kid, payload, signature] = token.split(".") as [string, string, string];
      const bytes = Buffer.from(payload, "base64url");
      for (let i = 0; i < bytes.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const flipped = Buffer.from(bytes);
          flipped[i] = (flipped[i] ?? 0) ^ (1 << bit);
          const result = verifyReaderToken(`${kid}.${flipped.toString("base64url")}.${signature}`, [k1], now);
          expect(result).toEqual({ ok: false, reason: "forged" });
        }
      }
      // Cut short, or with anything appended.
      expect(verifyReaderToken(token.slice(0, -1), [k1], now).ok).toBe(false);
      expect(verifyReaderToken(`${token}A`, [k1], now).ok).toBe(false);
      expect(verifyReaderToken(`${token}.x`, [k1], now)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(verifyReaderToken("", [k1], now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyReaderToken(`k1.${"A".repeat(400)}.${"A".repeat(22)}`, [k1], now)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("reads nothing that is well signed but not a reader link: survey and confirmation links, odd payloads", () => {
    const survey = signSurveyToken({ surveyId: "s-1", kind: "nps", expiresAt: in90Days }, k1);
    const confirmation = signConfirmationToken({ taskId: "t-1", round: 1, expiresAt: in90Days }, k1);
    expect(verifyReaderToken(survey, [k1], now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyReaderToken(confirmation, [k1], now)).toEqual({ ok: false, reason: "malformed" });
    const reader = signReaderToken(claims(), k1);
    expect(verifySurveyToken(reader, [k1], now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyConfirmationToken(reader, [k1], now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("expires at its second, and only a genuine link is reported as expired", () => {
    const token = signReaderToken(claims({ expiresAt: readerLinkExpiry(now, 1) }), k1);
    expect(verifyReaderToken(token, [k1], new Date(now.getTime() + 86_399_000)).ok).toBe(true);
    const expired = verifyReaderToken(token, [k1], new Date(now.getTime() + 86_400_000));
    expect(expired).toEqual({ ok: false, reason: "expired", claims: claims({ expiresAt: readerLinkExpiry(now, 1) }) });
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BA" : "AA"}`;
    expect(verifyReaderToken(forged, [k1], new Date(now.getTime() + 86_400_000))).toEqual({
      ok: false,
      reason: "forged",
    });
    expect(readerLinkExpiry(now, 90) - Math.floor(now.getTime() / 1000)).toBe(90 * 86_400);
  });

  it("keeps working across a key rotation while the old key is still accepted, and stops when it is retired", () => {
    const token = signReaderToken(claims(), k1);
    expect(verifyReaderToken(token, [k2, k1], now)).toMatchObject({ ok: true, key: k1 });
    expect(verifyReaderToken(token, [k2], now)).toEqual({ ok: false, reason: "unknown-key" });
    // A key of the same id with another secret is a forgery.
    expect(verifyReaderToken(token, [key("k1", "c")], now)).toEqual({ ok: false, reason: "forged" });
  });
});

describe("reader links: whose they are", () => {
  const recipients = ["lead@example.com", "PM@Example.com", "ops@example.com"];

  it("finds the reader among the subscription's recipients by the signing key's tag, case-insensitively", () => {
    const c = claims({ reader: readerTag(k1.secret, "delivery-team", "pm@example.com") });
    expect(readerAmong(c, k1, recipients)).toBe("PM@Example.com");
    // Not without the key, not for another subscription, not once the address is taken off the list.
    expect(readerAmong(c, k2, recipients)).toBeUndefined();
    expect(readerAmong({ ...c, subscription: "organization" }, k1, recipients)).toBeUndefined();
    expect(readerAmong(c, k1, ["lead@example.com", "ops@example.com"])).toBeUndefined();
  });

  it("makes per-reader links that open the digest and each quote for that reader only", () => {
    const context = {
      key: k1,
      baseUrl: "https://voc.example.com/",
      subscription: "delivery-team",
      email: "lead@example.com",
      week: "2026-W47",
      locale: "en" as const,
      expiresAt: in90Days,
    };
    const links = readerLinks(context);
    expect(links.digest).toMatch(/^https:\/\/voc\.example\.com\/digests\/read\/k1\.[\w-]+\.[\w-]{22}$/);
    expect(links.digest).not.toContain("lead");
    const quote = links.quote(quoteId);
    const opened = verifyReaderToken(quote.split("/").pop() ?? "", [k1], now);
    expect(opened).toMatchObject({ ok: true, claims: { feedbackId: quoteId, week: "2026-W47", locale: "en" } });
    if (!opened.ok) return;
    expect(readerAmong(opened.claims, opened.key, recipients)).toBe("lead@example.com");
    const other = readerLinks({ ...context, email: "ops@example.com" });
    expect(other.digest).not.toBe(links.digest);
    expect(() => readerLinks({ ...context, baseUrl: "javascript:alert(1)" })).toThrow(RangeError);
  });
});
