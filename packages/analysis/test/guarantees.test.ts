/**
 * The analysis's guarantees, checked by simulation with a seeded generator (deterministic): 5 %
 * canary traffic, 1 % baseline errors, a check every 20 canary requests, one decision per check —
 * exactly the repeated looking that makes fixed-threshold rules abort healthy canaries.
 */
import { describe, expect, it } from 'vitest';
import { Analysis, type AnalysisConfig, type MetricConfig } from '../src/index';
import { seededRandom, simulateCheck, type TrafficScenario } from '../src/simulate';

const ERRORS: MetricConfig = { name: 'errors', kind: 'errors', objective: { target: 0.99 } };
const LATENCY: MetricConfig = { name: 'latency', kind: 'latency', objective: { target: 0.99, thresholdSeconds: 1 } };
const base: TrafficScenario = { candidatePerCheck: 20, candidateShare: 0.05, baselineErrorRate: 0.01, errorRatio: 1 };
const ALPHA = 0.05;

interface Outcome {
  verdict: string;
  candidateRequests: number;
}

function watch(
  scenario: TrafficScenario,
  seed: number,
  {
    checks = 200,
    stopOnPass = true,
    metrics = [ERRORS],
    gap,
  }: { checks?: number; stopOnPass?: boolean; metrics?: MetricConfig[]; gap?: [number, number] } = {},
): Outcome {
  const config: AnalysisConfig = { metrics, baseline: 'concurrent', alpha: ALPHA, maxIncrease: 2 };
  const analysis = new Analysis(config);
  const random = seededRandom(seed);
  let served = 0;
  for (let i = 0; i < checks; i++) {
    const silent = gap && i >= gap[0] && i < gap[1];
    const { candidate, baseline } = simulateCheck(scenario, random);
    const arm = silent ? { requests: 0, bad: 0 } : candidate;
    served += arm.requests;
    const counts = Object.fromEntries(metrics.map((m) => [m.name, { candidate: arm, baseline }]));
    analysis.observe({ end: new Date(i * 10_000).toISOString(), metrics: counts });
    const d = analysis.decide();
    if (d.verdict === 'fail' || (stopOnPass && d.verdict === 'pass')) return { verdict: d.verdict, candidateRequests: served };
  }
  return { verdict: 'inconclusive', candidateRequests: served };
}

const runs = (n: number, f: (seed: number) => Outcome): Outcome[] => Array.from({ length: n }, (_, i) => f(i + 1));
const share = (outcomes: Outcome[], pred: (o: Outcome) => boolean): number => outcomes.filter(pred).length / outcomes.length;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** Three binomial standard errors at rate α over n runs: the simulation tolerance. */
const tolerance = (n: number): number => 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / n);

describe('guarantees by simulation', () => {
  it('a healthy candidate is failed at most α of the time when checked at every interval and never stopped early', () => {
    // The strongest form of the guarantee (Ville): watched for 4,000 canary requests, 200 looks, no stop on pass.
    const outcomes = runs(1000, (seed) => watch(base, seed, { stopOnPass: false }));
    const falseFail = share(outcomes, (o) => o.verdict === 'fail');
    expect(falseFail).toBeLessThanOrEqual(ALPHA + tolerance(1000));
    expect(falseFail).toBeGreaterThan(0); // the simulation does reach the boundary sometimes: the test can fail
  });

  it('a healthy candidate is mostly passed early (as the watch runs: stop on the first decision)', () => {
    const outcomes = runs(2000, (seed) => watch(base, seed));
    expect(share(outcomes, (o) => o.verdict === 'fail')).toBeLessThanOrEqual(ALPHA + tolerance(2000));
    expect(share(outcomes, (o) => o.verdict === 'pass')).toBeGreaterThanOrEqual(0.9);
    expect(median(outcomes.filter((o) => o.verdict === 'pass').map((o) => o.candidateRequests))).toBeLessThanOrEqual(510);
  });

  it('a 2× error rate is detected in at least 80 % of runs', () => {
    const outcomes = runs(2000, (seed) => watch({ ...base, errorRatio: 2 }, seed, { checks: 400 }));
    expect(share(outcomes, (o) => o.verdict === 'fail')).toBeGreaterThanOrEqual(0.8);
  });

  it('a 10× error rate is detected within 100 canary requests', () => {
    const outcomes = runs(2000, (seed) => watch({ ...base, errorRatio: 10 }, seed));
    expect(share(outcomes, (o) => o.verdict === 'fail')).toBe(1);
    expect(share(outcomes, (o) => o.verdict === 'fail' && o.candidateRequests <= 100)).toBeGreaterThanOrEqual(0.9);
    expect(median(outcomes.map((o) => o.candidateRequests))).toBeLessThanOrEqual(60);
  });

  it('a p99 latency regression (3× the baseline, median unchanged) is detected', () => {
    const latency = { baseline: { medianSeconds: 0.05, p99Seconds: 0.2 }, candidate: { medianSeconds: 0.05, p99Seconds: 0.6 } };
    const outcomes = runs(500, (seed) => watch({ ...base, latency }, seed, { metrics: [ERRORS, LATENCY] }));
    expect(share(outcomes, (o) => o.verdict === 'fail')).toBeGreaterThanOrEqual(0.95);
    expect(median(outcomes.map((o) => o.candidateRequests))).toBeLessThanOrEqual(200);
  });

  it('healthy latency with two metrics (α split between them) keeps the false fail rate under α', () => {
    const latency = { baseline: { medianSeconds: 0.05, p99Seconds: 0.2 }, candidate: { medianSeconds: 0.05, p99Seconds: 0.2 } };
    const outcomes = runs(500, (seed) => watch({ ...base, latency }, seed, { metrics: [ERRORS, LATENCY], stopOnPass: false, checks: 100 }));
    expect(share(outcomes, (o) => o.verdict === 'fail')).toBeLessThanOrEqual(ALPHA + tolerance(500));
  });

  it('zero canary traffic for a while is not a failure, and the watch goes on afterwards', () => {
    // Healthy candidate, silent for checks 5–60: no run fails more often than α, and silent checks add nothing.
    const outcomes = runs(500, (seed) => watch(base, seed, { gap: [5, 60], stopOnPass: false, checks: 120 }));
    expect(share(outcomes, (o) => o.verdict === 'fail')).toBeLessThanOrEqual(ALPHA + tolerance(500));
    // A 10× candidate that goes silent is still caught once traffic is back.
    const bad = runs(200, (seed) => watch({ ...base, errorRatio: 10 }, seed, { gap: [0, 30] }));
    expect(share(bad, (o) => o.verdict === 'fail')).toBe(1);
  });
});
