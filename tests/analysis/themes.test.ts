import { describe, expect, it } from "vitest";
import { stem, tagThemes } from "#shared/analysis/model/themes";
import { isTraditional, toSimplified } from "#shared/kernel/chinese";
import { defaultTaxonomy, Taxonomy, withParents } from "#shared/taxonomy/taxonomy";

const theme = (id: string, en: string[], zh: string[] = []) => ({
  id,
  labels: { en: id, "zh-Hans": id, "zh-Hant": id },
  team: "team",
  keywords: { en, zh },
});

describe("default taxonomy", () => {
  it("is versioned and covers the tagging vocabulary the teams use", () => {
    expect(defaultTaxonomy.version).toBe("2026-12-1");
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

describe("Taxonomy schema: parents and keyword kinds", () => {
  it("accepts a parent that is a theme id and rejects unknown or looping parents", () => {
    const child = { ...theme("refund", ["refund"]), parent: "payment" };
    expect(Taxonomy.safeParse({ version: "1", themes: [theme("payment", ["pay"]), child] }).success).toBe(true);
    const unknown = Taxonomy.safeParse({ version: "1", themes: [child] });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(["themes", 0, "parent"]);
    const loop = [
      { ...theme("a", ["x"]), parent: "b" },
      { ...theme("b", ["y"]), parent: "a" },
    ];
    expect(Taxonomy.safeParse({ version: "1", themes: loop }).success).toBe(false);
    expect(Taxonomy.safeParse({ version: "1", themes: [{ ...theme("a", ["x"]), parent: "a" }] }).success).toBe(false);
  });

  it("parses a file written before parents and weak keywords existed", () => {
    const parsed = Taxonomy.parse({ version: "old", themes: [theme("delivery", ["late"], ["慢"])] });
    expect(parsed.themes[0]?.parent).toBeUndefined();
    expect(parsed.themes[0]?.weakKeywords).toBeUndefined();
    expect(tagThemes("always late", "en", parsed)).toEqual(["delivery"]);
  });

  it("gives every parent in the default taxonomy a real theme", () => {
    const ids = new Set(defaultTaxonomy.themes.map((t) => t.id));
    const withParent = defaultTaxonomy.themes.filter((t) => t.parent !== undefined);
    expect(withParent.length).toBeGreaterThan(0);
    for (const t of withParent) expect(ids.has(t.parent as string)).toBe(true);
  });

  it("adds ancestors with withParents, in taxonomy order", () => {
    const custom = Taxonomy.parse({
      version: "1",
      themes: [
        theme("money", ["$"]),
        { ...theme("payment", ["pay"]), parent: "money" },
        { ...theme("refund", ["refund"]), parent: "payment" },
      ],
    });
    expect(withParents(["refund"], custom)).toEqual(["money", "payment", "refund"]);
    expect(withParents([], custom)).toEqual([]);
  });

  it("counts weak keywords only without a blocker, and nothing inside an exclude phrase", () => {
    const custom = Taxonomy.parse({
      version: "1",
      themes: [
        {
          ...theme("delivery", ["parcel"], ["快递"]),
          weakKeywords: { en: ["hours"], zh: ["小时"] },
          blockers: { en: ["on hold"], zh: ["电话"] },
          exclude: { en: ["parcel of land"], zh: ["小时候"] },
        },
      ],
    });
    expect(tagThemes("Waited 3 hours for the driver", "en", custom)).toEqual(["delivery"]);
    expect(tagThemes("On hold for 3 hours", "en", custom)).toEqual([]);
    // A blocker cancels weak keywords only; a keyword still tags.
    expect(tagThemes("On hold for 3 hours about my parcel", "en", custom)).toEqual(["delivery"]);
    expect(tagThemes("They sold a parcel of land", "en", custom)).toEqual([]);
    expect(tagThemes("等了两个小时", "zh-Hans", custom)).toEqual(["delivery"]);
    expect(tagThemes("打电话等了一个小时", "zh-Hans", custom)).toEqual([]);
    expect(tagThemes("小时候的味道", "zh-Hans", custom)).toEqual([]);
    expect(tagThemes("小時候的味道，等了一小時", "zh-Hant", custom)).toEqual(["delivery"]);
  });
});

describe("tagThemes", () => {
  it("finds refunds in a complaint", () => {
    expect(tagThemes("Still no refund after 3 weeks", "en")).toContain("refund");
  });

  it("reads an order as what happened to it, not as the app (订单 is no usability word)", () => {
    // The README's first example: a late order is a delivery problem.
    expect(tagThemes("快递三天了还没到，订单一直显示待发货", "zh-Hans")).not.toContain("usability");
    expect(tagThemes("订单三天了还没发货", "zh-Hans")).toContain("delivery");
    expect(tagThemes("订单三天了还没发货", "zh-Hans")).not.toContain("usability");
    // Ordering in the app still is.
    expect(tagThemes("下单的时候小程序一直闪退", "zh-Hans")).toContain("usability");
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

  it("does not read a phone queue as a late delivery", () => {
    expect(tagThemes("On hold for 3 hours and nobody answers", "en")).not.toContain("delivery");
    expect(tagThemes("On hold for 3 hours and nobody answers", "en")).toContain("service");
    expect(tagThemes("Waited 3 hours at the gate, flight delayed again", "en")).toContain("delivery");
    expect(tagThemes("The wifi on board was so slow", "en")).not.toContain("delivery");
  });

  it("does not take staff words out of unrelated phrases", () => {
    expect(tagThemes("The app is not user friendly", "en")).not.toContain("service");
    expect(tagThemes("The staff were friendly", "en")).toContain("service");
    expect(tagThemes("Our flight was cancelled, I called three times", "en")).toEqual(["delivery"]);
  });

  it("does not read childhood or a gift as delivery in Chinese", () => {
    expect(tagThemes("吃到了小时候的味道，还赠送了小菜", "zh-Hans")).not.toContain("delivery");
    expect(tagThemes("上菜很慢，等了一个小时", "zh-Hans")).toContain("delivery");
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
