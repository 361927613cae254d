/**
 * Masks personal data in text shown to people who do not need it: emails, phone numbers
 * (mainland China mobiles and international formats), Chinese resident ID numbers, payment card
 * numbers and @handles of private people are replaced by a neutral placeholder.
 */
const patterns: ReadonlyArray<readonly [RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "[email]"],
  // 18-digit resident identity number (last char may be X).
  [/(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/g, "[id]"],
  // Mainland mobile numbers, with or without +86 and separators. Before cards: "86 138-1234-5678" is 13 digits.
  [/(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g, "[phone]"],
  // Payment cards: 13-19 digits, optionally grouped by spaces or dashes.
  [/(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g, "[card]"],
  // International / landline numbers: + or ( then at least 7 digits with separators.
  [
    /(?<![\w])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?\d{3,4}[ .-]?\d{3,4}|(?:\(\d{1,4}\)[ .-]?)?\d{2,4}[ .-]\d{3,4}[ .-]?\d{3,4})(?!\d)/g,
    "[phone]",
  ],
];

export interface MaskOptions {
  /** Also mask @handles (e.g. for teams that treat social handles as personal data). */
  handles?: boolean;
  /**
   * Text the team needs to read stays as written, e.g. order numbers like /\bORD-\d{8,}\b/:
   * a long digit run would otherwise be masked as a card number.
   */
  keep?: readonly RegExp[];
}

const HANDLE = /(?<![\w.])@[A-Za-z0-9_\u4e00-\u9fff-]{2,30}/g;

export const maskPersonalData = (text: string, options: MaskOptions = {}): string => {
  const kept: string[] = [];
  let protectedText = text;
  for (const pattern of options.keep ?? []) {
    const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    protectedText = protectedText.replace(global, (match) => `\uE000${kept.push(match) - 1}\uE000`);
  }
  let masked = patterns.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), protectedText);
  if (options.handles) masked = masked.replace(HANDLE, "@[handle]");
  return masked.replace(/\uE000(\d+)\uE000/g, (_, i: string) => kept[Number(i)] ?? "");
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
