import { describe, expect, it } from 'vitest';
import { Analysis, type AnalysisConfig, type MetricConfig, format } from '../src/index';
import { twoSampleIncrement, klUpperBound, klLowerBound } from '../src/sprt';
import { seededRandom, simulateCheck, DEFAULT_BUCKETS, latencyHistogram } from '../src/simulate';

const ERRORS: MetricConfig = { name: 'errors', kind: 'errors', objective: { target: 0.99 } };
const LATENCY: MetricConfig = { name: 'latency', kind: 'latency', objective: { target: 0.99, thresholdSeconds: 1 } };
const concurrent = (extra: Partial<AnalysisConfig> = {}): AnalysisConfig => ({
  metrics: [ERRORS],
  baseline: 'concurrent',
  alpha: 0.05,
  maxIncrease: 2,
  ...extra,
});
const at = (i: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, i * 10)).toISOString();

describe('decisions explain themselves in numbers', () => {
  it('gives the canary and baseline counts, rates, shares and the evidence against its threshold', () => {
    const a = new Analysis(concurrent());
    a.observe({ end: at(1), metrics: { errors: { candidate: { requests: 640, bad: 15 }, baseline: { requests: 12_160, bad: 122 } } } });
    const d = a.decide();
    expect(d.verdict).toBe('fail');
    expect(d.reason).toBe(
      'errors: canary 15/640 = 2.3 % errors vs baseline 122/12,160 = 1.0 %; 5 % of traffic, 11 % of the errors; evidence 21.1 ≥ 20',
    );
    const m = d.metrics[0]!;
    expect(m.trafficShare).toBeCloseTo(0.05, 10);
    expect(m.badShare).toBeCloseTo(15 / 137, 10);
    expect(m.ratio).toBeCloseTo(0.0234375 / (122 / 12_160), 10);
    expect(m.evidence.failThreshold).toBe(20);
    // The evidence is the mixture 0.5·LR(2) + 0.125·(LR(4) + LR(8) + LR(16) + LR(32)), computed by hand.
    const lr = (r: number): number => Math.exp(twoSampleIncrement(r, 640, 12_160, 15, 122));
    expect(m.evidence.fail).toBeCloseTo(0.5 * lr(2) + 0.125 * (lr(4) + lr(8) + lr(16) + lr(32)), 8);
  });

  it('a pass names the evidence against the regression it rules out', () => {
    const a = new Analysis(concurrent());
    const random = seededRandom(7);
    let d = a.decide();
    for (let i = 0; i < 300 && d.verdict === 'continue'; i++) {
      const c = simulateCheck({ candidatePerCheck: 20, candidateShare: 0.05, baselineErrorRate: 0.01, errorRatio: 1 }, random);
      a.observe({ end: at(i), metrics: { errors: c } });
      d = a.decide();
    }
    expect(d.verdict).toBe('pass');
    expect(d.reason).toMatch(
      /^errors: canary \d+\/[\d,]+ = [\d.]+ % errors vs baseline [\d,]+\/[\d,]+ = [\d.]+ %; .*; pass evidence [\d.,]+ ≥ 5 \(0\.8 × [\d.,]+ against a 2\.0× increase \+ 0\.2 × [\d.,]+ for its own rate under 0\.5 % \(the SLO's 1\.0 % ÷ 2\)\)$/,
    );
  });

  it('says when the traffic is too low to decide, and how much more a decision would need', () => {
    // 0.1 % errors on both arms and a 99.9 % SLO (so the canary's own rate is no pass either): after
    // 2,000 canary requests nothing is decided.
    const a = new Analysis(concurrent({ metrics: [{ name: 'errors', kind: 'errors', objective: { target: 0.999 } }] }));
    for (let i = 0; i < 100; i++)
      a.observe({
        end: at(i),
        metrics: {
          errors: { candidate: { requests: 20, bad: i % 50 === 0 ? 1 : 0 }, baseline: { requests: 380, bad: i % 3 === 0 ? 1 : 0 } },
        },
      });
    const d = a.decide({ final: true });
    expect(d.verdict).toBe('inconclusive');
    const m = d.metrics[0]!;
    expect(m.needs?.seen).toBe(2000);
    expect(m.needs!.candidateRequests).toBeGreaterThan(3 * 2000);
    expect(d.reason).toMatch(
      /^no decision before the deadline: errors: .*too little traffic to decide: at 0\.\d+ % errors a pass takes about [\d,]+ canary requests, 2,000 were seen \(≈ 3\.\d× more traffic needed\)/,
    );
  });
});

describe('a service without errors', () => {
  it('passes on its own rate against the SLO budget when neither arm has bad events to compare', () => {
    const a = new Analysis(concurrent());
    let i = 0;
    while (a.decide().verdict === 'continue' && i < 100)
      a.observe({ end: at(i++), metrics: { errors: { candidate: { requests: 20, bad: 0 }, baseline: { requests: 380, bad: 0 } } } });
    const d = a.decide();
    expect(d.verdict).toBe('pass');
    expect(d.metrics[0]!.passedBy).toBe('budget');
    // 0.8 × 1 + 0.2 × exp(n · −ln(0.99 / 0.995)) ≥ 5 needs n ≥ 604 canary requests with no error: 31 checks of 20.
    expect(d.candidateRequests).toBe(620);
    expect(d.reason).toBe(
      "errors: canary 0/620 = 0 % errors vs baseline 0/11,780 = 0 %; 5 % of traffic, 0 % of the errors; pass evidence 5.3 ≥ 5 (0.8 × 1.0 against a 2.0× increase + 0.2 × 22.7 for its own rate under 0.5 % (the SLO's 1.0 % ÷ 2))",
    );
  });

  it('never passes a canary at or over its budget that way (false pass ≤ β by simulation)', () => {
    // Candidate at exactly its 1 % budget, baseline at 0.5 %: a 2× regression over budget.
    let passed = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const a = new Analysis(concurrent());
      const random = seededRandom(seed);
      for (let i = 0; i < 200 && a.decide().verdict === 'continue'; i++)
        a.observe({
          end: at(i),
          metrics: {
            errors: simulateCheck({ candidatePerCheck: 20, candidateShare: 0.05, baselineErrorRate: 0.005, errorRatio: 2 }, random),
          },
        });
      if (a.decide().verdict === 'pass') passed++;
    }
    expect(passed / 500).toBeLessThanOrEqual(0.2);
  });
});

describe('no traffic is no evidence', () => {
  it('intervals without canary or baseline requests add nothing and never fail', () => {
    const a = new Analysis(concurrent());
    for (let i = 0; i < 50; i++) {
      a.observe({ end: at(i), metrics: { errors: { candidate: { requests: 0, bad: 0 }, baseline: { requests: 400, bad: 4 } } } });
      a.observe({ end: at(i), metrics: { errors: { candidate: { requests: 30, bad: 3 }, baseline: { requests: 0, bad: 0 } } } });
      a.observe({ end: at(i), metrics: { errors: { candidate: null, baseline: null } } });
      expect(a.decide().verdict).toBe('continue');
    }
    const state = a.toJSON();
    expect(state.metrics[0]!.logLR.every((v) => v === 0)).toBe(true);
    expect(state.metrics[0]!.intervals.map((r) => r.note)).toContain('no candidate traffic');
    expect(state.metrics[0]!.intervals.map((r) => r.note)).toContain('no baseline traffic');
  });

  it('a metric with no data at all takes the no-data policy, only when the watch ends', () => {
    for (const noData of ['inconclusive', 'fail', 'pass'] as const) {
      const a = new Analysis(concurrent({ noData }));
      a.observe({ end: at(1), metrics: {} });
      expect(a.decide().verdict).toBe('continue');
      const d = a.decide({ final: true });
      expect(d.verdict).toBe(noData);
      expect(d.reason).toContain(`no candidate traffic at all, so no evidence (no-data: ${noData})`);
    }
  });

  it('the request cap ends the watch as inconclusive', () => {
    const a = new Analysis(concurrent({ maxCandidateRequests: 100 }));
    for (let i = 0; i < 5; i++)
      a.observe({ end: at(i), metrics: { errors: { candidate: { requests: 20, bad: 0 }, baseline: { requests: 380, bad: 4 } } } });
    const d = a.decide();
    expect(d.verdict).toBe('inconclusive');
    expect(d.reason).toMatch(/^the request cap \(100 canary requests\) came first/);
  });
});

describe('state across checks and canary steps', () => {
  const feed = (a: Analysis, from: number, to: number, ratio = 1, seed = 3): void => {
    const random = seededRandom(seed * 1000 + from);
    for (let i = from; i < to; i++)
      a.observe({
        end: at(i),
        metrics: {
          errors: simulateCheck({ candidatePerCheck: 20, candidateShare: 0.05, baselineErrorRate: 0.01, errorRatio: ratio }, random),
        },
      });
  };

  it('serialises to JSON and resumes to the same decisions as an uninterrupted watch', () => {
    const whole = new Analysis(concurrent());
    feed(whole, 0, 10);
    feed(whole, 10, 20, 3);
    const first = new Analysis(concurrent());
    feed(first, 0, 10);
    const saved = JSON.parse(JSON.stringify(first.toJSON()));
    const resumed = Analysis.resume(concurrent(), saved);
    feed(resumed, 10, 20, 3);
    expect(resumed.decide()).toEqual(whole.decide());
    expect(resumed.toJSON()).toEqual(whole.toJSON());
  });

  it('refuses a state gathered under other settings', () => {
    const a = new Analysis(concurrent());
    feed(a, 0, 3);
    expect(() => Analysis.resume(concurrent({ alpha: 0.01 }), a.toJSON())).toThrow(/gathered under other settings/);
    expect(() => Analysis.resume(concurrent(), { version: 2 } as never)).toThrow(/not one this version understands/);
  });

  it('a new step keeps the fail evidence and gathers pass evidence afresh', () => {
    const a = new Analysis(concurrent());
    let i = 0;
    const random = seededRandom(11);
    while (a.decide().verdict !== 'pass' && i < 500) {
      a.observe({
        end: at(i++),
        metrics: { errors: simulateCheck({ candidatePerCheck: 20, candidateShare: 0.05, baselineErrorRate: 0.01, errorRatio: 1 }, random) },
      });
    }
    expect(a.decide().verdict).toBe('pass');
    const before = a.decide().metrics[0]!.evidence.logFail;
    a.newStep();
    expect(a.step).toBe(2);
    const d = a.decide();
    expect(d.verdict).toBe('continue');
    expect(d.metrics[0]!.evidence.logPass).toBeCloseTo(0, 12);
    expect(d.metrics[0]!.evidence.logFail).toBe(before);
    expect(d.step).toBe(2);
  });
});

describe('one-sample mode: against the SLO budget', () => {
  const none = (): AnalysisConfig => ({ metrics: [ERRORS], baseline: 'none', alpha: 0.05, maxIncrease: 2 });

  it('fails a deployment burning its error budget and passes one well inside it', () => {
    const bad = new Analysis(none());
    for (let i = 0; i < 10 && bad.decide().verdict === 'continue'; i++)
      bad.observe({ end: at(i), metrics: { errors: { candidate: { requests: 100, bad: 4 } } } });
    const d = bad.decide();
    expect(d.verdict).toBe('fail');
    expect(d.reason).toMatch(/^errors: canary \d+\/\d+ = 4\.0 % errors vs the SLO's budget of 1\.0 %; evidence [\d.,]+ ≥ 20$/);
    const good = new Analysis(none());
    for (let i = 0; i < 30 && good.decide().verdict === 'continue'; i++)
      good.observe({ end: at(i), metrics: { errors: { candidate: { requests: 100, bad: i % 5 === 0 ? 1 : 0 } } } });
    expect(good.decide().verdict).toBe('pass');
  });

  it('judges latency against the SLO boundary, rounded up to the next bucket, and says so', () => {
    const slo300: MetricConfig = { name: 'latency', kind: 'latency', objective: { target: 0.99, thresholdSeconds: 0.3 } };
    const a = new Analysis({ metrics: [slo300], baseline: 'none', alpha: 0.05, maxIncrease: 2 });
    const random = seededRandom(5);
    for (let i = 0; i < 20; i++)
      a.observe({
        end: at(i),
        metrics: {
          latency: {
            candidate: { requests: 100, buckets: latencyHistogram(100, { medianSeconds: 0.2, p99Seconds: 2 }, DEFAULT_BUCKETS, random) },
          },
        },
      });
    const d = a.decide();
    expect(d.metrics[0]!.boundary).toEqual({
      seconds: 0.5,
      basis: 'slo',
      why: "the smallest histogram bucket at or above the SLO's 300 ms (the histogram has no 300 ms bucket)",
    });
    expect(d.verdict).toBe('fail');
    expect(d.reason).toContain('slower than 500 ms vs the SLO');
  });
});

describe('before mode: against the same deployment before the watch', () => {
  const before = (): AnalysisConfig => ({ metrics: [ERRORS], baseline: 'before', alpha: 0.05, maxIncrease: 2 });

  it('uses confidence bounds on the reference rate, so a short reference cannot cause a false fail', () => {
    const a = new Analysis(before());
    a.setReference('errors', { requests: 20_000, bad: 200 });
    const ref = a.toJSON().metrics[0]!.reference!;
    expect(ref.upper).toBeCloseTo(klUpperBound(200, 20_000, 0.025), 12);
    expect(ref.lower).toBeCloseTo(klLowerBound(200, 20_000, 0.1), 12);
    expect(ref.lower).toBeLessThan(0.01);
    expect(ref.upper).toBeGreaterThan(0.01);
    for (let i = 0; i < 20 && a.decide().verdict === 'continue'; i++)
      a.observe({ end: at(i), metrics: { errors: { candidate: { requests: 200, bad: 8 } } } });
    const d = a.decide();
    expect(d.verdict).toBe('fail');
    expect(d.reason).toMatch(/vs before the watch 200\/20,000 = 1\.0 % \(bounds 0\.\d+ %–1\.\d %\); evidence [\d.,]+ ≥ 40$/);
  });

  it('a reference without errors still fails a failing deployment, and a clean one passes on its budget', () => {
    const bad = new Analysis(before());
    bad.setReference('errors', { requests: 5000, bad: 0 });
    expect(bad.toJSON().metrics[0]!.reference!.lower).toBe(0);
    for (let i = 0; i < 10 && bad.decide().verdict === 'continue'; i++)
      bad.observe({ end: at(i), metrics: { errors: { candidate: { requests: 100, bad: 3 } } } });
    expect(bad.decide().verdict).toBe('fail');
    const good = new Analysis(before());
    good.setReference('errors', { requests: 5000, bad: 0 });
    for (let i = 0; i < 50 && good.decide().verdict === 'continue'; i++)
      good.observe({ end: at(i), metrics: { errors: { candidate: { requests: 100, bad: 0 } } } });
    const d = good.decide();
    expect(d.verdict).toBe('pass');
    expect(d.metrics[0]!.passedBy).toBe('budget');
  });

  it('without a reference there is no evidence and the end is inconclusive', () => {
    const a = new Analysis(before());
    a.observe({ end: at(1), metrics: { errors: { candidate: { requests: 1000, bad: 500 } } } });
    expect(a.decide().verdict).toBe('continue');
    expect(a.decide({ final: true }).verdict).toBe('inconclusive');
  });
});

describe('latency as exceedances over a boundary', () => {
  it('takes the smallest bucket at or above the baseline p99 once enough baseline requests are in', () => {
    const a = new Analysis(concurrent({ metrics: [LATENCY] }));
    const random = seededRandom(9);
    const law = { medianSeconds: 0.05, p99Seconds: 0.2 };
    a.observe({
      end: at(0),
      metrics: {
        latency: {
          candidate: { requests: 20, buckets: latencyHistogram(20, law, DEFAULT_BUCKETS, random) },
          baseline: { requests: 150, buckets: latencyHistogram(150, law, DEFAULT_BUCKETS, random) },
        },
      },
    });
    expect(a.decide().reason).toMatch(/no latency boundary yet \(150 of 200 baseline requests seen\)/);
    a.observe({
      end: at(1),
      metrics: {
        latency: {
          candidate: { requests: 20, buckets: latencyHistogram(20, law, DEFAULT_BUCKETS, random) },
          baseline: { requests: 380, buckets: latencyHistogram(380, law, DEFAULT_BUCKETS, random) },
        },
      },
    });
    const d = a.decide();
    expect(d.metrics[0]!.boundary?.seconds).toBe(0.25);
    expect(d.metrics[0]!.boundary?.why).toMatch(
      /^the smallest histogram bucket at or above the baseline's p99 \(≈ \d+ ms from 530 requests\)$/,
    );
    const record = a.toJSON().metrics[0]!.intervals;
    expect(record.map((r) => r.counted)).toEqual([false, false]);
    expect(record[1]!.baseline!.p99Seconds).toBeGreaterThan(0.1);
  });

  it('a latency metric with its own bad count (a fixed boundary in the query) is counted directly', () => {
    const a = new Analysis(concurrent({ metrics: [LATENCY] }));
    a.observe({ end: at(0), metrics: { latency: { candidate: { requests: 640, bad: 15 }, baseline: { requests: 12_160, bad: 122 } } } });
    expect(a.decide().reason).toContain(
      'canary 15/640 = 2.3 % slower than 1 s vs baseline 122/12,160 = 1.0 %; 5 % of traffic, 11 % of the slow requests; evidence 21.1 ≥ 20',
    );
  });
});

describe('several metrics', () => {
  it('split α between them (Bonferroni): each fails at metrics ÷ α', () => {
    const a = new Analysis(concurrent({ metrics: [ERRORS, LATENCY, { name: 'checkout', kind: 'errors', objective: { target: 0.999 } }] }));
    expect(a.decide().metrics.map((m) => m.evidence.failThreshold)).toEqual([60, 60, 60]);
    // The same counts that fail one metric alone (evidence 21.1 ≥ 20) do not fail it among three.
    a.observe({ end: at(1), metrics: { errors: { candidate: { requests: 640, bad: 15 }, baseline: { requests: 12_160, bad: 122 } } } });
    expect(a.decide().metrics[0]!.verdict).toBe('undecided');
  });
});

describe('input checks', () => {
  it('rejects counts that are not counts and settings outside their ranges', () => {
    const a = new Analysis(concurrent());
    expect(() => a.observe({ end: at(0), metrics: { errors: { candidate: { requests: 10, bad: 11 } } } })).toThrow(
      /bad must be a whole number from 0 to requests/,
    );
    expect(() => a.observe({ end: at(0), metrics: { errors: { candidate: { requests: 10.5, bad: 1 } } } })).toThrow(/whole number/);
    expect(() => new Analysis(concurrent({ alpha: 0.5 }))).toThrow(/alpha must be in \(0, 0.5\)/);
    expect(() => new Analysis(concurrent({ maxIncrease: 1 }))).toThrow(/maxIncrease/);
    expect(() => new Analysis(concurrent({ metrics: [ERRORS, ERRORS] }))).toThrow(/unique/);
  });
});

describe('format', () => {
  it('prints counts, rates, shares and evidence the way the verdicts read', () => {
    expect(format.count(12160)).toBe('12,160');
    expect(format.rate(15 / 640)).toBe('2.3 %');
    expect(format.rate(0.00049)).toBe('0.049 %');
    expect(format.share(0.05)).toBe('5 %');
    expect(format.share(0.004)).toBe('0.4 %');
    expect(format.evidence(Math.log(21.14))).toBe('21.1');
    expect(format.evidence(Math.log(1234.5))).toBe('1,235');
    expect(format.evidence(Math.log(1e9))).toBe('10^9.0');
    expect(format.seconds(0.25)).toBe('250 ms');
    expect(format.seconds(2.5)).toBe('2.5 s');
  });
});
