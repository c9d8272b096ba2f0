import type { Bucket } from './histogram';

export type MetricKind = 'errors' | 'latency';

export interface MetricObjective {
  /** Share of requests that must be good, in (0, 1): 0.99 for `99%`. */
  target: number;
  /** Latency: the SLO's boundary in seconds (`99% < 1s` → 1). */
  thresholdSeconds?: number;
}

export interface MetricConfig {
  name: string;
  kind: MetricKind;
  objective: MetricObjective;
}

/**
 * `concurrent`: the candidate against a baseline serving at the same time (two-sample);
 * `before`: against the same deployment's counts before the watch (a fixed reference sample);
 * `none`: against the SLO's own bad-event budget (one-sample).
 */
export type BaselineMode = 'concurrent' | 'before' | 'none';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface AnalysisConfig {
  metrics: readonly MetricConfig[];
  baseline: BaselineMode;
  /** Bound on the chance of ever failing a candidate that is no worse, over the whole watch (split over metrics). */
  alpha: number;
  /** Bound on the chance of passing a candidate that is `maxIncrease`× worse. Default 0.2. */
  beta?: number;
  /** A regression is a bad-event rate at least this many times the baseline's (or the SLO budget's). */
  maxIncrease: number;
  /** The verdict of a metric that had no candidate traffic at all by the end. Default `inconclusive`. */
  noData?: Verdict;
  /** Stop as inconclusive once the candidate served this many requests (a request cap). */
  maxCandidateRequests?: number;
  /** Baseline requests needed before a latency boundary is read off the baseline's histogram. Default 200. */
  calibrationRequests?: number;
}

/** One arm's counts for one metric in one interval. */
export interface ArmCounts {
  /** Requests in the interval (for a histogram: its count, the +Inf bucket). */
  requests: number;
  /** Bad events (errors, or requests slower than the query's own boundary). */
  bad?: number;
  /** Latency histogram of the interval (cumulative, finite boundaries), when the metric has one. */
  buckets?: readonly Bucket[];
}

/** `null` or absent: the source returned nothing for that arm (no evidence, never a failure). */
export interface MetricCounts {
  candidate?: ArmCounts | null;
  baseline?: ArmCounts | null;
}

export interface IntervalInput {
  /** End of the interval (ISO time). */
  end: string;
  metrics: Readonly<Record<string, MetricCounts>>;
}

export interface ArmTotals {
  requests: number;
  bad: number;
}

export interface IntervalRecord {
  end: string;
  step: number;
  candidate?: ArmTotals & { p99Seconds?: number };
  baseline?: ArmTotals & { p99Seconds?: number };
  /** Whether the interval added evidence; when not, `note` says why. */
  counted: boolean;
  note?: string;
  /** ln of the fail evidence and of the pass evidence after this interval. */
  logFail: number;
  logPass: number;
}

export interface LatencyBoundary {
  seconds: number;
  /** How it was chosen, in words with the numbers. */
  why: string;
  basis: 'baseline-quantile' | 'reference-quantile' | 'slo' | 'query' | 'largest-bucket';
}

export interface MetricState {
  name: string;
  kind: MetricKind;
  boundary?: LatencyBoundary;
  /** Latency, two-sample: the baseline histogram gathered until the boundary is chosen. */
  calibration?: { requests: number; buckets: Bucket[] };
  /** `before` mode: the reference sample and the rates it gives. */
  reference?: ArmTotals & { buckets?: Bucket[]; upper: number; lower: number };
  /** Counts of the intervals that added evidence. */
  candidate: ArmTotals;
  baseline: ArmTotals;
  /** Every request seen, counted or not. */
  seenCandidateRequests: number;
  seenBaselineRequests: number;
  /** ln LR of each fail-mixture component. */
  logLR: number[];
  /** ln LR of the pass test's alternative against its null (pass evidence is its negative). */
  passLR: number;
  /** passLR at the start of the current step: pass evidence is gathered per step, fail evidence over all. */
  passOrigin: number;
  /**
   * Two-sample only: ln LR of "the candidate's rate is its SLO budget" against "a max-increase-th of
   * it", from the candidate's counts alone — the pass route when both arms have too few bad events
   * to compare (a healthy service with no errors at all).
   */
  budgetLR: number;
  budgetOrigin: number;
  passed: boolean;
  /** Which evidence passed the metric. */
  passedBy?: 'comparison' | 'budget';
  intervals: IntervalRecord[];
}

export interface AnalysisState {
  version: 1;
  /** The settings the evidence was gathered under; a resumed analysis must match them. */
  settings: Record<string, unknown>;
  step: number;
  intervals: number;
  metrics: MetricState[];
}

export interface MetricDecision {
  name: string;
  kind: MetricKind;
  verdict: Verdict | 'undecided';
  /** The metric had no candidate traffic at all (its verdict is the `noData` policy at the end). */
  noData: boolean;
  candidate: ArmTotals & { rate: number };
  baseline?: ArmTotals & { rate: number };
  /** The SLO's bad-event budget (one-sample) or the reference rate (`before`). */
  budget?: number;
  /** Candidate rate / baseline rate (or budget). */
  ratio?: number;
  /** Candidate's share of the traffic and of the bad events (two-sample). */
  trafficShare?: number;
  badShare?: number;
  evidence: {
    fail: number;
    failThreshold: number;
    pass: number;
    passThreshold: number;
    logFail: number;
    logPass: number;
    /** Two-sample: the two parts of the pass evidence (`pass` = 0.8 × comparison + 0.2 × budget). */
    comparisonPass?: number;
    budgetPass?: number;
    logComparison?: number;
    logBudgetPass?: number;
  };
  passedBy?: 'comparison' | 'budget';
  boundary?: LatencyBoundary;
  /** Candidate requests a decision would take at the observed rates, when more than were seen. */
  needs?: { candidateRequests: number; seen: number; badRate: number };
  reason: string;
}

export interface Decision {
  /** `continue`: keep watching. */
  verdict: Verdict | 'continue';
  reason: string;
  metrics: MetricDecision[];
  candidateRequests: number;
  intervals: number;
  step: number;
}
