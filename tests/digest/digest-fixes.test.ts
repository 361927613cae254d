import { describe, expect, it } from "vitest";
import { buildDigest } from "#shared/digest/model/build";
import { DIGEST_FIX_WEEKS, digestFixes, digestFixWeeks, fixEffect } from "#shared/digest/model/fixes";
import { DigestSubscription } from "#shared/digest/model/subscriptions";
import { sendDueDigests } from "#shared/digest/send-digest";
import { fixP } from "#shared/digest/views/monthly-labels";
import { renderDigestEmail } from "#shared/digest/views/render";
import { previousWeeks } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { fix, monthlyCounters } from "./monthly-fixtures.ts";
import { KEY } from "./reader-fixtures.ts";

/**
 * Verified improvement in the weekly digest (issue 15, item 6): a theme's line says how its complaint
 * rate moved since its latest fix, with the monthly report's test and words. The monthly fixtures'
 * refunds: 8 complaints a week in 100 responses, 2 from W45 on; the fix of 14 October is in W42.
 */
const WEEK = "2026-W47";
const REFUND_FIX = fix("refund", "2026-10-14", "Refunds approved by the agent");
const counters = (week: string) => ({ week, rows: monthlyCounters(week) });
const digestWeeks = [WEEK, ...previousWeeks(WEEK, 8)].map(counters);
const UNSUBSCRIBE = "https://voc.example.com/digests/unsubscribe?s=x&e=a%40example.com&sig=abc";

describe("a fix on its theme's line in the weekly digest", () => {
  it("judges the newest fix of each theme of the last 16 weeks, on the weeks around it", () => {
    const older = fix("refund", "2026-09-01", "older");
    const future = fix("delivery", "2026-11-30", "after the week");
    const stale = fix("service", "2026-06-01", "long ago");
    expect(digestFixes([older, REFUND_FIX, future, stale], WEEK)).toEqual([REFUND_FIX]);
    expect(DIGEST_FIX_WEEKS).toBe(16);
    // 8 weeks before the fix's week, its week, and the weeks after it up to the digest's.
    expect(digestFixWeeks([REFUND_FIX], WEEK)).toEqual([
      ...previousWeeks("2026-W42", 8).reverse(),
      "2026-W42",
      "2026-W43",
      "2026-W44",
      "2026-W45",
      "2026-W46",
      "2026-W47",
    ]);
  });

  it("states the change and its test in each language, in the HTML and the text part", () => {
    const fixCounters = digestFixWeeks([REFUND_FIX], WEEK).map(counters);
    const build = (locale: "en" | "zh-Hans" | "zh-Hant") =>
      buildDigest({
        week: WEEK,
        weeks: digestWeeks,
        sample: [],
        taxonomy: defaultTaxonomy,
        locale,
        linkFor: (id) => `https://voc.example.com/f/${id}`,
        fixes: [REFUND_FIX],
        fixCounters,
      });
    const line = build("en").themes.find((t) => t.theme === "refund");
    // The same function and numbers as the monthly report's: 8 weeks at 8 % before, 5 after (8, 8, 2, 2, 2).
    const expected = fixEffect(
      REFUND_FIX,
      fixCounters.map((c) => ({
        week: c.week,
        complaints: c.rows
          .filter((r) => r.theme === "refund")
          .reduce((s, r) => s + (r.counts.NEGATIVE ?? 0) + (r.counts.MIXED ?? 0), 0),
        volume: 100,
      })),
    );
    expect(line?.fix).toEqual(expected);
    expect(line?.fix).toMatchObject({ weeksBefore: 8, weeksAfter: 5, rateBefore: 8, significant: true });
    expect(line?.fix?.change).toBeCloseTo(22 / 5 / 8 - 1, 6);
    const p = fixP(line?.fix?.pValue ?? 1);
    expect(p).toMatch(/^p (=|<) 0\.\d{3}$/);
    const en = renderDigestEmail(build("en"), { unsubscribeUrl: UNSUBSCRIBE });
    const hans = renderDigestEmail(build("zh-Hans"), { unsubscribeUrl: UNSUBSCRIBE });
    const hant = renderDigestEmail(build("zh-Hant"), { unsubscribeUrl: UNSUBSCRIBE });
    expect(en.text).toContain(`complaints −45 % since the 14 Oct fix (${p})`);
    expect(en.html).toContain(`complaints −45 % since the 14 Oct fix (${p.replace("<", "&lt;")})`);
    expect(en.html).toMatch(/class="hb-good"[^>]*>complaints −45 % since the 14 Oct fix/);
    expect(hans.text).toContain(`自 10 月 14 日改进以来投诉 −45%（${p}）`);
    expect(hant.html).toContain(`自 10 月 14 日改善以來投訴 −45%（${p.replace("<", "&lt;")}）`);
    // Themes without a fix say nothing of fixes.
    expect(en.text.match(/since the/g)).toHaveLength(1);
  });

  it("shows p < 0.001 below that, three decimals above", () => {
    expect(fixP(0.0004)).toBe("p < 0.001");
    expect(fixP(0.003)).toBe("p = 0.003");
    expect(fixP(0.0312)).toBe("p = 0.031");
  });

  it("reads each theme's fixes once per run, and only the weeks the digest has not read", async () => {
    const fixReads: string[] = [];
    const counterReads: string[] = [];
    const texts: string[] = [];
    const subs = [
      { id: "org", recipients: ["a@example.com"], locale: "en" },
      { id: "after-sales", team: "after_sales", recipients: ["b@example.com"], locale: "zh-CN" },
    ].map((s) => DigestSubscription.parse(s));
    const runs = await sendDueDigests(
      {
        feedback: { sampleDay: async () => [] },
        counters: {
          weeklyCounters: async (week: string) => {
            counterReads.push(week);
            return monthlyCounters(week).map((r) => ({ week, ...r }));
          },
        },
        fixes: {
          forTheme: async (theme: string) => {
            fixReads.push(theme);
            return theme === "refund" ? [REFUND_FIX] : [];
          },
        },
        taxonomy: defaultTaxonomy,
        baseUrl: "https://voc.example.com",
        subscriptions: subs,
        ledger: { claim: async () => true, release: async () => {}, unsubscribed: async () => new Set<string>() },
        send: async (email) => {
          texts.push(email.text);
        },
        links: { key: KEY, days: 90 },
      },
      new Date("2026-11-23T01:00:00Z"),
      { force: true, week: WEEK },
    );
    expect(runs.map((r) => r.sent)).toEqual([1, 1]);
    // One Query per theme shown, shared by both digests.
    expect(fixReads.length).toBe(new Set(fixReads).size);
    expect(fixReads).toContain("refund");
    // Each digest reads its 9 weeks, then the 5 before them the fix is judged on.
    const extra = ["2026-W34", "2026-W35", "2026-W36", "2026-W37", "2026-W38"];
    expect(counterReads.filter((w) => extra.includes(w)).sort()).toEqual([...extra, ...extra].sort());
    expect(texts[0]).toMatch(/complaints −45 % since the 14 Oct fix \(p (=|<) 0\.\d{3}\)/);
    // The zh-CN subscription reads Simplified Chinese.
    expect(texts[1]).toMatch(/自 10 月 14 日改进以来投诉 −45%（p (=|<) 0\.\d{3}）/);
  });
});
