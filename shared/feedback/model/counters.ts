import { COUNTED_TOUCHPOINTS } from "#shared/taxonomy/taxonomy";
import type { StoredFeedback } from "./schema.ts";

/**
 * Aggregate rows: one per week x channel x theme, "_all" per week x channel with score buckets,
 * "@<touchpoint>" per week x channel x counted touchpoint, with score buckets too, and
 * "@<touchpoint>/<theme>" per week x channel x counted touchpoint x theme (mentions and sentiment,
 * as theme rows), so a theme's figures can be told per touchpoint. Records stored before the
 * touchpoint x theme rows existed (no countersVersion) are not in them.
 */
export const ALL_THEMES = "_all";
export const UNTAGGED = "_untagged";
export const TOUCHPOINT_PREFIX = "@";

/** The counter rows a record stored now is counted in (StoredFeedback.countersVersion): 2, with touchpoint x theme. */
export const COUNTERS_VERSION = 2;

/** The row of one theme's mentions at one counted touchpoint: "@delivery/late_delivery". */
export const themeAtTouchpoint = (touchpoint: string, theme: string): string =>
  `${TOUCHPOINT_PREFIX}${touchpoint}/${theme}`;

/** Whether a record's counts differ between counter versions 1 and 2 (it has a counted touchpoint). */
export const countedAtTouchpoint = (record: Pick<StoredFeedback, "touchpoint">): boolean =>
  record.touchpoint !== undefined && COUNTED_TOUCHPOINTS.has(record.touchpoint);

export interface CounterIncrement {
  week: string;
  /** "<channel>#<themeId | _all | _untagged | @touchpoint>" */
  key: string;
  /** Attribute -> amount: "n", a sentiment name, "detractors", or a score bucket "s0".."s10". */
  add: Record<string, number>;
}

/**
 * Sums increments that hit the same counter row, so a batch touches each row once: fewer writes,
 * and no two concurrent transactions fighting over the same hot row for every single item.
 */
export const mergeCounters = (counters: readonly CounterIncrement[]): CounterIncrement[] => {
  const merged = new Map<string, CounterIncrement>();
  for (const c of counters) {
    const id = `${c.week}|${c.key}`;
    const into = merged.get(id);
    if (!into) {
      merged.set(id, { week: c.week, key: c.key, add: { ...c.add } });
      continue;
    }
    for (const [attr, amount] of Object.entries(c.add)) into.add[attr] = (into.add[attr] ?? 0) + amount;
  }
  return [...merged.values()];
};

/** What one stored record adds to the weekly counters. */
export const countersOf = (
  record: Pick<
    StoredFeedback,
    "channel" | "week" | "sentiment" | "detractor" | "themes" | "score" | "touchpoint" | "countersVersion"
  >,
): CounterIncrement[] => {
  const base: Record<string, number> = { n: 1, [record.sentiment]: 1, ...(record.detractor && { detractors: 1 }) };
  const scored = { ...base, ...(record.score !== undefined && { [`s${record.score}`]: 1 }) };
  const counted = countedAtTouchpoint(record) ? record.touchpoint : undefined;
  return [
    { week: record.week, key: `${record.channel}#${ALL_THEMES}`, add: scored },
    ...(counted !== undefined
      ? [{ week: record.week, key: `${record.channel}#${TOUCHPOINT_PREFIX}${counted}`, add: { ...scored } }]
      : []),
    ...(record.themes.length > 0 ? record.themes : [UNTAGGED]).map((theme) => ({
      week: record.week,
      key: `${record.channel}#${theme}`,
      add: { ...base },
    })),
    // Only where it was counted: a record stored before these rows never added to them, so moving it takes nothing.
    ...(counted !== undefined && (record.countersVersion ?? 1) >= 2
      ? record.themes.map((theme) => ({
          week: record.week,
          key: `${record.channel}#${themeAtTouchpoint(counted, theme)}`,
          add: { ...base },
        }))
      : []),
  ];
};

const negated = (counters: readonly CounterIncrement[]): CounterIncrement[] =>
  counters.map((c) => ({ ...c, add: Object.fromEntries(Object.entries(c.add).map(([k, v]) => [k, -v])) }));

/** The counter changes that turn `before`'s counts into `after`'s; rows that net to zero are left out. */
export const counterChange = (
  before: Parameters<typeof countersOf>[0],
  after: Parameters<typeof countersOf>[0],
): CounterIncrement[] =>
  mergeCounters([...negated(countersOf(before)), ...countersOf(after)])
    .map((c) => ({ ...c, add: Object.fromEntries(Object.entries(c.add).filter(([, v]) => v !== 0)) }))
    .filter((c) => Object.keys(c.add).length > 0);

/**
 * What re-tagging one stored record changes in the weekly counters: its old theme rows (and their
 * touchpoint x theme rows) lose what it counted there, its new ones gain it. The channel's "_all"
 * row is untouched.
 */
export const retagCounterDeltas = (
  record: Parameters<typeof countersOf>[0],
  newThemes: readonly string[],
): CounterIncrement[] => counterChange(record, { ...record, themes: [...newThemes] });

/** What counting a record stored before version 2 in the touchpoint x theme rows adds (hearback migrate, version 5). */
export const touchpointThemeBackfill = (record: Parameters<typeof countersOf>[0]): CounterIncrement[] =>
  counterChange({ ...record, countersVersion: 1 }, { ...record, countersVersion: COUNTERS_VERSION });
