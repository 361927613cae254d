import { beforeEach, describe, expect, it } from "vitest";
import {
  type ComprehendAnalyzer,
  reportedLanguage,
  toSentimentLanguage,
  truncateUtf8,
} from "#shared/analysis/adapters/comprehend-analyzer";
import { isAnalysisFailure } from "#shared/analysis/ports/analyzer";
import {
  bytes,
  comprehend,
  detectInputs,
  failed,
  LONE_SURROGATE,
  ok,
  resetComprehend,
  sentimentInputs,
} from "./fake-comprehend.ts";

/** What ComprehendAnalyzer sends (chunks, languages, truncation, blanks) and the order it answers in. */

let analyzer: ComprehendAnalyzer;

beforeEach(() => {
  ({ analyzer } = resetComprehend());
});

describe("ComprehendAnalyzer request shapes", () => {
  it("is named comprehend", () => {
    expect(analyzer.name).toBe("comprehend");
  });

  it("detects languages in chunks of 25 and sentiment in chunks of 25 per language", async () => {
    const requests = Array.from({ length: 60 }, (_, i) => ({ id: `r${i}`, text: `feedback number ${i}, I love it` }));
    const results = await analyzer.analyze(requests);

    expect(detectInputs().map((i) => i.TextList?.length)).toEqual([25, 25, 10]);
    expect(detectInputs().flatMap((i) => i.TextList)).toEqual(requests.map((r) => r.text));
    expect(sentimentInputs().map((i) => [i.LanguageCode, i.TextList?.length])).toEqual([
      ["en", 25],
      ["en", 25],
      ["en", 10],
    ]);
    expect(results.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(results.every((r) => !isAnalysisFailure(r))).toBe(true);
  });

  it("groups texts by language into separate sentiment calls with the right LanguageCode", async () => {
    const results = await analyzer.analyze([
      { id: "en1", text: "I love the new checkout" },
      { id: "es1", text: "[es] me encanta, love" },
      { id: "zh1", text: "[zh] 我很喜欢 love" },
      { id: "tw1", text: "[zh-TW] 我很喜歡 but slow" },
      { id: "es2", text: "[es] lo odio, hate" },
      { id: "en2", text: "I hate waiting" },
      { id: "pt1", text: "[pt-BR] adorei, love" },
    ]);

    const calls = sentimentInputs();
    expect(calls).toEqual([
      { LanguageCode: "en", TextList: ["I love the new checkout", "I hate waiting"] },
      { LanguageCode: "es", TextList: ["[es] me encanta, love", "[es] lo odio, hate"] },
      { LanguageCode: "zh", TextList: ["[zh] 我很喜欢 love"] },
      { LanguageCode: "zh-TW", TextList: ["[zh-TW] 我很喜歡 but slow"] },
      { LanguageCode: "pt", TextList: ["[pt-BR] adorei, love"] },
    ]);
    expect(results.map((r) => [r.id, ok(r).language, ok(r).sentiment])).toEqual([
      ["en1", "en", "POSITIVE"],
      ["es1", "es", "POSITIVE"],
      ["zh1", "zh-Hans", "POSITIVE"],
      ["tw1", "zh-Hant", "MIXED"],
      ["es2", "es", "NEGATIVE"],
      ["en2", "en", "NEGATIVE"],
      ["pt1", "pt", "POSITIVE"],
    ]);
  });

  it("truncates texts to 5,000 UTF-8 bytes without breaking a Chinese character or an emoji", async () => {
    const chinese = `[zh] ${"好".repeat(2_000)}`; // 5 + 6,000 bytes
    const emoji = `a${"😀".repeat(1_500)}`; // 1 + 6,000 bytes, each emoji a surrogate pair
    const mixed = `${"x".repeat(4_998)}é😀`; // the 2-byte é fits exactly, the emoji does not
    const short = "short and fine";
    await analyzer.analyze([
      { id: "zh", text: chinese },
      { id: "emoji", text: emoji },
      { id: "mixed", text: mixed },
      { id: "short", text: short },
    ]);

    const sent = [
      ...detectInputs().flatMap((i) => i.TextList ?? []),
      ...sentimentInputs().flatMap((i) => i.TextList ?? []),
    ];
    expect(sent).toHaveLength(8);
    for (const text of sent) {
      expect(bytes(text)).toBeLessThanOrEqual(5_000);
      expect(text).not.toMatch(LONE_SURROGATE);
      expect(text).not.toContain("\uFFFD");
    }

    const [detected] = detectInputs();
    expect(detected?.TextList).toEqual([
      `[zh] ${"好".repeat(1_665)}`, // 5 + 4,995 bytes
      `a${"😀".repeat(1_249)}`, // 1 + 4,996 bytes
      `${"x".repeat(4_998)}é`,
      short,
    ]);
    // Sentiment gets the same truncated texts as detection.
    expect(
      sentimentInputs()
        .flatMap((i) => i.TextList ?? [])
        .sort(),
    ).toEqual([...(detected?.TextList ?? [])].sort());
  });

  it("does not send empty or whitespace-only texts and reports them NEUTRAL", async () => {
    const results = await analyzer.analyze([
      { id: "blank", text: "   \n\t " },
      { id: "real", text: "I love it" },
      { id: "empty", text: "", localeHint: "zh-Hant" },
    ]);

    expect(detectInputs()).toEqual([{ TextList: ["I love it"] }]);
    expect(sentimentInputs()).toEqual([{ LanguageCode: "en", TextList: ["I love it"] }]);
    expect(ok(results[0])).toEqual({
      id: "blank",
      language: "und",
      sentiment: "NEUTRAL",
      scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
      engine: "comprehend",
    });
    expect(ok(results[1]).sentiment).toBe("POSITIVE");
    expect(ok(results[2])).toMatchObject({ id: "empty", language: "zh-Hant", sentiment: "NEUTRAL" });
  });

  it("makes no calls when every text is blank", async () => {
    const results = await analyzer.analyze([{ id: "a", text: " " }]);
    expect(comprehend.calls()).toHaveLength(0);
    expect(ok(results[0]).sentiment).toBe("NEUTRAL");
    expect(await analyzer.analyze([])).toEqual([]);
  });
});

describe("ComprehendAnalyzer ordering", () => {
  it("returns one result per request in input order across languages, blanks, failures and chunks", async () => {
    const languages = ["en", "es", "zh", "nl", "ja", "zh-TW", "fr"];
    const requests = Array.from({ length: 80 }, (_, i) => {
      const lang = languages[i % languages.length] ?? "en";
      return { id: `id-${i}`, text: i % 11 === 0 ? "  " : `[${lang}] text ${i} love` };
    });
    const results = await analyzer.analyze(requests);

    expect(results).toHaveLength(requests.length);
    expect(results.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    results.forEach((r, i) => {
      const lang = languages[i % languages.length];
      if (i % 11 === 0) expect(ok(r).sentiment).toBe("NEUTRAL");
      else if (lang === "nl") expect(failed(r).error.code).toBe("UnsupportedLanguage");
      else expect(ok(r).language).toBe(reportedLanguage(toSentimentLanguage(lang ?? "") ?? "en"));
    });
    for (const call of sentimentInputs()) expect(call.TextList?.length).toBeLessThanOrEqual(25);
  });
});

describe("helpers", () => {
  it("truncateUtf8 cuts between code points", () => {
    expect(truncateUtf8("abc", 5)).toBe("abc");
    expect(truncateUtf8("ab😀", 5)).toBe("ab"); // the 4-byte emoji would make 6
    expect(truncateUtf8("ab😀", 6)).toBe("ab😀");
    expect(truncateUtf8("中文字", 8)).toBe("中文");
    expect(truncateUtf8("é".repeat(3), 5)).toBe("éé");
  });

  it("toSentimentLanguage maps BCP 47 tags to Comprehend sentiment codes", () => {
    expect(toSentimentLanguage("en-US")).toBe("en");
    expect(toSentimentLanguage("pt_BR")).toBe("pt");
    expect(toSentimentLanguage("zh")).toBe("zh");
    expect(toSentimentLanguage("zh-CN")).toBe("zh");
    expect(toSentimentLanguage("zh-Hans")).toBe("zh");
    expect(toSentimentLanguage("zh-Hans-HK")).toBe("zh");
    expect(toSentimentLanguage("zh-TW")).toBe("zh-TW");
    expect(toSentimentLanguage("zh-Hant")).toBe("zh-TW");
    expect(toSentimentLanguage("zh-HK")).toBe("zh-TW");
    expect(toSentimentLanguage("nl")).toBeUndefined();
    expect(toSentimentLanguage("")).toBeUndefined();
  });
});
