import { describe, expect, it } from "vitest";
import { FeedbackInput, feedbackText } from "#shared/domain/feedback";
import { demoWeek } from "#shared/local/demo-data";

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
