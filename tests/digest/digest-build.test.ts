import { describe, expect, it } from "vitest";
import { buildDigest, type DigestInput } from "#shared/digest/model/build";
import type { DigestSampleItem, WeekCounters } from "#shared/digest/model/digest";
import { trendSignal } from "#shared/digest/model/theme-ranking";
import { trigramJaccard } from "#shared/digest/model/verbatims";
import { npsMarginOfError, proportionMarginOfError } from "#shared/kernel/statistics";
import { previousWeeks } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { naiveUpper } from "./digest-fixtures.ts";

const WEEK = "2026-W10";
const [PREV, ...OLDER] = previousWeeks(WEEK, 8) as [string, ...string[]];

type Row = WeekCounters["rows"][number];
const row = (channel: Row["channel"], theme: string, counts: Record<string, number>): Row => ({
  channel,
  theme,
  counts,
});
/** A theme row on social with only negative mentions (n = NEGATIVE). */
const neg = (theme: string, count: number): Row => row("social", theme, { n: count, NEGATIVE: count });

// This week, by hand:
// NPS: s10 30 + s9 20 = 50 promoters, s8 10 + s7 10 = 20 passives, s6 10 + s3 20 = 30 detractors, n = 100.
//   NPS = 50 % - 30 % = 20.
//   Margin of error: p = 0.5, d = 0.3, p + d - (p - d)^2 = 0.8 - 0.04 = 0.76;
//   sqrt(0.76 / 100) = 0.0871780; x 196 = 17.0869 NPS points.
// CSAT: s5 50 + s4 30 = 80 of 100 -> 80 %; margin 1.96 x 100 x sqrt(0.8 x 0.2 / 100) = 196 x 0.04 = 7.84 points.
// Complaints: delivery 24 (14 social + 10 nps MIXED), service 10, price 4, refund 2 = 40 in all.
//   Shares 0.6, 0.25, 0.1, 0.05; cumulative 0.6, 0.85, 0.95, 1.
//   Vital: delivery (starts at 0) and service (starts at 0.6 < 0.8); price starts at 0.85: not vital.
const thisWeek: WeekCounters = {
  week: WEEK,
  rows: [
    row("nps", "_all", { n: 100, s10: 30, s9: 20, s8: 10, s7: 10, s6: 10, s3: 20, detractors: 30 }),
    row("csat", "_all", { n: 100, s5: 50, s4: 30, s3: 10, s1: 10 }),
    row("social", "_all", { n: 60, NEGATIVE: 30, POSITIVE: 30 }),
    row("social", "delivery", { n: 20, NEGATIVE: 14, POSITIVE: 6 }),
    row("nps", "delivery", { n: 10, MIXED: 10 }),
    neg("service", 10),
    row("social", "price", { n: 5, NEGATIVE: 4, NEUTRAL: 1 }),
    row("csat", "refund", { n: 2, NEGATIVE: 2 }),
    row("social", "_untagged", { n: 50, NEGATIVE: 50 }),
  ],
};
// Previous week: NPS 40 promoters, 30 passives, 30 detractors -> NPS 10; CSAT 70 %.
// Delivery 9, service 10, refund 12, price 4.
const previousWeek: WeekCounters = {
  week: PREV,
  rows: [
    row("nps", "_all", { n: 100, s10: 40, s8: 30, s0: 30 }),
    row("csat", "_all", { n: 100, s5: 70, s2: 30 }),
    row("social", "_all", { n: 50 }),
    neg("delivery", 9),
    neg("service", 10),
    neg("refund", 12),
    neg("price", 4),
  ],
};
// Seven older weeks, all like the previous one except NPS 0 (not enough answers in the oldest).
const older: WeekCounters[] = OLDER.map((week, i) => ({
  week,
  rows: [
    row("nps", "_all", i === 6 ? { n: 10, s10: 10 } : { n: 100, s10: 30, s8: 40, s0: 30 }),
    row("csat", "_all", { n: 100, s5: 70, s2: 30 }),
    row("social", "_all", { n: 40 }),
    neg("delivery", 9),
    neg("service", 10),
    neg("refund", 12),
    neg("price", 4),
  ],
}));

const item = (id: string, theme: string, text: string, sentiment = "NEGATIVE"): DigestSampleItem => ({
  id,
  channel: "social",
  text,
  language: "en",
  sentiment,
  themes: [theme],
  occurredAt: "2026-03-03T10:00:00Z",
});

const sample: DigestSampleItem[] = [
  item("d1", "delivery", "My parcel arrived three days late and the courier never called me back."),
  item("d2", "delivery", "My parcel arrived three days late and the courier never called me back!!"),
  item("d3", "delivery", "Delivery was so slow, the parcel was late again this week."),
  item("d4", "delivery", "The courier left the parcel outside in the rain and it arrived late."),
  item("d5", "delivery", "Fast delivery, thanks!", "POSITIVE"),
  item("d6", "delivery", "late"),
  item("s1", "service", "The staff were rude and impatient when I asked about my order.", "MIXED"),
];

const input = (over: Partial<DigestInput> = {}): DigestInput => ({
  week: WEEK,
  weeks: [...older.reverse(), thisWeek, previousWeek],
  sample,
  taxonomy: defaultTaxonomy,
  locale: "en",
  linkFor: (id) => `https://triage.example/feedback/${id}`,
  ...over,
});

describe("buildDigest: scores", () => {
  const digest = buildDigest(input());

  it("computes the NPS, its change and its margin of error from the score buckets", () => {
    expect(digest.nps).toMatchObject({ value: 20, n: 100, promoters: 50, passives: 20, detractors: 30, enough: true });
    expect(digest.nps.previous).toBe(10);
    expect(digest.nps.change).toBe(10);
    expect(digest.nps.marginOfError).toBeCloseTo(17.0869, 3);
    // Trailing: previous week 10, six older weeks 0 (30 - 30), the oldest has 10 answers: left out.
    expect(digest.nps.trailingAverage).toBeCloseTo(10 / 7, 10);
  });

  it("computes CSAT as the share of 4-5 ratings with a normal-approximation margin", () => {
    expect(digest.csat).toMatchObject({ value: 80, n: 100, enough: true, previous: 70, change: 10 });
    expect(digest.csat.marginOfError).toBeCloseTo(7.84, 10);
    expect(digest.csat.trailingAverage).toBeCloseTo(70, 10);
    expect(proportionMarginOfError(0, 0)).toBeUndefined();
    expect(npsMarginOfError(0, 0, 0)).toBeUndefined();
  });

  it("counts volume per channel with the previous week and the trailing average", () => {
    expect(digest.volume.byChannel.nps).toMatchObject({ value: 100, previous: 100, change: 0 });
    expect(digest.volume.byChannel.social).toMatchObject({ value: 60, previous: 50, change: 10 });
    expect(digest.volume.byChannel.social.trailingAverage).toBeCloseTo((50 + 7 * 40) / 8, 10);
    expect(digest.volume.total.value).toBe(260);
  });

  it("says the week's dates", () => {
    expect(digest.from).toBe("2026-03-02");
    expect(digest.to).toBe("2026-03-08");
    expect(digest.teamLabel).toBe("All teams");
    expect(digest.method.length).toBeGreaterThan(4);
  });

  it("keeps the value but flags it below the minimum number of responses", () => {
    const few = buildDigest(input({ minResponses: 101 }));
    expect(few.nps.enough).toBe(false);
    expect(few.nps.value).toBe(20);
    expect(few.nps.change).toBeUndefined();
    expect(few.nps.previous).toBeUndefined();
    expect(few.csat.enough).toBe(false);
    expect(few.headline).toMatch(/^NPS: not enough responses yet · /);
    expect(buildDigest(input({ minResponses: 101, locale: "zh-Hans" })).headline).toMatch(/^NPS：回复数尚不足/);
    expect(buildDigest(input({ minResponses: 101, locale: "zh-Hant" })).headline).toMatch(/^NPS：回覆數尚不足/);
  });

  it("handles a week with no data at all", () => {
    const empty = buildDigest(input({ weeks: [], sample: [] }));
    expect(empty.nps).toMatchObject({ value: undefined, n: 0, enough: false });
    expect(empty.themes).toEqual([]);
    expect(empty.emerging).toEqual([]);
    expect(empty.headline).toBe("NPS: not enough responses yet · no complaints this week");
  });

  it("gives the nine-week trend oldest first, scores only where there were enough responses", () => {
    const oldest = OLDER[OLDER.length - 1];
    expect(digest.trend.map((p) => p.week)).toEqual([...[...OLDER].reverse(), PREV, WEEK]);
    // The oldest week had 10 NPS answers: no score, but its volume counts (10 + 100 + 40).
    expect(digest.trend[0]).toEqual({ week: oldest, nps: undefined, csat: 70, volume: 150 });
    expect(digest.trend.slice(1, 7).map((p) => p.nps)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(digest.trend[7]).toEqual({ week: PREV, nps: 10, csat: 70, volume: 250 });
    expect(digest.trend[8]).toEqual({ week: WEEK, nps: 20, csat: 80, volume: 260 });
    const empty = buildDigest(input({ weeks: [], sample: [] }));
    expect(empty.trend).toHaveLength(9);
    expect(empty.trend.every((p) => p.nps === undefined && p.csat === undefined && p.volume === 0)).toBe(true);
    const team = buildDigest(input({ team: "logistics" }));
    expect(team.trend[8]?.volume).toBe(team.volume.total.value);
  });
});

describe("buildDigest: themes", () => {
  const digest = buildDigest(input());

  it("ranks themes by negative and mixed mentions with shares and the 80 % cut", () => {
    expect(digest.themes.map((t) => [t.theme, t.negative, t.vital])).toEqual([
      ["delivery", 24, true],
      ["service", 10, true],
      ["price", 4, false],
      ["refund", 2, false],
    ]);
    const shares = digest.themes.map((t) => t.shareOfComplaints);
    const cumulative = digest.themes.map((t) => t.cumulativeShare);
    for (const [i, s] of [0.6, 0.25, 0.1, 0.05].entries()) expect(shares[i]).toBeCloseTo(s, 10);
    for (const [i, s] of [0.6, 0.85, 0.95, 1].entries()) expect(cumulative[i]).toBeCloseTo(s, 10);
    const delivery = digest.themes[0];
    expect(delivery).toMatchObject({
      label: "Delivery & waiting",
      team: "logistics",
      total: 30,
      sentiment: { POSITIVE: 6, NEGATIVE: 14, NEUTRAL: 0, MIXED: 10 },
      previousNegative: 9,
    });
    expect(delivery?.change).toBeCloseTo(15 / 9, 10);
    expect(digest.themes.find((t) => t.theme === "service")?.change).toBe(0);
  });

  it("flags a significant rise and a significant drop, and leaves stable themes alone", () => {
    // Delivery: 24 this week vs 9 a week. P(X >= 24 | 9) is below 1e-4.
    const rising = digest.emerging.find((e) => e.theme === "delivery");
    expect(rising).toMatchObject({ direction: "rising", thisWeek: 24, baseline: 9 });
    expect(rising?.pValue).toBeLessThan(0.05);
    expect(rising?.pValue).toBeCloseTo(naiveUpper(24, 9), 10);
    // The p-value is the pages' to write, once, as they write every p-value ("p < 0.001").
    expect(rising?.test).toBe("Poisson test: 24 vs about 9 a week");
    // Refund: 2 this week vs 12 a week. P(X <= 2 | 12) = e^-12 (1 + 12 + 72) ~ 0.000522.
    const falling = digest.emerging.find((e) => e.theme === "refund");
    expect(falling).toMatchObject({ direction: "falling", thisWeek: 2, baseline: 12 });
    expect(falling?.pValue).toBeCloseTo(Math.exp(-12) * 85, 10);
    // Service (10 vs 10) and price (4 vs 4) are stable.
    expect(digest.emerging.map((e) => e.theme)).toEqual(["delivery", "refund"]);
  });

  it("needs at least 5 mentions to call a rise and a baseline of 5 to call a drop", () => {
    expect(trendSignal(4, [0, 0, 0])).toBeUndefined();
    expect(trendSignal(5, [0, 0, 0])?.direction).toBe("rising");
    expect(trendSignal(0, [4, 4, 4])).toBeUndefined();
    expect(trendSignal(10, [])).toBeUndefined();
  });

  it("filters to one team's themes and counts the team's mentions as volume", () => {
    const logistics = buildDigest(input({ team: "logistics" }));
    expect(logistics.team).toBe("logistics");
    // The team by its name in the reader's language, here and in the method notes.
    expect(logistics.teamLabel).toBe("Logistics");
    expect(logistics.method.join(" ")).toContain("mentions of the Logistics team's themes");
    const zh = buildDigest(input({ team: "logistics", locale: "zh-Hant" }));
    expect(zh.teamLabel).toBe("物流團隊");
    expect(zh.method.join(" ")).toContain("「物流團隊」負責的主題的提及數");
    expect(logistics.themes.map((t) => t.theme)).toEqual(["delivery"]);
    expect(logistics.themes[0]?.shareOfComplaints).toBe(1);
    expect(logistics.emerging.map((e) => e.theme)).toEqual(["delivery"]);
    expect(logistics.volume.byChannel.social.value).toBe(20);
    expect(logistics.volume.byChannel.nps.value).toBe(10);
    expect(logistics.volume.total.value).toBe(30);
    // NPS stays organization-wide.
    expect(logistics.nps.value).toBe(20);
    expect(logistics.verbatims.every((v) => v.theme === "delivery")).toBe(true);
  });

  it("follows touchpoints: NPS, CSAT and volume from their answers, quotes from there, themes untouched", () => {
    // Delivery answers: NPS s10 6 + s9 2 = 8 promoters, s3 2 detractors of 10 -> NPS 60; CSAT 3 of 4 -> 75 %.
    const withTouchpoints = input({
      weeks: [
        ...older,
        previousWeek,
        {
          ...thisWeek,
          rows: [
            ...thisWeek.rows,
            row("nps", "@delivery", { n: 10, s10: 6, s9: 2, s3: 2 }),
            row("csat", "@delivery", { n: 4, s5: 3, s2: 1 }),
            row("nps", "@app", { n: 5, s0: 5 }),
          ],
        },
      ],
      sample: [
        ...sample,
        {
          ...item("t1", "delivery", "The rider was late again and the parcel arrived damaged."),
          touchpoint: "delivery",
        },
        { ...item("t2", "delivery", "The app froze while the courier was running late."), touchpoint: "app" },
      ],
      touchpoints: ["delivery"],
      minResponses: 1,
    });
    const d = buildDigest(withTouchpoints);
    expect(d.nps).toMatchObject({ value: 60, n: 10, promoters: 8, detractors: 2 });
    expect(d.csat).toMatchObject({ value: 75, n: 4 });
    expect(d.volume.byChannel.nps.value).toBe(10);
    expect(d.themes.map((t) => t.theme)).toEqual(buildDigest(input()).themes.map((t) => t.theme));
    // Only quotes given at the delivery touchpoint (the sample's social posts have none).
    expect(d.verbatims.map((v) => v.feedbackId)).toEqual(["t1"]);
    expect(d.teamLabel).toBe("Delivery");
    expect(d.method.join(" ")).toContain("only answers given at Delivery;");
    const zh = buildDigest({ ...withTouchpoints, locale: "zh-Hans" });
    expect(zh.teamLabel).toBe("配送");
    expect(zh.method.at(-1)).toBe(
      "NPS、CSAT、反馈量和客户原话只统计在配送给出的回答；主题排序仍覆盖全组织的全部反馈。",
    );
  });

  it("filters to the themes a subscription follows, naming them", () => {
    const all = buildDigest(input());
    const followed = buildDigest(input({ themes: ["delivery", "refund"] }));
    expect(followed.themes.map((t) => t.theme).sort()).toEqual(
      all.themes
        .map((t) => t.theme)
        .filter((t) => t === "delivery" || t === "refund")
        .sort(),
    );
    expect(followed.themes.reduce((sum, t) => sum + t.shareOfComplaints, 0)).toBeCloseTo(1);
    expect(followed.volume.total.value).toBeLessThan(all.volume.total.value ?? 0);
    expect(followed.teamLabel).toContain("Delivery & waiting");
    expect(followed.method.join(" ")).toContain("followed themes (Delivery & waiting, Refunds & returns)");
    const zh = buildDigest(input({ themes: ["delivery", "refund"], locale: "zh-Hans" }));
    const names = ["delivery", "refund"].map(
      (id) => defaultTaxonomy.themes.find((t) => t.id === id)?.labels["zh-Hans"],
    );
    expect(zh.method.join(" ")).toContain(`所关注的主题（${names.join("、")}）的提及数`);
    expect(followed.verbatims.every((v) => v.theme === "delivery" || v.theme === "refund")).toBe(true);
  });
});

describe("buildDigest: quotes and headline", () => {
  const digest = buildDigest(input());

  it("picks representative negative quotes per vital theme, without near-duplicates", () => {
    const delivery = digest.verbatims.filter((v) => v.theme === "delivery");
    expect(delivery).toHaveLength(3);
    const ids = delivery.map((v) => v.feedbackId);
    expect(ids).not.toContain("d5"); // positive
    expect(ids).not.toContain("d6"); // too short to beat the others
    expect(ids.filter((id) => id === "d1" || id === "d2")).toHaveLength(1);
    expect(trigramJaccard(sample[0]?.text ?? "", sample[1]?.text ?? "")).toBeGreaterThanOrEqual(0.6);
    expect(delivery[0]?.link).toBe(`https://triage.example/feedback/${delivery[0]?.feedbackId}`);
    expect(delivery.find((v) => v.feedbackId === "d3")?.text).toBe(sample[2]?.text);
    expect(digest.verbatims.filter((v) => v.theme === "service").map((v) => v.feedbackId)).toEqual(["s1"]);
  });

  it("quotes under a theme only comments clearly about it, or that a person put there (issue 13)", () => {
    const hinted = { ...item("h1", "delivery", "We waited and waited, what a joke, never again!!"), language: "en" };
    const searchBug = {
      ...item("h2", "delivery", "搜索功能不好用，想买的商品根本搜不到，等了半天也没结果"),
      language: "zh-Hans",
    };
    const corrected = {
      ...item("h3", "delivery", "What a joke, never again, I am done with this brand."),
      correction: { themes: ["delivery"] },
    };
    const d = buildDigest(input({ sample: [hinted, searchBug, corrected, ...sample.slice(2, 3)] }));
    const quoted = d.verbatims.map((v) => v.feedbackId);
    expect(quoted).not.toContain("h1");
    expect(quoted).not.toContain("h2");
    expect(quoted).toContain("h3");
    expect(quoted).toContain(sample[2]?.id);
    // A person who took a theme away is believed too.
    const removed = { ...item("h4", "delivery", "The courier lost my parcel."), correction: { themes: ["service"] } };
    expect(buildDigest(input({ sample: [removed] })).verbatims.map((v) => v.feedbackId)).not.toContain("h4");
  });

  it("writes the headline in all three locales", () => {
    expect(digest.headline).toBe("NPS 20 (+10) · Delivery & waiting complaints up 167 %");
    const hans = buildDigest(input({ locale: "zh-Hans" }));
    const hant = buildDigest(input({ locale: "zh-Hant" }));
    const label = (loc: "zh-Hans" | "zh-Hant") => defaultTaxonomy.themes.find((t) => t.id === "delivery")?.labels[loc];
    expect(hans.headline).toBe(`NPS 20（+10） · ${label("zh-Hans")}投诉上升 167%`);
    expect(hant.headline).toBe(`NPS 20（+10） · ${label("zh-Hant")}投訴上升 167%`);
    expect(hans.emerging[0]?.test).toMatch(/^泊松检验：本周 24 次/);
    expect(hant.themes[0]?.label).toBe(label("zh-Hant"));
  });
});
