import type { DigestLocale, TrendPoint } from "../model/digest.ts";
import { DASH, MINUS, WIDE, widthOf } from "./format.ts";
import { labelsFor } from "./labels.ts";

/**
 * The charts' alt texts in each locale: every number a chart draws, for screen readers and for mail
 * clients that block images. The NPS trend's sentence is also the plain-text part's trend line.
 */

export const int = (value: number): string => {
  const r = Math.round(value);
  return r < 0 ? `${MINUS}${-r}` : String(r);
};

export const pct = (locale: DigestLocale, share: number): string => {
  const v = String(Math.round(Math.max(0, Math.min(1, share)) * 100));
  return locale === "en" ? `${v} %` : `${v}%`;
};

const ALT = {
  en: {
    npsTrend: (n: number, span: string, values: string[], missing: boolean) =>
      `NPS, last ${n} weeks (${span}), oldest first: ${values.join(", ")}.${missing ? ` ${DASH} = not enough responses.` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `Complaint themes by negative mentions, with the running share: ${items.join(", ")}${more > 0 ? `, and ${more} more` : ""}. ` +
      `The first ${vital === 1 ? "theme makes" : `${vital} themes make`} up ${share} of complaints.`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count} (${cumulative})`,
  },
  "zh-Hans": {
    npsTrend: (n: number, span: string, values: string[], missing: boolean) =>
      `近 ${n} 周 NPS（${span}，由远及近）：${values.join("、")}。${missing ? `${DASH} 表示回复数不足。` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `投诉主题（按负面提及数，括号内为累计占比）：${items.join("、")}${more > 0 ? `，另有 ${more} 个主题` : ""}。` +
      `前 ${vital} 个主题占投诉的 ${share}。`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count}（${cumulative}）`,
  },
  "zh-Hant": {
    npsTrend: (n: number, span: string, values: string[], missing: boolean) =>
      `近 ${n} 週 NPS（${span}，由遠及近）：${values.join("、")}。${missing ? `${DASH} 表示回覆數不足。` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `投訴主題（依負面提及數，括號內為累計佔比）：${items.join("、")}${more > 0 ? `，另有 ${more} 個主題` : ""}。` +
      `前 ${vital} 個主題佔投訴的 ${share}。`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count}（${cumulative}）`,
  },
} as const satisfies Record<DigestLocale, unknown>;

export const altFor = (locale: DigestLocale) => ALT[locale] ?? ALT.en;

/** "NPS, last 9 weeks (weeks 39–47, 2026), oldest first: 31, 35, –, 40, …": also the text part's line. */
export const npsTrendAlt = (trend: readonly TrendPoint[], locale: DigestLocale): string => {
  const values = trend.map((p) => (p.nps === undefined || !Number.isFinite(p.nps) ? DASH : int(p.nps)));
  const first = trend[0]?.week;
  const last = trend.at(-1)?.week;
  return altFor(locale).npsTrend(
    trend.length,
    first === undefined || last === undefined ? DASH : labelsFor(locale).weekSpan(first, last),
    values,
    values.includes(DASH),
  );
};

// ---------------------------------------------------------------------------------------------
// Axis labels

/** A line break is best after these (or at a space): "配送与 / 等待", "Delivery & / waiting". */
const BREAK_AFTER = /^[与與及和、&/·,，]$/u;
const ELLIPSIS = "…";
// The ellipsis is full-width in CJK fonts: there it counts as two columns.
const width = (s: string): number => widthOf(s) + (s.endsWith(ELLIPSIS) && WIDE.test(s) ? 1 : 0);

/** The start of a word that does not fit on a line, ending in "…". */
const cut = (word: string, columns: number): string => {
  let chars = Array.from(word);
  while (chars.length > 1 && width(`${chars.join("")}${ELLIPSIS}`) > columns) chars = chars.slice(0, -1);
  return `${chars.join("")}${ELLIPSIS}`;
};

interface Piece {
  text: string;
  /** A space stood before it. */
  space: boolean;
}

/** Words and CJK characters, each knowing whether a space preceded it; a word wider than a line is cut short. */
const pieces = (label: string, columns: number): Piece[] => {
  const out: Piece[] = [];
  let space = false;
  for (const token of label.match(new RegExp(`\\s+|${WIDE.source}|[^\\s${WIDE.source.slice(1, -1)}]+`, "gu")) ?? []) {
    if (/^\s+$/.test(token)) {
      space = out.length > 0;
      continue;
    }
    const text = width(token) > columns ? cut(token, columns) : token;
    const previous = out.at(-1);
    // "&" stays with the word after it when both fit on a line: "Delivery / & waiting", not "Delivery / & / waiting".
    if (previous && /^[&/+]$/.test(previous.text) && width(`${previous.text} ${text}`) <= columns) {
      previous.text = `${previous.text}${space ? " " : ""}${text}`;
    } else out.push({ text, space });
    space = false;
  }
  return out;
};

const joined = (ps: readonly Piece[]): string => ps.map((p, i) => (i > 0 && p.space ? ` ${p.text}` : p.text)).join("");

/**
 * A chart's axis label in at most `maxLines` lines of `columns` columns (CJK characters count two):
 * whole when it fits, else on two lines broken after a conjunction or at a space where it can be,
 * else as evenly as it fits; what still does not fit ends in "…".
 */
export const axisLabel = (label: string, columns: number, maxLines = 3): string[] => {
  const text = label.trim().replace(/\s+/g, " ");
  if (width(text) <= columns || maxLines <= 1) return [text];
  const ps = pieces(text, columns);
  let best: { lines: string[]; score: number } | undefined;
  for (let i = 1; i < ps.length; i++) {
    const a = joined(ps.slice(0, i));
    const b = joined(ps.slice(i));
    if (width(a) > columns || width(b) > columns) continue;
    const natural = BREAK_AFTER.test(ps[i - 1]?.text ?? "") || ps[i]?.space === true;
    const score = (natural ? 1000 : 0) - Math.abs(width(a) - width(b));
    if (!best || score > best.score) best = { lines: [a, b], score };
  }
  if (best) return best.lines;
  const lines: string[] = [];
  let line: Piece[] = [];
  for (const p of ps) {
    if (line.length > 0 && width(joined([...line, p])) > columns) {
      lines.push(joined(line));
      line = [];
    }
    line.push({ ...p, space: line.length > 0 && p.space });
  }
  lines.push(joined(line));
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = Array.from(kept[maxLines - 1] ?? "");
  while (last.length > 0 && width(`${last.join("").trimEnd()}${ELLIPSIS}`) > columns) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.join("").trimEnd()}${ELLIPSIS}`;
  return kept;
};
