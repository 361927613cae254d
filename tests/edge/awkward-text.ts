import fc from "fast-check";

/** Strings customers really send: every one well-formed, most of them awkward. */

const PIECES = [
  "a",
  "Z",
  " ",
  "\n",
  "\r\n",
  "\t",
  "0",
  "好",
  "還",
  "😡",
  "👍🏽", // skin tone modifier
  "👩‍💻", // zero-width-joiner sequence
  "👨‍👩‍👧‍👦",
  "🇨🇳", // regional indicator pair
  "❤️", // variation selector
  "𠀋", // astral CJK
  "\u200f", // right-to-left mark
  "\u202e", // right-to-left override
  "\u2066", // left-to-right isolate
  "مرحبا",
  "שלום",
  "\u200b", // zero-width space
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff", // BOM / zero-width no-break space
  "e\u0301", // combining acute
  "Z\u0335\u0321\u0358", // zalgo
  "\u0000",
  "\u0007",
  "\u2028",
  "\u2029",
  "\ufffd",
  "\uffff",
  "\u{10fffd}",
  "<",
  '"',
  "&amp;",
] as const;

export const awkward = (maxPieces = 40) =>
  fc.array(fc.constantFrom(...PIECES), { maxLength: maxPieces }).map((parts) => parts.join(""));

/** A short, non-blank, awkward string: what a trimmed name field accepts. */
export const shortText = (max: number) =>
  fc
    .tuple(awkward(12), fc.constantFrom("a", "好", "😡", "שלום", "e\u0301"), awkward(12))
    .map(([a, core, b]) => `${a}${core}${b}`)
    .filter((s) => s.trim().length >= 1 && s.trim().length <= max);

export const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"] as const;
