/**
 * The analysis: per-interval counts in, a decision out — `fail` (evidence of a regression or an
 * SLO breach), `pass` (evidence the candidate is not `maxIncrease`× worse), `inconclusive` (the
 * deadline or request cap came first, or no data), or `continue`. Pure: no I/O, no clock. Its
 * state is plain JSON (`toJSON()`), carried across checks and across canary steps
 * (`Analysis.resume`), so one guarantee covers a whole rollout:
 * P(ever fail | the candidate is no worse) ≤ α, however often it is checked.
 */
import {
  boundaryAtOrAbove,
  boundaryAtQuantile,
  exceedances,
  histogramQuantile,
  normaliseBuckets,
  addBuckets,
  type Bucket,
} from './histogram';
import {
  MIXTURE_MULTIPLES,
  MIXTURE_WEIGHTS,
  bernoulliKL,
  klLowerBound,
  klUpperBound,
  logMixture,
  oneSampleIncrement,
  shareUnderRatio,
  twoSampleIncrement,
} from './sprt';
import * as fmt from './format';
import type {
  AnalysisConfig,
  AnalysisState,
  ArmCounts,
  ArmTotals,
  Decision,
  IntervalInput,
  IntervalRecord,
  MetricConfig,
  MetricDecision,
  MetricState,
} from './types';

const DEFAULT_BETA = 0.2;
const DEFAULT_CALIBRATION = 200;
/** Weight of the SLO-budget part of the two-sample pass evidence. */
const BUDGET_WEIGHT = 0.2;

/** The test's fixed parameters for one metric, derived from the config (and, in `before` mode, the reference). */
interface Plan {
  /** Two-sample: rate ratios of the fail mixture. One-sample: the alternative rates. */
  alternatives: number[];
  weights: number[];
  /** One-sample: the null rate of the fail test. */
  nullRate?: number;
  /** One-sample: the pass test's null and alternative rates. */
  passNull?: number;
  passAlt?: number;
  failThreshold: number;
  passThreshold: number;
  logFailThreshold: number;
  logPassThreshold: number;
}

const withLogs = (p: Omit<Plan, 'logFailThreshold' | 'logPassThreshold'>): Plan => ({
  ...p,
  logFailThreshold: Math.log(p.failThreshold),
  logPassThreshold: Math.log(p.passThreshold),
});

function validateConfig(config: AnalysisConfig): void {
  if (!(config.alpha > 0 && config.alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${config.alpha}`);
  const beta = config.beta ?? DEFAULT_BETA;
  if (!(beta > 0 && beta < 0.5)) throw new RangeError(`beta must be in (0, 0.5), got ${beta}`);
  if (!(config.maxIncrease > 1 && Number.isFinite(config.maxIncrease)))
    throw new RangeError(`maxIncrease must be a number above 1, got ${config.maxIncrease}`);
  if (config.metrics.length === 0) throw new RangeError('at least one metric is needed');
  const names = new Set<string>();
  for (const m of config.metrics) {
    if (!m.name || names.has(m.name)) throw new RangeError(`metric names must be unique and non-empty, got \`${m.name}\``);
    names.add(m.name);
    if (!(m.objective.target > 0 && m.objective.target < 1))
      throw new RangeError(`metric ${m.name}: the objective must be a share strictly between 0 and 100 %`);
    if (config.baseline === 'none' && (1 - m.objective.target) * config.maxIncrease >= 1)
      throw new RangeError(
        `metric ${m.name}: a ${config.maxIncrease}× increase of a ${fmt.rate(1 - m.objective.target)} budget is not a rate`,
      );
    if (m.objective.thresholdSeconds !== undefined && !(m.objective.thresholdSeconds > 0))
      throw new RangeError(`metric ${m.name}: the latency threshold must be positive`);
  }
}

function settingsOf(config: AnalysisConfig): Record<string, unknown> {
  return {
    baseline: config.baseline,
    alpha: config.alpha,
    beta: config.beta ?? DEFAULT_BETA,
    maxIncrease: config.maxIncrease,
    metrics: config.metrics.map((m) => ({
      name: m.name,
      kind: m.kind,
      target: m.objective.target,
      thresholdSeconds: m.objective.thresholdSeconds,
    })),
  };
}

function checkCounts(metric: string, arm: string, c: ArmCounts): void {
  const whole = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
  if (!whole(c.requests)) throw new RangeError(`${metric} ${arm}: requests must be a whole number ≥ 0, got ${c.requests}`);
  if (c.bad !== undefined && (!whole(c.bad) || c.bad > c.requests))
    throw new RangeError(`${metric} ${arm}: bad must be a whole number from 0 to requests (${c.requests}), got ${c.bad}`);
  for (const b of c.buckets ?? [])
    if (!whole(b.count) || b.count > c.requests || !(b.le > 0))
      throw new RangeError(`${metric} ${arm}: bucket le=${b.le} has count ${b.count} (requests ${c.requests})`);
}

const emptyTotals = (): ArmTotals => ({ requests: 0, bad: 0 });

/** Expected growth per request of the evidence for rate p0 against rate p1 (p0 < p1) when the true rate is `own`. */
const passDrift = (own: number, p0: number, p1: number): number => -(own * Math.log(p1 / p0) + (1 - own) * Math.log((1 - p1) / (1 - p0)));

export class Analysis {
  readonly config: AnalysisConfig;
  private readonly s: AnalysisState;

  constructor(config: AnalysisConfig, state?: AnalysisState) {
    validateConfig(config);
    this.config = config;
    if (state) {
      const mismatch = Analysis.mismatch(config, state);
      if (mismatch) throw new RangeError(mismatch);
      this.s = structuredClone(state);
    } else {
      this.s = {
        version: 1,
        settings: settingsOf(config),
        step: 1,
        intervals: 0,
        metrics: config.metrics.map((m) => ({
          name: m.name,
          kind: m.kind,
          candidate: emptyTotals(),
          baseline: emptyTotals(),
          seenCandidateRequests: 0,
          seenBaselineRequests: 0,
          logLR: MIXTURE_MULTIPLES.map(() => 0),
          passLR: 0,
          passOrigin: 0,
          budgetLR: 0,
          budgetOrigin: 0,
          passed: false,
          intervals: [],
        })),
      };
    }
  }

  /** Resumes from a saved state (e.g. the report of an earlier canary step). */
  static resume(config: AnalysisConfig, state: AnalysisState): Analysis {
    return new Analysis(config, state);
  }

  /** Why a saved state cannot be resumed under `config`, or undefined when it can. */
  static mismatch(config: AnalysisConfig, state: AnalysisState): string | undefined {
    if (state?.version !== 1 || !Array.isArray(state.metrics)) return 'the saved analysis state is not one this version understands';
    const now = JSON.stringify(settingsOf(config));
    const then = JSON.stringify(state.settings);
    if (now !== then) return `the saved analysis state was gathered under other settings (${then}); this run has ${now}`;
    return undefined;
  }

  toJSON(): AnalysisState {
    return structuredClone(this.s);
  }

  get step(): number {
    return this.s.step;
  }

  /**
   * A new canary step: fail evidence carries on (one α for the whole rollout); pass evidence
   * starts afresh, so each step must show on its own traffic that the candidate is not worse.
   */
  newStep(): void {
    this.s.step++;
    for (const m of this.s.metrics) {
      m.passOrigin = m.passLR;
      m.budgetOrigin = m.budgetLR;
      m.passed = false;
      delete m.passedBy;
    }
  }

  /** `before` mode: the deployment's own counts over a window before the watch. */
  setReference(metric: string, counts: ArmCounts): void {
    if (this.config.baseline !== 'before') throw new RangeError('a reference sample is only used with baseline `before`');
    const m = this.metricState(metric);
    const cfg = this.metricConfig(metric);
    checkCounts(metric, 'reference', counts);
    const buckets = counts.buckets ? normaliseBuckets(counts.buckets) : undefined;
    let bad = counts.bad;
    if (cfg.kind === 'latency' && buckets) {
      m.boundary = this.chooseBoundary(cfg, buckets, counts.requests, 'reference');
      if (m.boundary) bad = exceedances(buckets, counts.requests, m.boundary.seconds);
    }
    if (bad === undefined) throw new RangeError(`${metric} reference: no bad-event count (give \`bad\` or a histogram)`);
    const n = this.config.metrics.length;
    // Half of the metric's α share bounds the reference rate from above, half the SPRT; the same for β.
    m.reference = {
      requests: counts.requests,
      bad,
      ...(buckets ? { buckets } : {}),
      upper: klUpperBound(bad, counts.requests, this.config.alpha / (2 * n)),
      lower: klLowerBound(bad, counts.requests, (this.config.beta ?? DEFAULT_BETA) / 2),
    };
  }

  /** Adds one interval's counts. Arms without requests add nothing (no traffic is no evidence). */
  observe(interval: IntervalInput): void {
    this.s.intervals++;
    for (const cfg of this.config.metrics) {
      const m = this.metricState(cfg.name);
      const counts = interval.metrics[cfg.name] ?? {};
      const candidate = counts.candidate ?? null;
      const baseline = this.config.baseline === 'concurrent' ? (counts.baseline ?? null) : null;
      if (candidate) checkCounts(cfg.name, 'candidate', candidate);
      if (baseline) checkCounts(cfg.name, 'baseline', baseline);
      m.seenCandidateRequests += candidate?.requests ?? 0;
      m.seenBaselineRequests += baseline?.requests ?? 0;
      const record: IntervalRecord = { end: interval.end, step: this.s.step, counted: false, logFail: 0, logPass: 0 };
      const quantile = cfg.objective.target;
      const p99 = (c: ArmCounts | null): number | undefined =>
        c?.buckets && c.requests > 0 ? histogramQuantile(normaliseBuckets(c.buckets), c.requests, quantile) : undefined;
      const hadBoundary = m.boundary !== undefined;
      if (cfg.kind === 'latency' && !hadBoundary) this.calibrate(cfg, m, candidate, baseline);
      // An interval whose baseline latencies chose the boundary is not also judged by it.
      const calibrating =
        cfg.kind === 'latency' && (!m.boundary || (!hadBoundary && m.boundary.basis !== 'slo' && m.boundary.basis !== 'query'));
      const x = candidate ? this.badOf(m, candidate) : undefined;
      const y = baseline ? this.badOf(m, baseline) : undefined;
      if (candidate)
        record.candidate = {
          requests: candidate.requests,
          bad: x ?? 0,
          ...(p99(candidate) !== undefined ? { p99Seconds: p99(candidate) } : {}),
        };
      if (baseline)
        record.baseline = {
          requests: baseline.requests,
          bad: y ?? 0,
          ...(p99(baseline) !== undefined ? { p99Seconds: p99(baseline) } : {}),
        };
      const plan = this.plan(cfg, m);
      if (!candidate || candidate.requests === 0) record.note = 'no candidate traffic';
      else if (this.config.baseline === 'concurrent' && (!baseline || baseline.requests === 0)) record.note = 'no baseline traffic';
      else if (calibrating) record.note = 'choosing the latency boundary';
      else if (x === undefined || (this.config.baseline === 'concurrent' && y === undefined))
        record.note = `the histogram has no bucket at the ${fmt.seconds(m.boundary?.seconds ?? 0)} boundary`;
      else if (!plan) record.note = 'no usable reference';
      else {
        record.counted = true;
        const nc = candidate.requests;
        m.candidate.requests += nc;
        m.candidate.bad += x;
        if (this.config.baseline === 'concurrent') {
          const nb = (baseline as ArmCounts).requests;
          const yy = y as number;
          m.baseline.requests += nb;
          m.baseline.bad += yy;
          plan.alternatives.forEach((r, j) => (m.logLR[j] = (m.logLR[j] as number) + twoSampleIncrement(r, nc, nb, x, yy)));
          m.passLR += twoSampleIncrement(this.config.maxIncrease, nc, nb, x, yy);
          const budget = 1 - cfg.objective.target;
          m.budgetLR += oneSampleIncrement(budget / this.config.maxIncrease, budget, nc, x);
        } else {
          plan.alternatives.forEach(
            (p1, j) => (m.logLR[j] = (m.logLR[j] as number) + oneSampleIncrement(plan.nullRate as number, p1, nc, x)),
          );
          if (plan.passNull !== undefined && plan.passAlt !== undefined) m.passLR += oneSampleIncrement(plan.passNull, plan.passAlt, nc, x);
          if (this.config.baseline === 'before') {
            const budget = 1 - cfg.objective.target;
            m.budgetLR += oneSampleIncrement(budget / this.config.maxIncrease, budget, nc, x);
          }
        }
      }
      const { logFail, logPass, logComparison, logBudgetPass } = this.evidenceOf(m, plan);
      record.logFail = logFail;
      record.logPass = logPass;
      m.intervals.push(record);
      if (plan && !m.passed && logPass >= plan.logPassThreshold) {
        m.passed = true;
        m.passedBy =
          logBudgetPass !== undefined && Math.log(BUDGET_WEIGHT) + logBudgetPass > Math.log(1 - BUDGET_WEIGHT) + logComparison
            ? 'budget'
            : 'comparison';
      }
    }
  }

  /** The decision now; `final` when the deadline has come (undecided metrics become inconclusive). */
  decide({ final = false }: { final?: boolean } = {}): Decision {
    const metrics = this.config.metrics.map((cfg) => this.decideMetric(cfg));
    const candidateRequests = Math.max(0, ...this.s.metrics.map((m) => m.seenCandidateRequests));
    const capped = this.config.maxCandidateRequests !== undefined && candidateRequests >= this.config.maxCandidateRequests;
    const ending = final || capped;
    const noData = this.config.noData ?? 'inconclusive';
    if (ending)
      for (const d of metrics)
        if (d.verdict === 'undecided') {
          d.verdict = d.noData ? noData : 'inconclusive';
          if (d.noData) d.reason = `${d.name}: no candidate traffic at all, so no evidence (no-data: ${noData})`;
        }
    const failing = metrics.filter((d) => d.verdict === 'fail');
    let verdict: Decision['verdict'];
    let reason: string;
    if (failing.length > 0) {
      verdict = 'fail';
      reason = failing.map((d) => d.reason).join('; ');
    } else if (metrics.every((d) => d.verdict === 'pass')) {
      verdict = 'pass';
      reason = metrics.map((d) => d.reason).join('; ');
    } else if (ending) {
      verdict = 'inconclusive';
      const why =
        capped && !final
          ? `the request cap (${fmt.count(this.config.maxCandidateRequests as number)} canary requests) came first`
          : 'no decision before the deadline';
      reason = `${why}: ${metrics
        .filter((d) => d.verdict !== 'pass')
        .map((d) => d.reason)
        .join('; ')}`;
    } else {
      verdict = 'continue';
      reason = metrics.map((d) => d.reason).join('; ');
    }
    return { verdict, reason, metrics, candidateRequests, intervals: this.s.intervals, step: this.s.step };
  }

  // ---- internals --------------------------------------------------------------------------

  private metricState(name: string): MetricState {
    const m = this.s.metrics.find((x) => x.name === name);
    if (!m) throw new RangeError(`unknown metric \`${name}\``);
    return m;
  }

  private metricConfig(name: string): MetricConfig {
    return this.config.metrics.find((x) => x.name === name) as MetricConfig;
  }

  private calibrate(cfg: MetricConfig, m: MetricState, candidate: ArmCounts | null, baseline: ArmCounts | null): void {
    if (this.config.baseline === 'concurrent') {
      if (!baseline?.buckets) {
        if (baseline?.bad !== undefined || candidate?.bad !== undefined)
          m.boundary = { seconds: cfg.objective.thresholdSeconds ?? 0, basis: 'query', why: "the query's own boundary" };
        return;
      }
      const calibration = (m.calibration ??= { requests: 0, buckets: [] });
      calibration.requests += baseline.requests;
      calibration.buckets = addBuckets(calibration.buckets, baseline.buckets);
      if (calibration.requests >= (this.config.calibrationRequests ?? DEFAULT_CALIBRATION)) {
        m.boundary = this.chooseBoundary(cfg, calibration.buckets, calibration.requests, 'baseline');
        delete m.calibration;
      }
      return;
    }
    // One-sample: the SLO's boundary, rounded up to the histogram's next bucket.
    if (candidate?.buckets && candidate.buckets.length > 0)
      m.boundary = this.chooseBoundary(cfg, normaliseBuckets(candidate.buckets), 0, 'slo');
    else if (candidate?.bad !== undefined)
      m.boundary = { seconds: cfg.objective.thresholdSeconds ?? 0, basis: 'query', why: "the query's own boundary" };
  }

  private chooseBoundary(
    cfg: MetricConfig,
    buckets: Bucket[],
    total: number,
    from: 'baseline' | 'reference' | 'slo',
  ): MetricState['boundary'] {
    const q = cfg.objective.target;
    const qName = `p${Number((q * 100).toPrecision(4))}`;
    const slo = cfg.objective.thresholdSeconds;
    const largest = buckets[buckets.length - 1]?.le;
    if (from !== 'slo' && total >= (this.config.calibrationRequests ?? DEFAULT_CALIBRATION)) {
      const at = boundaryAtQuantile(buckets, total, q);
      const estimate = histogramQuantile(buckets, total, q);
      if (at !== undefined)
        return {
          seconds: at,
          basis: from === 'baseline' ? 'baseline-quantile' : 'reference-quantile',
          why: `the smallest histogram bucket at or above the ${from}'s ${qName} (≈ ${fmt.seconds(estimate ?? at)} from ${fmt.count(total)} requests)`,
        };
      if (largest !== undefined)
        return {
          seconds: largest,
          basis: 'largest-bucket',
          why: `the ${from}'s ${qName} lies above the histogram's largest bucket, so its largest boundary`,
        };
    }
    if (slo !== undefined) {
      const at = boundaryAtOrAbove(buckets, slo);
      if (at !== undefined)
        return {
          seconds: at,
          basis: 'slo',
          why:
            Math.abs(at - slo) < 1e-9
              ? `the SLO's boundary (${fmt.seconds(slo)})`
              : `the smallest histogram bucket at or above the SLO's ${fmt.seconds(slo)} (the histogram has no ${fmt.seconds(slo)} bucket)`,
        };
    }
    return undefined;
  }

  private badOf(m: MetricState, c: ArmCounts): number | undefined {
    if (m.kind === 'errors' || m.boundary?.basis === 'query') return c.bad;
    if (!m.boundary) return undefined;
    if (c.buckets) return exceedances(normaliseBuckets(c.buckets), c.requests, m.boundary.seconds);
    return c.bad;
  }

  private plan(cfg: MetricConfig, m: MetricState): Plan | undefined {
    const n = this.config.metrics.length;
    const beta = this.config.beta ?? DEFAULT_BETA;
    const r0 = this.config.maxIncrease;
    const multiples = MIXTURE_MULTIPLES.map((k) => k * r0);
    if (this.config.baseline === 'concurrent')
      return withLogs({
        alternatives: multiples,
        weights: [...MIXTURE_WEIGHTS],
        failThreshold: n / this.config.alpha,
        passThreshold: 1 / beta,
      });
    let nullRate: number;
    let passNull: number;
    let failThreshold = n / this.config.alpha;
    let passThreshold = 1 / beta;
    if (this.config.baseline === 'none') {
      nullRate = 1 - cfg.objective.target;
      passNull = nullRate;
    } else {
      if (!m.reference) return undefined;
      nullRate = m.reference.upper;
      passNull = m.reference.lower;
      failThreshold = (2 * n) / this.config.alpha;
      passThreshold = 2 / beta;
    }
    // Alternatives at or above 100 % are no rates; the weights of the others are renormalised
    // (they depend on the config alone, so the mixture stays a fixed one).
    const alternatives: number[] = [];
    const weights: number[] = [];
    multiples.forEach((k, j) => {
      if (k * nullRate < 1) {
        alternatives.push(k * nullRate);
        weights.push(MIXTURE_WEIGHTS[j] as number);
      }
    });
    const total = weights.reduce((a, b) => a + b, 0);
    if (alternatives.length === 0 || !(nullRate > 0)) return undefined;
    // A reference without bad events bounds its rate below by 0: no comparison pass then (the budget part still can).
    const passAlt = r0 * passNull;
    const comparable = passNull > 0 && passAlt < 1;
    return withLogs({
      alternatives,
      weights: weights.map((w) => w / total),
      nullRate,
      ...(comparable ? { passNull, passAlt } : {}),
      failThreshold,
      passThreshold,
    });
  }

  /**
   * Fail: the mixture over ratios. Pass, against a baseline (concurrent or before): the fixed
   * mixture 0.8 × (against a max-increase× regression) + 0.2 × (the candidate's own rate under its
   * SLO budget ÷ max-increase): both are supermartingales for a candidate that is max-increase×
   * worse than the baseline and at or over its budget, so their mixture is one, and P(pass) ≤ β for
   * it exactly (a union of two separate tests would give 2β; `before` spends half of β on the
   * reference's lower bound). The second part lets a service with no errors at all pass.
   */
  private evidenceOf(
    m: MetricState,
    plan: Plan | undefined,
  ): { logFail: number; logPass: number; logComparison: number; logBudgetPass?: number } {
    if (!plan) return { logFail: 0, logPass: 0, logComparison: 0 };
    const logFail = logMixture(m.logLR.slice(0, plan.alternatives.length), plan.weights);
    const logComparison = m.passOrigin - m.passLR;
    if (this.config.baseline === 'none') return { logFail, logPass: logComparison, logComparison };
    const logBudgetPass = m.budgetOrigin - m.budgetLR;
    const logPass = logMixture([logComparison, logBudgetPass], [1 - BUDGET_WEIGHT, BUDGET_WEIGHT]);
    return { logFail, logPass, logComparison, logBudgetPass };
  }

  private decideMetric(cfg: MetricConfig): MetricDecision {
    const m = this.metricState(cfg.name);
    const plan = this.plan(cfg, m);
    const { logFail, logPass, logComparison, logBudgetPass } = this.evidenceOf(m, plan);
    const failThreshold = plan?.failThreshold ?? Number.POSITIVE_INFINITY;
    const passThreshold = plan?.passThreshold ?? Number.POSITIVE_INFINITY;
    const failed = plan !== undefined && logFail >= plan.logFailThreshold;
    const verdict: MetricDecision['verdict'] = failed ? 'fail' : m.passed ? 'pass' : 'undecided';
    const c = m.candidate;
    const b = m.baseline;
    const cRate = c.requests > 0 ? c.bad / c.requests : 0;
    const d: MetricDecision = {
      name: cfg.name,
      kind: cfg.kind,
      verdict,
      noData: m.seenCandidateRequests === 0,
      candidate: { ...c, rate: cRate },
      evidence: {
        fail: Math.exp(logFail),
        failThreshold,
        pass: Math.exp(logPass),
        passThreshold,
        logFail,
        logPass,
        ...(logBudgetPass !== undefined
          ? { comparisonPass: Math.exp(logComparison), budgetPass: Math.exp(logBudgetPass), logComparison, logBudgetPass }
          : {}),
      },
      ...(m.passedBy && verdict === 'pass' ? { passedBy: m.passedBy } : {}),
      ...(m.boundary ? { boundary: m.boundary } : {}),
      reason: '',
    };
    const what =
      cfg.kind === 'errors' ? 'errors' : `slower than ${fmt.seconds(m.boundary?.seconds ?? cfg.objective.thresholdSeconds ?? 0)}`;
    const whatShort = cfg.kind === 'errors' ? 'errors' : 'slow requests';
    let numbers: string;
    if (this.config.baseline === 'concurrent') {
      const bRate = b.requests > 0 ? b.bad / b.requests : 0;
      d.baseline = { ...b, rate: bRate };
      if (bRate > 0) d.ratio = cRate / bRate;
      d.trafficShare = c.requests + b.requests > 0 ? c.requests / (c.requests + b.requests) : 0;
      d.badShare = c.bad + b.bad > 0 ? c.bad / (c.bad + b.bad) : 0;
      numbers =
        `canary ${fmt.count(c.bad)}/${fmt.count(c.requests)} = ${fmt.rate(cRate)} ${what} vs baseline ` +
        `${fmt.count(b.bad)}/${fmt.count(b.requests)} = ${fmt.rate(bRate)}; ${fmt.share(d.trafficShare)} of traffic, ` +
        `${fmt.share(d.badShare)} of the ${whatShort}`;
    } else if (this.config.baseline === 'none') {
      d.budget = 1 - cfg.objective.target;
      d.ratio = cRate / d.budget;
      numbers = `canary ${fmt.count(c.bad)}/${fmt.count(c.requests)} = ${fmt.rate(cRate)} ${what} vs the SLO's budget of ${fmt.rate(d.budget)}`;
    } else {
      const ref = m.reference;
      d.budget = ref && ref.requests > 0 ? ref.bad / ref.requests : undefined;
      if (d.budget) d.ratio = cRate / d.budget;
      numbers = ref
        ? `canary ${fmt.count(c.bad)}/${fmt.count(c.requests)} = ${fmt.rate(cRate)} ${what} vs before the watch ` +
          `${fmt.count(ref.bad)}/${fmt.count(ref.requests)} = ${fmt.rate(ref.bad / Math.max(1, ref.requests))} (bounds ${fmt.rate(ref.lower)}–${fmt.rate(ref.upper)})`
        : `canary ${fmt.count(c.bad)}/${fmt.count(c.requests)} = ${fmt.rate(cRate)} ${what}; no counts from before the watch`;
    }
    const incr = fmt.ratio(this.config.maxIncrease);
    const budget = 1 - cfg.objective.target;
    const underBudget = `${fmt.rate(budget / this.config.maxIncrease)} (the SLO's ${fmt.rate(budget)} ÷ ${Number(this.config.maxIncrease.toPrecision(3))})`;
    if (!plan) d.reason = `${cfg.name}: ${numbers}; no usable reference, so no evidence`;
    else if (cfg.kind === 'latency' && !m.boundary)
      d.reason = `${cfg.name}: no latency boundary yet (${m.calibration ? `${fmt.count(m.calibration.requests)} of ${fmt.count(this.config.calibrationRequests ?? DEFAULT_CALIBRATION)} baseline requests seen` : 'no histogram buckets at or above the objective'})`;
    else if (verdict === 'fail') d.reason = `${cfg.name}: ${numbers}; evidence ${fmt.evidence(logFail)} ≥ ${fmt.threshold(failThreshold)}`;
    else {
      const passParts =
        logBudgetPass !== undefined
          ? ` (${1 - BUDGET_WEIGHT} × ${fmt.evidence(logComparison)} against a ${incr} increase + ${BUDGET_WEIGHT} × ${fmt.evidence(logBudgetPass)} for its own rate under ${underBudget})`
          : ` against a ${incr} increase`;
      if (verdict === 'pass')
        d.reason = `${cfg.name}: ${numbers}; pass evidence ${fmt.evidence(logPass)} ≥ ${fmt.threshold(passThreshold)}${passParts}`;
      else
        d.reason =
          `${cfg.name}: ${numbers}; evidence ${fmt.evidence(logFail)} (fails at ${fmt.threshold(failThreshold)}), ` +
          `pass evidence ${fmt.evidence(logPass)} (passes at ${fmt.threshold(passThreshold)})${passParts}`;
    }
    if (verdict === 'undecided' && plan && !(cfg.kind === 'latency' && !m.boundary)) {
      const needs = this.needs(cfg, m, plan);
      if (needs && !Number.isFinite(needs.candidateRequests)) {
        d.needs = needs;
        d.reason += `; at ${fmt.rate(needs.badRate)} ${whatShort} the rate sits between "no worse" and ${incr}: no early decision, only more traffic settles it`;
      } else if (needs) {
        d.needs = needs;
        const more = needs.candidateRequests / Math.max(1, needs.seen);
        d.reason +=
          `; too little traffic to decide: at ${fmt.rate(needs.badRate)} ${whatShort} a pass takes about ` +
          `${fmt.count(needs.candidateRequests)} canary requests, ${fmt.count(needs.seen)} were seen` +
          (more >= 1.5 ? ` (≈ ${more >= 10 ? Math.round(more) : more.toFixed(1)}× more traffic needed)` : '');
      }
    }
    if (m.boundary && cfg.kind === 'latency') d.reason += ` [boundary ${fmt.seconds(m.boundary.seconds)}: ${m.boundary.why}]`;
    return d;
  }

  /**
   * The candidate requests a healthy candidate needs to pass at the rates seen (the pass evidence
   * grows by the expected log-likelihood drift per request), when that is more than were seen.
   * Two-sample: the faster of the two parts of the pass evidence, each alone.
   */
  private needs(cfg: MetricConfig, m: MetricState, plan: Plan): MetricDecision['needs'] {
    const c = m.candidate;
    const b = m.baseline;
    const routes: { perRequest: number; target: number; badRate: number }[] = [];
    // The budget part alone: the candidate's own rate against its SLO budget ÷ max-increase.
    const budgetRoute = (own: number) => {
      const budget = 1 - cfg.objective.target;
      return {
        perRequest: passDrift(own, budget / this.config.maxIncrease, budget),
        target: Math.log(plan.passThreshold / BUDGET_WEIGHT),
        badRate: own,
      };
    };
    if (this.config.baseline === 'concurrent') {
      if (c.requests === 0 || b.requests === 0) return undefined;
      const theta0 = c.requests / (c.requests + b.requests);
      const pooled = (c.bad + b.bad) / (c.requests + b.requests);
      const rate = pooled > 0 ? pooled : 1 - cfg.objective.target;
      // Bad events per candidate request (both arms), times the drift per bad event under "no worse".
      routes.push({
        perRequest: (rate / theta0) * bernoulliKL(theta0, shareUnderRatio(theta0, this.config.maxIncrease)),
        target: Math.log(plan.passThreshold / (1 - BUDGET_WEIGHT)),
        badRate: rate,
      });
      routes.push(budgetRoute(c.bad / c.requests));
    } else {
      if (c.requests === 0) return undefined;
      const own = c.bad / c.requests;
      const before = this.config.baseline === 'before';
      if (plan.passNull !== undefined && plan.passAlt !== undefined) {
        const p0 = plan.passNull;
        const p1 = plan.passAlt;
        routes.push({
          perRequest: passDrift(own, p0, p1),
          target: before ? Math.log(plan.passThreshold / (1 - BUDGET_WEIGHT)) : plan.logPassThreshold,
          badRate: own,
        });
      }
      if (before) routes.push(budgetRoute(own));
    }
    const usable = routes.filter((r) => r.perRequest > 0).map((r) => ({ ...r, requests: Math.ceil(r.target / r.perRequest) }));
    if (usable.length === 0)
      return { candidateRequests: Number.POSITIVE_INFINITY, seen: m.seenCandidateRequests, badRate: routes[0]?.badRate ?? 0 };
    const best = usable.reduce((a, r) => (r.requests < a.requests ? r : a));
    if (best.requests <= m.seenCandidateRequests) return undefined;
    return { candidateRequests: best.requests, seen: m.seenCandidateRequests, badRate: best.badRate };
  }
}
