import * as z from "zod";
import { toSimplified } from "#shared/kernel/chinese";
import themesJson from "../../taxonomy/themes.json" with { type: "json" };

/**
 * The theme taxonomy: one tagging vocabulary for every channel and every analyzer engine.
 * Each theme has an owning team, labels for the digest, an optional parent theme, and words and
 * phrases per language. English entries match whole words after light stemming ("cancelled" finds
 * "cancel", "bags" finds "bag"); multi-word entries match as phrases. Chinese entries match as
 * substrings of the text converted to simplified.
 *
 * - `keywords` tag the theme wherever they occur.
 * - `weakKeywords` are generic words ("wait", "hours", "小时") that tag the theme only when none of
 *   its `blockers` is in the text: "on hold for 3 hours" is about the phone line, not a late parcel.
 * - `exclude` lists phrases in which the theme's words mean something else ("小时候" is childhood,
 *   "user friendly" is not about staff).
 * Only `keywords` is required; a taxonomy file written before the other fields still parses.
 */

const keywordList = z.array(z.string().trim().min(1, "keywords must not be empty")).default([]);

/** Words and phrases per language: `en` (English) and `zh` (Chinese, either script). */
const Keywords = z.strictObject({ en: keywordList, zh: keywordList });
export type Keywords = z.infer<typeof Keywords>;

const themeId = z
  .string({ error: "theme id is required" })
  .regex(/^[a-z][a-z0-9_]*$/, "theme id must be lower_snake_case, e.g. product_quality");

export const Theme = z.strictObject({
  id: themeId,
  /** The broader theme this one refines, e.g. "refund" under "payment". Tagging does not add it. */
  parent: themeId.optional(),
  labels: z.object({
    en: z.string().min(1),
    "zh-Hans": z.string().min(1),
    "zh-Hant": z.string().min(1),
  }),
  /** The owning team, e.g. "logistics". */
  team: z.string().min(1),
  keywords: Keywords,
  weakKeywords: Keywords.optional(),
  blockers: Keywords.optional(),
  exclude: Keywords.optional(),
  /** Complaints about this theme jump the follow-up queue. */
  urgent: z.boolean().optional(),
});
export type Theme = z.infer<typeof Theme>;

/** The first theme whose parent chain is broken (unknown id) or loops, or undefined. */
function badParent(themes: readonly Theme[]): { index: number; message: string } | undefined {
  const byId = new Map(themes.map((t) => [t.id, t]));
  for (const [index, theme] of themes.entries()) {
    const seen = new Set<string>([theme.id]);
    for (let t = theme; t.parent !== undefined; ) {
      const next = byId.get(t.parent);
      if (!next) return { index, message: `parent "${t.parent}" is not a theme id` };
      if (seen.has(next.id)) return { index, message: `parent chain of "${theme.id}" loops` };
      seen.add(next.id);
      t = next;
    }
  }
  return undefined;
}

/**
 * A touchpoint the weekly counters keep apart (NPS, CSAT and volume per touchpoint), so a digest
 * can follow it. Feedback may name any touchpoint; only these get counter rows, which keeps the
 * digest's reads bounded whatever clients send.
 */
export const Touchpoint = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "touchpoint id must be lower-kebab-case, e.g. support-chat"),
  labels: z.object({ en: z.string().min(1), "zh-Hans": z.string().min(1), "zh-Hant": z.string().min(1) }),
});
export type Touchpoint = z.infer<typeof Touchpoint>;

export const Taxonomy = z
  .strictObject({
    version: z.string().min(1, "taxonomy version is required"),
    touchpoints: z.array(Touchpoint).max(50, "at most 50 counted touchpoints").default([]),
    themes: z.array(Theme).min(1, "a taxonomy needs at least one theme"),
  })
  .refine((t) => new Set(t.themes.map((th) => th.id)).size === t.themes.length, {
    message: "theme ids must be unique",
    path: ["themes"],
  })
  .superRefine((t, ctx) => {
    const bad = badParent(t.themes);
    if (bad) ctx.addIssue({ code: "custom", message: bad.message, path: ["themes", bad.index, "parent"] });
  });
export type Taxonomy = z.infer<typeof Taxonomy>;

export const defaultTaxonomy: Taxonomy = Taxonomy.parse(themesJson);

/** The touchpoints the weekly counters keep apart (see Touchpoint). */
export const COUNTED_TOUCHPOINTS: ReadonlySet<string> = new Set(defaultTaxonomy.touchpoints.map((t) => t.id));

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
      list.push({ rest, theme, kind });
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
  weak: boolean[];
  blocked: boolean[];
  /** The span [maskFrom, maskTo) of the last exclude phrase seen, per theme. */
  maskFrom: number[];
  maskTo: number[];
}

function newEvidence(n: number): Evidence {
  return {
    strong: new Array(n).fill(false),
    weak: new Array(n).fill(false),
    blocked: new Array(n).fill(false),
    maskFrom: new Array(n).fill(-1),
    maskTo: new Array(n).fill(-1),
  };
}

function record(e: Evidence, theme: number, kind: Kind, from: number, to: number): void {
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
  if (kind === Kind.Strong) e.strong[theme] = true;
  else e.weak[theme] = true;
}

const HAN = /[\u3400-\u9fff]/;

/** Finds evidence in already-stemmed English tokens. */
function matchEnglish(c: CompiledTaxonomy, stems: readonly string[], e: Evidence): void {
  for (let i = 0; i < stems.length; i++) {
    const phrases = c.en.get(stems[i] as string);
    if (!phrases) continue;
    for (const p of phrases) {
      if (p.kind === Kind.Strong && e.strong[p.theme]) continue;
      let ok = true;
      for (let j = 0; j < p.rest.length; j++) {
        if (stems[i + 1 + j] !== p.rest[j]) {
          ok = false;
          break;
        }
      }
      if (ok) record(e, p.theme, p.kind, i, i + 1 + p.rest.length);
    }
  }
}

function matchChinese(c: CompiledTaxonomy, simplified: string, e: Evidence): void {
  for (let i = 0; i < simplified.length; i++) {
    const list = c.zh.get(simplified.charCodeAt(i));
    if (!list) continue;
    for (const { kw, theme, kind } of list) {
      if (kind === Kind.Strong && e.strong[theme]) continue;
      if (simplified.startsWith(kw, i)) record(e, theme, kind, i, i + kw.length);
    }
  }
}

/**
 * Theme ids for a text, in taxonomy order. `language` is the detected language; Chinese matching
 * also runs whenever the text contains Han characters, because feedback often mixes languages.
 * A theme is found by one of its keywords, or by one of its weak keywords when none of its
 * blockers is in the text; keywords inside one of its `exclude` phrases do not count. Parents are
 * not added (see `withParents`).
 */
export function tagThemes(text: string, language: string, taxonomy: Taxonomy = defaultTaxonomy): string[] {
  const c = compile(taxonomy);
  const e = newEvidence(c.ids.length);
  matchEnglish(c, stemTokens(text), e);
  if (language.startsWith("zh") || HAN.test(text)) {
    // English and Chinese spans are counted separately: a mask in one does not cover the other.
    e.maskFrom.fill(-1);
    e.maskTo.fill(-1);
    matchChinese(c, toSimplified(text.toLowerCase()), e);
  }
  const out: string[] = [];
  for (let i = 0; i < c.ids.length; i++) {
    if (e.strong[i] || (e.weak[i] && !e.blocked[i])) out.push(c.ids[i] as string);
  }
  return out;
}

/** The ids with every ancestor added, in taxonomy order: a digest of "delivery" also counts "stock" items. */
export function withParents(ids: readonly string[], taxonomy: Taxonomy = defaultTaxonomy): string[] {
  const byId = new Map(taxonomy.themes.map((t) => [t.id, t]));
  const all = new Set<string>();
  for (const id of ids) {
    for (let t = byId.get(id); t && !all.has(t.id); t = t.parent ? byId.get(t.parent) : undefined) all.add(t.id);
  }
  return taxonomy.themes.map((t) => t.id).filter((id) => all.has(id));
}
