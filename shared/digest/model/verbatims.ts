import { isClearlyAbout, stemTokens } from "#shared/analysis/model/themes";
import { toSimplified } from "#shared/kernel/chinese";
import type { Theme } from "#shared/taxonomy/taxonomy";
import type { DigestSampleItem, Verbatim } from "./digest.ts";
import { isComplaint } from "./theme-ranking.ts";

/**
 * Quotes for the digest: the most telling negative comments of a theme, near-duplicates left out.
 *
 * What bounds the work (issue 12): a theme has at most as many candidates as the sample holds (700),
 * and each candidate costs at most a constant whatever its text: the picker reads only its first
 * QUOTE_SCORE_CHARS characters, keeps at most MAX_WORDS_PER_QUOTE words of them, and scores
 * closeness against the centroid in time linear in those words. Only the DEDUPE_CANDIDATES best
 * scored candidates are compared pairwise, each with at most QUOTE_SCORE_CHARS trigrams. See
 * docs/digest.md, "What bounds the work".
 */

/** Near-duplicate quotes: character-trigram Jaccard similarity at or above this. */
export const DUPLICATE_SIMILARITY = 0.6;

/**
 * Characters of a text the picker reads (for words, keywords and trigrams): what a reader sees, since
 * the email shows at most 1,000 characters of a quote (views/format.ts). Longer texts are judged by
 * that opening; the quote itself keeps its whole masked text. A text then has at most this many trigrams.
 */
export const QUOTE_SCORE_CHARS = 1_000;

/**
 * Distinct words (English stems, Chinese bigrams) kept per text for closeness, the first ones met.
 * An opening of QUOTE_SCORE_CHARS characters has no more words than characters, so this states the
 * bound rather than changing any score; closeness then costs at most this many steps per candidate.
 */
export const MAX_WORDS_PER_QUOTE = 1_000;

/**
 * Candidates per theme, best scored first, that are checked for near-duplicates; the rest are never
 * compared. A theme whose best 50 comments all repeat quotes already chosen gets fewer quotes.
 */
export const DEDUPE_CANDIDATES = 50;

/** Counts of the picker's work, for tests and the bench (each bounded by the constants above). */
export interface QuoteWork {
  /**
   * Comments checked for being clearly about a theme (its complaints tagged with it, at most the
   * sample size per theme), each by reading at most QUOTE_SCORE_CHARS characters.
   */
  themeChecks: number;
  /** Candidate comments scored (at most the sample size per theme). */
  candidates: number;
  /**
   * UTF-16 units read for scoring, each comment once: at most 2 x QUOTE_SCORE_CHARS + 560 (its
   * length is counted up to 560 characters) per sampled comment.
   */
  charsRead: number;
  /** Words kept, each comment once: at most MAX_WORDS_PER_QUOTE per sampled comment. */
  words: number;
  /** Steps of the closeness sums: one per word of each candidate, per theme. */
  closenessSteps: number;
  /** Pairs of texts compared for near-duplicates: at most DEDUPE_CANDIDATES x quotes taken. */
  comparisons: number;
  /** Trigram look-ups in those comparisons: at most QUOTE_SCORE_CHARS per comparison. */
  trigramLookups: number;
}

export const emptyQuoteWork = (): QuoteWork => ({
  themeChecks: 0,
  candidates: 0,
  charsRead: 0,
  words: 0,
  closenessSteps: 0,
  comparisons: 0,
  trigramLookups: 0,
});

/** The first `max` characters (code points) of a text, without reading further. */
const opening = (text: string, max = QUOTE_SCORE_CHARS): string =>
  // `max` code points fit in 2 x max UTF-16 units; a pair cut at the end falls beyond `max`.
  Array.from(text.slice(0, 2 * max))
    .slice(0, max)
    .join("");

/** Character trigrams of a text's opening (QUOTE_SCORE_CHARS), whitespace collapsed and lower-cased. */
export const trigrams = (text: string): Set<string> => {
  const s = ` ${opening(text.trimStart()).toLowerCase().replace(/\s+/g, " ").trim()} `;
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return out;
};

const jaccard = (ta: ReadonlySet<string>, tb: ReadonlySet<string>, work?: QuoteWork): number => {
  if (work) {
    work.comparisons++;
    work.trigramLookups += ta.size;
  }
  if (ta.size === 0 && tb.size === 0) return 1;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
};

/** Jaccard similarity of the character-trigram sets of two texts' openings, 0..1. */
export const trigramJaccard = (a: string, b: string): number => jaccard(trigrams(a), trigrams(b));

const HAN = /\p{Script=Han}+/gu;

/**
 * Words for comparing quotes: English stems and Chinese character bigrams (in simplified), at most
 * MAX_WORDS_PER_QUOTE, from an opening already cut to QUOTE_SCORE_CHARS.
 */
const wordsOf = (stems: readonly string[], simplified: string): Set<string> => {
  const out = new Set<string>();
  const add = (w: string) => {
    if (out.size < MAX_WORDS_PER_QUOTE) out.add(w);
  };
  for (const s of stems) add(s);
  for (const run of simplified.match(HAN) ?? []) {
    if (out.size >= MAX_WORDS_PER_QUOTE) break;
    const chars = [...run];
    if (chars.length === 1) add(run);
    for (let i = 0; i + 2 <= chars.length && out.size < MAX_WORDS_PER_QUOTE; i++) add(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
};

/** Lengths from which lengthScore is 0. */
const LENGTH_SCORE_ZERO = 560;

/** 1 inside 30-280 characters, falling off linearly outside (0 from 560 on). */
export const lengthScore = (length: number): number =>
  length < 30 ? Math.max(0, length / 30) : length <= 280 ? 1 : Math.max(0, 1 - (length - 280) / 280);

/** A theme's keywords, stemmed and simplified once per theme rather than once per candidate. */
const keywordMatcher = (theme: Theme | undefined) => {
  if (!theme) return () => 0;
  const en = theme.keywords.en.map((k) => stemTokens(k)).filter((kw) => kw.length > 0);
  const zh = theme.keywords.zh.map((k) => toSimplified(k));
  return (stems: ReadonlySet<string>, simplifiedLower: string): number => {
    let hits = 0;
    for (const kw of en) if (kw.every((w) => stems.has(w)) && ++hits >= 2) return 1;
    for (const k of zh) if (simplifiedLower.includes(k) && ++hits >= 2) return 1;
    return Math.min(1, hits / 2);
  };
};

/** What the picker reads of one comment, the same for every theme. */
export interface Reading {
  stems: ReadonlySet<string>;
  simplifiedLower: string;
  /** Its distinct words, as numbers from the reader's dictionary. */
  words: Int32Array;
  length: number;
}

export interface QuoteReader {
  read(item: DigestSampleItem): Reading;
  /** Distinct words met so far: word numbers are below it. */
  vocabulary(): number;
}

/**
 * Reads each comment once for all themes (a comment on three themes is a candidate three times),
 * within QUOTE_SCORE_CHARS, and numbers its words, so that counting them is array arithmetic;
 * `work`, if given, counts the characters and words.
 */
export const quoteReader = (work?: QuoteWork): QuoteReader => {
  const cache = new Map<DigestSampleItem, Reading>();
  const dictionary = new Map<string, number>();
  const number = (w: string) => {
    let n = dictionary.get(w);
    if (n === undefined) {
      n = dictionary.size;
      dictionary.set(w, n);
    }
    return n;
  };
  const read = (item: DigestSampleItem): Reading => {
    const known = cache.get(item);
    if (known) return known;
    const trimmed = (item.text ?? "").trim();
    // lengthScore is 0 from LENGTH_SCORE_ZERO characters on, so counting stops there.
    const length = [...opening(trimmed, LENGTH_SCORE_ZERO)].length;
    const text = opening(trimmed);
    const stems = stemTokens(text);
    const simplified = toSimplified(text);
    const reading = {
      stems: new Set(stems),
      simplifiedLower: simplified.toLowerCase(),
      words: Int32Array.from(wordsOf(stems, simplified), number),
      length,
    };
    if (work) {
      work.charsRead += length + text.length;
      work.words += reading.words.length;
    }
    cache.set(item, reading);
    return reading;
  };
  return { read, vocabulary: () => dictionary.size };
};

/**
 * Whether a comment may be quoted under a theme: a person set its themes (a correction), or its
 * text is clearly about the theme (a specific keyword in its opening, not a weak or one-character
 * one): a quote shown under "Product quality" must be about product quality.
 */
const quotableUnder = (item: DigestSampleItem, themeId: string, theme: Theme | undefined): boolean => {
  const corrected = item.correction?.themes;
  if (corrected) return corrected.includes(themeId);
  return theme === undefined || isClearlyAbout(opening(item.text ?? ""), item.language, theme);
};

/**
 * Up to `perTheme` quotes of one theme: its negative and mixed items that are clearly about it
 * (`quotableUnder`), scored by keyword hits
 * (0..1), closeness to the other quotes' words (cosine to their centroid, 0..1) and moderate length
 * (0..1), equally weighted; near-duplicates of a chosen quote (or of `already`) are skipped.
 * Cost: linear in the candidates, each read once up to QUOTE_SCORE_CHARS, plus at most
 * DEDUPE_CANDIDATES x (already + perTheme - 1) trigram comparisons; `work`, if given, counts it.
 */
export const pickVerbatims = (
  themeId: string,
  sample: readonly DigestSampleItem[],
  theme: Theme | undefined,
  linkFor: (id: string) => string,
  perTheme = 3,
  already: readonly Verbatim[] = [],
  work?: QuoteWork,
  reader: QuoteReader = quoteReader(work),
): Verbatim[] => {
  const candidates = sample.filter((s) => {
    if (!s.themes.includes(themeId) || !isComplaint(s.sentiment) || s.text === undefined || s.text.trim() === "") {
      return false;
    }
    if (work) work.themeChecks++;
    return quotableUnder(s, themeId, theme);
  });
  if (work) work.candidates += candidates.length;
  const keywords = keywordMatcher(theme);
  const readings = candidates.map((c) => {
    const { words, stems, simplifiedLower, length } = reader.read(c);
    return { c, words, keyword: keywords(stems, simplifiedLower), length };
  });
  // How many candidates have each word, and the sum of those counts squared (kept as they grow).
  const centroid = new Uint32Array(reader.vocabulary());
  let squares = 0;
  for (const { words } of readings) {
    for (const w of words) {
      squares += 2 * (centroid[w] ?? 0) + 1;
      centroid[w] = (centroid[w] ?? 0) + 1;
    }
  }
  // Cosine between a quote's word set S and the others' summed counts c_w - [w in S], expanded so
  // each quote costs |S| steps instead of the vocabulary: dot = sum over S of (c_w - 1), and
  // |others|^2 = sum over all w of c_w^2 - sum over S of (2 c_w - 1). Integers, so exact.
  const scored = readings.map(({ c, words, keyword, length }) => {
    let dot = 0;
    let own = 0;
    for (const w of words) {
      const count = centroid[w] ?? 0;
      dot += count - 1;
      own += 2 * count - 1;
    }
    if (work) work.closenessSteps += words.length;
    const norm = squares - own;
    const closeness = words.length === 0 || norm === 0 ? 0 : dot / Math.sqrt(words.length * norm);
    return { c, score: keyword + closeness + lengthScore(length) };
  });
  scored.sort((a, b) => b.score - a.score || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  const taken = already.map((v) => ({ id: v.feedbackId, grams: trigrams(v.text) }));
  const chosen: Verbatim[] = [];
  for (const { c } of scored.slice(0, DEDUPE_CANDIDATES)) {
    if (chosen.length >= perTheme) break;
    const text = c.text ?? "";
    if (taken.some((v) => v.id === c.id)) continue;
    const grams = trigrams(text);
    if (taken.some((v) => jaccard(v.grams, grams, work) >= DUPLICATE_SIMILARITY)) continue;
    taken.push({ id: c.id, grams });
    chosen.push({
      feedbackId: c.id,
      theme: themeId,
      text,
      language: c.language,
      channel: c.channel,
      ...(c.score !== undefined && { score: c.score }),
      sentiment: c.sentiment,
      link: linkFor(c.id),
    });
  }
  return chosen;
};
