import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unsubscribeSignature, verifyUnsubscribe } from "#shared/digest/model/subscriptions";
import { type FeedbackInput, MAX_TEXT_BYTES, QueuedFeedback } from "#shared/feedback/model/schema";
import { parseFeedbackBody } from "#shared/ingest/model/validation";
import { ValidationError } from "#shared/kernel/errors";
import type { SigningKey } from "#shared/kernel/signing-key";
import { type SurveyClaims, signSurveyToken, type VerifyResult, verifySurveyToken } from "#shared/surveys/model/token";

/**
 * Bad input, tried: whatever a client sends as a feedback body, and whatever arrives in place of a
 * survey token or an unsubscribe signature, gets a named answer — never an unexpected exception,
 * never a forged or borrowed credential accepted. Example-based cases live in feedback-schema,
 * survey-token and digest-render tests; these are the systematic, generated ones.
 */

type Issue = { field: string; message: string };

/** Either the items, or the ValidationError's issues; anything else thrown fails the test. */
const outcome = (body: unknown): { ok: true; items: FeedbackInput[] } | { ok: false; issues: readonly Issue[] } => {
  try {
    return { ok: true, items: parseFeedbackBody(body) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { ok: false, issues: error.issues };
  }
};

/** "(body)", "items", "customer.id", "items[3].author.followers": how the API names a field. */
const FIELD_PATH = /^(\(body\)|[A-Za-z_$][\w$]*(\[\d+\])?(\.[A-Za-z_$][\w$]*(\[\d+\])?)*)$/;

const expectNamedIssues = (issues: readonly Issue[]) => {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.field).toMatch(FIELD_PATH);
    expect(typeof issue.message).toBe("string");
    expect(issue.message.trim()).not.toBe("");
  }
};

// ---------------------------------------------------------------------------------------------
// Strings customers really send: every one well-formed, most of them awkward.

const PIECES = [
  "a",
  "Z",
  " ",
  "\n",
  "\r\n",
  "\t",
  "0",
  "好",
  "還",
  "😡",
  "👍🏽", // skin tone modifier
  "👩‍💻", // zero-width-joiner sequence
  "👨‍👩‍👧‍👦",
  "🇨🇳", // regional indicator pair
  "❤️", // variation selector
  "𠀋", // astral CJK
  "\u200f", // right-to-left mark
  "\u202e", // right-to-left override
  "\u2066", // left-to-right isolate
  "مرحبا",
  "שלום",
  "\u200b", // zero-width space
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff", // BOM / zero-width no-break space
  "e\u0301", // combining acute
  "Z\u0335\u0321\u0358", // zalgo
  "\u0000",
  "\u0007",
  "\u2028",
  "\u2029",
  "\ufffd",
  "\uffff",
  "\u{10fffd}",
  "<",
  '"',
  "&amp;",
] as const;

const awkward = (maxPieces = 40) =>
  fc.array(fc.constantFrom(...PIECES), { maxLength: maxPieces }).map((parts) => parts.join(""));

/** A short, non-blank, awkward string: what a trimmed name field accepts. */
const shortText = (max: number) =>
  fc
    .tuple(awkward(12), fc.constantFrom("a", "好", "😡", "שלום", "e\u0301"), awkward(12))
    .map(([a, core, b]) => `${a}${core}${b}`)
    .filter((s) => s.trim().length >= 1 && s.trim().length <= max);

const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"] as const;

const npsItem = fc.record(
  {
    channel: fc.constant("nps" as const),
    score: fc.integer({ min: 0, max: 10 }),
    comment: awkward(),
    customer: fc.record(
      { id: shortText(200), name: shortText(200), tier: shortText(40), email: fc.constant("wang@example.com") },
      { requiredKeys: ["id"] },
    ),
    touchpoint: shortText(100),
    locale: fc.constantFrom("zh-Hans", "zh-CN", "en", "en-GB", "ar-EG", "he"),
    sourceId: shortText(200),
  },
  { requiredKeys: ["channel", "score", "customer"] },
);

const csatItem = fc.record(
  {
    channel: fc.constant("csat" as const),
    score: fc.integer({ min: 1, max: 5 }),
    comment: awkward(),
    customer: fc.record({ id: shortText(200), name: shortText(200) }, { requiredKeys: ["id"] }),
    service: fc.record(
      { ticketId: shortText(200), agentId: shortText(200), team: shortText(100) },
      { requiredKeys: [] },
    ),
    occurredAt: fc.constantFrom("2026-11-25T17:30:00+08:00", "2026-11-25T09:30:00Z"),
  },
  { requiredKeys: ["channel", "score", "customer"] },
);

const socialItem = fc.record(
  {
    channel: fc.constant("social" as const),
    platform: shortText(50),
    text: fc.tuple(awkward(), fc.constantFrom("慢", "late", "😡"), awkward()).map((p) => p.join("")),
    url: fc.constantFrom("https://weibo.com/123/abc", "http://example.com/p?q=1#x"),
    author: fc.record({ handle: shortText(200), followers: fc.nat() }, { requiredKeys: ["handle"] }),
    sourceId: shortText(200),
  },
  { requiredKeys: ["channel", "platform", "text", "author", "sourceId"] },
);

const validItem = fc.oneof(npsItem, csatItem, socialItem);

/** What the schema is expected to make of a valid item: names trimmed, texts as written. */
const trimmedNames = (item: Record<string, unknown>): Record<string, unknown> => {
  const trimAll = (o: Record<string, unknown>, keep: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [
        k,
        typeof v === "string" && !keep.includes(k)
          ? v.trim()
          : v !== null && typeof v === "object"
            ? trimAll(v as Record<string, unknown>, keep)
            : v,
      ]),
    );
  const out = trimAll(item, ["comment", "text", "url", "occurredAt", "email"]);
  if (typeof item.occurredAt === "string") out.occurredAt = new Date(item.occurredAt).toISOString();
  return out;
};

/** Every field path a valid item of that channel can carry, for mutations. */
const PATHS: Record<string, string[][]> = {
  nps: [
    ["channel"],
    ["score"],
    ["comment"],
    ["customer"],
    ["customer", "id"],
    ["customer", "email"],
    ["customer", "name"],
    ["customer", "tier"],
    ["touchpoint"],
    ["locale"],
    ["sourceId"],
    ["occurredAt"],
  ],
  csat: [["score"], ["comment"], ["customer", "id"], ["service"], ["service", "team"], ["service", "ticketId"]],
  social: [
    ["platform"],
    ["text"],
    ["url"],
    ["author"],
    ["author", "handle"],
    ["author", "followers"],
    ["sourceId"],
    ["locale"],
    ["occurredAt"],
  ],
};

const setPath = (item: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> => {
  const copy = structuredClone(item);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object" || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
  return copy;
};

const pathName = (prefix: string, path: readonly string[]) => [prefix, ...path].filter(Boolean).join(".");

const KNOWN_KEYS = new Set([
  ...Object.values(PATHS).flatMap((paths) => paths.flat()),
  ...["items", "tier", "agentId", "ticketId", "constructor", "toString", "valueOf", "hasOwnProperty"],
]);

const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: "binary" });

describe("the feedback schema under arbitrary input", () => {
  it("answers any JSON value with items or a ValidationError naming field paths, never another error", () => {
    const hostileKeys = fc.constantFrom("__proto__", "constructor", "toString", "items", "channel", "", "a.b", "[0]");
    const body = fc.oneof(
      anyJson,
      fc.dictionary(fc.oneof(hostileKeys, fc.string({ unit: "binary", maxLength: 8 })), anyJson, { maxKeys: 6 }),
      fc.record({ items: fc.array(fc.oneof(anyJson, validItem), { maxLength: 8 }) }),
      fc.record({ items: anyJson }),
    );
    fc.assert(
      fc.property(body, (value) => {
        const result = outcome(value);
        if (!result.ok) expectNamedIssues(result.issues);
        else expect(result.items.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it("also survives bodies that JSON.parse builds: __proto__ keys, huge numbers, deep nesting", () => {
    const raw = [
      '{"__proto__":{"channel":"nps","score":1,"customer":{"id":"x"}}}',
      '{"channel":"nps","score":1,"customer":{"id":"x"},"__proto__":{"polluted":true}}',
      '{"channel":"nps","score":1e400,"customer":{"id":"x"}}',
      '{"channel":"nps","score":-0,"customer":{"id":"x"}}',
      '{"channel":"csat","score":3.0000000000000001,"customer":{"id":"x"}}',
      `{"channel":"nps","score":5,"customer":${"[".repeat(2_000)}${"]".repeat(2_000)}}`,
      `${'{"items":'.repeat(500)}[]${"}".repeat(500)}`,
    ];
    for (const text of raw) {
      const result = outcome(JSON.parse(text));
      if (!result.ok) expectNamedIssues(result.issues);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // -0 and 3.0000000000000001 are the numbers 0 and 3: valid scores.
    expect(outcome(JSON.parse(raw[3] as string)).ok).toBe(true);
    expect(outcome(JSON.parse(raw[4] as string)).ok).toBe(true);
  });

  it("names the very field a client broke, alone or as items[i] of a batch", () => {
    const mutation = validItem.chain((item) =>
      fc.record({
        item: fc.constant(item as Record<string, unknown>),
        path: fc.constantFrom(...(PATHS[item.channel] ?? [])),
        value: fc.oneof(
          anyJson,
          fc.constantFrom(null, "", "   ", -1, 11, 2.5, 1e21, true, [], {}, "\ud800", "x".repeat(5_001)),
        ),
        batch: fc.option(fc.tuple(fc.array(validItem, { maxLength: 3 }), fc.array(validItem, { maxLength: 3 }))),
      }),
    );
    fc.assert(
      fc.property(mutation, ({ item, path, value, batch }) => {
        const broken = setPath(item, path, value);
        const body = batch ? { items: [...batch[0], broken, ...batch[1]] } : broken;
        const prefix = batch ? `items[${batch[0].length}]` : "";
        const result = outcome(body);
        if (result.ok) {
          // The new value happened to be valid for that field: the whole body is accepted.
          expect(result.items).toHaveLength(batch ? batch[0].length + batch[1].length + 1 : 1);
          return;
        }
        expectNamedIssues(result.issues);
        const fields = result.issues.map((i) => i.field);
        const self = pathName(prefix, path);
        // The broken field, a parent or a child of it (a changed channel re-reads the whole item).
        const reread = path[0] === "channel" && ["nps", "csat", "social"].includes(value as string);
        const named = fields.some(
          (f) =>
            reread ||
            f === self ||
            self.startsWith(`${f}.`) ||
            f.startsWith(`${self}.`) ||
            f === pathName(prefix, ["channel"]) ||
            (prefix === "" && f === "(body)" && path.length === 1),
        );
        expect(named, `${self} not among ${fields.join(", ")}`).toBe(true);
        // Only the broken item is blamed in a batch.
        if (batch) expect(fields.every((f) => f.startsWith(`${prefix}.`) || f === prefix)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("names an unknown field wherever it is added", () => {
    fc.assert(
      fc.property(
        validItem,
        fc.constantFrom([], ["customer"], ["author"], ["service"]),
        fc.stringMatching(/^[a-z][A-Za-z]{0,11}$/),
        anyJson,
        (item, at, key, value) => {
          const target = at.length === 0 ? item : (item as Record<string, unknown>)[at[0] as string];
          fc.pre(target !== undefined && !KNOWN_KEYS.has(key));
          const broken = setPath(item, [...at, key], value);
          const result = outcome(broken);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          const issue = result.issues.find((i) => i.message.includes(key));
          expect(issue?.field).toBe(at.length === 0 ? "(body)" : at.join("."));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("accepts every valid item, and what it accepts round-trips through JSON and the queue schema", () => {
    fc.assert(
      fc.property(fc.array(validItem, { minLength: 1, maxLength: 5 }), (items) => {
        const result = outcome(items.length === 1 ? items[0] : { items });
        if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.issues)}`);
        expect(result.items).toEqual(items.map((i) => trimmedNames(i)));
        // What the edge puts on the queue is read back by the worker: the same items again.
        const again = outcome(JSON.parse(JSON.stringify({ items: result.items })));
        expect(again).toEqual(result);
        for (const input of result.items) {
          const queued = QueuedFeedback.parse(
            JSON.parse(JSON.stringify({ id: "fb_1", receivedAt: "2026-11-25T09:30:00.000Z", input })),
          );
          expect(queued.input).toEqual(input);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("the feedback schema and Unicode", () => {
  const TEXT_PATHS: Record<"nps" | "csat" | "social", string[][]> = {
    nps: [["comment"], ["customer", "id"], ["customer", "name"], ["customer", "tier"], ["touchpoint"], ["sourceId"]],
    csat: [["comment"], ["service", "team"], ["service", "ticketId"], ["service", "agentId"]],
    social: [["text"], ["platform"], ["author", "handle"], ["sourceId"], ["url"]],
  };
  const get = (item: Record<string, unknown>, path: readonly string[]): unknown =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], item);

  it("keeps emoji, RTL marks, zero-width joiners and combining marks exactly as written", () => {
    fc.assert(
      fc.property(awkward(150), shortText(200), shortText(200), (text, name, handle) => {
        fc.pre(text.trim().length > 0);
        const result = outcome({
          items: [
            { channel: "nps", score: 3, comment: text, customer: { id: "c-1", name } },
            { channel: "social", platform: "x", text, author: { handle }, sourceId: "s-1" },
          ],
        });
        if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.issues)}`);
        const [nps, social] = result.items;
        expect(nps?.channel === "nps" && nps.comment).toBe(text);
        expect(nps?.channel === "nps" && nps.customer.name).toBe(name.trim());
        expect(social?.channel === "social" && social.text).toBe(text);
        expect(social?.channel === "social" && social.author.handle).toBe(handle.trim());
      }),
      { numRuns: 200 },
    );
  });

  it("rejects a lone surrogate in any text field, naming that field", () => {
    const withSurrogate = validItem.chain((item) => {
      const paths = TEXT_PATHS[item.channel].filter((p) => typeof get(item, p) === "string");
      return fc.record({
        item: fc.constant(item as Record<string, unknown>),
        path: paths.length > 0 ? fc.constantFrom(...paths) : fc.constant(["comment"]),
        surrogate: fc.constantFrom(...LONE_SURROGATES),
        at: fc.nat(),
      });
    });
    fc.assert(
      fc.property(withSurrogate, ({ item, path, surrogate, at }) => {
        const before = get(item, path);
        const value = typeof before === "string" ? before : "fine";
        // In a URL, the surrogate goes into the path or query, past "https://".
        const min = path[0] === "url" ? value.indexOf("/", 8) + 1 : 0;
        const i = min + (at % (value.length - min + 1));
        const broken = setPath(item, path, value.slice(0, i) + surrogate + value.slice(i));
        const result = outcome(broken);
        expect(result.ok, `${path.join(".")} accepted ${JSON.stringify(get(broken, path))}`).toBe(false);
        if (!result.ok) expect(result.issues.map((x) => x.field)).toContain(path.join("."));
      }),
      { numRuns: 300 },
    );
  });

  it("measures the 5,000-byte limit in UTF-8 bytes, exactly at the boundary", () => {
    const widths = fc.array(fc.constantFrom("a", "é", "好", "😡", "\u200d", "e\u0301", "👩‍💻"), { maxLength: 1_600 });
    const oneMore = fc.constantFrom("a", "é", "好", "😡");
    fc.assert(
      fc.property(widths, oneMore, fc.constantFrom("nps", "social"), (parts, extra, channel) => {
        let text = "";
        for (const p of parts) {
          if (Buffer.byteLength(text + p) > MAX_TEXT_BYTES) break;
          text += p;
        }
        text += "a".repeat(MAX_TEXT_BYTES - Buffer.byteLength(text));
        expect(Buffer.byteLength(text)).toBe(MAX_TEXT_BYTES);
        const item = (t: string) =>
          channel === "nps"
            ? { channel, score: 5, comment: t, customer: { id: "c" } }
            : { channel, platform: "x", text: t, author: { handle: "h" }, sourceId: "s" };
        const field = channel === "nps" ? "comment" : "text";
        expect(outcome(item(text)).ok).toBe(true);
        const over = outcome(item(text + extra));
        expect(over.ok).toBe(false);
        if (!over.ok) {
          expect(over.issues.map((i) => i.field)).toEqual([field]);
          expect(over.issues[0]?.message).toMatch(/5000 bytes/);
        }
      }),
      { numRuns: 60 },
    );
  });
});

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
