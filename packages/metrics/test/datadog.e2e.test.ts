/**
 * The Datadog adapter against a loopback emulator of the documented v1 query API: counts per arm
 * from `series[].pointlist`, keys only in headers, 429/5xx retried, a rejected query or refused keys
 * reported as the user's mistake, a backend that stays down → `unavailable`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@shipkit/kit';
import { startDatadogApi, type DatadogApi } from '@shipkit/testkit/datadog-api';
import { DatadogSource, PRESETS, datadogBaseUrl, type MetricQueries } from '../src/index';

const API_KEY = 'dd-api-0123456789abcdef';
const APP_KEY = 'dd-app-fedcba9876543210';
const http = PRESETS.datadog.http as unknown as MetricQueries[];
const selectors = { candidate: 'version:v2', baseline: 'version:v1' };
const fast = { retries: 2, baseDelayMs: 5, maxDelayMs: 10 };
let api: DatadogApi;

beforeAll(async () => {
  api = await startDatadogApi({ apiKey: API_KEY, appKey: APP_KEY });
});
afterAll(() => api.close());

const source = (over: Partial<ConstructorParameters<typeof DatadogSource>[0]> = {}): DatadogSource =>
  new DatadogSource({
    site: api.url,
    apiKey: API_KEY,
    appKey: APP_KEY,
    queries: http,
    selectors,
    since: new Date(Date.now() - 60_000),
    retry: fast,
    ...over,
  });

describe('Datadog adapter', () => {
  it('sums the points of each interval per arm, half-open so adjacent intervals never count a point twice', async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    const s = source({ since: new Date(t0) });
    for (let i = 0; i < 20; i++) {
      api.count('trace.http.request.hits', ['service:web', 'version:v2'], 2, t0 + i * 1000);
      api.count('trace.http.request.hits', ['service:web', 'version:v1'], 40, t0 + i * 1000);
      if (i % 5 === 0) api.count('trace.http.request.errors', ['service:web', 'version:v2'], 1, t0 + i * 1000);
      api.count('trace.http.request.errors', ['service:web', 'version:v1'], i % 2, t0 + i * 1000);
    }
    const first = await s.read(new Date(t0 + 10_000));
    expect(first.status === 'ok' && first.metrics.errors).toEqual({
      candidate: { requests: 20, bad: 2 },
      baseline: { requests: 400, bad: 5 },
    });
    const second = await s.read(new Date(t0 + 20_000));
    expect(second.status === 'ok' && second.metrics.errors).toEqual({
      candidate: { requests: 20, bad: 2 },
      baseline: { requests: 400, bad: 5 },
    });
    const q = api.queries.at(-1)!;
    expect(q.query).toBe('sum:trace.http.request.errors{version:v1}.as_count()');
    expect(q.to - q.from).toBe(10);
    // The keys travel in headers only.
    for (const r of api.requests) {
      expect(r.url).not.toContain(API_KEY);
      expect(r.url).not.toContain(APP_KEY);
    }
    expect(api.requests.at(-1)!.headers['dd-api-key']).toBe(API_KEY);
    expect(api.requests.at(-1)!.headers['dd-application-key']).toBe(APP_KEY);
  });

  it('no series is no data (null)', async () => {
    const r = await source({ selectors: { candidate: 'version:none' } }).read(new Date());
    expect(r.status === 'ok' && r.metrics.errors).toEqual({ candidate: null });
  });

  it('retries 429 (X-RateLimit-Reset) and 5xx, then counts', async () => {
    const s = source();
    expect(await s.start()).toEqual({ ok: true });
    api.failNext(1, 429);
    api.failNext(1, 502);
    const r = await s.read(new Date());
    expect(r.status).toBe('ok');
  });

  it('a backend that stays down gives `unavailable` with the reason', async () => {
    const s = source();
    expect(await s.start()).toEqual({ ok: true });
    api.down = true;
    const r = await s.read(new Date());
    api.down = false;
    expect(r).toEqual({ status: 'unavailable', reason: 'Datadog answered HTTP 503 (Service Unavailable) after 3 attempts' });
  });

  it('a query Datadog rejects is a ConfigurationError naming `metrics`; refused keys name the key', async () => {
    const bad = source({ queries: [{ name: 'errors', kind: 'errors', total: 'sum:hits{{{selector}}', bad: 'sum:errors{{{selector}}}' }] });
    const e = await bad.start().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigurationError);
    expect((e as ConfigurationError).input).toBe('metrics');
    expect((e as Error).message).toMatch(
      /^Datadog rejected the query `sum:hits\{version:v2` \(Error parsing query: .*\); fix it in `metrics`$/,
    );
    const keys = source({ appKey: 'wrong' });
    const k = await keys.start().catch((x: unknown) => x);
    expect((k as ConfigurationError).input).toBe('datadog-api-key');
    expect((k as Error).message).toMatch(/^Datadog refused the keys \(HTTP 403: Forbidden\); check `datadog-api-key`, `datadog-app-key`/);
    expect((k as Error).message).not.toContain('wrong');
  });

  it('maps a site to its API host, and takes a base URL as is', () => {
    expect(datadogBaseUrl('datadoghq.com')).toBe('https://api.datadoghq.com');
    expect(datadogBaseUrl('us5.datadoghq.com')).toBe('https://api.us5.datadoghq.com');
    expect(datadogBaseUrl('app.datadoghq.eu')).toBe('https://api.datadoghq.eu');
    expect(datadogBaseUrl('http://127.0.0.1:8126/')).toBe('http://127.0.0.1:8126');
    expect(() => datadogBaseUrl('not a site')).toThrow(/`datadog-site` must be a Datadog site such as `datadoghq.com`/);
  });
});
