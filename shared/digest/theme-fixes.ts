import { randomUUID } from "node:crypto";
import type { WeeklyCounterStore } from "#shared/feedback/ports/weekly-counters";
import { NotFoundError } from "#shared/kernel/errors";
import { validationError } from "#shared/kernel/validation";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import type { WeekCounters } from "./model/digest.ts";
import { complaintSeries, FixBody, type FixEffect, fixEffect, fixWeeks, type ThemeFix } from "./model/fixes.ts";
import type { ThemeFixStore } from "./ports/theme-fixes.ts";

/** Fixes whose effect is computed when listed: the newest ones (each reads up to 17 weeks of counters). */
export const FIXES_WITH_EFFECT = 5;

export interface ThemeFixDeps {
  fixes: ThemeFixStore;
  counters: WeeklyCounterStore;
  taxonomy: Taxonomy;
}

const knownTheme = (taxonomy: Taxonomy, theme: string) => {
  if (!taxonomy.themes.some((t) => t.id === theme)) throw new NotFoundError("No theme of the taxonomy has this id.");
};

/** A team records a fix on a theme: `POST /v1/themes/{id}/fixes {"date", "note"}`. */
export const recordFix = async (
  deps: ThemeFixDeps,
  theme: string,
  body: unknown,
  by: string,
  now: Date,
): Promise<ThemeFix> => {
  knownTheme(deps.taxonomy, theme);
  const parsed = FixBody.safeParse(body);
  if (!parsed.success) throw validationError("The fix is invalid", parsed.error);
  const fix: ThemeFix = { id: `fix_${randomUUID()}`, theme, ...parsed.data, by, at: now.toISOString() };
  await deps.fixes.record(fix);
  return fix;
};

/** Reads the counters of `weeks` once each, in parallel. */
const countersOf = async (counters: WeeklyCounterStore, weeks: readonly string[]): Promise<WeekCounters[]> =>
  Promise.all([...new Set(weeks)].map(async (week) => ({ week, rows: await counters.weeklyCounters(week) })));

/** A theme's fixes, newest first, the newest FIXES_WITH_EFFECT with their before/after test. */
export const themeFixes = async (
  deps: ThemeFixDeps,
  theme: string,
  now: Date,
): Promise<Array<ThemeFix & { effect?: FixEffect | undefined }>> => {
  knownTheme(deps.taxonomy, theme);
  const fixes = await deps.fixes.forTheme(theme);
  const judged = fixes.slice(0, FIXES_WITH_EFFECT);
  const weeksOf = judged.map((f) => fixWeeks(f, now));
  const counters = await countersOf(deps.counters, weeksOf.flat());
  return fixes.map((fix, i) => {
    const weeks = weeksOf[i];
    if (!weeks) return fix;
    const effect = fixEffect(fix, complaintSeries(counters, weeks, theme));
    return effect ? { ...fix, effect } : fix;
  });
};
