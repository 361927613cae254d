import { describe, expect, it } from "vitest";
import { isTraditional, toSimplified } from "#shared/domain/chinese";
import { defaultTaxonomy, stem, Taxonomy, tagThemes } from "#shared/domain/themes";

const theme = (id: string, en: string[], zh: string[] = []) => ({
  id,
  labels: { en: id, "zh-Hans": id, "zh-Hant": id },
  team: "team",
  keywords: { en, zh },
});

describe("default taxonomy", () => {
  it("is versioned and covers the tagging vocabulary the teams use", () => {
    expect(defaultTaxonomy.version).toBe("2026-11-1");
    const ids = defaultTaxonomy.themes.map((t) => t.id);
    for (const id of ["delivery", "service", "product_quality", "usability", "price", "environment"]) {
      expect(ids).toContain(id);
    }
    expect(ids).toEqual(expect.arrayContaining(["payment", "refund", "stock"]));
    for (const t of defaultTaxonomy.themes) {
      expect(t.team).not.toBe("");
      expect(t.keywords.en.length + t.keywords.zh.length).toBeGreaterThan(0);
    }
  });

  it("marks money problems as urgent", () => {
    const urgent = defaultTaxonomy.themes.filter((t) => t.urgent).map((t) => t.id);
    expect(urgent).toEqual(expect.arrayContaining(["payment", "refund"]));
  });
});

describe("Taxonomy schema", () => {
  it("rejects a theme without an id", () => {
    const { id: _id, ...noId } = theme("x", ["x"]);
    expect(Taxonomy.safeParse({ version: "1", themes: [noId] }).success).toBe(false);
  });

  it("rejects duplicate ids, bad ids and an empty theme list", () => {
    expect(Taxonomy.safeParse({ version: "1", themes: [theme("a", ["x"]), theme("a", ["y"])] }).success).toBe(false);
    expect(Taxonomy.safeParse({ version: "1", themes: [theme("Not Snake", ["x"])] }).success).toBe(false);
    expect(Taxonomy.safeParse({ version: "1", themes: [] }).success).toBe(false);
  });

  it("accepts a theme with keywords in only one language", () => {
    const parsed = Taxonomy.parse({
      version: "1",
      themes: [{ ...theme("a", []), keywords: { zh: ["停车"] } }],
    });
    expect(parsed.themes[0]?.keywords.en).toEqual([]);
  });
});

describe("tagThemes", () => {
  it("finds refunds in a complaint", () => {
    expect(tagThemes("Still no refund after 3 weeks", "en")).toContain("refund");
  });

  it("finds slow delivery in Chinese", () => {
    expect(tagThemes("送餐太慢了，等了一个半小时", "zh-Hans")).toContain("delivery");
  });

  it("tags traditional Chinese like simplified", () => {
    const simplified = tagThemes("服务员态度很差，价格也太贵了", "zh-Hans");
    const traditional = tagThemes("服務員態度很差，價格也太貴了", "zh-Hant");
    expect(simplified).toEqual(expect.arrayContaining(["service", "price"]));
    expect(traditional).toEqual(simplified);
  });

  it("returns every theme once, in taxonomy order", () => {
    const order = defaultTaxonomy.themes.map((t) => t.id);
    const found = tagThemes(
      "Great food but the waiter was rude, the waiter never came back and the food was cold",
      "en",
    );
    expect(found).toEqual(expect.arrayContaining(["product_quality", "service"]));
    expect(new Set(found).size).toBe(found.length);
    expect([...found].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(found);
  });

  it("matches inflections and phrases", () => {
    expect(tagThemes("They cancelled my flight and my bags were lost", "en")).toContain("delivery");
    expect(tagThemes("Way overpriced for what you get", "en")).toContain("price");
    expect(tagThemes("I was charged twice for one order", "en")).toContain("payment");
    expect(tagThemes("The size I wanted is out of stock again", "en")).toContain("stock");
    expect(tagThemes("How do I reset my password in the app?", "en")).toContain("usability");
  });

  it("does not match inside other words", () => {
    expect(tagThemes("Brilliant", "en")).not.toContain("environment");
    expect(tagThemes("the apple was fine", "en")).not.toContain("usability");
  });

  it("reads mixed-language feedback", () => {
    expect(tagThemes("APP一直闪退，refund 也没到账", "zh-Hans")).toEqual(
      expect.arrayContaining(["usability", "payment", "refund"]),
    );
  });

  it("uses a custom taxonomy and gives nothing for an empty text", () => {
    const custom = Taxonomy.parse({ version: "x", themes: [theme("parking", ["parking lot"], ["停车"])] });
    expect(tagThemes("No space in the parking lot", "en", custom)).toEqual(["parking"]);
    expect(tagThemes("停车很难", "zh-Hans", custom)).toEqual(["parking"]);
    expect(tagThemes("The parking was fine", "en", custom)).toEqual([]);
    expect(tagThemes("", "und")).toEqual([]);
  });
});

describe("stem", () => {
  it("brings inflected forms together", () => {
    expect(stem("cancelled")).toBe(stem("cancel"));
    expect(stem("prices")).toBe(stem("price"));
    expect(stem("priced")).toBe(stem("price"));
    expect(stem("waiting")).toBe(stem("wait"));
    expect(stem("deliveries")).toBe(stem("delivery"));
    expect(stem("called")).toBe(stem("call"));
  });
});

describe("Chinese script", () => {
  it("converts traditional to simplified and leaves the rest alone", () => {
    expect(toSimplified("這家餐廳的服務很好，外送員也準時")).toBe("这家餐厅的服务很好，外送员也准时");
    expect(toSimplified("plain text 123")).toBe("plain text 123");
    expect(toSimplified("已经是简体")).toBe("已经是简体");
  });

  it("tells traditional from simplified", () => {
    expect(isTraditional("退款還沒到帳")).toBe(true);
    expect(isTraditional("退款还没到账")).toBe(false);
    expect(isTraditional("hello")).toBe(false);
  });
});
