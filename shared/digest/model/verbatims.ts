import { stemTokens } from "#shared/analysis/model/themes";
import { toSimplified } from "#shared/kernel/chinese";
import type { Theme } from "#shared/taxonomy/taxonomy";
import type { DigestSampleItem, Verbatim } from "./digest.ts";
import { isComplaint } from "./theme-ranking.ts";

/** Quotes for the digest: the most telling negative comments of a theme, near-duplicates left out. */

/** Near-duplicate quotes: character-trigram Jaccard similarity at or above this. */
export const DUPLICATE_SIMILARITY = 0.6;

/** Character trigrams of a text, whitespace collapsed and lower-cased. */
export const trigrams = (text: string): Set<string> => {
  const s = ` ${text.toLowerCase().replace(/\s+/g, " ").trim()} `;
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return out;
};

/** Jaccard similarity of the character-trigram sets of two texts, 0..1. */
export const trigramJaccard = (a: string, b: string): number => {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 && tb.size === 0) return 1;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
};

const HAN = /\p{Script=Han}+/gu;

/** Words for comparing quotes: English stems and Chinese character bigrams (in simplified). */
const wordsOf = (text: string): Set<string> => {
  const out = new Set(stemTokens(text));
  for (const run of toSimplified(text).match(HAN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.add(run);
    for (let i = 0; i + 2 <= chars.length; i++) out.add(chars.slice(i, i + 2).join(""));
  }
  return out;
};

/** 1 inside 30-280 characters, falling off linearly outside. */
export const lengthScore = (length: number): number =>
  length < 30 ? Math.max(0, length / 30) : length <= 280 ? 1 : Math.max(0, 1 - (length - 280) / 280);

const keywordScore = (text: string, theme: Theme | undefined): number => {
  if (!theme) return 0;
  const stems = new Set(stemTokens(text));
  const simplified = toSimplified(text).toLowerCase();
  let hits = 0;
  for (const k of theme.keywords.en) {
    const kw = stemTokens(k);
    if (kw.length > 0 && kw.every((w) => stems.has(w))) hits++;
  }
  for (const k of theme.keywords.zh) if (simplified.includes(toSimplified(k))) hits++;
  return Math.min(1, hits / 2);
};

/**
 * Up to `perTheme` quotes of one theme: its negative and mixed items, scored by keyword hits
 * (0..1), closeness to the other quotes' words (cosine to their centroid, 0..1) and moderate length
 * (0..1), equally weighted; near-duplicates of a chosen quote (or of `already`) are skipped.
 */
export const pickVerbatims = (
  themeId: string,
  sample: readonly DigestSampleItem[],
  theme: Theme | undefined,
  linkFor: (id: string) => string,
  perTheme = 3,
  already: readonly Verbatim[] = [],
): Verbatim[] => {
  const candidates = sample.filter(
    (s) => s.themes.includes(themeId) && isComplaint(s.sentiment) && s.text !== undefined && s.text.trim().length > 0,
  );
  const words = candidates.map((c) => wordsOf(c.text ?? ""));
  const centroid = new Map<string, number>();
  for (const ws of words) for (const w of ws) centroid.set(w, (centroid.get(w) ?? 0) + 1);
  const scored = candidates.map((c, i) => {
    const own = words[i] ?? new Set<string>();
    // Cosine between this quote's word set and the sum of the others' word sets.
    let dot = 0;
    let norm = 0;
    for (const [w, count] of centroid) {
      const others = count - (own.has(w) ? 1 : 0);
      norm += others * others;
      if (own.has(w)) dot += others;
    }
    const closeness = own.size === 0 || norm === 0 ? 0 : dot / Math.sqrt(own.size * norm);
    const text = c.text ?? "";
    const score = keywordScore(text, theme) + closeness + lengthScore([...text.trim()].length);
    return { c, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  const chosen: Verbatim[] = [];
  for (const { c } of scored) {
    if (chosen.length >= perTheme) break;
    const text = c.text ?? "";
    const taken = [...already, ...chosen];
    if (taken.some((v) => v.feedbackId === c.id || trigramJaccard(v.text, text) >= DUPLICATE_SIMILARITY)) continue;
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
