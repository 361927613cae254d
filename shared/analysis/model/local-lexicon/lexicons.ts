import emojiJson from "../../lexicon/emoji.json" with { type: "json" };
import enJson from "../../lexicon/en.json" with { type: "json" };
import enPhrasesJson from "../../lexicon/en-phrases.json" with { type: "json" };
import stopwordsJson from "../../lexicon/stopwords.json" with { type: "json" };
import zhJson from "../../lexicon/zh.json" with { type: "json" };
import { stem } from "../themes.ts";
import { compileEnglishPatterns, type EnglishPattern } from "./english-patterns.ts";
import type {
  ChineseLexiconFile,
  EmojiFile,
  EnglishLexiconFile,
  EnglishPhrasesFile,
  StopwordsFile,
} from "./lexicon-files.ts";

/**
 * The word lists of the offline analyzer, from shared/analysis/lexicon/*.json (their meaning and
 * format: the README there; their schemas: lexicon-files.ts). They are compiled on first use and
 * shared by every instance, so importing the analyzer costs no more than the JSON itself.
 */

// Typed here so that the compiler checks the shape of each file.
const enFile: EnglishLexiconFile = enJson;
const enPhrases: EnglishPhrasesFile = enPhrasesJson;
const zhFile: ChineseLexiconFile = zhJson;
const emoji: EmojiFile = emojiJson;
const stopwordsFile: StopwordsFile = stopwordsJson;

/** The files as read, by name, for the tests that check them against lexicon-files.ts. */
export const lexiconFiles = {
  "en.json": enFile,
  "en-phrases.json": enPhrases,
  "zh.json": zhFile,
  "emoji.json": emoji,
  "stopwords.json": stopwordsFile,
} as const;

/** What a Chinese entry does when the scan meets it. */
export const ZhKind = {
  Sentiment: 0,
  Negator: 1,
  Intensifier: 2,
  Contrast: 3,
  Concession: 4,
  Neutral: 5,
  Summary: 6,
} as const;
export type ZhKind = (typeof ZhKind)[keyof typeof ZhKind];

export interface ZhEntry {
  word: string;
  kind: ZhKind;
  value: number;
}

export interface EnglishLexicon {
  /** Sentiment words, plus the stem of each (the first word listed with a stem gives it its value). */
  words: Map<string, number>;
  negators: Set<string>;
  intensifiers: Map<string, number>;
  /** Intensifiers that also score as sentiment words ("fucking great"). */
  scoringIntensifiers: Set<string>;
  modals: Set<string>;
  contrast: Set<string>;
  concessive: Set<string>;
  likeAsComparisonAfter: Set<string>;
  patterns: readonly EnglishPattern[];
}

export interface Lexicons {
  en: EnglishLexicon;
  /** Chinese entries by the code of their first character, longest first. */
  zh: Map<number, ZhEntry[]>;
  positiveEmoji: Set<number>;
  negativeEmoji: Set<number>;
  /** Function word -> the languages it belongs to, in the order of stopwords.json. */
  stopwords: Map<string, string[]>;
}

let lexicons: Lexicons | undefined;

export function lex(): Lexicons {
  if (!lexicons) lexicons = compile();
  return lexicons;
}

function compile(): Lexicons {
  const words = new Map<string, number>();
  for (const [word, value] of Object.entries(enFile.sentiment)) {
    words.set(word, value);
    const s = stem(word);
    if (s !== word && !words.has(s)) words.set(s, value);
  }
  const en: EnglishLexicon = {
    words,
    negators: new Set(enFile.negators),
    intensifiers: new Map(Object.entries(enFile.intensifiers)),
    scoringIntensifiers: new Set(enFile.scoringIntensifiers),
    modals: new Set(enFile.modals),
    contrast: new Set(enFile.contrast),
    concessive: new Set(enFile.concessive),
    likeAsComparisonAfter: new Set(enFile.likeAsComparisonAfter),
    patterns: compileEnglishPatterns(enPhrases),
  };

  // A word in several lists takes the kind of the last list added here: sentiment beats negator,
  // negator beats intensifier, and so on down to neutral.
  const zhAll = new Map<string, ZhEntry>();
  const add = (word: string, kind: ZhKind, value: number) => zhAll.set(word, { word, kind, value });
  for (const w of zhFile.neutral) add(w, ZhKind.Neutral, 0);
  for (const w of zhFile.concession) add(w, ZhKind.Concession, 0);
  for (const w of zhFile.summary) add(w, ZhKind.Summary, 0);
  for (const w of zhFile.contrast) add(w, ZhKind.Contrast, 0);
  for (const [w, v] of Object.entries(zhFile.intensifiers)) add(w, ZhKind.Intensifier, v);
  for (const [w, v] of Object.entries(zhFile.negators)) add(w, ZhKind.Negator, v);
  for (const [w, v] of Object.entries(zhFile.sentiment)) add(w, ZhKind.Sentiment, v);
  const zh = new Map<number, ZhEntry[]>();
  for (const entry of zhAll.values()) {
    const code = entry.word.charCodeAt(0);
    const list = zh.get(code) ?? [];
    list.push(entry);
    zh.set(code, list);
  }
  for (const list of zh.values()) list.sort((a, b) => b.word.length - a.word.length);

  const stopwords = new Map<string, string[]>();
  for (const [lang, list] of Object.entries(stopwordsFile)) {
    for (const w of list) stopwords.set(w, [...(stopwords.get(w) ?? []), lang]);
  }

  const codes = (list: readonly string[]) => new Set(list.map((c) => c.codePointAt(0) as number));
  return { en, zh, positiveEmoji: codes(emoji.positive), negativeEmoji: codes(emoji.negative), stopwords };
}
