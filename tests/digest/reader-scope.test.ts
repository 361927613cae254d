import { describe, expect, it } from "vitest";
import { inDigestScope, scopeLabel } from "#shared/digest/model/reader-scope";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const WEEK = "2026-W47";
const at = (occurredAt: string, themes: string[], touchpoint?: string) => ({ occurredAt, themes, touchpoint });
const inScope = (item: ReturnType<typeof at>, focus: Parameters<typeof inDigestScope>[1]) =>
  inDigestScope(item, focus, WEEK, defaultTaxonomy);

describe("what a subscription's readers may open", () => {
  it("holds to the ISO week, in UTC days as the digest samples them", () => {
    expect(inScope(at("2026-11-16T00:00:00.000Z", ["delivery"]), {})).toBe(true);
    expect(inScope(at("2026-11-22T23:59:59.999Z", ["delivery"]), {})).toBe(true);
    expect(inScope(at("2026-11-15T23:59:59.999Z", ["delivery"]), {})).toBe(false);
    expect(inScope(at("2026-11-23T00:00:00.000Z", ["delivery"]), {})).toBe(false);
    expect(inScope(at("not a date", ["delivery"]), {})).toBe(false);
  });

  it("holds to the team's themes, the followed themes (both when both are set) and the followed touchpoints", () => {
    const both = at("2026-11-18T07:04:00.000Z", ["refund", "delivery"], "delivery");
    expect(inScope(both, { team: "logistics" })).toBe(true);
    expect(inScope(both, { team: "after_sales" })).toBe(true);
    expect(inScope(both, { team: "quality" })).toBe(false);
    expect(inScope(both, { themes: ["payment", "refund"] })).toBe(true);
    expect(inScope(both, { team: "logistics", themes: ["refund"] })).toBe(false);
    expect(inScope(both, { touchpoints: ["delivery"] })).toBe(true);
    expect(inScope(both, { touchpoints: ["app"] })).toBe(false);
    expect(inScope(at("2026-11-18T07:04:00.000Z", ["delivery"]), { touchpoints: ["delivery"] })).toBe(false);
    // A comment with no theme belongs to the organization's digest only.
    expect(inScope(at("2026-11-18T07:04:00.000Z", []), {})).toBe(true);
    expect(inScope(at("2026-11-18T07:04:00.000Z", []), { team: "logistics" })).toBe(false);
  });

  it("names the scope in the reader's words", () => {
    expect(scopeLabel({}, defaultTaxonomy, "zh-Hant")).toBe("全部團隊");
    expect(scopeLabel({ themes: ["delivery"], touchpoints: ["delivery"] }, defaultTaxonomy, "en")).toBe(
      "Delivery & waiting · Delivery",
    );
    expect(scopeLabel({ team: "nobody" }, defaultTaxonomy, "zh-Hans")).toBe("nobody");
  });
});
