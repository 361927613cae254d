import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Contact,
  contactKey,
  contactKeyInPartition,
  contactLabel,
  contactOf,
  contactOfKey,
  contactPartition,
} from "#shared/feedback/model/contact";

/**
 * Customers and social authors in separate, unambiguous key spaces: no two different contacts
 * share a key, whatever their ids, platforms and handles hold — separators, escapes, unicode,
 * lone surrogates (which DynamoDB's UTF-8 would otherwise collapse into one U+FFFD).
 */
const tricky = fc.constantFrom(
  ":",
  "@",
  "#",
  "%",
  "%3A",
  "%25",
  "%u",
  "u",
  "3A",
  "D800",
  "\ud800",
  "\udc00",
  "🙂",
  "é",
  "微",
  " ",
  "twitter",
  "customer",
  "social",
);
const part = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
  fc.string({ unit: tricky, minLength: 1, maxLength: 8 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
);
const contact: fc.Arbitrary<Contact> = fc.oneof(
  part.map((id) => ({ kind: "customer" as const, id })),
  fc.record({ kind: fc.constant("social" as const), platform: part, handle: part }),
);

describe("contact keys", () => {
  it("reads every key back to the contact it was made from (so the mapping is injective)", () => {
    fc.assert(
      fc.property(contact, (c) => {
        expect(contactOfKey(contactKey(c))).toEqual(c);
      }),
      { numRuns: 2_000 },
    );
  });

  it("never gives two different contacts the same key", () => {
    fc.assert(
      fc.property(contact, contact, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(contactKey(a)).not.toBe(contactKey(b));
      }),
      { numRuns: 5_000 },
    );
  });

  it("never gives a customer and a social author the same key, even when the id spells the author", () => {
    fc.assert(
      fc.property(part, part, (platform, handle) => {
        const social = contactKey({ kind: "social", platform, handle });
        for (const id of [`${platform}:@${handle}`, `${platform}:${handle}`, `social:${platform}:${handle}`, social])
          expect(contactKey({ kind: "customer", id })).not.toBe(social);
      }),
    );
  });

  it("keeps keys storable: well-formed UTF-16, no `#` inside, and the partition gives the key back", () => {
    fc.assert(
      fc.property(contact, (c) => {
        const key = contactKey(c);
        expect(/\p{Cs}/u.test(key)).toBe(false);
        expect(key).not.toContain("#");
        expect(contactKeyInPartition(contactPartition(key))).toBe(key);
      }),
    );
  });

  it("separates the outside attacker's examples", () => {
    expect(contactKey({ kind: "customer", id: "twitter:@alice" })).toBe("customer:twitter%3A@alice");
    expect(contactKey({ kind: "social", platform: "twitter", handle: "alice" })).toBe("social:twitter:alice");
    // A platform holding the old separator no longer reaches another platform's handle.
    expect(contactKey({ kind: "social", platform: "a:@b", handle: "c" })).not.toBe(
      contactKey({ kind: "social", platform: "a", handle: "b:@c" }),
    );
    expect(contactKey({ kind: "customer", id: "50%" })).toBe("customer:50%25");
  });

  it("refuses strings contactKey cannot have made", () => {
    for (const key of [
      "",
      "customer",
      "customer:",
      "customer:a:b",
      "social:a",
      "social::b",
      "other:a",
      "customer:%41",
      "customer:%u0041",
      "customer:%zz",
    ])
      expect(contactOfKey(key)).toBeUndefined();
  });
});

describe("who feedback is from", () => {
  it("is the customer for surveys and the author for social posts, shown readably", () => {
    const nps = contactOf({ channel: "nps", customerId: "twitter:@alice" });
    const post = contactOf({ channel: "social", platform: "twitter", authorHandle: "alice" });
    expect(nps).toEqual({ kind: "customer", id: "twitter:@alice" });
    expect(post).toEqual({ kind: "social", platform: "twitter", handle: "alice" });
    expect(nps && contactLabel(nps)).toBe("twitter:@alice");
    expect(post && contactLabel(post)).toBe("@alice (twitter)");
  });

  it("is nobody without an id, a platform or a handle", () => {
    expect(contactOf({ channel: "csat" })).toBeUndefined();
    expect(contactOf({ channel: "nps", customerId: "" })).toBeUndefined();
    expect(contactOf({ channel: "social", platform: "twitter" })).toBeUndefined();
    // A social post's customerId (if anything sent one) is not who the post is from.
    expect(contactOf({ channel: "social", customerId: "c-1", authorHandle: "alice" })).toBeUndefined();
  });
});
