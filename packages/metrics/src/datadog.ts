/**
 * Datadog's metrics query API, v1: `GET /api/v1/query?from=&to=&query=` (Unix seconds) with the
 * `DD-API-KEY` and `DD-APPLICATION-KEY` headers; the answer's `series[].pointlist` holds
 * `[milliseconds, value | null]` points. Each query gives counts per rollup (write it with
 * `.as_count()`), and an interval's count is the sum of the points that start inside it, rounded
 * once: count rollups are whole numbers, and a sum of points never double-counts the point on a
 * boundary because intervals are half-open, [from, to).
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

type Arm = 'candidate' | 'baseline';

type Points = { ok: true; sum: number; series: number } | { ok: false; reason: string };

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
    const from = this.last;
    const metrics: Record<string, MetricCounts> = {};
    const notes: string[] = [];
    for (const q of this.options.queries) {
      const counts: Partial<Record<Arm, ArmCounts | null>> = {};
      for (const arm of ['candidate', 'baseline'] as const) {
        const selector = this.options.selectors[arm];
        if (selector === undefined) continue;
        const r = await this.armCounts(q, selector, from, to, notes);
        if ('reason' in r) return { status: 'unavailable', reason: r.reason };
        counts[arm] = r.counts;
      }
      metrics[q.name] = {
        candidate: counts.candidate ?? null,
        ...(this.options.selectors.baseline !== undefined ? { baseline: counts.baseline ?? null } : {}),
      };
    }
    // Only a fully answered read moves the window on: a failed one is covered by the next.
    this.last = to;
    return { status: 'ok', from, to, metrics, notes };
  }

  async readWindow(from: Date, to: Date, selector: string): Promise<WindowRead> {
    const metrics: Record<string, ArmCounts> = {};
    const notes: string[] = [];
    for (const q of this.options.queries) {
      const r = await this.armCounts(q, selector, from, to, notes);
      if ('reason' in r) return { status: 'unavailable', reason: r.reason };
      if (r.counts) metrics[q.name] = r.counts;
    }
    return { status: 'ok', from, to, metrics, notes };
  }

  private selectorList(): string[] {
    return [
      this.options.selectors.candidate,
      ...(this.options.selectors.baseline !== undefined ? [this.options.selectors.baseline] : []),
    ].map(scope);
  }

  private async armCounts(
    q: MetricQueries,
    selector: string,
    from: Date,
    to: Date,
    notes: string[],
  ): Promise<{ counts: ArmCounts | null } | { reason: string }> {
    if (!q.total || !q.bad) return { reason: `metric ${q.name}: Datadog needs \`total\` and \`bad\` count queries` };
    const total = await this.points(withSelector(q.total, scope(selector)), from, to, false);
    if (!total.ok) return { reason: total.reason };
    const bad = await this.points(withSelector(q.bad, scope(selector)), from, to, false);
    if (!bad.ok) return { reason: bad.reason };
    if (total.series === 0) return { counts: null };
    let badCount = bad.sum;
    if (badCount > total.sum) {
      notes.push(`${q.name}: the bad query counted ${badCount} of ${total.sum} requests; taken as ${total.sum}`);
      badCount = total.sum;
    }
    return { counts: { requests: total.sum, bad: badCount } };
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
    const fromMs = from.getTime();
    const toMs = to.getTime();
    let sum = 0;
    for (const s of body.series as { pointlist?: unknown }[])
      for (const point of Array.isArray(s?.pointlist) ? (s.pointlist as unknown[]) : []) {
        if (!Array.isArray(point)) continue;
        const [ts, value] = point as [unknown, unknown];
        if (typeof ts !== 'number' || typeof value !== 'number' || !Number.isFinite(value)) continue;
        if (ts >= fromMs && ts < toMs) sum += value;
      }
    return { ok: true, sum: Math.round(sum), series: (body.series as unknown[]).length };
  }
}

function errorText(r: HttpResponse, body: { error?: string; errors?: unknown } | undefined): string {
  if (Array.isArray(body?.errors)) return body.errors.map(String).join('; ').slice(0, 300);
  if (typeof body?.error === 'string') return body.error.slice(0, 300);
  return r.status === 200 ? '' : `HTTP ${r.status}`;
}
