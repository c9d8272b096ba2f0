/**
 * The Prometheus adapter against a real Prometheus (the Debian package) scraping two instances of
 * the example service every second, labelled by version as a platform labels pods: exact counts
 * per version for healthy, failing and slow releases, faults retried, a rejected query reported as
 * the user's mistake, and a stopped server giving "unavailable", never data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@shipkit/kit';
import { startServer, type TestServer } from '@shipkit/testkit';
import { startScrapedApps, type PrometheusServer, type ScrapedApp } from '@shipkit/testkit/prometheus';
import { PRESETS, PrometheusSource, type MetricQueries } from '../src/index';

type App = ScrapedApp;

let stable: App;
let canary: App;
let prometheus: PrometheusServer;
const http = PRESETS.prometheus.http as unknown as MetricQueries[];
const selectors = { candidate: 'version="v2"', baseline: 'version="v1"' };
const fast = { retries: 2, baseDelayMs: 20, maxDelayMs: 50 };
const sent = { v1: 0, v2: 0 };

async function traffic(app: App, version: 'v1' | 'v2', n: number, path = '/api/items'): Promise<void> {
  for (let i = 0; i < n; i++) await (await fetch(`${app.url}${path}`)).arrayBuffer();
  sent[version] += n;
}

/** Waits until Prometheus has scraped every request sent so far. */
async function scraped(): Promise<void> {
  await prometheus.waitFor('sum by (version) (http_requests_total)', (r) => {
    const of = (v: string) => Number(r.find((s) => s.metric.version === v)?.value[1] ?? 0);
    return of('v1') === sent.v1 && of('v2') === sent.v2;
  });
}

let close: () => Promise<void>;

beforeAll(async () => {
  ({
    apps: [stable, canary],
    prometheus,
    close,
  } = (await startScrapedApps(['v1', 'v2'], { slowMs: 300 })) as {
    apps: [App, App];
    prometheus: PrometheusServer;
    close: () => Promise<void>;
  });
});

afterAll(() => close?.());

describe('Prometheus adapter against a real Prometheus', () => {
  it('counts requests, errors and the latency histogram per version, interval by interval', async () => {
    await scraped();
    const source = new PrometheusSource({ url: prometheus.url, queries: http, selectors, since: new Date(), retry: fast });
    expect(await source.start()).toEqual({ ok: true });

    // Healthy: 30 canary and 90 stable requests.
    await traffic(canary, 'v2', 30);
    await traffic(stable, 'v1', 90);
    await scraped();
    const healthy = await source.read(new Date());
    expect(healthy.status).toBe('ok');
    if (healthy.status !== 'ok') return;
    expect(healthy.metrics.errors).toEqual({ candidate: { requests: 30, bad: 0 }, baseline: { requests: 90, bad: 0 } });
    expect(healthy.metrics.latency?.candidate?.requests).toBe(30);
    expect(healthy.metrics.latency?.baseline?.requests).toBe(90);
    // A loopback request is well under 250 ms.
    expect(healthy.metrics.latency?.candidate?.buckets?.find((b) => b.le === 0.25)?.count).toBe(30);

    // Failing: the canary's /api answers 500.
    await fetch(`${canary.url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode: 'failing' }) });
    sent.v2++;
    await traffic(canary, 'v2', 20);
    await traffic(stable, 'v1', 40);
    await scraped();
    const failing = await source.read(new Date());
    expect(failing.status === 'ok' && failing.metrics.errors).toEqual({
      candidate: { requests: 21, bad: 20 },
      baseline: { requests: 40, bad: 0 },
    });

    // Slow: every canary request takes ≥ 300 ms, so none is at or below the 250 ms bucket.
    await fetch(`${canary.url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode: 'slow' }) });
    sent.v2++;
    await traffic(canary, 'v2', 5);
    await scraped();
    const slow = await source.read(new Date());
    expect(slow.status).toBe('ok');
    if (slow.status !== 'ok') return;
    const lat = slow.metrics.latency?.candidate;
    expect(lat?.requests).toBe(6);
    expect(lat?.buckets?.find((b) => b.le === 0.25)?.count).toBe(1); // only the mode switch itself was fast
    expect(lat?.buckets?.find((b) => b.le === 0.5)?.count).toBe(6);
    expect(slow.metrics.errors?.baseline).toEqual({ requests: 0, bad: 0 });
    await fetch(`${canary.url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode: 'healthy' }) });
    sent.v2++;
  });

  it('reads a window before the watch (the `before` baseline) from a range query', async () => {
    await scraped();
    const before = new Date();
    await traffic(stable, 'v1', 25);
    await scraped();
    const source = new PrometheusSource({ url: prometheus.url, queries: http, selectors, since: new Date(), retry: fast });
    const w = await source.readWindow(new Date(before.getTime() - 1000), new Date(), 'version="v1"');
    expect(w.status).toBe('ok');
    expect(w.status === 'ok' && w.metrics.errors).toEqual({ requests: 25, bad: 0 });
  });

  it('a metric with no series is no data (null), not zero', async () => {
    const queries: MetricQueries[] = [
      { name: 'errors', kind: 'errors', total: 'no_such_metric_total{{{selector}}}', bad: 'no_such_metric_total{{{selector}}}' },
    ];
    const source = new PrometheusSource({ url: prometheus.url, queries, selectors, since: new Date(), retry: fast });
    const r = await source.read(new Date());
    expect(r.status === 'ok' && r.metrics.errors).toEqual({ candidate: null, baseline: null });
  });

  it('a query Prometheus rejects (400 bad_data) is a ConfigurationError naming `metrics`', async () => {
    const queries: MetricQueries[] = [{ name: 'errors', kind: 'errors', total: 'sum(http_requests_total{{{selector}}}', bad: 'x' }];
    const source = new PrometheusSource({ url: prometheus.url, queries, selectors, since: new Date(), retry: fast });
    const error = await source.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).input).toBe('metrics');
    expect((error as Error).message).toMatch(
      /^Prometheus rejected the query `sum\(http_requests_total\{version="v[12]"\}` \(bad_data: .*parse error.*\); fix it in `metrics`$/,
    );
  });

  it('a URL that is no Prometheus API is a ConfigurationError naming `prometheus-url`', async () => {
    const source = new PrometheusSource({ url: stable.url, queries: http, selectors, since: new Date(), retry: fast });
    const error = await source.start().catch((e: unknown) => e);
    sent.v1 += 6; // the start's 6 queries (3 per arm, in parallel) were (404) requests to the service
    expect((error as ConfigurationError).input).toBe('prometheus-url');
    expect((error as Error).message).toContain('did not answer like a Prometheus API (HTTP 404 to /api/v1/query)');
  });

  describe('through a faulty proxy', () => {
    let proxy: TestServer;
    let faults: { status: number; body: string; headers?: Record<string, string> }[] = [];
    let down = false;
    beforeAll(async () => {
      proxy = await startServer(async (req, res) => {
        const fault = down ? { status: 503, body: '{"status":"error","errorType":"timeout","error":"query timed out"}' } : faults.shift();
        if (fault) {
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          return res.end(fault.body);
        }
        const upstream = await fetch(`${prometheus.url}${req.url}`);
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(await upstream.text());
      });
    });
    afterAll(() => proxy.close());

    it('retries 503, 429 and (once watching) 400 bad_data, then counts', async () => {
      await scraped();
      const source = new PrometheusSource({
        url: proxy.url,
        queries: http.slice(0, 1),
        selectors,
        since: new Date(),
        retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 20 },
      });
      expect(await source.start()).toEqual({ ok: true });
      await traffic(canary, 'v2', 7);
      await scraped();
      faults = [
        { status: 503, body: '{"status":"error","errorType":"unavailable","error":"overloaded"}' },
        { status: 429, body: '{}', headers: { 'retry-after': '0' } },
        { status: 400, body: '{"status":"error","errorType":"bad_data","error":"transient"}' },
      ];
      const before = proxy.requests.length;
      const r = await source.read(new Date());
      expect(r.status === 'ok' && r.metrics.errors?.candidate).toEqual({ requests: 7, bad: 0 });
      // 4 queries (2 arms × total, bad), 3 of them faulted once.
      expect(proxy.requests.length - before).toBe(7);
    });

    it('a backend that stays down gives `unavailable` with the reason, and the next read loses nothing', async () => {
      await scraped();
      const source = new PrometheusSource({
        url: proxy.url,
        queries: http.slice(0, 1),
        selectors,
        since: new Date(),
        retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 10 },
      });
      expect(await source.start()).toEqual({ ok: true });
      await traffic(canary, 'v2', 4);
      await scraped();
      down = true;
      const unavailable = await source.read(new Date());
      down = false;
      expect(unavailable).toEqual({
        status: 'unavailable',
        reason: expect.stringMatching(/answered HTTP 503 timeout: query timed out after 3 attempts$/),
      });
      await traffic(canary, 'v2', 3);
      await scraped();
      const back = await source.read(new Date());
      expect(back.status === 'ok' && back.metrics.errors?.candidate).toEqual({ requests: 7, bad: 0 });
    });
  });

  it('a stopped Prometheus gives `unavailable`, never data', async () => {
    const source = new PrometheusSource({
      url: prometheus.url,
      queries: http,
      selectors,
      since: new Date(),
      retry: { retries: 1, baseDelayMs: 5 },
    });
    expect(await source.start()).toEqual({ ok: true });
    await prometheus.stop();
    const r = await source.read(new Date());
    expect(r).toEqual({ status: 'unavailable', reason: expect.stringMatching(/did not answer after 2 attempts: connection refused/) });
  });
});
