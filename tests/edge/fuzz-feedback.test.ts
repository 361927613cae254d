import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TEXT_BYTES, QueuedFeedback } from "#shared/feedback/model/schema";
import { awkward, LONE_SURROGATES, shortText } from "./awkward-text.ts";
import {
  anyJson,
  expectNamedIssues,
  KNOWN_KEYS,
  outcome,
  PATHS,
  pathName,
  setPath,
  trimmedNames,
  validItem,
} from "./feedback-bodies.ts";

/**
 * Bad input, tried: whatever a client sends as a feedback body gets items or a ValidationError
 * naming the fields, never an unexpected exception. Example-based cases live in the
 * feedback-schema tests; these are the systematic, generated ones.
 */

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
