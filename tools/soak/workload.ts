/**
 * The soak's workload: valid NPS, CSAT and social items built on the demo week's texts (many customers, eight
 * weeks), about 2 % duplicates and 2 % invalid ones, cut into requests of 1 to 100 items. The same seed gives
 * the same items and requests.
 */
import { feedbackId } from "#shared/feedback/model/ids";
import { demoWeek } from "#shared/local/demo-data";
import { prng } from "../seeded-random.ts";
import type { SoakOptions } from "./options.ts";

/** The sourceId prefix of invalid items: the audit checks that none of them got in. */
export const INVALID_PREFIX = "soak-invalid-";

export interface ValidItem {
  kind: "valid" | "duplicate";
  body: Record<string, unknown>;
  id: string;
}
export type Item = ValidItem | { kind: "invalid"; body: Record<string, unknown>; id: string | undefined };

export interface PlannedRequest {
  items: Item[];
  /** One item sent as the body itself rather than in {"items": [...]}. */
  bare: boolean;
}

const DAY_MS = 86_400_000;

/** Valid items built on the demo week's texts, with many customers over eight weeks. */
export const workload = (opts: Required<Pick<SoakOptions, "items" | "seed" | "duplicateRate" | "invalidRate">>) => {
  const random = prng(opts.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const templates = demoWeek(new Date("2026-01-05T12:00:00Z"));
  const byChannel = (channel: string) =>
    templates.filter((t) => t.channel === channel) as Array<Record<string, unknown>>;
  const nps = byChannel("nps");
  const csat = byChannel("csat");
  const social = byChannel("social") as Array<Record<string, unknown> & { author: { followers?: number } }>;
  const now = Date.now();
  // Mostly about the last few days; some answers arrive weeks late.
  const occurredAt = () => new Date(now - 60_000 - int((random() < 0.8 ? 3 : 56) * DAY_MS)).toISOString();
  const customers = Math.max(50, Math.round(opts.items / 8));
  const customer = () => {
    const c = int(customers);
    return {
      id: `soak-c-${c}`,
      ...(c % 5 === 0 && { tier: "gold" }),
      ...(c % 7 === 0 && { email: `soak.${c}@example.com` }),
    };
  };

  // A realistic mix: most customers are content (NPS: 55 % promoters, 20 % detractors; CSAT: 15 %
  // at 1-2). Each answer borrows a demo answer from its band, so comment and score agree.
  const band = (channel: "nps" | "csat") => {
    const r = random();
    const [low, mid] = channel === "nps" ? [0.2, 0.45] : [0.15, 0.25];
    const inBand = (score: number) =>
      channel === "nps"
        ? r < low
          ? score <= 6
          : r < mid
            ? score >= 7 && score <= 8
            : score >= 9
        : r < low
          ? score <= 2
          : r < mid
            ? score === 3
            : score >= 4;
    return (channel === "nps" ? nps : csat).filter((t) => inBand(Number(t.score)));
  };

  const valid = (n: number): Record<string, unknown> => {
    const sourceId = `soak-${n}`;
    const r = random();
    if (r < 0.8) {
      const t = pick(band(r < 0.45 ? "nps" : "csat"));
      const { sourceId: _s, occurredAt: _o, customer: _c, comment, ...rest } = t;
      return {
        ...rest,
        ...(comment !== undefined && random() < 0.75 && { comment }),
        customer: customer(),
        sourceId,
        occurredAt: occurredAt(),
      };
    }
    const t = pick(social);
    const { sourceId: _s, occurredAt: _o, author, ...rest } = t;
    return {
      ...rest,
      author: {
        handle: `soak_fan_${int(customers)}`,
        ...(author.followers !== undefined && { followers: int(20_000) }),
      },
      sourceId,
      occurredAt: occurredAt(),
    };
  };

  // Each breaks one rule of the schema; the would-be id is known where the channel and sourceId are.
  const invalid = (n: number): { body: Record<string, unknown>; id: string | undefined } => {
    const sourceId = `${INVALID_PREFIX}${n}`;
    const base = { channel: "nps", score: 3, comment: "invalid on purpose", customer: { id: "soak-bad" }, sourceId };
    const variants: Array<Record<string, unknown>> = [
      { ...base, score: 11 },
      { ...base, channel: "csat", score: 0 },
      { channel: "social", platform: "weibo", text: "   ", author: { handle: "x" }, sourceId },
      { ...base, rating: 5 },
      { channel: "nps", score: 9, sourceId },
      { ...base, comment: "长".repeat(2_000) },
      { ...base, locale: "not a locale!" },
      { ...base, occurredAt: "yesterday" },
      { ...base, channel: "email" },
    ];
    const body = pick(variants);
    const channel = body.channel;
    const id =
      channel === "nps" || channel === "csat" || channel === "social" ? feedbackId(channel, sourceId) : undefined;
    return { body, id };
  };

  const items: Item[] = [];
  const validSoFar: ValidItem[] = [];
  for (let n = 0; n < opts.items; n++) {
    const r = random();
    if (r < opts.duplicateRate && validSoFar.length > 0) {
      // Half from the last few hundred (likely still in flight), half from anywhere before.
      const from = random() < 0.5 ? validSoFar.slice(-300) : validSoFar;
      const original = pick(from);
      items.push({ kind: "duplicate", body: original.body, id: original.id });
    } else if (r < opts.duplicateRate + opts.invalidRate) {
      items.push({ kind: "invalid", ...invalid(n) });
    } else {
      const body = valid(n);
      const item: ValidItem = { kind: "valid", body, id: feedbackId(body.channel as "nps", String(body.sourceId)) };
      validSoFar.push(item);
      items.push(item);
    }
  }

  const requests: PlannedRequest[] = [];
  for (let i = 0; i < items.length; ) {
    const r = random();
    const size = r < 0.1 ? 1 : r < 0.3 ? 2 + int(48) : 50 + int(51);
    const batch = items.slice(i, i + size);
    requests.push({ items: batch, bare: batch.length === 1 && random() < 0.5 });
    i += batch.length;
  }
  return { items, requests };
};
