import { toSimplified } from "#shared/kernel/chinese";
import { defaultTaxonomy, type Keywords, type Taxonomy, type Theme } from "#shared/taxonomy/taxonomy";

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

/** What a taxonomy entry does when it matches. Masks are listed first at each start position. */
const Kind = {
  /** An `exclude` phrase: this theme's keywords inside it do not count. */
  Mask: 0,
  /** A keyword: tags the theme. */
  Strong: 1,
  /** A weak keyword: tags the theme unless one of its blockers is in the text. */
  Weak: 2,
  /** A blocker: cancels the theme's weak keywords. */
  Blocker: 3,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Phrase {
  rest: readonly string[];
  /** The keyword as matched (its stems): the same keyword met twice counts once. */
  key: string;
  theme: number;
  kind: Kind;
}

interface ZhPhrase {
  kw: string;
  theme: number;
  kind: Kind;
}

interface CompiledTaxonomy {
  ids: readonly string[];
  /** First stem -> phrases starting with it. */
  en: Map<string, Phrase[]>;
  /** First UTF-16 code unit -> keywords starting with it. */
  zh: Map<number, ZhPhrase[]>;
}

const compiled = new WeakMap<Taxonomy, CompiledTaxonomy>();

function compile(taxonomy: Taxonomy): CompiledTaxonomy {
  const hit = compiled.get(taxonomy);
  if (hit) return hit;
  const en = new Map<string, Phrase[]>();
  const zh = new Map<number, ZhPhrase[]>();
  const add = (words: Keywords | undefined, theme: number, kind: Kind) => {
    if (!words) return;
    for (const keyword of words.en) {
      const [first, ...rest] = stemTokens(keyword);
      if (first === undefined) continue;
      const list = en.get(first) ?? [];
      list.push({ rest, key: [first, ...rest].join(" "), theme, kind });
      en.set(first, list);
    }
    for (const keyword of words.zh) {
      const kw = toSimplified(keyword.toLowerCase());
      const code = kw.charCodeAt(0);
      const list = zh.get(code) ?? [];
      list.push({ kw, theme, kind });
      zh.set(code, list);
    }
  };
  taxonomy.themes.forEach((theme, index) => {
    add(theme.exclude, index, Kind.Mask);
    add(theme.keywords, index, Kind.Strong);
    add(theme.weakKeywords, index, Kind.Weak);
    add(theme.blockers, index, Kind.Blocker);
  });
  // Masks first, and longer masks before shorter ones, so a mask is known before the keywords it covers.
  for (const list of en.values()) list.sort((a, b) => a.kind - b.kind || b.rest.length - a.rest.length);
  for (const list of zh.values()) list.sort((a, b) => a.kind - b.kind || b.kw.length - a.kw.length);
  const result: CompiledTaxonomy = { ids: taxonomy.themes.map((t) => t.id), en, zh };
  compiled.set(taxonomy, result);
  return result;
}

/** Per-theme evidence found in one text. */
interface Evidence {
  strong: boolean[];
  /** Strong keyword hits outside masks. */
  hits: number[];
  /** Weak keyword hits outside masks. */
  weakHits: number[];
  /** Where the theme's last counted hit starts, and which keyword it was: each counts once. */
  lastHit: number[];
  lastKey: string[];
  /** Found by a specific keyword (any English one, a Chinese one of 2+ characters) or by two strong hits. */
  confident: boolean[];
  weak: boolean[];
  blocked: boolean[];
  /** The span [maskFrom, maskTo) of the last exclude phrase seen, per theme. */
  maskFrom: number[];
  maskTo: number[];
}

function newEvidence(n: number): Evidence {
  return {
    strong: new Array(n).fill(false),
    hits: new Array(n).fill(0),
    weakHits: new Array(n).fill(0),
    lastHit: new Array(n).fill(-1),
    lastKey: new Array(n).fill(""),
    confident: new Array(n).fill(false),
    weak: new Array(n).fill(false),
    blocked: new Array(n).fill(false),
    maskFrom: new Array(n).fill(-1),
    maskTo: new Array(n).fill(-1),
  };
}

function record(
  e: Evidence,
  theme: number,
  kind: Kind,
  from: number,
  to: number,
  key: string,
  specific: boolean,
): void {
  if (kind === Kind.Mask) {
    e.maskFrom[theme] = from;
    e.maskTo[theme] = to;
    return;
  }
  if (kind === Kind.Blocker) {
    e.blocked[theme] = true;
    return;
  }
  if (from >= (e.maskFrom[theme] as number) && to <= (e.maskTo[theme] as number)) return;
  const counted = e.lastHit[theme] !== from && e.lastKey[theme] !== key;
  e.lastHit[theme] = from;
  e.lastKey[theme] = key;
  if (kind === Kind.Strong) {
    e.strong[theme] = true;
    const hits = (e.hits[theme] as number) + (counted ? 1 : 0);
    e.hits[theme] = hits;
    if (specific || hits >= 2) e.confident[theme] = true;
  } else {
    e.weak[theme] = true;
    if (counted) e.weakHits[theme] = (e.weakHits[theme] as number) + 1;
  }
}

const HAN = /[\u3400-\u9fff]/;

/** Finds evidence in already-stemmed English tokens. */
function matchEnglish(c: CompiledTaxonomy, stems: readonly string[], e: Evidence): void {
  for (let i = 0; i < stems.length; i++) {
    const phrases = c.en.get(stems[i] as string);
    if (!phrases) continue;
    for (const p of phrases) {
      if (p.kind === Kind.Strong && e.confident[p.theme]) continue;
      let ok = true;
      for (let j = 0; j < p.rest.length; j++) {
        if (stems[i + 1 + j] !== p.rest[j]) {
          ok = false;
          break;
        }
      }
      if (ok) record(e, p.theme, p.kind, i, i + 1 + p.rest.length, p.key, true);
    }
  }
}

function matchChinese(c: CompiledTaxonomy, simplified: string, e: Evidence): void {
  for (let i = 0; i < simplified.length; i++) {
    const list = c.zh.get(simplified.charCodeAt(i));
    if (!list) continue;
    for (const { kw, theme, kind } of list) {
      if (kind === Kind.Strong && e.confident[theme]) continue;
      if (simplified.startsWith(kw, i)) record(e, theme, kind, i, i + kw.length, kw, kw.length >= 2);
    }
  }
}

/** The themes of a text, and those of them it is clearly about. */
export interface ThemeReading {
  /** Theme ids in taxonomy order. */
  themes: string[];
  /**
   * The themes found by a specific keyword: any English keyword or phrase, a Chinese one of two or
   * more characters ("配送", not "面"), or two keyword hits of the theme (weak ones count when none
   * of its blockers is in the text): "面太咸" is clearly about food, "面有点多" only hints at it.
   * The digest quotes a comment under a theme only when it is clearly about it.
   */
  confident: string[];
}

/**
 * Reads a text's themes. `language` is the detected language; Chinese matching also runs whenever
 * the text contains Han characters, because feedback often mixes languages. A theme is found by one
 * of its keywords, or by one of its weak keywords when none of its blockers is in the text; keywords
 * inside one of its `exclude` phrases do not count. Parents are not added (see `withParents`).
 */
export function readThemes(text: string, language: string, taxonomy: Taxonomy = defaultTaxonomy): ThemeReading {
  const c = compile(taxonomy);
  const e = newEvidence(c.ids.length);
  matchEnglish(c, stemTokens(text), e);
  if (language.startsWith("zh") || HAN.test(text)) {
    // English and Chinese spans are counted separately: a mask in one does not cover the other.
    e.maskFrom.fill(-1);
    e.maskTo.fill(-1);
    matchChinese(c, toSimplified(text.toLowerCase()), e);
  }
  const themes: string[] = [];
  const confident: string[] = [];
  for (let i = 0; i < c.ids.length; i++) {
    if (e.strong[i] || (e.weak[i] && !e.blocked[i])) themes.push(c.ids[i] as string);
    const unblocked = e.weak[i] && !e.blocked[i];
    if (e.confident[i] || (unblocked && (e.hits[i] as number) + (e.weakHits[i] as number) >= 2)) {
      confident.push(c.ids[i] as string);
    }
  }
  return { themes, confident };
}

/** Theme ids for a text, in taxonomy order (see `readThemes`). */
export const tagThemes = (text: string, language: string, taxonomy: Taxonomy = defaultTaxonomy): string[] =>
  readThemes(text, language, taxonomy).themes;

const singleTheme = new WeakMap<Theme, Taxonomy>();

/** Whether a text is clearly about one theme (`readThemes`'s `confident`), judged by that theme's words only. */
export function isClearlyAbout(text: string, language: string, theme: Theme): boolean {
  let taxonomy = singleTheme.get(theme);
  if (!taxonomy) {
    taxonomy = { version: "single", touchpoints: [], themes: [theme] };
    singleTheme.set(theme, taxonomy);
  }
  return readThemes(text, language, taxonomy).confident.length > 0;
}
