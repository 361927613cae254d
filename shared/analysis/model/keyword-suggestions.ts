import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { tokenize } from "./learned-sentiment.ts";

export interface KeywordSuggestion {
  theme: string;
  /** Items a person moved into this theme (corrections that added it). */
  items: number;
  /** Words of those items, most telling first: how many of them hold it, and how many of all items do. */
  words: Array<{ word: string; inCorrected: number; inAll: number }>;
}

const CHINESE = /^\p{Script=Han}{2}$/u;
const WORD = /^[a-z][a-z'-]{2,}$/;

/**
 * For taxonomy owners: which words most often appear in items people corrected into a theme, and
 * are not yet that theme's keywords: candidate keywords. A word counts once per item; it is telling
 * when corrected items hold it far more often than items at large (ratio of the two shares, with
 * one-item smoothing). Chinese two-character words and English words only; no placeholders.
 */
export const suggestKeywords = (
  items: ReadonlyArray<Pick<StoredFeedback, "text" | "language" | "themes" | "correction">>,
  taxonomy: Taxonomy,
  perTheme = 10,
): KeywordSuggestion[] => {
  const wordsOf = (text: string | undefined, language: string) =>
    new Set(tokenize(text ?? "", language).filter((t) => CHINESE.test(t) || WORD.test(t)));
  const inAll = new Map<string, number>();
  const byTheme = new Map<string, { items: number; counts: Map<string, number> }>();
  for (const item of items) {
    const words = wordsOf(item.text, item.language);
    for (const w of words) inAll.set(w, (inAll.get(w) ?? 0) + 1);
    const added = (item.correction?.themes ?? []).filter((t) => !(item.correction?.was.themes ?? []).includes(t));
    for (const theme of added) {
      const entry = byTheme.get(theme) ?? { items: 0, counts: new Map<string, number>() };
      entry.items++;
      for (const w of words) entry.counts.set(w, (entry.counts.get(w) ?? 0) + 1);
      byTheme.set(theme, entry);
    }
  }
  return taxonomy.themes.flatMap((theme) => {
    const entry = byTheme.get(theme.id);
    if (!entry) return [];
    const known = new Set([...(theme.keywords.en ?? []), ...(theme.keywords.zh ?? [])].map((k) => k.toLowerCase()));
    const words = [...entry.counts]
      .filter(([w, n]) => n >= 2 && ![...known].some((k) => k.includes(w) || w.includes(k)))
      .map(([word, n]) => ({ word, inCorrected: n, inAll: inAll.get(word) ?? n }))
      .sort(
        (a, b) =>
          b.inCorrected / entry.items / ((b.inAll + 1) / (items.length + 1)) -
            a.inCorrected / entry.items / ((a.inAll + 1) / (items.length + 1)) || a.word.localeCompare(b.word),
      )
      .slice(0, perTheme);
    return [{ theme: theme.id, items: entry.items, words }];
  });
};
