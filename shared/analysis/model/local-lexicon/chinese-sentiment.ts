import { ClauseBook, type Tally } from "./clauses.ts";
import { lex, type ZhEntry, ZhKind } from "./lexicons.ts";

/**
 * Chinese (simplified; traditional text is converted first): a longest-match scan over the lexicon,
 * with negators, intensifiers, contrast ("但是"), concession ("就是") and summary ("总的来说")
 * markers acting on the words that follow them within a clause.
 */

/** Praise (weighted net) above which a concession ("就是", "只是") introduces a minor complaint. */
const ZH_PRAISE_DOMINATES = 2;
/** Weight of that minor complaint. */
const ZH_MINOR_COMPLAINT = 0.6;
/** A summary marker ("总的来说") weighs the details before it down and the verdict after it up. */
const ZH_SUMMARY_BEFORE = 0.6;
const ZH_SUMMARY_AFTER = 2;

/** Chinese negators also form plain statements ("不远", "没想到"), so a loose one counts less. */
const ZH_DANGLING_NEGATION = 0.4;

const ZH_BREAK = new Set(Array.from("，。！？；、,.!?;~～…\n 　：:（）()【】[]", (c) => c.charCodeAt(0)));
const BANG = new Set([0xff01, 33]);
const QMARK = new Set([0xff1f, 63]);

export function scoreChinese(simplified: string, t: Tally): void {
  const zh = lex().zh;
  const book = new ClauseBook();
  let negAt = -100;
  let negStrength = 1;
  let negCount = 0;
  let intensity = 1;
  let intAt = -100;
  const n = simplified.length;
  for (let i = 0; i < n; ) {
    const code = simplified.charCodeAt(i);
    if (ZH_BREAK.has(code)) {
      if (negAt > 0 && negCount % 2 === 1) book.add(-ZH_DANGLING_NEGATION);
      if (BANG.has(code) || QMARK.has(code) || code === 0x3002 || code === 46 || code === 10) {
        if (QMARK.has(code)) t.question = true;
        book.endSentence(BANG.has(code));
      } else book.endClause();
      negAt = -100;
      negCount = 0;
      intAt = -100;
      i++;
      continue;
    }
    const list = zh.get(code);
    let entry: ZhEntry | undefined;
    if (list) {
      for (const e of list) {
        if (simplified.startsWith(e.word, i)) {
          entry = e;
          break;
        }
      }
    }
    if (!entry) {
      i++;
      continue;
    }
    const end = i + entry.word.length;
    switch (entry.kind) {
      case ZhKind.Negator:
        negCount = i - negAt <= 6 ? negCount + 1 : 1;
        negAt = end;
        negStrength = entry.value;
        break;
      case ZhKind.Intensifier: {
        // "好" is an intensifier only right before a sentiment word ("好难吃"); alone it is praise.
        const next = zh.get(simplified.charCodeAt(end))?.find((e) => simplified.startsWith(e.word, end));
        if (entry.word === "好" && !(next && (next.kind === ZhKind.Sentiment || next.kind === ZhKind.Intensifier))) {
          applyZh(book, 1.5, i, negAt, negCount, negStrength, intensity, intAt);
          negAt = -100;
        } else {
          intensity = entry.value;
          intAt = end;
        }
        break;
      }
      case ZhKind.Contrast:
        book.contrast(0.7, 1.3);
        negAt = -100;
        break;
      case ZhKind.Concession:
        // "挺好的，就是有点吵": after clear praise, the complaint that follows is a minor one.
        if (book.lean() >= ZH_PRAISE_DOMINATES) book.concede(ZH_MINOR_COMPLAINT, 1, true);
        else book.concede(1, 1);
        negAt = -100;
        break;
      case ZhKind.Summary:
        book.summarize(ZH_SUMMARY_BEFORE, ZH_SUMMARY_AFTER);
        negAt = -100;
        break;
      case ZhKind.Sentiment:
        applyZh(book, entry.value, i, negAt, negCount, negStrength, intensity, intAt);
        negAt = -100;
        negCount = 0;
        break;
      default:
        break;
    }
    i = end;
  }
  if (negAt > 0 && negCount % 2 === 1) book.add(-ZH_DANGLING_NEGATION);
  book.into(t);
  if (simplified.includes("?!") || simplified.includes("？！") || simplified.includes("！？")) t.neg += 1.2;
}

function applyZh(
  book: ClauseBook,
  value: number,
  at: number,
  negAt: number,
  negCount: number,
  negStrength: number,
  intensity: number,
  intAt: number,
): void {
  let v = value;
  if (at - intAt <= 2) v *= intensity;
  if (at - negAt <= 4 && negCount % 2 === 1) {
    v = v > 0 ? -0.9 * v * negStrength : -0.5 * v * negStrength;
  }
  book.add(v);
}
