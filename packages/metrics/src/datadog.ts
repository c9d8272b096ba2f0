/**
 * Datadog's metrics query API, v1: `GET /api/v1/query?from=&to=&query=` (Unix seconds) with the
 * `DD-API-KEY` and `DD-APPLICATION-KEY` headers; the answer's `series[].pointlist` holds
 * `[milliseconds, value | null]` points. Each query gives counts per rollup (write it with
 * `.as_count()`), and an interval's count is the sum of the points that start inside it, rounded
 * once: count rollups are whole numbers, and intervals are half-open, [from, end), so no point is
 * counted twice. `end` is the read time rounded down to the rollup interval: the bucket still
 * filling is left for the next read. Datadog can also ingest points late (seconds, at times a
 * minute); those are missed on both arms alike, so an interval of 30 s or more suits it.
 *
 * Errors: 400 (`{"errors": [...]}`, or `status: "error"` with `error`) is a rejected query — the
 * user's mistake when the watch starts, a backend fault later; 401/403 are the keys; 429 is
 * retried after `X-RateLimit-Reset` seconds; 5xx and refused connections are retried. The keys go
 * in headers only, never in a URL or a message.
 */
import { ConfigurationError } from '@shipkit/kit';
import type { HttpResponse } from '@shipkit/kit/http';
import { DEFAULT_RETRY, getWithRetries, jsonBody } from './fetch';
import {
  withSelector,
  type ArmCounts,
  type ArmSelectors,
  type MetricCounts,
  type MetricQueries,
  type MetricsSource,
  type RetryPolicy,
  type SourceRead,
  type WindowRead,
} from './types';

export interface DatadogOptions {
  /** `datadoghq.com`, `us3.datadoghq.com`, `datadoghq.eu`, … or a full base URL (a proxy, or a test's emulator). */
  site: string;
  apiKey: string;
  appKey: string;
  queries: readonly MetricQueries[];
  selectors: ArmSelectors;
  since: Date;
  retry?: RetryPolicy;
  timeoutMs?: number;
  inputs?: { site?: string; apiKey?: string; appKey?: string; metrics?: string };
}

/** The API base URL of a Datadog site (`datadoghq.eu` → `https://api.datadoghq.eu`). */
export function datadogBaseUrl(site: string, input = 'datadog-site'): string {
  const text = site.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      return new URL(text).toString().replace(/\/+$/, '');
    } catch {
      throw new ConfigurationError(`\`${input}\` is not a valid URL: \`${text}\``, input);
    }
  }
  const host = text.replace(/^(app|api)\./i, '');
  if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(host))
    throw new ConfigurationError(
      `\`${input}\` must be a Datadog site such as \`datadoghq.com\` or \`datadoghq.eu\`, got \`${text}\``,
      input,
    );
  return `https://api.${host.toLowerCase()}`;
}

type Points = { ok: true; points: [number, number][]; stepMs: number; series: number } | { ok: false; reason: string };

/** Datadog's scope for "every source" is `*`; an empty selector means that. */
const scope = (selector: string): string => (selector.trim() === '' ? '*' : selector.trim());

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

export class DatadogSource implements MetricsSource {
  readonly kind = 'datadog';
  private readonly base: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private last: Date;
  private validated = false;

  constructor(private readonly options: DatadogOptions) {
    this.base = datadogBaseUrl(options.site, options.inputs?.site);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.last = options.since;
  }

  /** Runs every query once over the minute before the start: a rejected query or refused keys throw a ConfigurationError. */
  async start(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.validated) return { ok: true };
    const to = this.options.since;
    const from = new Date(to.getTime() - 60_000);
    for (const q of this.options.queries)
      for (const selector of this.selectorList())
        for (const template of [q.total, q.bad, q.histogram]) {
          if (!template) continue;
          const r = await this.points(withSelector(template, selector), from, to, true);
          if (!r.ok) return r;
        }
    this.validated = true;
    return { ok: true };
  }

  async read(to: Date): Promise<SourceRead> {
    const started = await this.start();
    if (!started.ok) return { status: 'unavailable', reason: started.reason };
    const arms = (['candidate', 'baseline'] as const).filter((a) => this.options.selectors[a] !== undefined);
    const r = await this.countAll(
      arms.map((arm) => ({ arm, selector: this.options.selectors[arm] as string })),
      this.last,
      to,
    );
    if ('reason' in r) return { status: 'unavailable', reason: r.reason };
    const metrics: Record<string, MetricCounts> = {};
    for (const q of this.options.queries)
      metrics[q.name] = {
        candidate: r.counts.get(`${q.name}\u0000candidate`) ?? null,
        ...(this.options.selectors.baseline !== undefined ? { baseline: r.counts.get(`${q.name}\u0000baseline`) ?? null } : {}),
      };
    // Only a fully answered read moves the window on: a failed one is covered by the next.
    const from = this.last;
    if (r.end > this.last.getTime()) this.last = new Date(r.end);
    return { status: 'ok', from, to: new Date(r.end), metrics, notes: r.notes };
  }

  async readWindow(from: Date, to: Date, selector: string): Promise<WindowRead> {
    const r = await this.countAll([{ arm: 'candidate', selector }], from, to);
    if ('reason' in r) return { status: 'unavailable', reason: r.reason };
    const metrics: Record<string, ArmCounts> = {};
    for (const q of this.options.queries) {
      const c = r.counts.get(`${q.name}\u0000candidate`);
      if (c) metrics[q.name] = c;
    }
    return { status: 'ok', from, to: new Date(r.end), metrics, notes: r.notes };
  }

  private selectorList(): string[] {
    return [
      this.options.selectors.candidate,
      ...(this.options.selectors.baseline !== undefined ? [this.options.selectors.baseline] : []),
    ].map(scope);
  }

  /**
   * Every metric's counts for the arms over [from, end), where `end` is `to` rounded down to the
   * rollup interval: a point stands for its whole rollup bucket, and the bucket still filling at
   * `to` is left for the next read (counted now, its later requests would be lost).
   */
  private async countAll(
    arms: { arm: 'candidate' | 'baseline'; selector: string }[],
    from: Date,
    to: Date,
  ): Promise<{ counts: Map<string, ArmCounts | null>; end: number; notes: string[] } | { reason: string }> {
    const raw = new Map<string, Extract<Points, { ok: true }>>();
    for (const q of this.options.queries) {
      if (!q.total || !q.bad) return { reason: `metric ${q.name}: Datadog needs \`total\` and \`bad\` count queries` };
      for (const { arm, selector } of arms)
        for (const [part, template] of [
          ['total', q.total],
          ['bad', q.bad],
        ] as const) {
          const r = await this.points(withSelector(template, scope(selector)), from, to, false);
          if (!r.ok) return { reason: r.reason };
          raw.set(`${q.name}\u0000${arm}\u0000${part}`, r);
        }
    }
    const end = Math.min(...[...raw.values()].map((r) => Math.floor(to.getTime() / r.stepMs) * r.stepMs));
    const sum = (r: Extract<Points, { ok: true }> | undefined): number =>
      Math.round((r?.points ?? []).reduce((a, [ts, v]) => (ts >= from.getTime() && ts < end ? a + v : a), 0));
    const counts = new Map<string, ArmCounts | null>();
    const notes: string[] = [];
    for (const q of this.options.queries)
      for (const { arm } of arms) {
        const total = raw.get(`${q.name}\u0000${arm}\u0000total`);
        const bad = raw.get(`${q.name}\u0000${arm}\u0000bad`);
        if (!total || total.series === 0) {
          counts.set(`${q.name}\u0000${arm}`, null);
          continue;
        }
        const requests = sum(total);
        let badCount = sum(bad);
        if (badCount > requests) {
          notes.push(`${q.name} ${arm}: the bad query counted ${badCount} of ${requests} requests; taken as ${requests}`);
          badCount = requests;
        }
        counts.set(`${q.name}\u0000${arm}`, { requests, bad: badCount });
      }
    return { counts, end, notes };
  }

  private async points(query: string, from: Date, to: Date, strict: boolean): Promise<Points> {
    const params = new URLSearchParams({ from: String(seconds(from)), to: String(seconds(to)), query });
    const metricsInput = this.options.inputs?.metrics ?? 'metrics';
    const fetched = await getWithRetries(`${this.base}/api/v1/query?${params.toString()}`, {
      headers: { 'DD-API-KEY': this.options.apiKey, 'DD-APPLICATION-KEY': this.options.appKey },
      timeoutMs: this.timeoutMs,
      retry: this.retry,
      retryAnswer: (r) => !strict && r.status === 400,
      delayHint: (r) => {
        const reset = Number(r.headers['x-ratelimit-reset']);
        return Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined;
      },
    });
    const r = fetched.response;
    if (!r) return { ok: false, reason: `Datadog at ${this.base} did not answer after ${fetched.attempts} attempts: ${fetched.failure}` };
    const body = jsonBody(r) as { status?: string; error?: string; errors?: unknown; series?: unknown } | undefined;
    const message = errorText(r, body);
    if (r.status === 401 || r.status === 403)
      throw new ConfigurationError(
        `Datadog refused the keys (HTTP ${r.status}${message ? `: ${message}` : ''}); check \`${this.options.inputs?.apiKey ?? 'datadog-api-key'}\`, \`${this.options.inputs?.appKey ?? 'datadog-app-key'}\` (the application key needs the timeseries_query permission) and \`${this.options.inputs?.site ?? 'datadog-site'}\``,
        this.options.inputs?.apiKey ?? 'datadog-api-key',
      );
    const rejected = r.status === 400 || (r.status === 200 && body?.status === 'error');
    if (strict && rejected)
      throw new ConfigurationError(
        `Datadog rejected the query \`${query}\` (${message || `HTTP ${r.status}`}); fix it in \`${metricsInput}\``,
        metricsInput,
      );
    if (strict && r.status === 200 && !Array.isArray(body?.series))
      throw new ConfigurationError(
        `${this.base} did not answer like the Datadog API; check \`${this.options.inputs?.site ?? 'datadog-site'}\``,
        this.options.inputs?.site ?? 'datadog-site',
      );
    if (r.status !== 200 || rejected || !Array.isArray(body?.series))
      return {
        ok: false,
        reason: `Datadog answered HTTP ${r.status}${message ? ` (${message})` : ''} after ${fetched.attempts} attempt${fetched.attempts === 1 ? '' : 's'}`,
      };
    const points: [number, number][] = [];
    let stepMs = 1000;
    for (const s of body.series as { pointlist?: unknown; interval?: unknown }[]) {
      if (typeof s?.interval === 'number' && s.interval > 0) stepMs = Math.max(stepMs, s.interval * 1000);
      for (const point of Array.isArray(s?.pointlist) ? (s.pointlist as unknown[]) : []) {
        if (!Array.isArray(point)) continue;
        const [ts, value] = point as [unknown, unknown];
        if (typeof ts === 'number' && typeof value === 'number' && Number.isFinite(value)) points.push([ts, value]);
      }
    }
    return { ok: true, points, stepMs, series: (body.series as unknown[]).length };
  }
}

function errorText(r: HttpResponse, body: { error?: string; errors?: unknown } | undefined): string {
  if (Array.isArray(body?.errors)) return body.errors.map(String).join('; ').slice(0, 300);
  if (typeof body?.error === 'string') return body.error.slice(0, 300);
  return r.status === 200 ? '' : `HTTP ${r.status}`;
}
