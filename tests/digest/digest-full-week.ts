import { buildDigest, type DigestInput } from "#shared/digest/model/build";
import type { Digest, DigestLocale, DigestSampleItem, WeekCounters } from "#shared/digest/model/digest";
import type { ThemeFix } from "#shared/digest/model/fixes";
import { loopSummary } from "#shared/digest/model/loop-summary";
import { type RenderedEmail, renderDigestEmail } from "#shared/digest/views/render";
import { previousWeeks } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

/**
 * A full week built by the digest's own model from the real taxonomy, so every word in it (headline,
 * team and theme names, trend tests, method notes) is the one a reader gets: every section filled,
 * a rising and a falling theme, quotes in Chinese and English, closing the loop with every row, and
 * a second digest that follows a team and a touchpoint. For the language and email-client checks.
 */

const WEEK = "2026-W47";
const [PREV, ...OLDER] = previousWeeks(WEEK, 8) as [string, ...string[]];

type Row = WeekCounters["rows"][number];
const row = (channel: Row["channel"], theme: string, counts: Record<string, number>): Row => ({
  channel,
  theme,
  counts,
});
const complaints = (theme: string, negative: number, mixed = 0): Row =>
  row("social", theme, { n: negative + mixed + 3, NEGATIVE: negative, MIXED: mixed, POSITIVE: 3 });

const scores = (week: string, delivery: number, service: number): WeekCounters => ({
  week,
  rows: [
    row("nps", "_all", { n: 120, s10: 40, s9: 20, s8: 20, s7: 10, s5: 15, s2: 15, detractors: 30 }),
    row("csat", "_all", { n: 90, s5: 50, s4: 20, s3: 10, s1: 10 }),
    row("social", "_all", { n: 80, NEGATIVE: 40, POSITIVE: 30, NEUTRAL: 10 }),
    row("nps", "@delivery", { n: 40, s10: 15, s9: 5, s7: 5, s3: 15 }),
    row("csat", "@delivery", { n: 35, s5: 20, s4: 5, s2: 10 }),
    complaints("delivery", delivery, 2),
    complaints("service", service),
    complaints("price", 6),
    complaints("refund", 4),
    complaints("product_quality", 3),
  ],
});

const weeks: WeekCounters[] = [
  // Delivery complaints jump this week (a rise), service complaints drop (a fix that worked).
  scores(WEEK, 40, 4),
  scores(PREV, 12, 20),
  ...OLDER.map((w) => scores(w, 11, 21)),
];

const item = (id: string, theme: string, text: string, language: string, extra: Partial<DigestSampleItem> = {}) => ({
  id,
  channel: "social" as const,
  text,
  language,
  sentiment: "NEGATIVE",
  themes: [theme],
  occurredAt: "2026-11-18T10:00:00Z",
  ...extra,
});

const sample: DigestSampleItem[] = [
  item("d1", "delivery", "快递太慢了，下单五天才发货，物流一直不更新。", "zh-Hans", { touchpoint: "delivery" }),
  item("d2", "delivery", "The parcel arrived late and the courier never called me back.", "en", {
    touchpoint: "delivery",
  }),
  item("d3", "delivery", "配送延遲了一週，包裹送到時箱子都壓壞了。", "zh-Hant", { touchpoint: "delivery" }),
  item("s1", "service", "客服态度很差，问了三次都没人回复。", "zh-Hans"),
  item("s2", "service", "The staff were rude and impatient on the phone.", "en"),
  // Masked personal data, as stored: the email shows it in the reader's words.
  item("p1", "price", "价格比别家贵，优惠券也用不了，客服电话 [phone] 也打不通。", "zh-Hans"),
];

/** Fixes recorded on two themes in W45: delivery's complaints rose after it, service's fell. */
export const FULL_WEEK_FIXES: ThemeFix[] = ["delivery", "service"].map((theme) => ({
  id: `fix-${theme}`,
  theme,
  date: "2026-11-02",
  note: `${theme} fix`,
  by: "lead@example.com",
  at: "2026-11-02T10:00:00.000Z",
}));

export const fullWeekInput = (locale: DigestLocale, over: Partial<DigestInput> = {}): DigestInput => ({
  week: WEEK,
  weeks,
  sample,
  fixes: FULL_WEEK_FIXES,
  taxonomy: defaultTaxonomy,
  locale,
  linkFor: (id) => `https://hearback.example.com/r/feedback/${id}`,
  loop: loopSummary({ opened: 30, respondedInSla: 24, respondedLate: 6, resolvedInSla: 18, resolvedLate: 7 }, 4, [
    { detractorTasks: 12, recovered: 3, resolutionYes: 17, resolutionNo: 3 },
    { detractorTasks: 8, recovered: 2 },
  ]),
  ...over,
});

/** The organization's digest, and one that follows the logistics team at the delivery touchpoint. */
export const fullWeekDigests = (locale: DigestLocale): Digest[] => [
  buildDigest(fullWeekInput(locale)),
  buildDigest(fullWeekInput(locale, { team: "logistics", themes: ["delivery"], touchpoints: ["delivery"] })),
];

export const fullWeekEmails = (locale: DigestLocale): RenderedEmail[] =>
  fullWeekDigests(locale).map((d) =>
    renderDigestEmail(d, {
      unsubscribeUrl: "https://hearback.example.com/digests/unsubscribe?s=org&e=pm%40example.com&sig=abc",
      previewUrl: `https://hearback.example.com/v1/digests/preview?week=${WEEK}&locale=${locale}`,
    }),
  );
