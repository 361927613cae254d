import { z } from "zod";
import themesJson from "../taxonomy/themes.json" with { type: "json" };
import { toSimplified } from "./chinese.ts";

/**
 * The theme taxonomy: one tagging vocabulary for every channel and every analyzer engine.
 * Each theme has an owning team, labels for the digest, and keywords. English keywords match whole
 * words after light stemming ("cancelled" finds "cancel", "bags" finds "bag"), multi-word keywords
 * match as phrases. Chinese keywords match as substrings of the text converted to simplified.
 */

const keywordList = z.array(z.string().trim().min(1, "keywords must not be empty")).default([]);

export const Theme = z.strictObject({
  id: z
    .string({ error: "theme id is required" })
    .regex(/^[a-z][a-z0-9_]*$/, "theme id must be lower_snake_case, e.g. product_quality"),
  labels: z.object({
    en: z.string().min(1),
    "zh-Hans": z.string().min(1),
    "zh-Hant": z.string().min(1),
  }),
  /** The owning team, e.g. "logistics". */
  team: z.string().min(1),
  keywords: z.strictObject({ en: keywordList, zh: keywordList }),
  /** Complaints about this theme jump the follow-up queue. */
  urgent: z.boolean().optional(),
});
export type Theme = z.infer<typeof Theme>;

export const Taxonomy = z
  .strictObject({
    version: z.string().min(1, "taxonomy version is required"),
    themes: z.array(Theme).min(1, "a taxonomy needs at least one theme"),
  })
  .refine((t) => new Set(t.themes.map((th) => th.id)).size === t.themes.length, {
    message: "theme ids must be unique",
    path: ["themes"],
  });
export type Taxonomy = z.infer<typeof Taxonomy>;

export const defaultTaxonomy: Taxonomy = Taxonomy.parse(themesJson);

// ---------------------------------------------------------------------------------------------
// English tokens

const WORD = /[a-z0-9]+(?:'[a-z]+)?|[$€£¥]/g;

/** Lower-cased word tokens; apostrophes kept inside words ("can't"), currency signs as tokens. */
export function tokenizeEnglish(text: string): string[] {
  return text.toLowerCase().replace(/[’‘`]/g, "'").match(WORD) ?? [];
}

const VOWEL = /[aeiouy]/;

/**
 * A light, deterministic stemmer: enough to make "cancelled", "cancels" and "cancel" meet, and
 * "prices", "priced", "pricing" meet "price". Both keywords and text go through it.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith("n't") || w.includes("'")) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w) && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const n = w.length;
  const last = w[n - 1] as string;
  if (n >= 5 && last === w[n - 2] && !VOWEL.test(last) && ((last !== "l" && last !== "s") || n >= 6)) {
    return w.slice(0, -1);
  }
  return w;
}

export const stemTokens = (text: string): string[] => tokenizeEnglish(text).map(stem);

// ---------------------------------------------------------------------------------------------
// Compiled taxonomy

interface Phrase {
  rest: readonly string[];
  theme: number;
}

interface CompiledTaxonomy {
  ids: readonly string[];
  /** First stem -> phrases starting with it. */
  en: Map<string, Phrase[]>;
  /** First UTF-16 code unit -> keywords starting with it. */
  zh: Map<number, { kw: string; theme: number }[]>;
}

const compiled = new WeakMap<Taxonomy, CompiledTaxonomy>();

function compile(taxonomy: Taxonomy): CompiledTaxonomy {
  const hit = compiled.get(taxonomy);
  if (hit) return hit;
  const en = new Map<string, Phrase[]>();
  const zh = new Map<number, { kw: string; theme: number }[]>();
  taxonomy.themes.forEach((theme, index) => {
    for (const keyword of theme.keywords.en) {
      const stems = stemTokens(keyword);
      const [first, ...rest] = stems;
      if (first === undefined) continue;
      const list = en.get(first) ?? [];
      list.push({ rest, theme: index });
      en.set(first, list);
    }
    for (const keyword of theme.keywords.zh) {
      const kw = toSimplified(keyword.toLowerCase());
      const code = kw.charCodeAt(0);
      const list = zh.get(code) ?? [];
      list.push({ kw, theme: index });
      zh.set(code, list);
    }
  });
  const result: CompiledTaxonomy = { ids: taxonomy.themes.map((t) => t.id), en, zh };
  compiled.set(taxonomy, result);
  return result;
}

const HAN = /[\u3400-\u9fff]/;

/** Finds theme indexes in already-stemmed English tokens. */
function matchEnglish(c: CompiledTaxonomy, stems: readonly string[], found: boolean[]): void {
  for (let i = 0; i < stems.length; i++) {
    const phrases = c.en.get(stems[i] as string);
    if (!phrases) continue;
    for (const p of phrases) {
      if (found[p.theme]) continue;
      let ok = true;
      for (let j = 0; j < p.rest.length; j++) {
        if (stems[i + 1 + j] !== p.rest[j]) {
          ok = false;
          break;
        }
      }
      if (ok) found[p.theme] = true;
    }
  }
}

function matchChinese(c: CompiledTaxonomy, simplified: string, found: boolean[]): void {
  for (let i = 0; i < simplified.length; i++) {
    const list = c.zh.get(simplified.charCodeAt(i));
    if (!list) continue;
    for (const { kw, theme } of list) {
      if (!found[theme] && simplified.startsWith(kw, i)) found[theme] = true;
    }
  }
}

/**
 * Theme ids for a text, in taxonomy order. `language` is the detected language; Chinese matching
 * also runs whenever the text contains Han characters, because feedback often mixes languages.
 */
export function tagThemes(text: string, language: string, taxonomy: Taxonomy = defaultTaxonomy): string[] {
  const c = compile(taxonomy);
  const found: boolean[] = new Array(c.ids.length).fill(false);
  matchEnglish(c, stemTokens(text), found);
  if (language.startsWith("zh") || HAN.test(text)) matchChinese(c, toSimplified(text.toLowerCase()), found);
  const out: string[] = [];
  for (let i = 0; i < found.length; i++) if (found[i]) out.push(c.ids[i] as string);
  return out;
}
