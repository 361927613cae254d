import type { DigestLocale, TrendPoint } from "../model/digest.ts";
import { DASH, MINUS } from "./format.ts";

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
    npsTrend: (n: number, from: string, to: string, values: string[], missing: boolean) =>
      `NPS, last ${n} weeks (${from} to ${to}), oldest first: ${values.join(", ")}.${missing ? ` ${DASH} = not enough responses.` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `Complaint themes by negative mentions, with the running share: ${items.join(", ")}${more > 0 ? `, and ${more} more` : ""}. ` +
      `The first ${vital === 1 ? "theme makes" : `${vital} themes make`} up ${share} of complaints.`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count} (${cumulative})`,
  },
  "zh-Hans": {
    npsTrend: (n: number, from: string, to: string, values: string[], missing: boolean) =>
      `近 ${n} 周 NPS（${from} 至 ${to}，由远及近）：${values.join("、")}。${missing ? `${DASH} 表示回复数不足。` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `投诉主题（按负面提及数，括号内为累计占比）：${items.join("、")}${more > 0 ? `，另有 ${more} 个主题` : ""}。` +
      `前 ${vital} 个主题占投诉的 ${share}。`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count}（${cumulative}）`,
  },
  "zh-Hant": {
    npsTrend: (n: number, from: string, to: string, values: string[], missing: boolean) =>
      `近 ${n} 週 NPS（${from} 至 ${to}，由遠及近）：${values.join("、")}。${missing ? `${DASH} 表示回覆數不足。` : ""}`,
    pareto: (items: string[], more: number, vital: number, share: string) =>
      `投訴主題（依負面提及數，括號內為累計佔比）：${items.join("、")}${more > 0 ? `，另有 ${more} 個主題` : ""}。` +
      `前 ${vital} 個主題佔投訴的 ${share}。`,
    item: (label: string, count: string, cumulative: string) => `${label} ${count}（${cumulative}）`,
  },
} as const satisfies Record<DigestLocale, unknown>;

export const altFor = (locale: DigestLocale) => ALT[locale] ?? ALT.en;

/** "NPS, last 9 weeks (2026-W39 to 2026-W47), oldest first: 31, 35, –, 40, …": also the text part's line. */
export const npsTrendAlt = (trend: readonly TrendPoint[], locale: DigestLocale): string => {
  const values = trend.map((p) => (p.nps === undefined || !Number.isFinite(p.nps) ? DASH : int(p.nps)));
  return altFor(locale).npsTrend(
    trend.length,
    trend[0]?.week ?? DASH,
    trend.at(-1)?.week ?? DASH,
    values,
    values.includes(DASH),
  );
};
