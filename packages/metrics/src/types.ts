/** What a metrics source gives the analysis: per-interval integer counts per arm and metric. */

export type MetricKind = 'errors' | 'latency';

/**
 * One metric's queries, with `{{selector}}` standing for an arm's labels. Prometheus: each query
 * selects counters (cumulative), which the adapter differences between reads. Datadog: each
 * query gives counts per rollup (`.as_count()`), which the adapter sums over the interval.
 * Errors: `total` and `bad`. Latency: `histogram` (Prometheus buckets, `le` label), or `total` and
 * `bad` counting requests slower than the query's own boundary.
 */
export interface MetricQueries {
  name: string;
  kind: MetricKind;
  total?: string;
  bad?: string;
  histogram?: string;
}

export interface Bucket {
  le: number;
  count: number;
}

/** One arm's counts for one metric over one interval (structurally the analysis's `ArmCounts`). */
export interface ArmCounts {
  requests: number;
  bad?: number;
  buckets?: Bucket[];
}

export interface MetricCounts {
  candidate: ArmCounts | null;
  baseline?: ArmCounts | null;
}

/** The arms' label selectors, substituted for `{{selector}}`. */
export interface ArmSelectors {
  candidate: string;
  baseline?: string;
}

export interface RetryPolicy {
  /** Extra attempts after the first, per request. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs?: number;
}

export type SourceRead =
  | { status: 'ok'; from: Date; to: Date; metrics: Record<string, MetricCounts>; notes: string[] }
  | { status: 'unavailable'; reason: string };

export type WindowRead =
  { status: 'ok'; from: Date; to: Date; metrics: Record<string, ArmCounts>; notes: string[] } | { status: 'unavailable'; reason: string };

/** A metrics backend, read interval by interval. */
export interface MetricsSource {
  readonly kind: string;
  /**
   * Checks the queries against the backend and takes what the first read needs; throws a
   * ConfigurationError for the user's mistakes (a rejected query, refused keys), returns the
   * reason when the backend cannot be reached (reads will try again).
   */
  start(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Counts since the previous successful read (the first read counts from the watch's start). */
  read(to: Date): Promise<SourceRead>;
  /** One arm's counts over a window before the watch (the `before` baseline). */
  readWindow(from: Date, to: Date, selector: string): Promise<WindowRead>;
}

/** Substitutes an arm's selector into a query template. */
export const withSelector = (template: string, selector: string): string => template.replaceAll('{{selector}}', selector);
