import type { Tally } from "./clauses.ts";
import { lex } from "./lexicons.ts";

/** Emoji (lexicon/emoji.json) and text emoticons, each worth a fixed amount wherever it stands. */

const EMOJI_WEIGHT = 1.5;
// Emoticons are patterns rather than a word list: ":)", ":-D", "^_^", "<3", "：）" and the like.
const POSITIVE_EMOTICONS = /(?:^|\s)(?::-?\)|:-?D|;-?\)|\^_?\^|:3|<3|\(:)(?=\s|$)|[:：]\s?[)）]/g;
const NEGATIVE_EMOTICONS = /(?:^|\s)(?::-?\(|:'\(|D:|>:\(|T_T|QAQ|-_-|:\/)(?=\s|$)|[:：]\s?[(（]/g;

export function scoreEmoji(text: string, t: Tally): void {
  const { positiveEmoji, negativeEmoji } = lex();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2600) continue;
    const cp = text.codePointAt(i) as number;
    if (positiveEmoji.has(cp)) t.pos += EMOJI_WEIGHT;
    else if (negativeEmoji.has(cp)) t.neg += EMOJI_WEIGHT;
    if (cp > 0xffff) i++;
  }
  if (text.includes(":") || text.includes("：") || text.includes("^") || text.includes("<") || text.includes("T")) {
    const p = text.match(POSITIVE_EMOTICONS);
    const n = text.match(NEGATIVE_EMOTICONS);
    if (p) t.pos += EMOJI_WEIGHT * p.length;
    if (n) t.neg += EMOJI_WEIGHT * n.length;
  }
}
