/**
 * The test statistics. Two-sample: a sequential probability ratio test on the candidate's share of
 * the bad events. One-sample: an SPRT on the candidate's bad-event rate against a fixed rate (the
 * SLO's budget, or an upper confidence bound on a historical baseline). Everything is in logs, so
 * thousands of intervals of evidence never overflow.
 *
 * Why the guarantees hold (α exactly, β approximately):
 * - Two-sample, per interval t with candidate requests n_c, baseline requests n_b: given the total
 *   number of bad events k = x + y, a candidate no worse than the baseline puts x bad events on the
 *   candidate with a hypergeometric law of mean k·θ0, θ0 = n_c / (n_c + n_b). The increment
 *   exp(x·ln(θr/θ0) + y·ln((1−θr)/(1−θ0))) is convex in x, and a hypergeometric variable is smaller
 *   in convex order than the binomial Bin(k, θ0) (Hoeffding 1963), under which the increment has
 *   mean exactly 1; a candidate better than the baseline only lowers it (the increment grows with
 *   x). So exp(S(r)) is a non-negative supermartingale, and so is any fixed mixture Σ w_j exp(S(r_j))
 *   with Σ w_j = 1. Ville's inequality: P(ever ≥ c) ≤ 1/c, however often one looks — across
 *   intervals, checks and canary steps alike. The baseline's own rate cancels, and may drift.
 * - Mirror: exp(−S(r0)) is a martingale when the candidate is exactly r0× worse (in the binomial
 *   approximation of the share, good for rare bad events) and a supermartingale when it is worse
 *   still, so P(pass | ≥ r0× worse) ≤ β.
 * - One-sample: with x bad of n, exp(x·ln(p1/p0) + (n−x)·ln((1−p1)/(1−p0))) has mean ≤ 1 for any
 *   true rate p ≤ p0 (it is linear and increasing in p, equal to 1 at p0).
 */

/** Ratios of the fail mixture, as multiples of `max-increase`, and their weights (sum 1). */
export const MIXTURE_MULTIPLES = [1, 2, 4, 8, 16] as const;
export const MIXTURE_WEIGHTS = [0.5, 0.125, 0.125, 0.125, 0.125] as const;

/** P(a bad event falls on the candidate) when its rate is r× the baseline's and it has share θ0 of the requests. */
export const shareUnderRatio = (theta0: number, r: number): number => (r * theta0) / (r * theta0 + 1 - theta0);

/** Log-likelihood ratio increment of "r× worse" against "no worse" for one interval (0 when an arm had no requests). */
export function twoSampleIncrement(r: number, nc: number, nb: number, x: number, y: number): number {
  if (nc <= 0 || nb <= 0 || x + y === 0) return 0;
  const theta0 = nc / (nc + nb);
  const thetaR = shareUnderRatio(theta0, r);
  return (x > 0 ? x * Math.log(thetaR / theta0) : 0) + (y > 0 ? y * Math.log((1 - thetaR) / (1 - theta0)) : 0);
}

/** Log-likelihood ratio increment of "rate p1" against "rate p0" for x bad events of n. */
export function oneSampleIncrement(p0: number, p1: number, n: number, x: number): number {
  if (n <= 0) return 0;
  return (x > 0 ? x * Math.log(p1 / p0) : 0) + (n - x > 0 ? (n - x) * Math.log((1 - p1) / (1 - p0)) : 0);
}

/** ln Σ exp(a_i), stable. */
export function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** ln of the mixture Σ w_j exp(S_j). */
export const logMixture = (logLRs: readonly number[], weights: readonly number[]): number =>
  logSumExp(logLRs.map((s, j) => Math.log(weights[j] as number) + s));

/** Kullback–Leibler divergence of Bernoulli(p) from Bernoulli(q), in nats. */
export function bernoulliKL(p: number, q: number): number {
  const term = (a: number, b: number): number => (a === 0 ? 0 : a * Math.log(a / b));
  return term(p, q) + term(1 - p, 1 - q);
}

/**
 * Chernoff (KL) confidence bounds on a binomial rate from x of n: the true rate is below `upper`
 * (above `lower`) with probability ≥ 1 − δ each. Valid for any n, unlike the normal approximation.
 */
export function klUpperBound(x: number, n: number, delta: number): number {
  if (n <= 0) return 1;
  const p = x / n;
  const level = Math.log(1 / delta) / n;
  let lo = p;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (bernoulliKL(p, mid) > level) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function klLowerBound(x: number, n: number, delta: number): number {
  if (n <= 0) return 0;
  const p = x / n;
  const level = Math.log(1 / delta) / n;
  let lo = 0;
  let hi = p;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (bernoulliKL(p, mid) > level) lo = mid;
    else hi = mid;
  }
  return lo;
}
