/**
 * Masks personal data in text shown to people who do not need it: emails, phone numbers
 * (mainland China mobiles, landlines and international formats), Chinese resident ID numbers,
 * payment card numbers and @handles of private people are replaced by a neutral placeholder.
 * Order, ticket and tracking numbers stay readable: support needs them to find the order.
 * The rule is stated in docs/personal-data.md (first section); keep the two in step.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 18-character resident identity number: region, birth date, sequence, check character (X).
// Alone in a text the shape is enough (a mistyped check character is still someone's id).
const ID_SHAPE = String.raw`\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`;
const RESIDENT_ID = new RegExp(String.raw`(?<!\d)${ID_SHAPE}(?!\d)`, "g");
// Mainland mobiles, with or without +86 and separators. Before cards: "86 138-1234-5678" is 13 digits.
const MOBILE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g;
// 13-19 digits, optionally grouped by spaces or dashes, optionally after a card keyword.
const CARD_KEYWORD = String.raw`(?:(?:银行|信用|借记|储蓄)?卡(?:号码?)?|(?<![A-Za-z])card(?:\s*(?:no\.?|number|#))?)[\s:：#＃]*`;
const CARD = new RegExp(String.raw`(${CARD_KEYWORD})?(?<!\d)((?:\d[ -]?){12,18}\d)(?!\d)`, "gi");
// Anything after a "+" country code: 7 to 15 digits in groups (checked on the match).
const INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}(?![ .-]?\d)/g;
// Landlines and other numbers: at least 7 digits in groups, a whole run of digit groups (so a long
// grouped number that is not a card is not half masked).
const OTHER_PHONE =
  /(?<![\w+]|\d[ .-])(?:\(\d{1,4}\)[ .-]?\d{3,4}[ .-]?\d{3,4}|(?:\(\d{1,4}\)[ .-]?)?\d{2,4}[ .-]\d{3,4}[ .-]?\d{3,4})(?![ .-]?\d)/g;
const HANDLE = /(?<![\w.])@[A-Za-z0-9_\u4e00-\u9fff-]{2,30}/g;

// What a reference is made of: letters and digits, at least one digit, dash-joined parts; it ends
// where the run ends ("138 1234 5678" is one run, and not a reference: it goes to the patterns).
const TOKEN = String.raw`[A-Za-z]*\d[A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*(?![-_]?[A-Za-z0-9]|\s\d)`;
const ORDER_KEYWORD = [
  // 订单号 订单编号 訂單號 工单 运单号 … and any "…单号" (快递单号, 物流单号, 售后单号).
  "[订訂工运運][单單](?:[号號][码碼]?|[编編][号號])?|[单單][号號]",
  String.raw`(?<![A-Za-z])(?:order|ticket|tracking|waybill)(?:\s*(?:no\.?|number|num\.?|id|code|#))?`,
].join("|");
const ORDER_SEPARATOR = String.raw`[\s:：#＃=]*(?:(?:是|为|為|is\s)[\s:：#＃]*)?`;
/** The token right after an order, ticket or tracking keyword. */
const AFTER_KEYWORD = new RegExp(`(${ORDER_KEYWORD})(${ORDER_SEPARATOR})(${TOKEN})`, "gi");
/** Codes whose prefix says what they are: ORD-…, SO…, TK-…, T-… (dash required after a bare T). */
const PREFIXED = /(?<![A-Za-z0-9])(?:(?:ORD|SO|TKT?)[-_#]?|T-)\d[A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*/gi;
/** Ticket-style references: #12345, #A-1024. */
const HASH_REF = new RegExp(String.raw`(?<![\w&#])[#＃]${TOKEN}`, "g");

/** The Luhn check that every payment card number passes (and nine in ten other numbers fail). */
export const luhnValid = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number (region, birth date, sequence) whose check character (GB 11643) is right. */
export const residentIdValid = (id: string): boolean => {
  if (!new RegExp(`^${ID_SHAPE}$`).test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return "10X98765432"[sum % 11] === id[17]?.toUpperCase();
};

/**
 * A reference written as bare digits can be a person's number put where an order number was asked
 * for: those stay masked. Anything with a letter in it is a code.
 */
const personalNumber = (token: string): boolean => {
  if (!/^[\d-]+[Xx]?$/.test(token)) return false;
  const digits = token.replaceAll("-", "");
  return /^(?:86)?1[3-9]\d{9}$/.test(digits) || residentIdValid(digits);
};

/** Sets text aside behind a placeholder that no pattern matches (no digits, no separators). */
class Shelf {
  private readonly items: string[] = [];
  put(text: string): string {
    const index = (this.items.push(text) - 1).toString(16);
    return `\uE000${[...index].map((h) => String.fromCharCode(0xe100 + Number.parseInt(h, 16))).join("")}\uE000`;
  }
  restore(text: string): string {
    return text.replace(/\uE000([\uE100-\uE10F]+)\uE000/g, (_, code: string) => {
      const hex = [...code].map((c) => (c.charCodeAt(0) - 0xe100).toString(16)).join("");
      return this.items[Number.parseInt(hex, 16)] ?? "";
    });
  }
}

/** Order, ticket and tracking references, set aside so that no personal-data pattern takes them. */
const shelveReferences = (text: string, shelf: Shelf): string =>
  text
    .replace(AFTER_KEYWORD, (match, keyword: string, separator: string, token: string) =>
      personalNumber(token) ? match : `${keyword}${separator}${shelf.put(token)}`,
    )
    .replace(PREFIXED, (match) => shelf.put(match))
    .replace(HASH_REF, (match) => (personalNumber(match.slice(1)) ? match : shelf.put(match)));

const maskCards = (text: string): string =>
  text.replace(CARD, (match, keyword: string | undefined, run: string) =>
    keyword !== undefined || luhnValid(run.replace(/[ -]/g, "")) ? `${keyword ?? ""}[card]` : match,
  );

export interface MaskOptions {
  /** Also mask @handles (e.g. for teams that treat social handles as personal data). */
  handles?: boolean;
  /**
   * Text the team needs to read stays as written, on top of the order and ticket references kept
   * by default, e.g. /INV\d{16}/ for invoice numbers, which would be masked when they pass the Luhn check.
   */
  keep?: readonly RegExp[];
}

export const maskPersonalData = (text: string, options: MaskOptions = {}): string => {
  const shelf = new Shelf();
  let masked = text;
  for (const pattern of options.keep ?? []) {
    const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    masked = masked.replace(global, (match) => shelf.put(match));
  }
  masked = shelveReferences(masked.replace(EMAIL, "[email]"), shelf)
    .replace(RESIDENT_ID, "[id]")
    .replace(MOBILE, "[phone]");
  masked = maskCards(masked)
    .replace(INTERNATIONAL, (match) => (/^(?:\D*\d){7,15}\D*$/.test(match) ? "[phone]" : match))
    .replace(OTHER_PHONE, "[phone]");
  if (options.handles) masked = masked.replace(HANDLE, "@[handle]");
  return shelf.restore(masked);
};

/**
 * The phone numbers a customer wrote (mainland mobiles and international numbers), as written, at
 * most `max`: what a support lead with the right to see personal data calls back on.
 */
export const phoneNumbersIn = (text: string, max = 3): string[] => {
  const found = new Set<string>();
  for (const pattern of [MOBILE, INTERNATIONAL]) {
    for (const match of text.matchAll(pattern)) {
      if (found.size >= max) break;
      if (/^(?:\D*\d){7,15}\D*$/.test(match[0])) found.add(match[0].trim());
    }
  }
  return [...found];
};

/** "alice@example.com" -> "a***@example.com"; for showing whose feedback it is without the address. */
export const maskEmail = (email: string): string => {
  const at = email.indexOf("@");
  return at <= 0 ? "[email]" : `${email[0]}***${email.slice(at)}`;
};

/**
 * Replaces detected spans (names, addresses from an entity detector) with "[type]", before the
 * patterns run. Offsets count Unicode code points, as Amazon Comprehend reports them.
 */
export const maskSpans = (text: string, spans: ReadonlyArray<{ begin: number; end: number; type: string }>): string => {
  if (spans.length === 0) return text;
  const chars = [...text];
  const sorted = [...spans].sort((a, b) => b.begin - a.begin);
  let lastBegin = Number.POSITIVE_INFINITY;
  for (const span of sorted) {
    // Overlapping spans: keep the earlier-starting one only where they do not overlap.
    if (span.end > lastBegin || span.begin < 0 || span.end > chars.length || span.begin >= span.end) continue;
    chars.splice(span.begin, span.end - span.begin, `[${span.type.toLowerCase()}]`);
    lastBegin = span.begin;
  }
  return chars.join("");
};
