import { describe, expect, it } from "vitest";
import { analyzeText, detectLanguage, LOCAL_ENGINE, LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { isAnalysisFailure, type TextAnalysis } from "#shared/analysis/ports/analyzer";

const analyzer = new LocalAnalyzer();

async function one(text: string, localeHint?: string): Promise<TextAnalysis> {
  const [result] = await analyzer.analyze([{ id: "x", text, localeHint }]);
  if (!result || isAnalysisFailure(result)) throw new Error("expected an analysis");
  return result;
}

const sentiment = (text: string) => analyzeText(text).sentiment;

describe("LocalAnalyzer", () => {
  it("answers in input order with the engine name and scores that sum to one", async () => {
    const texts = ["Love it!", "Terrible service", "", "送餐太慢了", "What time do you open?"];
    const results = await analyzer.analyze(texts.map((text, i) => ({ id: `r${i}`, text })));
    expect(analyzer.name).toBe("local");
    expect(results.map((r) => r.id)).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    for (const r of results) {
      if (isAnalysisFailure(r)) throw new Error("unexpected failure");
      expect(r.engine).toBe(LOCAL_ENGINE);
      const { positive, negative, neutral, mixed } = r.scores;
      expect(positive + negative + neutral + mixed).toBeCloseTo(1, 2);
      for (const s of [positive, negative, neutral, mixed]) expect(s).toBeGreaterThanOrEqual(0);
    }
    expect(await analyzer.analyze([])).toEqual([]);
  });

  it("gives the verdict the largest score", async () => {
    for (const text of ["Great!", "awful", "ok", "great food but the waiter was rude"]) {
      const r = await one(text);
      const key = r.sentiment.toLowerCase() as keyof typeof r.scores;
      expect(Math.max(...Object.values(r.scores))).toBe(r.scores[key]);
    }
  });

  it("reads a complaint about a missing refund as negative", async () => {
    const r = await one("still no refund after 3 weeks");
    expect(r.sentiment).toBe("NEGATIVE");
    expect(r.language).toBe("en");
  });

  it("reads complaints that contain no sentiment words as negative", () => {
    for (const text of [
      "been on hold for 2 hours",
      "where is my bag??",
      "They cancelled my flight and nobody called me",
      "my package never arrived",
      "the app doesn't work since the update",
      "订单三天了还没发货",
      "等了一个小时",
      "客服不回复",
      "说好的加辣，结果一点辣味都没有",
    ]) {
      expect(sentiment(text), text).toBe("NEGATIVE");
    }
  });

  it("reads praise as positive", () => {
    for (const text of [
      "Thanks, the agent was super helpful!",
      "Arrived a day early and works perfectly",
      "服务很热情，菜也很好吃👍",
      "物流很快，质量不错，下次还会再来",
    ]) {
      expect(sentiment(text), text).toBe("POSITIVE");
    }
  });

  it("handles negation in both languages", () => {
    expect(sentiment("The soup was not good")).toBe("NEGATIVE");
    expect(sentiment("not bad at all")).toBe("POSITIVE");
    expect(sentiment("味道不好")).toBe("NEGATIVE");
    expect(sentiment("这家的菜不是很新鲜")).toBe("NEGATIVE");
    expect(sentiment("没有一道菜不好吃")).toBe("POSITIVE");
  });

  it("weighs what comes after 'but' more", () => {
    expect(sentiment("The room was fine but the staff ignored us for an hour")).toBe("NEGATIVE");
    expect(sentiment("A little pricey, but absolutely worth it, fantastic meal")).toBe("POSITIVE");
    expect(sentiment("包装还行，但是送到的时候饭菜都凉了，很失望")).toBe("NEGATIVE");
  });

  it("calls strong praise and a strong complaint together mixed", () => {
    expect(sentiment("great food but the waiter was rude")).toBe("MIXED");
    expect(sentiment("菜很好吃，但是服务员态度太差了")).toBe("MIXED");
  });

  it("slow delivery in Chinese is negative, in either script", async () => {
    const simplified = await one("送餐太慢了，等了一个半小时");
    const traditional = await one("送餐太慢了，等了一個半小時");
    expect(simplified.sentiment).toBe("NEGATIVE");
    expect(simplified.language).toBe("zh-Hans");
    expect(traditional.language).toBe("zh-Hant");
    expect(traditional.sentiment).toBe(simplified.sentiment);
    expect(traditional.scores).toEqual(simplified.scores);
  });

  it("gives traditional Chinese the same verdict as simplified", () => {
    const pairs = [
      ["服务态度很好，环境干净，价格实惠", "服務態度很好，環境乾淨，價格實惠"],
      ["质量太差了，用了两天就坏了，要求退货", "質量太差了，用了兩天就壞了，要求退貨"],
      ["客服一直不回复，太失望了", "客服一直不回覆，太失望了"],
    ] as const;
    for (const [simplified, traditional] of pairs) {
      expect(analyzeText(traditional)).toEqual(analyzeText(simplified));
    }
  });

  it("treats empty-ish and factual texts as neutral", () => {
    for (const text of ["", "   ", ".", "ok", "Order 12345", "I flew to Denver on Tuesday", "我昨天下午点的"]) {
      expect(sentiment(text), JSON.stringify(text)).toBe("NEUTRAL");
    }
  });

  it("reads emoji and emoticons", () => {
    expect(sentiment("👍👍")).toBe("POSITIVE");
    expect(sentiment("😡😡")).toBe("NEGATIVE");
    expect(sentiment("delivered today :)")).toBe("POSITIVE");
    expect(sentiment("delivered today :(")).toBe("NEGATIVE");
  });

  it("keeps praise positive when a minor complaint follows it", () => {
    expect(sentiment("房间很干净，服务也很热情，早餐很丰富，就是隔音有点差")).toBe("POSITIVE");
    expect(sentiment("位置不错，早餐一般，房间有点旧，总的来说还是很满意的")).toBe("POSITIVE");
    // Without praise before it, the complaint after "就是" keeps its full weight.
    expect(sentiment("就是太慢了，等了两个小时")).toBe("NEGATIVE");
    // A summary verdict decides against the details before it, either way.
    expect(sentiment("房间很大，位置也好，总的来说很失望，服务太差")).toBe("NEGATIVE");
  });

  it("does not take a wish for praise", () => {
    expect(sentiment("It would be nice if someone answered the phone")).not.toBe("POSITIVE");
  });

  it("stays fast on short texts", () => {
    const texts = ["Flight delayed again, no updates", "送餐很快，味道不错", "great value, friendly staff"];
    const n = 3_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) analyzeText(texts[i % 3] as string);
    const perSecond = n / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(5_000);
  });
});

describe("detectLanguage", () => {
  it("detects English and Chinese scripts", () => {
    expect(detectLanguage("The delivery was late again")).toBe("en");
    expect(detectLanguage("快递太慢了")).toBe("zh-Hans");
    expect(detectLanguage("快遞太慢了")).toBe("zh-Hant");
    expect(detectLanguage("这个APP很好用")).toBe("zh-Hans");
  });

  it("detects other languages best-effort", () => {
    expect(detectLanguage("配達がとても遅かったです")).toBe("ja");
    expect(detectLanguage("배송이 너무 늦었어요")).toBe("ko");
    expect(detectLanguage("El pedido llegó muy tarde y la comida estaba fría")).toBe("es");
    expect(detectLanguage("Доставка была очень медленной")).toBe("ru");
    expect(detectLanguage("👍")).toBe("und");
  });

  it("uses the locale hint only to break ties", () => {
    expect(detectLanguage("味道可以", "zh-TW")).toBe("zh-Hant");
    expect(detectLanguage("味道可以")).toBe("zh-Hans");
    expect(detectLanguage("味道還可以", "zh-Hans")).toBe("zh-Hant");
    expect(detectLanguage("👍", "fr-FR")).toBe("fr");
    expect(detectLanguage("The food was cold", "zh-Hans")).toBe("en");
  });
});
