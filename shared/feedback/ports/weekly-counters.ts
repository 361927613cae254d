import type { Channel } from "../model/schema.ts";

export interface WeeklyCounter {
  week: string;
  channel: Channel;
  /** A theme id, "_all" or "_untagged". */
  theme: string;
  counts: Record<string, number>;
}

/** The weekly counters the digest reads instead of the items themselves. */
export interface WeeklyCounterStore {
  /** Every counter row of one ISO week. */
  weeklyCounters(week: string): Promise<WeeklyCounter[]>;
}
