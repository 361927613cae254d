import { mean } from "#shared/kernel/statistics";
import { type Counts, get } from "./counter-index.ts";
import type { Metric } from "./digest.ts";

/** NPS and CSAT from the score buckets of the weekly counters, and the metrics that compare weeks. */

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
  n: number;
  value: number | undefined;
}

/** Promoters (s9-s10), passives (s7-s8) and detractors (s0-s6) from the score buckets of nps#_all. */
export const npsFromBuckets = (counts: Counts): NpsCounts => {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (let s = 0; s <= 10; s++) {
    const c = get(counts, `s${s}`);
    if (s >= 9) promoters += c;
    else if (s >= 7) passives += c;
    else detractors += c;
  }
  const n = promoters + passives + detractors;
  return { promoters, passives, detractors, n, value: n === 0 ? undefined : (100 * (promoters - detractors)) / n };
};

export interface CsatCounts {
  satisfied: number;
  n: number;
  value: number | undefined;
}

/** CSAT = share of 4-5 ratings (buckets s1..s5 of csat#_all), in percent. */
export const csatFromBuckets = (counts: Counts): CsatCounts => {
  let satisfied = 0;
  let n = 0;
  for (let s = 1; s <= 5; s++) {
    const c = get(counts, `s${s}`);
    n += c;
    if (s >= 4) satisfied += c;
  }
  return { satisfied, n, value: n === 0 ? undefined : (100 * satisfied) / n };
};

/**
 * A score metric with its comparison points. `previous` and `trailingAverage` use only weeks with
 * enough responses; `change` is given only when this week has enough responses too.
 */
export const scoreMetric = (
  current: { value: number | undefined; n: number },
  marginOfError: number | undefined,
  previous: { value: number | undefined; n: number } | undefined,
  trailing: ReadonlyArray<{ value: number | undefined; n: number }>,
  minResponses: number,
): Metric => {
  const enough = current.n >= minResponses && current.value !== undefined;
  const prev = previous && previous.n >= minResponses ? previous.value : undefined;
  const trailingValues = trailing.filter((t) => t.n >= minResponses && t.value !== undefined).map((t) => t.value ?? 0);
  return {
    value: current.value,
    n: current.n,
    enough,
    marginOfError,
    previous: prev,
    change: enough && current.value !== undefined && prev !== undefined ? current.value - prev : undefined,
    trailingAverage: mean(trailingValues),
  };
};

/** A count metric (volume): always "enough"; compared with the weeks that had data. */
export const countMetric = (value: number, previous: number | undefined, trailing: readonly number[]): Metric => ({
  value,
  n: value,
  enough: true,
  previous,
  change: previous === undefined ? undefined : value - previous,
  trailingAverage: mean(trailing),
});
