import { readerLinkExpiry, readerLinks } from "#shared/digest/model/reader-links";
import { type DigestSubscription, DigestSubscription as Subscription } from "#shared/digest/model/subscriptions";
import type { ReaderDeps } from "#shared/digest/read-digest";
import { feedbackId } from "#shared/feedback/model/ids";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { WeeklyCounter } from "#shared/feedback/ports/weekly-counters";
import type { SigningKey } from "#shared/kernel/signing-key";
import { isoWeek, utcDay } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

/** A week of a logistics team's digest, its subscriptions and comments, for the reader pages' tests. */

export const KEY: SigningKey = { id: "k1", secret: new TextEncoder().encode("reader-test-secret-".repeat(3)) };
export const WEEK = "2026-W47";
/** Monday after the week, early: when the digest goes out. */
export const NOW = new Date("2026-11-23T01:00:00Z");
export const BASE = "https://voc.example.com";

export const subscriptions: DigestSubscription[] = [
  {
    id: "logistics-tw",
    team: "logistics",
    recipients: ["lead@example.com", "pm@example.com"],
    locale: "zh-Hant",
    timeZone: "Asia/Taipei",
  },
  {
    id: "delivery-en",
    themes: ["delivery"],
    touchpoints: ["delivery"],
    recipients: ["ops@example.com"],
    locale: "en",
    timeZone: "Europe/Berlin",
  },
  { id: "org-hans", recipients: ["cx@example.com"], locale: "zh-Hans" },
].map((s) => Subscription.parse(s));

export const stored = (source: string, over: Partial<StoredFeedback>): StoredFeedback => {
  const occurredAt = over.occurredAt ?? "2026-11-18T07:04:00.000Z";
  return {
    id: feedbackId("nps", source),
    channel: "nps",
    receivedAt: occurredAt,
    occurredAt,
    week: isoWeek(occurredAt),
    score: 2,
    language: "zh",
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0.05, negative: 0.9, neutral: 0.05, mixed: 0 },
    sentimentSource: "text",
    themes: ["delivery"],
    taxonomyVersion: defaultTaxonomy.version,
    analyzer: "local",
    detractor: true,
    storedAt: occurredAt,
    ...over,
  };
};

/** The team's quote: about delivery, at the delivery touchpoint, with personal data the email hides. */
export const late = stored("late", {
  text: "快递三天了还没送到，配送太慢了。客户号 c-1001，电话 138****5678",
  customerId: "c-1001",
  touchpoint: "delivery",
});
/** Another team's theme, same week. */
export const refund = stored("refund", { text: "退款两个星期了还没到账", themes: ["refund"], touchpoint: "delivery" });
/** The team's theme, the week before (the last second of Sunday, UTC). */
export const lastWeek = stored("last-week", { text: "上周的快递也送晚了", occurredAt: "2026-11-15T23:59:59.000Z" });
/** The team's theme, in the week, given in the app. */
export const inApp = stored("in-app", { text: "配送进度在应用里看不到", touchpoint: "app" });
export const records = [late, refund, lastWeek, inApp];

/** Enough complaints about delivery this week that it leads the team's Pareto and gets quoted. */
const counters: WeeklyCounter[] = [
  { week: WEEK, channel: "nps", theme: "_all", counts: { n: 40, s2: 12, s9: 20, s7: 8 } },
  { week: WEEK, channel: "nps", theme: "delivery", counts: { n: 14, NEGATIVE: 12, POSITIVE: 2 } },
  { week: WEEK, channel: "nps", theme: "refund", counts: { n: 6, NEGATIVE: 6 } },
];

export const readerDeps = (over: Partial<ReaderDeps> = {}): ReaderDeps & { reads: string[] } => {
  const reads: string[] = [];
  return {
    reads,
    feedback: {
      sampleDay: async (day) => records.filter((r) => utcDay(r.occurredAt) === day),
      storedRecords: async (ids) => {
        reads.push(...ids);
        return new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r]));
      },
    },
    counters: { weeklyCounters: async (week) => counters.filter((c) => c.week === week) },
    taxonomy: defaultTaxonomy,
    subscription: async (id) => subscriptions.find((s) => s.id === id),
    keys: [KEY],
    ...over,
  };
};

/** A reader's links as the sender makes them. */
export const linksFor = (subscription: string, email: string, over: { week?: string; expiresAt?: number } = {}) => {
  const sub = subscriptions.find((s) => s.id === subscription);
  return readerLinks({
    key: KEY,
    baseUrl: BASE,
    subscription,
    email,
    week: over.week ?? WEEK,
    locale: sub?.locale ?? "en",
    expiresAt: over.expiresAt ?? readerLinkExpiry(NOW, 90),
  });
};

export const tokenOf = (url: string): string => url.slice(url.lastIndexOf("/") + 1);

/** English words left on a page once the customers' words (every <blockquote>) and the style sheet are taken out. */
export const englishWords = (html: string, allowed: readonly string[] = ["NPS", "CSAT", "SLA", "hearback"]): string[] =>
  (
    html
      .replace(/<style[\s\S]*?<\/style>/gi, " ")
      .replace(/<blockquote\b[\s\S]*?<\/blockquote>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&[#a-z0-9]+;/gi, " ")
      .match(/[A-Za-z]{2,}/g) ?? []
  ).filter((w) => !allowed.includes(w));
