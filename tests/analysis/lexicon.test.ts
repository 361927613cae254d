import { describe, expect, it } from "vitest";
import { analyzeText } from "#shared/analysis/model/local-analyzer";
import {
  ChineseLexiconFile,
  EmojiFile,
  EnglishLexiconFile,
  EnglishPhrasesFile,
  StopwordsFile,
} from "#shared/analysis/model/local-lexicon/lexicon-files";
import { lexiconFiles } from "#shared/analysis/model/local-lexicon/lexicons";

/** The lexicon files are bundled data: checked here, once, instead of at every cold start. */
const files = [
  ["en.json", EnglishLexiconFile, lexiconFiles["en.json"]],
  ["en-phrases.json", EnglishPhrasesFile, lexiconFiles["en-phrases.json"]],
  ["zh.json", ChineseLexiconFile, lexiconFiles["zh.json"]],
  ["emoji.json", EmojiFile, lexiconFiles["emoji.json"]],
  ["stopwords.json", StopwordsFile, lexiconFiles["stopwords.json"]],
] as const;

/** Every list in a file, by name: its entries, or its keys for a list of weights. */
const listsOf = (data: object): Array<[string, string[]]> =>
  Object.entries(data).map(([list, value]) => [list, Array.isArray(value) ? value : Object.keys(value)]);

describe("lexicon files", () => {
  it.each(files)("%s has the documented format", (_name, schema, data) => {
    expect(schema.safeParse(data).error?.issues ?? []).toEqual([]);
  });

  it.each(files)("%s lists no entry twice in one list", (_name, _schema, data) => {
    const repeated = listsOf(data).flatMap(([list, entries]) =>
      entries.filter((e, i) => entries.indexOf(e) !== i).map((e) => `${list}: ${e}`),
    );
    expect(repeated).toEqual([]);
  });

  it("compiles into a working analyzer", () => {
    expect(analyzeText("still no refund, never again").sentiment).toBe("NEGATIVE");
    expect(analyzeText("will definitely be back, 10/10").sentiment).toBe("POSITIVE");
    expect(analyzeText("总的来说还是不错的 👍").sentiment).toBe("POSITIVE");
  });

  it("reads hate as a complaint and like as praise, unless like compares or asks", () => {
    expect(analyzeText("I hated it").sentiment).toBe("NEGATIVE");
    expect(analyzeText("She hates the new app").sentiment).toBe("NEGATIVE");
    expect(analyzeText("I like it").sentiment).toBe("POSITIVE");
    expect(analyzeText("I don't like the new menu").sentiment).toBe("NEGATIVE");
    expect(analyzeText("I would like a refund").sentiment).not.toBe("POSITIVE");
    expect(analyzeText("Looks like the courier got lost").sentiment).not.toBe("POSITIVE");
  });

  it("reads good value and buying again as praise in Chinese", () => {
    expect(analyzeText("性价比很高，还会再买").sentiment).toBe("POSITIVE");
    expect(analyzeText("会回购的").sentiment).toBe("POSITIVE");
    expect(analyzeText("不会再买了").sentiment).toBe("NEGATIVE");
  });
});
