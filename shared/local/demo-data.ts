import { FeedbackInput } from "#shared/feedback/model/schema";
import csatJson from "./demo/csat-answers.json" with { type: "json" };
import customersJson from "./demo/customers.json" with { type: "json" };
import npsJson from "./demo/nps-answers.json" with { type: "json" };
import socialJson from "./demo/social-posts.json" with { type: "json" };

/**
 * A realistic, deterministic week of feedback for "Lumo", a fictional Chinese/English e-commerce and
 * food-delivery brand. Used by the local demo (`npm run demo`) and by tests. All text is invented for
 * this product and kept as data in ./demo/*.json; this file turns it into feedback items. Times are
 * derived from `now` with fixed offsets, so the same `now` gives the same week.
 */

interface Customer {
  id: string;
  tier: string;
  email?: string;
  name?: string;
}

/** A survey answer; `customer` is an index into customers.json. */
interface NpsAnswer {
  score: number;
  comment?: string;
  locale: string;
  customer: number;
  touchpoint: string;
}

/** A CSAT answer; those given to an agent name the agent's team. */
interface CsatAnswer extends NpsAnswer {
  team?: string;
  agentId?: string;
}

/** A post on a social platform; its URL is derived from the platform and the post id. */
interface SocialPost {
  platform: string;
  text: string;
  locale: string;
  handle: string;
  followers?: number;
  postId: string;
}

// Annotated rather than cast, so the compiler checks the data files' shape.
const CUSTOMERS: readonly Customer[] = customersJson;
const NPS: readonly NpsAnswer[] = npsJson;
const CSAT: readonly CsatAnswer[] = csatJson;
const SOCIAL: readonly SocialPost[] = socialJson;

const postUrl = (r: SocialPost): string | undefined => {
  switch (r.platform) {
    case "weibo":
      return `https://weibo.com/lumo/${r.postId}`;
    case "xiaohongshu":
      return `https://www.xiaohongshu.com/explore/${r.postId}`;
    case "douyin":
      return `https://www.douyin.com/video/${r.postId}`;
    case "x":
      return `https://x.com/${r.handle}/status/${r.postId}`;
    case "reddit":
      return `https://www.reddit.com/r/shenzhen/comments/${r.postId}/`;
    default:
      return undefined;
  }
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Fixed offset for the k-th item: between 1 h and just under 165 h before `now` (53 and 164 are coprime). */
const ago = (now: Date, k: number): string =>
  new Date(now.getTime() - (1 + ((k * 53) % 164)) * HOUR - ((k * 29) % 60) * MINUTE).toISOString();

const seq = (n: number): string => String(n).padStart(3, "0");

const customer = (i: number): Customer => {
  const c = CUSTOMERS[i % CUSTOMERS.length] as Customer;
  return { ...c };
};

/** About 120 feedback items (45 NPS, 45 CSAT, 30 social) spread over the 7 days before `now`. */
export function demoWeek(now: Date = new Date()): FeedbackInput[] {
  const items: FeedbackInput[] = [];
  let k = 0;

  NPS.forEach(({ score, comment, locale, customer: c, touchpoint }, i) => {
    items.push({
      channel: "nps",
      score,
      ...(comment !== undefined ? { comment } : {}),
      customer: customer(c),
      touchpoint,
      locale,
      ...(i % 2 === 0 ? { sourceId: `demo-nps-${seq(i + 1)}` } : {}),
      occurredAt: ago(now, k++),
    });
  });

  CSAT.forEach(({ score, comment, locale, customer: c, touchpoint, team, agentId }, i) => {
    items.push({
      channel: "csat",
      score,
      ...(comment !== undefined ? { comment } : {}),
      customer: customer(c),
      touchpoint,
      locale,
      ...(i % 2 === 1 ? { sourceId: `demo-csat-${seq(i + 1)}` } : {}),
      ...(team !== undefined ? { service: { ticketId: `TK-${48_210 + i * 7}`, agentId, team } } : {}),
      occurredAt: ago(now, k++),
    });
  });

  for (const r of SOCIAL) {
    const url = postUrl(r);
    items.push({
      channel: "social",
      platform: r.platform,
      text: r.text,
      ...(url !== undefined ? { url } : {}),
      author: { handle: r.handle, ...(r.followers !== undefined ? { followers: r.followers } : {}) },
      locale: r.locale,
      sourceId: `${r.platform}-${r.postId}`,
      occurredAt: ago(now, k++),
    });
  }

  return items.map((item) => FeedbackInput.parse(item));
}

const WEEK = 7 * 24 * HOUR;

/** A small deterministic generator (LCG), so the demo's history is the same on every machine. */
const lcg = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
};

/**
 * Nine weeks of the demo brand's feedback, for a digest with trends: the commented week above
 * repeated for each earlier week (a different quarter of it left out each week, so weeks differ),
 * plus the quiet majority who answer a survey without a comment — their scores drift from week to
 * week, and the last week dips. Oldest week first, as it would have arrived. Every item has a
 * sourceId, so loading it twice changes nothing.
 */
export function demoHistory(now: Date = new Date(), weeks = 9): FeedbackInput[] {
  const items: FeedbackInput[] = [];
  for (let w = weeks - 1; w >= 0; w--) {
    const at = new Date(now.getTime() - w * WEEK);
    demoWeek(at).forEach((item, i) => {
      if (w > 0 && (i + w) % 4 === 0) return;
      const sourceId = item.sourceId ?? `demo-${item.channel}-${seq(i + 1)}`;
      items.push({ ...item, sourceId: w === 0 ? sourceId : `${sourceId}-w${w}` } as FeedbackInput);
    });
    const random = lcg(2026 + w);
    // Promoters and detractors among score-only NPS answers: a slow rise, then last week's dip.
    const promoterShare = w <= 1 ? 0.42 : 0.5 + 0.02 * Math.sin(w);
    const detractorShare = w <= 1 ? 0.3 : 0.18;
    for (let j = 0; j < 30; j++) {
      const r = random();
      const score =
        r < detractorShare
          ? Math.floor(random() * 7)
          : r < 1 - promoterShare
            ? 7 + Math.floor(random() * 2)
            : 9 + Math.floor(random() * 2);
      items.push(
        FeedbackInput.parse({
          channel: "nps",
          score,
          customer: { id: `lumo-q${w}-${seq(j + 1)}`, tier: "standard" },
          touchpoint: ["delivery", "app", "checkout"][j % 3],
          locale: "zh-CN",
          sourceId: `demo-quiet-nps-${seq(j + 1)}-w${w}`,
          occurredAt: ago(at, 200 + j),
        }),
      );
    }
    for (let j = 0; j < 25; j++) {
      const r = random();
      const score =
        r < (w <= 1 ? 0.18 : 0.1) ? 1 + Math.floor(random() * 2) : r < 0.3 ? 3 : 4 + Math.floor(random() * 2);
      items.push(
        FeedbackInput.parse({
          channel: "csat",
          score,
          customer: { id: `lumo-q${w}-${seq(j + 101)}`, tier: "standard" },
          touchpoint: "support-chat",
          locale: "zh-CN",
          sourceId: `demo-quiet-csat-${seq(j + 1)}-w${w}`,
          occurredAt: ago(at, 300 + j),
        }),
      );
    }
  }
  return items;
}
