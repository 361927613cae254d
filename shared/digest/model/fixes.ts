import * as z from "zod";
import { Channel } from "#shared/feedback/model/schema";
import { rateRatioPValue } from "#shared/kernel/statistics";
import { isoWeek, previousWeeks, weekStart } from "#shared/kernel/time";
import { CounterIndex, get } from "./counter-index.ts";
import type { WeekCounters } from "./digest.ts";
import { NEGATIVE_ATTRS } from "./theme-ranking.ts";

/**
 * Verified improvement (issue 15, item 6): a team records a fix on a theme ("we changed couriers on
 * 12 Nov"), and the digest, the monthly report and the explorer show the theme's complaint rate
 * before and after it with a stated test, so "we fixed delivery" becomes "delivery complaints -34 %
 * since the 12 Nov fix (p = 0.003)".
 */

const EARLIEST = "2000-01-01";

export const FixBody = z.strictObject({
  date: z.iso
    .date("must be a date such as 2026-11-12")
    // Not a date at all is said once, by the format check.
    .refine((d) => Number.isNaN(Date.parse(d)) || d >= EARLIEST, "must be 2000-01-01 or later")
    .refine(
      (d) => Number.isNaN(Date.parse(d)) || Date.parse(`${d}T00:00:00Z`) <= Date.now() + 86_400_000,
      "must not be in the future",
    ),
  note: z.string().trim().min(1, "must not be empty").max(500, "at most 500 characters"),
});
export type FixBody = z.infer<typeof FixBody>;

export const ThemeFix = z.object({
  id: z.string(),
  theme: z.string(),
  date: z.string(),
  note: z.string(),
  by: z.string(),
  at: z.string(),
});
export type ThemeFix = z.infer<typeof ThemeFix>;

/** Fixes read per theme (newest first) for a report: the monthly report and the weekly digest judge recent ones. */
export const FIXES_PER_THEME = 10;

/** Weeks compared on each side of a fix (the fix's own week is left out: it is half and half). */
export const FIX_WINDOW_WEEKS = 8;
/** Weeks after the fix before its effect is stated. */
export const MIN_WEEKS_AFTER = 2;
export const FIX_SIGNIFICANCE = 0.05;

export interface WeekComplaints {
  week: string;
  /** The theme's negative and mixed mentions. */
  complaints: number;
  /** Every response that week (the exposure). */
  volume: number;
}

export const FixEffect = z.strictObject({
  fix: ThemeFix,
  weeksBefore: z.number().int(),
  weeksAfter: z.number().int(),
  /** Complaints per 100 responses. */
  rateBefore: z.number(),
  rateAfter: z.number(),
  /** Relative change of the rate, e.g. -0.34. */
  change: z.number(),
  pValue: z.number(),
  significant: z.boolean(),
});
export type FixEffect = z.infer<typeof FixEffect>;

/** A theme's fixes as GET /v1/themes/{id}/fixes lists them: the newest with their effect, once it can be stated. */
export const ThemeFixList = z.strictObject({
  items: z.array(ThemeFix.extend({ effect: FixEffect.optional() })),
});
export type ThemeFixList = z.infer<typeof ThemeFixList>;

/**
 * The complaint rate in up to FIX_WINDOW_WEEKS full weeks before the fix's week and after it, and an
 * exact test of equal rates (complaints per response, conditional binomial); undefined until
 * MIN_WEEKS_AFTER weeks with responses have passed, or without complaints on either side.
 */
export const fixEffect = (fix: ThemeFix, weeks: readonly WeekComplaints[]): FixEffect | undefined => {
  const fixWeek = isoWeek(`${fix.date}T12:00:00Z`);
  const withData = weeks.filter((w) => w.volume > 0);
  const before = withData.filter((w) => w.week < fixWeek).slice(-FIX_WINDOW_WEEKS);
  const after = withData.filter((w) => w.week > fixWeek).slice(0, FIX_WINDOW_WEEKS);
  if (before.length === 0 || after.length < MIN_WEEKS_AFTER) return undefined;
  const sum = (ws: readonly WeekComplaints[], k: "complaints" | "volume") => ws.reduce((s, w) => s + w[k], 0);
  const [k1, e1, k2, e2] = [
    sum(before, "complaints"),
    sum(before, "volume"),
    sum(after, "complaints"),
    sum(after, "volume"),
  ];
  const pValue = rateRatioPValue(k1, e1, k2, e2);
  if (pValue === undefined || k1 === 0) return undefined;
  const rateBefore = (100 * k1) / e1;
  const rateAfter = (100 * k2) / e2;
  return {
    fix,
    weeksBefore: before.length,
    weeksAfter: after.length,
    rateBefore,
    rateAfter,
    change: rateAfter / rateBefore - 1,
    pValue,
    significant: pValue < FIX_SIGNIFICANCE,
  };
};

/** The weeks a fix is judged on: FIX_WINDOW_WEEKS before its week, its week, and as many after (up to `now`). */
export const fixWeeks = (fix: Pick<ThemeFix, "date">, now: Date): string[] => {
  const fixWeek = isoWeek(`${fix.date}T12:00:00Z`);
  const current = isoWeek(now);
  const after: string[] = [];
  for (let w = fixWeek, i = 0; i < FIX_WINDOW_WEEKS && w < current; i++) {
    const next = isoWeek(new Date(Date.parse(`${fix.date}T12:00:00Z`) + (i + 1) * 7 * 86_400_000));
    if (next >= current) break;
    after.push(next);
    w = next;
  }
  return [...previousWeeks(fixWeek, FIX_WINDOW_WEEKS).reverse(), fixWeek, ...after];
};

/** A theme's complaints and every response, week by week, from the weekly counters. */
export const complaintSeries = (counters: readonly WeekCounters[], weeks: readonly string[], theme: string) => {
  const index = new CounterIndex(counters);
  return weeks.map((week): WeekComplaints => {
    let complaints = 0;
    let volume = 0;
    for (const c of Channel.options) {
      const row = index.row(week, c, theme);
      for (const s of NEGATIVE_ATTRS) complaints += get(row, s);
      volume += get(index.row(week, c, "_all"), "n");
    }
    return { week, complaints, volume };
  });
};

/** Weeks a fix stays on its theme's line in the weekly digest: its 8 weeks after, and as many again. */
export const DIGEST_FIX_WEEKS = 2 * FIX_WINDOW_WEEKS;

/** The instant a week's digest judges fixes at: the Monday after the week. */
const afterWeek = (week: string): Date => new Date(weekStart(week).getTime() + 7 * 86_400_000);

/**
 * The fix each theme's line reports in a week's digest: the theme's newest fix dated in that week or
 * the DIGEST_FIX_WEEKS weeks before it (a fix recorded later, or long ago, is not this week's news).
 */
export const digestFixes = (fixes: readonly ThemeFix[], week: string): ThemeFix[] => {
  const earliest = previousWeeks(week, DIGEST_FIX_WEEKS).at(-1) ?? week;
  const newest = new Map<string, ThemeFix>();
  for (const fix of fixes) {
    const fixWeek = isoWeek(`${fix.date}T12:00:00Z`);
    if (fixWeek < earliest || fixWeek > week) continue;
    const seen = newest.get(fix.theme);
    if (!seen || fix.date > seen.date || (fix.date === seen.date && fix.at > seen.at)) newest.set(fix.theme, fix);
  }
  return [...newest.values()];
};

/** The weeks of counters those fixes are judged on (as of the week's end), oldest first. */
export const digestFixWeeks = (fixes: readonly ThemeFix[], week: string): string[] =>
  [...new Set(digestFixes(fixes, week).flatMap((f) => fixWeeks(f, afterWeek(week))))].sort();

/**
 * The effect of each theme's reported fix as of the end of `week`, by theme: the same test as the
 * monthly report and the explorer (fixEffect); a fix too recent to judge has none.
 */
export const digestFixEffects = (
  fixes: readonly ThemeFix[],
  counters: readonly WeekCounters[],
  week: string,
): Map<string, FixEffect> => {
  const effects = new Map<string, FixEffect>();
  for (const fix of digestFixes(fixes, week)) {
    const effect = fixEffect(fix, complaintSeries(counters, fixWeeks(fix, afterWeek(week)), fix.theme));
    if (effect) effects.set(fix.theme, effect);
  }
  return effects;
};
