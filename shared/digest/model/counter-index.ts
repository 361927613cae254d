import { ALL_THEMES, TOUCHPOINT_PREFIX, themeAtTouchpoint, UNTAGGED } from "#shared/feedback/model/counters";
import { Channel } from "#shared/feedback/model/schema";
import type { WeekCounters } from "./digest.ts";

/** One counter row: attribute (n, s0..s10, POSITIVE, ...) -> count. */
export type Counts = Readonly<Record<string, number>>;

export const get = (counts: Counts, attr: string): number => counts[attr] ?? 0;

/** Counter rows indexed by week, then by "<channel>#<theme>"; duplicate rows are summed. */
export class CounterIndex {
  private readonly byWeek = new Map<string, Map<string, Record<string, number>>>();

  constructor(weeks: readonly WeekCounters[]) {
    for (const w of weeks) {
      const rows = this.byWeek.get(w.week) ?? new Map<string, Record<string, number>>();
      this.byWeek.set(w.week, rows);
      for (const row of w.rows) {
        const key = `${row.channel}#${row.theme}`;
        const into = rows.get(key) ?? {};
        rows.set(key, into);
        for (const [attr, v] of Object.entries(row.counts)) into[attr] = (into[attr] ?? 0) + (Number(v) || 0);
      }
    }
  }

  /** True when the week was given and has at least one row (the store had data that week). */
  hasData(week: string): boolean {
    return (this.byWeek.get(week)?.size ?? 0) > 0;
  }

  row(week: string, channel: Channel, theme: string): Counts {
    return this.byWeek.get(week)?.get(`${channel}#${theme}`) ?? {};
  }

  /** Theme ids with a row in the week (excluding "_all", "_untagged" and touchpoint rows). */
  themes(week: string): string[] {
    const ids = new Set<string>();
    for (const key of this.byWeek.get(week)?.keys() ?? []) {
      const theme = key.slice(key.indexOf("#") + 1);
      if (theme !== ALL_THEMES && theme !== UNTAGGED && !theme.startsWith(TOUCHPOINT_PREFIX)) ids.add(theme);
    }
    return [...ids];
  }

  /** The channel's rows of these touchpoints, summed attribute by attribute. */
  touchpointSum(week: string, channel: Channel, touchpoints: readonly string[]): Counts {
    const sum: Record<string, number> = {};
    for (const tp of touchpoints) {
      for (const [attr, v] of Object.entries(this.row(week, channel, `${TOUCHPOINT_PREFIX}${tp}`))) {
        sum[attr] = (sum[attr] ?? 0) + v;
      }
    }
    return sum;
  }

  /**
   * One theme's row of the channel: over every touchpoint, or (with `touchpoints`) only the mentions
   * given at those counted touchpoints (their "@<touchpoint>/<theme>" rows, summed).
   */
  themeRow(week: string, channel: Channel, theme: string, touchpoints?: readonly string[]): Counts {
    if (touchpoints === undefined) return this.row(week, channel, theme);
    const sum: Record<string, number> = {};
    for (const tp of touchpoints) {
      for (const [attr, v] of Object.entries(this.row(week, channel, themeAtTouchpoint(tp, theme)))) {
        sum[attr] = (sum[attr] ?? 0) + v;
      }
    }
    return sum;
  }

  /** An attribute of one theme summed over the channels. */
  themeSum(week: string, theme: string, attrs: readonly string[]): number {
    let sum = 0;
    for (const channel of Channel.options) {
      const row = this.row(week, channel, theme);
      for (const a of attrs) sum += row[a] ?? 0;
    }
    return sum;
  }
}
