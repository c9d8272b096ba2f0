/**
 * Any Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics, Grafana Cloud,
 * Amazon Managed Prometheus behind a signing proxy): `GET /api/v1/query` at the end of each
 * interval, every query selecting counters, differenced per series between reads (see
 * counters.ts for why not `increase()`). The first read also takes the counters' values at the
 * watch's start (`time=since`), so no request of the watch is lost even when that read is late.
 *
 * Answers: the envelope `{status, data: {resultType, result}, errorType, error, warnings}`, sample
 * values as strings (`"NaN"`, `"+Inf"`). A query the server rejects (400 bad_data, 422) when the
 * watch starts is the user's mistake (a ConfigurationError naming `metrics`); later, like 5xx, 429
 * and refused connections, it is retried, and a backend that stays down gives `unavailable`.
 */
import { ConfigurationError } from '@shipkit/kit';
import type { HttpResponse } from '@shipkit/kit/http';
import { DEFAULT_RETRY, getWithRetries, jsonBody } from './fetch';
import {
  bucketsFromDeltas,
  countsPerArm,
  counterDeltas,
  increaseOver,
  parseSampleValue,
  partCounts,
  partKey,
  snapshot,
  sumIncrease,
  type PartCounts,
  type Sample,
} from './counters';
import {
  withSelector,
  type ArmCounts,
  type ArmSelectors,
  type MetricQueries,
  type MetricsSource,
  type RetryPolicy,
  type SourceRead,
  type WindowRead,
} from './types';

export interface PrometheusOptions {
  /** Base URL of the API (a path prefix such as `/prometheus` is kept). */
  url: string;
  queries: readonly MetricQueries[];
  selectors: ArmSelectors;
  /** Start of the watch: counts are from here on. */
  since: Date;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Input names for configuration errors. */
  inputs?: { url?: string; metrics?: string };
}

type Arm = 'candidate' | 'baseline';
type Part = 'total' | 'bad' | 'histogram';

interface Job {
  metric: string;
  arm: Arm;
  part: Part;
  query: string;
}

type Instant = { ok: true; samples: Sample[]; warnings: string[] } | { ok: false; reason: string };
type Range =
  { ok: true; series: { labels: Record<string, string>; values: number[] }[]; warnings: string[] } | { ok: false; reason: string };

/** Prometheus's `time` parameter: Unix seconds with millisecond precision. */
const promTime = (d: Date): string => (d.getTime() / 1000).toFixed(3);

function describe(response: HttpResponse): string {
  const body = jsonBody(response) as { errorType?: string; error?: string } | undefined;
  if (body?.error) return `HTTP ${response.status} ${body.errorType ?? 'error'}: ${body.error}`;
  return `HTTP ${response.status}`;
}

export class PrometheusSource implements MetricsSource {
  readonly kind = 'prometheus';
  private readonly base: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly jobs: Job[];
  /** Each job's counter values at the previous read; undefined until the start is read. */
  private counters: Map<string, Map<string, number>> | undefined;
  private last: Date;

  constructor(private readonly options: PrometheusOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.last = options.since;
    this.jobs = [];
    const arms: [Arm, string | undefined][] = [
      ['candidate', options.selectors.candidate],
      ['baseline', options.selectors.baseline],
    ];
    for (const q of options.queries)
      for (const [arm, selector] of arms) {
        if (selector === undefined) continue;
        for (const part of ['total', 'bad', 'histogram'] as const) {
          const template = q[part];
          if (template) this.jobs.push({ metric: q.name, arm, part, query: withSelector(template, selector) });
        }
      }
  }

  private jobKey = (j: Job): string => partKey(j.metric, j.arm, j.part);

  /**
   * Reads the counters at the watch's start. Throws a ConfigurationError when the server rejects
   * a query or is no Prometheus API; returns the reason when it cannot be reached.
   */
  async start(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.counters) return { ok: true };
    const results = await Promise.all(this.jobs.map((j) => this.instant(j.query, this.options.since, true)));
    const counters = new Map<string, Map<string, number>>();
    for (const [i, r] of results.entries()) {
      if (!r.ok) return { ok: false, reason: r.reason };
      counters.set(this.jobKey(this.jobs[i] as Job), snapshot(r.samples));
    }
    this.counters = counters;
    return { ok: true };
  }

  async read(to: Date): Promise<SourceRead> {
    const started = await this.start();
    if (!started.ok) return { status: 'unavailable', reason: started.reason };
    const results = await Promise.all(this.jobs.map((j) => this.instant(j.query, to, false)));
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) return { status: 'unavailable', reason: failed.reason };
    // Every query answered: only now move the counters on, so a half-failed read loses nothing.
    const counters = this.counters as Map<string, Map<string, number>>;
    const notes: string[] = [];
    const parts = new Map<string, PartCounts>();
    for (const [i, r] of results.entries()) {
      const job = this.jobs[i] as Job;
      const answered = r as Extract<Instant, { ok: true }>;
      for (const w of answered.warnings) notes.push(`${job.metric}: ${w}`);
      parts.set(this.jobKey(job), partCounts(job, counters.get(this.jobKey(job)) as Map<string, number>, answered.samples, notes));
    }
    const metrics = countsPerArm(this.options.queries, this.options.selectors.baseline !== undefined, parts, notes);
    const from = this.last;
    this.last = to;
    return { status: 'ok', from, to, metrics, notes };
  }

  async readWindow(from: Date, to: Date, selector: string): Promise<WindowRead> {
    const spanS = Math.max(1, (to.getTime() - from.getTime()) / 1000);
    // At most ~250 points a series; resets between two points are caught as drops.
    const step = Math.max(1, Math.ceil(spanS / 250));
    const metrics: Record<string, ArmCounts> = {};
    const notes: string[] = [];
    for (const q of this.options.queries) {
      const sum = async (
        template: string | undefined,
      ): Promise<{ ok: true; deltas: ReturnType<typeof counterDeltas>; series: number } | { ok: false; reason: string }> => {
        if (!template) return { ok: true, deltas: [], series: 0 };
        // Evaluation points at to − k·step, so the last one is exactly `to` and the first at or before `from`.
        const start = new Date(to.getTime() - Math.ceil(spanS / step) * step * 1000);
        const r = await this.range(withSelector(template, selector), start, to, step);
        if (!r.ok) return r;
        const deltas = r.series.map((series) => ({ labels: series.labels, increase: increaseOver(series.values), reset: false }));
        return { ok: true, deltas, series: r.series.length };
      };
      if (q.histogram) {
        const h = await sum(q.histogram);
        if (!h.ok) return { status: 'unavailable', reason: h.reason };
        const b = bucketsFromDeltas(h.deltas);
        if (b) metrics[q.name] = { requests: b.total, buckets: b.buckets };
        continue;
      }
      const total = await sum(q.total);
      const bad = await sum(q.bad);
      if (!total.ok) return { status: 'unavailable', reason: total.reason };
      if (!bad.ok) return { status: 'unavailable', reason: bad.reason };
      if (total.series === 0) continue;
      const requests = sumIncrease(total.deltas);
      metrics[q.name] = { requests, bad: Math.min(requests, sumIncrease(bad.deltas)) };
    }
    return { status: 'ok', from, to, metrics, notes };
  }

  private async get(
    path: string,
    params: Record<string, string>,
    strict: boolean,
    query: string,
  ): Promise<{ ok: true; data: unknown; warnings: string[] } | { ok: false; reason: string }> {
    const url = `${this.base}${path}?${new URLSearchParams(params).toString()}`;
    const metricsInput = this.options.inputs?.metrics ?? 'metrics';
    const urlInput = this.options.inputs?.url ?? 'prometheus-url';
    const fetched = await getWithRetries(url, {
      timeoutMs: this.timeoutMs,
      retry: this.retry,
      // Once the watch runs, a query error is a backend fault like any other (the same query was accepted at the start).
      retryAnswer: (r) => !strict && (r.status === 400 || r.status === 422),
    });
    const r = fetched.response;
    if (!r)
      return {
        ok: false,
        reason: `Prometheus at ${this.safeBase()} did not answer after ${fetched.attempts} attempts: ${fetched.failure}`,
      };
    const body = jsonBody(r) as { status?: string; data?: unknown; errorType?: string; error?: string; warnings?: unknown } | undefined;
    if (strict && (r.status === 400 || r.status === 422) && body?.status === 'error')
      throw new ConfigurationError(
        `Prometheus rejected the query \`${query}\` (${body.errorType ?? r.status}: ${body.error ?? 'no message'}); fix it in \`${metricsInput}\``,
        metricsInput,
      );
    if (strict && (body === undefined || typeof body.status !== 'string') && r.status < 500 && r.status !== 429)
      throw new ConfigurationError(
        `${this.safeBase()} did not answer like a Prometheus API (HTTP ${r.status} to ${path}); \`${urlInput}\` must be the server's base URL, e.g. http://prometheus:9090`,
        urlInput,
      );
    if (r.status !== 200 || body?.status !== 'success')
      return {
        ok: false,
        reason: `Prometheus at ${this.safeBase()} answered ${describe(r)} after ${fetched.attempts} attempt${fetched.attempts === 1 ? '' : 's'}`,
      };
    const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : [];
    return { ok: true, data: body.data, warnings };
  }

  private async instant(query: string, at: Date, strict: boolean): Promise<Instant> {
    const r = await this.get('/api/v1/query', { query, time: promTime(at) }, strict, query);
    if (!r.ok) return r;
    const data = r.data as { resultType?: string; result?: unknown } | undefined;
    const metricsInput = this.options.inputs?.metrics ?? 'metrics';
    if (data?.resultType === 'scalar' && Array.isArray(data.result))
      return { ok: true, samples: [{ labels: {}, value: parseSampleValue(String(data.result[1])) }], warnings: r.warnings };
    if (data?.resultType !== 'vector' || !Array.isArray(data.result)) {
      if (strict)
        throw new ConfigurationError(
          `the query \`${query}\` gives a ${data?.resultType ?? 'malformed'} result; each query in \`${metricsInput}\` must select counters (an instant vector), e.g. \`http_requests_total{version="v2"}\``,
          metricsInput,
        );
      return { ok: false, reason: `Prometheus answered a ${data?.resultType ?? 'malformed'} result to \`${query}\`` };
    }
    const samples: Sample[] = [];
    for (const item of data.result as { metric?: Record<string, string>; value?: [number, string] }[])
      if (item?.value) samples.push({ labels: item.metric ?? {}, value: parseSampleValue(String(item.value[1])) });
    return { ok: true, samples, warnings: r.warnings };
  }

  private async range(query: string, from: Date, to: Date, stepS: number): Promise<Range> {
    const r = await this.get('/api/v1/query_range', { query, start: promTime(from), end: promTime(to), step: `${stepS}` }, false, query);
    if (!r.ok) return r;
    const data = r.data as { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] } | undefined;
    if (data?.resultType !== 'matrix' || !Array.isArray(data.result))
      return { ok: false, reason: `Prometheus answered a ${data?.resultType ?? 'malformed'} result to a range query` };
    return {
      ok: true,
      series: data.result.map((s) => ({ labels: s.metric ?? {}, values: (s.values ?? []).map((v) => parseSampleValue(String(v[1]))) })),
      warnings: r.warnings,
    };
  }

  /** The base URL without credentials, for messages. */
  private safeBase(): string {
    try {
      const u = new URL(this.base);
      u.username = '';
      u.password = '';
      return u.toString().replace(/\/$/, '');
    } catch {
      return 'the Prometheus URL';
    }
  }
}
