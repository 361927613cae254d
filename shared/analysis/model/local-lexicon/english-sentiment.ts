import { stem } from "../themes.ts";
import { ClauseBook, type Tally } from "./clauses.ts";
import { lex } from "./lexicons.ts";

/**
 * English: a token scan with windows for negation ("not good"), intensity ("very good") and
 * hypotheticals ("would be nice"), clauses reweighed by contrast ("but") and concession
 * ("although"), then the phrase patterns of english-patterns.ts over the whole text.
 */

/**
 * A negation that found no sentiment word to flip ("it doesn't fit", "they didn't call back") is
 * itself weak evidence of a complaint in customer feedback.
 */
const DANGLING_NEGATION = 0.6;

const URL_OR_HANDLE = /https?:\/\/\S+|www\.\S+|[@#](?=\w)/g;
const EN_TOKEN = /[a-z0-9]+(?:'[a-z]+)?|[.!?;]+|,|\n/g;

export function scoreEnglish(lower: string, t: Tally): void {
  const en = lex().en;
  const text = lower.replace(URL_OR_HANDLE, " ").replace(/[’‘`]/g, "'");
  const tokens = text.match(EN_TOKEN);
  if (!tokens) return;
  const book = new ClauseBook();
  let negWindow = 0;
  let negStrength = 1;
  let intensity = 1;
  let intWindow = 0;
  let modalWindow = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    const c0 = tok.charCodeAt(0);
    if (c0 === 46 || c0 === 33 || c0 === 63 || c0 === 59 || c0 === 10) {
      if (tok.includes("?")) t.question = true;
      if (negWindow > 0) book.add(-DANGLING_NEGATION);
      book.endSentence(tok.includes("!"));
      negWindow = 0;
      modalWindow = 0;
      intWindow = 0;
      continue;
    }
    if (c0 === 44) {
      if (negWindow > 0) book.add(-DANGLING_NEGATION);
      book.endClause();
      negWindow = 0;
      modalWindow = 0;
      intWindow = 0;
      continue;
    }
    if (en.contrast.has(tok)) {
      if (tok === "yet" && (tokens[i - 1] === "not" || i + 1 >= tokens.length)) continue;
      book.contrast(0.6, 1.4);
      negWindow = 0;
      continue;
    }
    if (en.concessive.has(tok)) {
      book.concede(0.6, 1.2);
      continue;
    }
    if (en.modals.has(tok)) {
      modalWindow = 4;
      continue;
    }
    if (en.negators.has(tok)) {
      if (negWindow > 0) book.add(-DANGLING_NEGATION);
      negWindow = 3;
      negStrength = 1;
      continue;
    }
    const mult = en.intensifiers.get(tok);
    if (mult !== undefined) {
      intensity = mult;
      intWindow = 2;
      if (!en.scoringIntensifiers.has(tok)) continue;
    }
    let v = en.words.get(tok);
    if (v === undefined && tok.length > 3) v = en.words.get(stem(tok));
    if (v !== undefined && v !== 0) {
      if (tok === "like" || tok === "liked") {
        const prev = tokens[i - 1];
        const next = tokens[i + 1];
        if (
          (prev !== undefined && en.likeAsComparisonAfter.has(prev)) ||
          next === "a" ||
          next === "an" ||
          next === "to"
        )
          v = 0;
      }
      if (intWindow > 0) v *= intensity;
      if (modalWindow > 0) v *= v > 0 ? 0.25 : 0.6;
      if (negWindow > 0) {
        v = v > 0 ? -0.8 * v * negStrength : -0.4 * v * negStrength;
        negWindow = 0;
      }
      book.add(v);
    }
    if (negWindow > 0 && --negWindow === 0) book.add(-DANGLING_NEGATION);
    if (intWindow > 0) intWindow--;
    if (modalWindow > 0) modalWindow--;
  }
  if (negWindow > 0) book.add(-DANGLING_NEGATION);
  book.into(t);
  for (const [re, value] of en.patterns) {
    if (re.test(text)) {
      if (value > 0) t.pos += value;
      else t.neg -= value;
      if (value <= -1.5 && -value > t.maxNegClause) t.maxNegClause = -value;
    }
  }
}
