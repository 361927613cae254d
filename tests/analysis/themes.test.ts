import { describe, expect, it } from "vitest";
import { isClearlyAbout, readThemes, stem, tagThemes } from "#shared/analysis/model/themes";
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
    expect(defaultTaxonomy.version).toBe("2026-12-3");
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

  it("reads an app or search bug as usability, not product quality (issue 13)", () => {
    for (const text of [
      "搜索功能不好用，想要的商品根本搜不到",
      "App 结算页面一直转圈",
      "更新后界面全乱了，找不到订单入口",
      "Search is broken, typing milk shows me phone cases",
      "The app is not working since the update",
      "The website's checkout page keeps crashing",
    ]) {
      const themes = tagThemes(text, /[\u4e00-\u9fff]/.test(text) ? "zh-Hans" : "en");
      expect(themes, text).toContain("usability");
      expect(themes, text).not.toContain("product_quality");
    }
    // A broken product still is product quality.
    expect(tagThemes("买的台灯用了两天就坏了", "zh-Hans")).toContain("product_quality");
    expect(tagThemes("The blender arrived broken and the lid is cracked", "en")).toContain("product_quality");
  });

  it("does not read a price or a feeling as the ambience, nor a double charge as the price", () => {
    expect(tagThemes("The sale price vanished at checkout, feels like a scam", "en")).not.toContain("environment");
    expect(tagThemes("Nice place, the prices are fair", "en")).toEqual(["price", "environment"]);
    expect(tagThemes("I was charged twice for one order", "en")).not.toContain("price");
    expect(tagThemes("被扣了两次钱，到现在一分钱没退", "zh-Hans")).not.toContain("price");
    expect(tagThemes("这家太贵了，人均三百", "zh-Hans")).toContain("price");
    expect(tagThemes("Their after-sales team swapped it in two days", "en")).toEqual(["service"]);
  });

  it("does not read waiting for a call, a reply or a refund as a late delivery", () => {
    for (const text of [
      "等了40分钟才有人接电话",
      "客服回复很快",
      "退款十分钟就到账了",
      "凑满减凑了半天",
      "说好会回电，等了两天",
    ]) {
      expect(tagThemes(text, "zh-Hans"), text).not.toContain("delivery");
    }
    expect(tagThemes("等了一个多小时外卖才到", "zh-Hans")).toContain("delivery");
    expect(tagThemes("次日达，第二天就到了", "zh-Hans")).toContain("delivery");
    expect(tagThemes("从地铁站出口走过去五分钟就到了", "zh-Hans")).not.toContain("delivery");
  });

  it("does not take a single character out of another word (界面 is no noodle, 塑料 no sauce)", () => {
    expect(tagThemes("界面好看，下单方便", "zh-Hans")).not.toContain("product_quality");
    expect(tagThemes("用了三层塑料袋", "zh-Hans")).not.toContain("product_quality");
    expect(tagThemes("面条太咸了", "zh-Hans")).toContain("product_quality");
  });

  it("tells the themes a text is clearly about from those a weak word suggests", () => {
    // One character ("面") or a generic noun is a hint; "口味" or "delivery" is clear.
    expect(readThemes("面有点多", "zh-Hans")).toEqual({ themes: ["product_quality"], confident: [] });
    expect(readThemes("口味一般，面有点软", "zh-Hans").confident).toEqual(["product_quality"]);
    expect(readThemes("面太咸", "zh-Hans").confident).toEqual(["product_quality"]);
    expect(readThemes("The delivery was late", "en").confident).toEqual(["delivery"]);
    expect(readThemes("We waited", "en")).toEqual({ themes: ["delivery"], confident: [] });
    const quality = defaultTaxonomy.themes.find((t) => t.id === "product_quality");
    if (!quality) throw new Error("product_quality is a default theme");
    expect(isClearlyAbout("菜品味道很差", "zh-Hans", quality)).toBe(true);
    expect(isClearlyAbout("商品搜不到", "zh-Hans", quality)).toBe(false);
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
