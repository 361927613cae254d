import { describe, expect, it } from "vitest";
import { FeedbackInput, feedbackText } from "#shared/feedback/model/schema";
import { isoWeek } from "#shared/kernel/time";
import { demoHistory, demoWeek } from "#shared/local/demo-data";

const NOW = new Date("2026-11-25T09:30:00.000Z");
const WEEK_MS = 7 * 24 * 3_600_000;
const HAN = /[\u4e00-\u9fff]/;

describe("demoWeek", () => {
  const items = demoWeek(NOW);

  it("produces about 120 items that all pass the message schema", () => {
    expect(items.length).toBeGreaterThanOrEqual(100);
    expect(items.length).toBeLessThanOrEqual(140);
    for (const item of items) {
      const parsed = FeedbackInput.safeParse(item);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it("covers all three channels", () => {
    const count = (c: string) => items.filter((i) => i.channel === c).length;
    expect(count("nps")).toBeGreaterThan(30);
    expect(count("csat")).toBeGreaterThan(30);
    expect(count("social")).toBeGreaterThan(20);
  });

  it("has Chinese and English text", () => {
    const texts = items.map(feedbackText).filter((t): t is string => t !== undefined);
    expect(texts.some((t) => HAN.test(t))).toBe(true);
    expect(texts.some((t) => !HAN.test(t) && /[A-Za-z]{3,}/.test(t))).toBe(true);
    const locales = new Set(items.map((i) => i.locale?.slice(0, 2)));
    expect(locales).toContain("zh");
    expect(locales).toContain("en");
  });

  it("places every item within the 7 days before now", () => {
    for (const item of items) {
      expect(item.occurredAt).toBeDefined();
      const t = Date.parse(item.occurredAt as string);
      expect(t).toBeLessThan(NOW.getTime());
      expect(t).toBeGreaterThan(NOW.getTime() - WEEK_MS);
    }
  });

  it("uses sourceIds that are unique per channel", () => {
    for (const channel of ["nps", "csat", "social"] as const) {
      const ids = items.filter((i) => i.channel === channel && i.sourceId !== undefined).map((i) => i.sourceId);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("is deterministic for a fixed now", () => {
    expect(demoWeek(new Date(NOW.getTime()))).toEqual(items);
    const later = demoWeek(new Date(NOW.getTime() + 3_600_000));
    expect(later.map((i) => Date.parse(i.occurredAt as string) - 3_600_000)).toEqual(
      items.map((i) => Date.parse(i.occurredAt as string)),
    );
  });
});

describe("demoHistory", () => {
  const history = demoHistory(NOW);
  const lastWeek = isoWeek(new Date(NOW.getTime() - WEEK_MS));

  it("gives every complete week enough survey answers for a digest, oldest week first", () => {
    for (let w = 1; w <= 8; w++) {
      const week = isoWeek(new Date(NOW.getTime() - w * WEEK_MS));
      const inWeek = history.filter((i) => i.occurredAt && isoWeek(i.occurredAt) === week);
      expect(inWeek.filter((i) => i.channel === "nps").length, week).toBeGreaterThanOrEqual(30);
      expect(inWeek.filter((i) => i.channel === "csat").length, week).toBeGreaterThanOrEqual(30);
    }
    const first = history[0]?.occurredAt ?? "";
    const last = history.at(-1)?.occurredAt ?? "";
    expect(first < last).toBe(true);
  });

  it("loads idempotently: every item has a unique sourceId, and it is the same every time", () => {
    const ids = history.map((i) => i.sourceId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(demoHistory(NOW)).toEqual(history);
  });

  it("makes last week's NPS dip against the weeks before it", () => {
    const nps = (week: string) => {
      const scores = history
        .filter((i) => i.channel === "nps" && i.occurredAt && isoWeek(i.occurredAt) === week)
        .map((i) => (i.channel === "nps" ? i.score : 0));
      return (100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length;
    };
    const earlier = [2, 3, 4, 5].map((w) => nps(isoWeek(new Date(NOW.getTime() - w * WEEK_MS))));
    expect(nps(lastWeek)).toBeLessThan(Math.min(...earlier));
  });
});
