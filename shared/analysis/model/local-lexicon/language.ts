import { scriptCounts } from "#shared/kernel/chinese";
import { lex } from "./lexicons.ts";

/**
 * Language detection from the text itself: writing systems first (Chinese, Japanese, Korean,
 * Cyrillic, ...), then, for Latin script, function words (lexicon/stopwords.json) and English
 * sentiment words.
 */

interface ScriptProfile {
  han: number;
  kana: number;
  hangul: number;
  latin: number;
  cyrillic: number;
  arabic: number;
  thai: number;
  hebrew: number;
  greek: number;
  devanagari: number;
}

function profile(text: string): ScriptProfile {
  const p: ScriptProfile = {
    han: 0,
    kana: 0,
    hangul: 0,
    latin: 0,
    cyrillic: 0,
    arabic: 0,
    thai: 0,
    hebrew: 0,
    greek: 0,
    devanagari: 0,
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) p.latin++;
    } else if (c >= 0x4e00 && c <= 0x9fff) p.han++;
    else if (c >= 0x3400 && c <= 0x4dbf) p.han++;
    else if (c >= 0x3040 && c <= 0x30ff) p.kana++;
    else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff)) p.hangul++;
    else if (c >= 0xc0 && c <= 0x24f) p.latin++;
    else if (c >= 0x400 && c <= 0x4ff) p.cyrillic++;
    else if (c >= 0x600 && c <= 0x6ff) p.arabic++;
    else if (c >= 0xe00 && c <= 0xe7f) p.thai++;
    else if (c >= 0x590 && c <= 0x5ff) p.hebrew++;
    else if (c >= 0x370 && c <= 0x3ff) p.greek++;
    else if (c >= 0x900 && c <= 0x97f) p.devanagari++;
  }
  return p;
}

const hintLanguage = (hint: string | undefined): string | undefined => {
  if (!hint) return undefined;
  const h = hint.toLowerCase();
  if (h.startsWith("zh")) {
    return /hant|tw|hk|mo/.test(h) ? "zh-Hant" : "zh-Hans";
  }
  return h.split("-")[0];
};

/**
 * Detects the language from the text itself; the locale hint only breaks ties (a text with no
 * script-specific characters, or Chinese with no character that tells the scripts apart).
 */
export function detectLanguage(text: string, localeHint?: string): string {
  const hint = hintLanguage(localeHint);
  const p = profile(text);
  // Chinese characters carry a word each; Latin letters about a fifth of one.
  const cjk = p.han + p.kana + p.hangul;
  if (cjk > 0 && cjk * 4 >= p.latin) {
    if (p.kana > 0 && p.kana * 5 >= p.han) return "ja";
    if (p.hangul > p.han) return "ko";
    if (p.han > 0) {
      const { traditional, simplified } = scriptCounts(text);
      if (traditional > simplified) return "zh-Hant";
      if (simplified > traditional) return "zh-Hans";
      return hint === "zh-Hant" ? "zh-Hant" : "zh-Hans";
    }
  }
  const others: [string, number][] = [
    ["ru", p.cyrillic],
    ["ar", p.arabic],
    ["th", p.thai],
    ["he", p.hebrew],
    ["el", p.greek],
    ["hi", p.devanagari],
  ];
  let best: [string, number] = ["", 0];
  for (const o of others) if (o[1] > best[1]) best = o;
  if (best[1] > p.latin) {
    if (best[0] === "ru" && /[іїєґ]/i.test(text)) return "uk";
    return best[0];
  }
  if (p.latin === 0) return hint ?? "und";
  const counts = new Map<string, number>();
  const { stopwords: index, en } = lex();
  const words =
    text
      .replace(/https?:\/\/\S+|[@#]\w+/g, " ")
      .toLowerCase()
      .match(/[a-zà-ÿ']+/g) ?? [];
  for (const w of words) {
    const langs = index.get(w);
    if (langs) for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1);
    else if (en.words.has(w)) counts.set("en", (counts.get("en") ?? 0) + 0.5);
  }
  let top = 0;
  let winners: string[] = [];
  for (const [lang, n] of counts) {
    if (n > top) {
      top = n;
      winners = [lang];
    } else if (n === top) winners.push(lang);
  }
  if (top === 0) {
    // No function words ("followed.", "slow delivery"): the hint decides; plain ASCII words
    // without any other evidence read as English, anything else stays undetermined.
    if (hint) return hint;
    return words.length > 0 && !/[^\p{ASCII}]/u.test(text) ? "en" : "und";
  }
  if (winners.length === 1) return winners[0] as string;
  if (hint && winners.includes(hint)) return hint;
  return winners.includes("en") ? "en" : (winners[0] as string);
}
