import { negotiateLocale } from "#shared/kernel/locale";

/** Numbers, links and quoted text, formatted the same way in the HTML and the plain-text part. */

export const DASH = "–";
/** Characters that take two columns (CJK, Hangul, full-width forms, emoji). */
export const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;
/** Display width in columns: CJK counts double. */
export const widthOf = (s: string): number => Array.from(s).reduce((w, c) => w + (WIDE.test(c) ? 2 : 1), 0);
export const MINUS = "−";

/** Rounded to at most `decimals`, without trailing zeros or "-0"; "–" for a missing value. */
export const num = (value: number | undefined, decimals = 1): string => {
  if (value === undefined || !Number.isFinite(value)) return DASH;
  const rounded = Number(value.toFixed(decimals));
  if (rounded === 0) return "0";
  return rounded < 0 ? `${MINUS}${String(-rounded)}` : String(rounded);
};

export const signed = (value: number, decimals = 1): string => {
  const s = num(value, decimals);
  return s === "0" || s.startsWith(MINUS) ? s : `+${s}`;
};

/** Only http(s) links survive; anything else (javascript:, data:, relative) is dropped. */
export const safeUrl = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  return /^https?:\/\/[^\s<>"'`\\]+$/i.test(trimmed) ? trimmed : undefined;
};

const isControl = (c: string): boolean => {
  const n = c.codePointAt(0) ?? 0;
  return n < 0x20 || (n >= 0x7f && n < 0xa0) || n === 0x2028 || n === 0x2029;
};

/** Control characters out (keeps newlines when asked); for the subject header and plain text. */
export const clean = (value: string, keepNewlines = false): string => {
  const out = Array.from(value.replace(/\r\n?/g, "\n"), (c) =>
    keepNewlines && c === "\n" ? c : isControl(c) ? " " : c,
  ).join("");
  return keepNewlines ? out : out.replace(/\s{2,}/g, " ").trim();
};

const MAX_QUOTE_CHARS = 1000;
export const quoteText = (text: string): string => {
  const chars = Array.from(clean(text, true).trim());
  return chars.length > MAX_QUOTE_CHARS ? `${chars.slice(0, MAX_QUOTE_CHARS).join("").trimEnd()}…` : chars.join("");
};

/** Quotation marks for the quote's own language: corner brackets in traditional Chinese. */
export const quoteMarks = (language: string): [string, string] =>
  negotiateLocale(language) === "zh-Hant" ? ["「", "」"] : ["“", "”"];

export const LANG_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** Split of a whole into integer percentages summing to 100 (largest remainder). */
export const percentages = (parts: readonly number[]): number[] => {
  const safe = parts.map((p) => (Number.isFinite(p) && p > 0 ? p : 0));
  const total = safe.reduce((a, b) => a + b, 0);
  if (total === 0) return safe.map(() => 0);
  const exact = safe.map((p) => (p / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
};

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const isoDate = (iso: string): [number, number, number] | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
};

/**
 * A span of days as a reader writes it, the year said once: "Nov 23–29, 2026", "Nov 30–Dec 6, 2026",
 * "Dec 28, 2026–Jan 3, 2027"; in Chinese "11月23日至29日", "11月30日至12月6日",
 * "2026年12月28日至2027年1月3日" (the week's name beside it carries the year).
 */
export const dateSpan = (from: string, to: string, locale: "zh-Hans" | "zh-Hant" | "en"): string => {
  const a = isoDate(from);
  const b = isoDate(to);
  if (!a || !b) return `${from} ${DASH} ${to}`;
  const [ay, am, ad] = a;
  const [by, bm, bd] = b;
  if (locale === "en") {
    const mon = (m: number) => EN_MONTHS[m - 1] ?? String(m);
    if (ay !== by) return `${mon(am)} ${ad}, ${ay}${DASH}${mon(bm)} ${bd}, ${by}`;
    return am === bm ? `${mon(am)} ${ad}${DASH}${bd}, ${ay}` : `${mon(am)} ${ad}${DASH}${mon(bm)} ${bd}, ${ay}`;
  }
  if (ay !== by) return `${ay}年${am}月${ad}日至${by}年${bm}月${bd}日`;
  return am === bm ? `${am}月${ad}日至${bd}日` : `${am}月${ad}日至${bm}月${bd}日`;
};
