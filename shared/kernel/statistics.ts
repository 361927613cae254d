/**
 * The few statistics the digest reports: 95 % margins of error of an NPS and of a percentage, and
 * the Poisson tails behind its trend tests, computed through the regularized incomplete gamma
 * function so their cost does not grow with the counts (a busy week has thousands of mentions).
 *
 * Kept here rather than taken from a library, because none fits: simple-statistics tabulates a
 * Poisson distribution only to within 1e-4 of 1 (too coarse for p-values near 0.001, and its cost
 * grows with the rate), jStat's Poisson CDF sums k terms with factorials that overflow past 170 and
 * adds 51 KB minified, and @stdlib's poisson-cdf is accurate but adds 109 KB from some 200 packages
 * to each digest function; the margins of error are one-line formulas no library names.
 */

/** 95 % margin of error of an NPS, in NPS points: 1.96 * 100 * sqrt((p + d - (p - d)^2) / n). */
export const npsMarginOfError = (promoters: number, detractors: number, n: number): number | undefined => {
  if (n <= 0) return undefined;
  const p = promoters / n;
  const d = detractors / n;
  return 1.96 * 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
};

/** 95 % margin of error of a percentage by the normal approximation: 1.96 * 100 * sqrt(p (1 - p) / n). */
export const proportionMarginOfError = (successes: number, n: number): number | undefined =>
  n <= 0 ? undefined : 1.96 * 100 * Math.sqrt(((successes / n) * (1 - successes / n)) / n);

/** Arithmetic mean; undefined for no values. */
export const mean = (xs: readonly number[]): number | undefined =>
  xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;

// ---------------------------------------------------------------------------------------------
// Poisson tails (regularized incomplete gamma: cost independent of the counts)

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7). */
export const lnGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (const [i, c] of LANCZOS.entries()) a += c / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
};

const EPS = 1e-15;
const MAX_ITER = 10_000;

/** Regularized lower incomplete gamma P(a, x) by its series (good for x < a + 1). */
const gammaSeries = (a: number, x: number): number => {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - lnGamma(a)));
};

/** Regularized upper incomplete gamma Q(a, x) by its continued fraction (good for x >= a + 1). */
const gammaContinuedFraction = (a: number, x: number): number => {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h);
};

const lowerGamma = (a: number, x: number): number =>
  x <= 0 ? 0 : x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);

const upperGamma = (a: number, x: number): number =>
  x <= 0 ? 1 : x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);

/** P(X >= k) for X ~ Poisson(rate): the one-sided p-value of a rise to k. */
export const poissonUpperTail = (k: number, rate: number): number => {
  if (k <= 0) return 1;
  if (rate <= 0) return 0;
  return lowerGamma(Math.floor(k), rate);
};

/** P(X <= k) for X ~ Poisson(rate): the one-sided p-value of a drop to k. */
export const poissonLowerTail = (k: number, rate: number): number => {
  if (k < 0) return 0;
  if (rate <= 0) return 1;
  return upperGamma(Math.floor(k) + 1, rate);
};

/** ln C(n, k). */
const lnChoose = (n: number, k: number): number => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/**
 * Two-sided exact test that two event rates are equal: k1 events over exposure e1 against k2 over
 * e2 (complaints per response before and after a fix). Given k1 + k2 events, k2 follows
 * Binomial(k1 + k2, e2 / (e1 + e2)) when the rates are equal; the p-value doubles the smaller tail.
 */
export const rateRatioPValue = (k1: number, e1: number, k2: number, e2: number): number | undefined => {
  const n = k1 + k2;
  if (e1 <= 0 || e2 <= 0 || n === 0) return undefined;
  const p = e2 / (e1 + e2);
  const pmf = (k: number) => Math.exp(lnChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
  let lower = 0;
  let upper = 0;
  for (let k = 0; k <= n; k++) {
    const x = pmf(k);
    if (k <= k2) lower += x;
    if (k >= k2) upper += x;
  }
  return Math.min(1, 2 * Math.min(lower, upper));
};
