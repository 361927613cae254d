import fc from "fast-check";
import { expect } from "vitest";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { parseFeedbackBody } from "#shared/ingest/model/validation";
import { ValidationError } from "#shared/kernel/errors";
import { awkward, shortText } from "./awkward-text.ts";

/**
 * Feedback bodies for the fuzz tests: valid items of every channel, built from awkward text, ways
 * to break one field, and the parser's answer as items or named issues.
 */

export type Issue = { field: string; message: string };

/** Either the items, or the ValidationError's issues; anything else thrown fails the test. */
export const outcome = (
  body: unknown,
): { ok: true; items: FeedbackInput[] } | { ok: false; issues: readonly Issue[] } => {
  try {
    return { ok: true, items: parseFeedbackBody(body) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { ok: false, issues: error.issues };
  }
};

/** "(body)", "items", "customer.id", "items[3].author.followers": how the API names a field. */
const FIELD_PATH = /^(\(body\)|[A-Za-z_$][\w$]*(\[\d+\])?(\.[A-Za-z_$][\w$]*(\[\d+\])?)*)$/;

export const expectNamedIssues = (issues: readonly Issue[]) => {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.field).toMatch(FIELD_PATH);
    expect(typeof issue.message).toBe("string");
    expect(issue.message.trim()).not.toBe("");
  }
};

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

export const validItem = fc.oneof(npsItem, csatItem, socialItem);

/** What the schema is expected to make of a valid item: names trimmed, texts as written. */
export const trimmedNames = (item: Record<string, unknown>): Record<string, unknown> => {
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
export const PATHS: Record<string, string[][]> = {
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

export const setPath = (
  item: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> => {
  const copy = structuredClone(item);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object" || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
  return copy;
};

export const pathName = (prefix: string, path: readonly string[]) => [prefix, ...path].filter(Boolean).join(".");

export const KNOWN_KEYS = new Set([
  ...Object.values(PATHS).flatMap((paths) => paths.flat()),
  ...["items", "tier", "agentId", "ticketId", "constructor", "toString", "valueOf", "hasOwnProperty"],
]);

export const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: "binary" });
