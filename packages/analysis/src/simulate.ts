/**
 * Seeded simulation of canary traffic, for the tests that check the analysis's guarantees and for
 * bench/analysis.mjs: a small fast generator (sfc32 seeded by splitmix32), exact binomial draws,
 * and log-normal latencies binned into a histogram. Deterministic for a seed.
 */
import type { Bucket } from './histogram';

/** sfc32: 128-bit state, passes PractRand to 2^40+; seeded through splitmix32. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/**
 * An exact Binomial(n, p) draw by waiting times (geometric gaps between successes): O(n·min(p, 1−p))
 * work, which is small for the rates a canary sees.
 */
export function binomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, random);
  const logQ = Math.log1p(-p);
  let successes = 0;
  let position = 0;
  for (;;) {
    position += Math.floor(Math.log(1 - random()) / logQ) + 1;
    if (position > n) return successes;
    successes++;
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A log-normal latency law given by its median and its p99 (seconds). */
export interface LatencyLaw {
  medianSeconds: number;
  p99Seconds: number;
}

const Z99 = 2.3263478740408408;

/** P(latency ≤ t) under a log-normal law. */
export function latencyCdf(law: LatencyLaw, t: number): number {
  const sigma = Math.log(law.p99Seconds / law.medianSeconds) / Z99;
  return normalCdf(Math.log(t / law.medianSeconds) / sigma);
}

/** Prometheus client libraries' default buckets (seconds). */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** n requests' latencies binned into cumulative buckets: a multinomial drawn as conditional binomials. */
export function latencyHistogram(n: number, law: LatencyLaw, bounds: readonly number[], random: () => number): Bucket[] {
  const out: Bucket[] = [];
  let remaining = n;
  let massLeft = 1;
  let prevCdf = 0;
  let cumulative = 0;
  for (const le of bounds) {
    const cdf = latencyCdf(law, le);
    const mass = cdf - prevCdf;
    const inBucket = massLeft > 0 ? binomial(remaining, Math.min(1, mass / massLeft), random) : 0;
    remaining -= inBucket;
    massLeft -= mass;
    prevCdf = cdf;
    cumulative += inBucket;
    out.push({ le, count: cumulative });
  }
  return out;
}

export interface TrafficScenario {
  /** Candidate requests per check (e.g. 20). */
  candidatePerCheck: number;
  /** Candidate share of all traffic (e.g. 0.05). */
  candidateShare: number;
  /** Baseline error rate (e.g. 0.01). */
  baselineErrorRate: number;
  /** Candidate error rate = this × the baseline's. */
  errorRatio: number;
  /** Latency laws of the arms; when given, each check carries histograms. */
  latency?: { baseline: LatencyLaw; candidate: LatencyLaw; buckets?: readonly number[] };
}

export interface SimulatedArm {
  requests: number;
  bad: number;
  buckets?: Bucket[];
}

/** One check's counts for both arms. */
export function simulateCheck(s: TrafficScenario, random: () => number): { candidate: SimulatedArm; baseline: SimulatedArm } {
  const nc = s.candidatePerCheck;
  const nb = Math.round((nc * (1 - s.candidateShare)) / s.candidateShare);
  const candidate: SimulatedArm = { requests: nc, bad: binomial(nc, Math.min(1, s.baselineErrorRate * s.errorRatio), random) };
  const baseline: SimulatedArm = { requests: nb, bad: binomial(nb, s.baselineErrorRate, random) };
  if (s.latency) {
    const bounds = s.latency.buckets ?? DEFAULT_BUCKETS;
    candidate.buckets = latencyHistogram(nc, s.latency.candidate, bounds, random);
    baseline.buckets = latencyHistogram(nb, s.latency.baseline, bounds, random);
  }
  return { candidate, baseline };
}
