import { describe, expect, it } from "vitest";
import type { Report, SetReport } from "../../tools/eval/eval.ts";
import { checkFloors, FLOORS, type Floor, floorTable, missedFloors } from "../../tools/eval/eval-floors.ts";

const set = (accuracy: number, themes: Record<string, number> = {}): SetReport => ({
  rows: 100,
  classes: ["negative", "positive"],
  sentiment: { accuracy, macroF1: accuracy, confusion: {} },
  languageAccuracy: 1,
  themes: Object.fromEntries(
    Object.entries(themes).map(([id, f1]) => [id, { precision: f1, recall: f1, f1, support: 10 }]),
  ),
  themeRows: 100,
  itemsPerSecond: 50_000,
  shortTexts: 100,
});

/** A report that meets every floor in FLOORS. */
const passing = (): Report => ({
  data: "/data",
  analyzer: "test",
  itemsPerSecond: 40_000,
  shortTexts: 1000,
  sets: {
    en_airline: set(0.7, { delivery: 0.8, service: 0.75, product_quality: 0.8, usability: 0.8 }),
    en_uci_reviews: set(0.8),
    en_semeval14_restaurants: set(0.6, { product_quality: 0.8, service: 0.8, price: 0.75, environment: 0.8 }),
    zh_waimai: set(0.85),
    zh_waimai_traditional: set(0.84),
    zh_chnsenticorp_hotels: set(0.82),
    zh_online_shopping: set(0.85),
    zh_asap_restaurants: set(0.8, {
      delivery: 0.85,
      service: 0.9,
      price: 0.9,
      environment: 0.85,
      product_quality: 0.96,
    }),
  },
  demoWeek: {
    rows: 108,
    themes: set(1, {
      delivery: 0.9,
      service: 0.9,
      product_quality: 0.9,
      usability: 0.9,
      price: 0.9,
      payment: 0.9,
      refund: 0.95,
    }).themes,
  },
});

describe("checkFloors", () => {
  it("passes a report that meets every floor", () => {
    const results = checkFloors(passing());
    expect(results.every((r) => r.pass)).toBe(true);
    expect(missedFloors(results)).toEqual([]);
    expect(floorTable(results)).toContain("PASS");
    expect(floorTable(results)).not.toContain("FAIL");
  });

  it("fails a report that lacks a set or a theme a floor needs", () => {
    const report = passing();
    delete report.sets.zh_online_shopping;
    delete (report.sets.en_airline as SetReport).themes.service;
    delete report.demoWeek;
    const missed = missedFloors(checkFloors(report));
    expect(missed).toEqual([
      "zh_online_shopping sentiment accuracy: missing < floor 0.780",
      "en_airline theme service F1: missing < floor 0.700",
      "en_airline theme service precision: missing < floor 0.680",
      ...FLOORS.flatMap((f) =>
        f.kind === "demoWeekPrecision"
          ? [`demo week theme ${f.theme} precision: missing < floor ${f.floor.toFixed(3)}`]
          : [],
      ),
    ]);
  });

  it("fails every theme of a set below the every-theme floor, and a set with no themes at all", () => {
    const report = passing();
    (report.sets.zh_asap_restaurants as SetReport).themes.delivery = { precision: 1, recall: 0.5, f1: 0.7, support: 4 };
    expect(missedFloors(checkFloors(report))).toEqual(["zh_asap_restaurants theme delivery F1: 0.700 < floor 0.800"]);
    (report.sets.zh_asap_restaurants as SetReport).themes = {};
    expect(missedFloors(checkFloors(report))).toContain("zh_asap_restaurants every theme F1: missing < floor 0.800");
  });

  it("holds each theme's precision to its floor: what is shown under a theme is about it", () => {
    const report = passing();
    (report.sets.en_semeval14_restaurants as SetReport).themes.environment = {
      precision: 0.3,
      recall: 0.9,
      f1: 0.45,
      support: 20,
    };
    expect(missedFloors(checkFloors(report))).toEqual([
      "en_semeval14_restaurants theme environment precision: 0.300 < floor 0.680",
    ]);
  });

  it("keeps traditional Chinese within 0.02 of simplified, in either direction", () => {
    const report = passing();
    (report.sets.zh_waimai_traditional as SetReport).sentiment.accuracy = 0.83;
    expect(missedFloors(checkFloors(report))).toEqual([]);
    (report.sets.zh_waimai_traditional as SetReport).sentiment.accuracy = 0.82;
    expect(missedFloors(checkFloors(report))).toEqual([
      "zh_waimai_traditional accuracy gap to zh_waimai: 0.030 > floor 0.020",
    ]);
    (report.sets.zh_waimai_traditional as SetReport).sentiment.accuracy = 0.9;
    expect(missedFloors(checkFloors(report))).toHaveLength(1);
    delete report.sets.zh_waimai;
    expect(missedFloors(checkFloors(report))).toContain(
      "zh_waimai_traditional accuracy gap to zh_waimai: missing > floor 0.020",
    );
  });

  it("checks items per second and tells a met goal from a met floor", () => {
    const report = passing();
    report.itemsPerSecond = 4_000;
    expect(missedFloors(checkFloors(report))).toEqual(["items/s, short texts, one core: 4000 < floor 5000"]);
    report.itemsPerSecond = Number.NaN;
    expect(missedFloors(checkFloors(report))).toHaveLength(1);
    report.itemsPerSecond = 40_000;
    const speed = checkFloors(report).find((r) => r.metric.startsWith("items/s"));
    expect(speed).toMatchObject({ pass: true, goalMet: true });
    const airline = checkFloors(report).find((r) => r.metric === "en_airline theme delivery F1");
    expect(airline).toMatchObject({ pass: true, goalMet: false });
  });

  it("takes a custom floor table", () => {
    const floors: Floor[] = [{ kind: "accuracy", set: "en_uci_reviews", floor: 0.9, goal: 0.95 }];
    expect(missedFloors(checkFloors(passing(), floors))).toEqual([
      "en_uci_reviews sentiment accuracy: 0.800 < floor 0.900",
    ]);
  });

  it("names every set the floors need by its file name", () => {
    const sets = new Set(FLOORS.flatMap((f) => ("set" in f ? [f.set] : [])));
    expect([...sets].sort()).toEqual([
      "en_airline",
      "en_semeval14_restaurants",
      "en_uci_reviews",
      "zh_asap_restaurants",
      "zh_chnsenticorp_hotels",
      "zh_online_shopping",
      "zh_waimai",
      "zh_waimai_traditional",
    ]);
  });
});
