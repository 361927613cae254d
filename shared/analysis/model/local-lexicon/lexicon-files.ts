import * as z from "zod";

/**
 * The format of each file in shared/analysis/lexicon/, as zod schemas. The files are bundled with the
 * code, so they are checked when the code is: the compiler checks their shape where lexicons.ts
 * imports them, and tests/analysis/lexicon.test.ts parses them with these schemas (word formats, one
 * code point per emoji). Nothing parses them at run time: that would only slow every cold start.
 */

/** A word exactly as the English tokenizer yields it: lower case, at most one inner apostrophe. */
const EnglishToken = z.string().regex(/^[a-z0-9]+(?:'[a-z]+)?$/, "an English entry must be one lower-case token");
const Weight = z.number().finite();
const EnglishWords = z.array(EnglishToken).min(1);

export const EnglishLexiconFile = z.strictObject({
  sentiment: z.record(EnglishToken, Weight),
  negators: EnglishWords,
  intensifiers: z.record(EnglishToken, Weight),
  scoringIntensifiers: EnglishWords,
  modals: EnglishWords,
  contrast: EnglishWords,
  concessive: EnglishWords,
  likeAsComparisonAfter: EnglishWords,
});
export type EnglishLexiconFile = z.infer<typeof EnglishLexiconFile>;

/** An entry: lower-case words; `'` also matches a missing apostrophe; `?` makes the letter or space before it optional. */
const Phrase = z
  .string()
  .regex(/^[a-z0-9][a-z0-9 '?/-]*$/, "a phrase holds lower-case words, spaces, ' - / and ?")
  .refine((s) => !s.includes("'?"), "write the apostrophe alone: it already matches text without one");
const Phrases = z.array(Phrase).min(1);

/** The open vocabulary of the English patterns, one list per place in english-patterns.ts. */
export const EnglishPhrasesFile = z.strictObject({
  afterStill: Phrases,
  onHold: Phrases,
  afterNo: Phrases,
  notDone: Phrases,
  cannotDo: Phrases,
  notWorking: Phrases,
  disbelief: Phrases,
  neverAgain: Phrases,
  demands: Phrases,
  wrongItems: Phrases,
  lostItems: Phrases,
  refusals: Phrases,
  thanks: Phrases,
  praise: Phrases,
});
export type EnglishPhrasesFile = z.infer<typeof EnglishPhrasesFile>;

const ChineseWord = z.string().regex(/^[^\s，。！？；、,.!?;~～…：:（）()【】[\]]+$/, "no spaces or punctuation");
const ChineseWords = z.array(ChineseWord).min(1);

export const ChineseLexiconFile = z.strictObject({
  sentiment: z.record(ChineseWord, Weight),
  neutral: ChineseWords,
  negators: z.record(ChineseWord, Weight),
  intensifiers: z.record(ChineseWord, Weight),
  contrast: ChineseWords,
  concession: ChineseWords,
  summary: ChineseWords,
});
export type ChineseLexiconFile = z.infer<typeof ChineseLexiconFile>;

/** One code point at or above U+2600, where the emoji scan looks (no variation selector, no ZWJ sequence). */
const Emoji = z
  .string()
  .refine(
    (s) => [...s].length === 1 && (s.codePointAt(0) as number) >= 0x2600,
    "one emoji code point, U+2600 or above",
  );
export const EmojiFile = z.strictObject({ positive: z.array(Emoji), negative: z.array(Emoji) });
export type EmojiFile = z.infer<typeof EmojiFile>;

/** Language code -> its most frequent function words, lower case. */
export const StopwordsFile = z.record(z.string().regex(/^[a-z]{2}$/), z.array(z.string().regex(/^[a-zà-ÿ']+$/)).min(1));
export type StopwordsFile = z.infer<typeof StopwordsFile>;
