/**
 * The exposition source against real endpoints: the traffic proxy (packages/proxy, in process) in
 * front of two releases of the example service, its admin `/metrics` read directly — exact counts
 * per arm for healthy, failing and slow requests, interval by interval — and the example service's
 * own `/metrics` from two instances told apart by `instance`. Bad endpoints: the user's mistake at
 * the start, `unavailable` later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ConfigurationError } from '@shipkit/kit';
import { startServer } from '@shipkit/testkit';
import { startProxy, type RunningProxy } from '@shipkit/proxy';
import { createApp, type AppState } from '@shipkit/example-app/src/app.js';
import { ExpositionSource, PRESETS, type MetricQueries } from '../src/index';

interface App {
  url: string;
  server: Server;
  state: AppState;
}
let v1: App;
let v2: App;
let proxy: RunningProxy;
const proxyPreset = PRESETS.exposition.proxy as unknown as MetricQueries[];
const httpPreset = PRESETS.exposition.http as unknown as MetricQueries[];
const arms = { candidate: 'arm="candidate"', baseline: 'arm="stable"' };

async function app(version: string): Promise<App> {
  const { server, state } = createApp({ version, slowMs: 300 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state };
}

/** Requests through the proxy until each arm served `n` (the split is random). */
async function through(n: { candidate: number; stable: number }, path = '/api/items'): Promise<void> {
  const left = { ...n };
  while (left.candidate > 0 || left.stable > 0) {
    const r = await fetch(`${proxy.url}${path}`);
    await r.arrayBuffer();
    const arm = r.headers.get('x-shipkit-arm') as 'candidate' | 'stable';
    if (left[arm] > 0) left[arm]--;
    else {
      // One too many on this arm: counted by the proxy, so counted here.
      n[arm]++;
    }
  }
}

beforeAll(async () => {
  v1 = await app('1.0.0');
  v2 = await app('2.0.0');
  proxy = await startProxy({
    token: 'exposition-test-token-0123456789',
    stable: { url: v1.url, version: '1.0.0' },
    candidate: { url: v2.url, version: '2.0.0' },
    weight: 50,
  });
});
afterAll(async () => {
  await proxy?.close();
  for (const a of [v1, v2]) {
    a?.server.closeAllConnections();
    a?.server.close();
  }
});

describe('the exposition source', () => {
  it('counts the proxy’s requests, errors and latency per arm, exactly, interval by interval', async () => {
    // Traffic before the start is not counted.
    await through({ candidate: 5, stable: 5 });
    const source = new ExpositionSource({ urls: [`${proxy.adminUrl}/metrics`], queries: proxyPreset, selectors: arms });
    expect(await source.start()).toEqual({ ok: true });

    const healthy = { candidate: 20, stable: 30 };
    await through(healthy);
    const first = await source.read(new Date());
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    expect(first.metrics.errors).toEqual({
      candidate: { requests: healthy.candidate, bad: 0 },
      baseline: { requests: healthy.stable, bad: 0 },
    });
    expect(first.metrics.latency?.candidate?.requests).toBe(healthy.candidate);
    expect(first.metrics.latency?.candidate?.buckets?.at(-1)?.count).toBe(healthy.candidate);

    // The candidate fails: its 500s are counted against it alone.
    v2.state.mode = 'failing';
    const failing = { candidate: 12, stable: 8 };
    await through(failing);
    const second = await source.read(new Date());
    if (second.status !== 'ok') throw new Error(second.reason);
    expect(second.metrics.errors).toEqual({
      candidate: { requests: failing.candidate, bad: failing.candidate },
      baseline: { requests: failing.stable, bad: 0 },
    });

    // Slow: every candidate request above 0.25 s, none of stable's.
    v2.state.mode = 'slow';
    const slow = { candidate: 3, stable: 6 };
    await through(slow);
    const third = await source.read(new Date());
    if (third.status !== 'ok') throw new Error(third.reason);
    const le = (arm: 'candidate' | 'baseline', bound: number) => third.metrics.latency?.[arm]?.buckets?.find((b) => b.le === bound)?.count;
    expect(third.metrics.latency?.candidate?.requests).toBe(slow.candidate);
    expect(le('candidate', 0.25)).toBe(0);
    expect(le('candidate', 0.5)).toBe(slow.candidate);
    expect(le('baseline', 0.25)).toBe(slow.stable);
    v2.state.mode = 'healthy';
  });

  it('reads several endpoints, each sample labelled with its `instance`', async () => {
    const urls = [`${v1.url}/metrics`, `${v2.url}/metrics`];
    const selectors = { candidate: `instance="${new URL(v2.url).host}"`, baseline: `instance="${new URL(v1.url).host}"` };
    const source = new ExpositionSource({ urls, queries: httpPreset, selectors });
    expect(await source.start()).toEqual({ ok: true });
    for (let i = 0; i < 4; i++) await (await fetch(`${v2.url}/api/items`)).arrayBuffer();
    for (let i = 0; i < 7; i++) await (await fetch(`${v1.url}/api/items`)).arrayBuffer();
    const read = await source.read(new Date());
    if (read.status !== 'ok') throw new Error(read.reason);
    expect(read.metrics.errors).toEqual({ candidate: { requests: 4, bad: 0 }, baseline: { requests: 7, bad: 0 } });
  });

  it('an endpoint that is no exposition is the user’s mistake at the start; a failure later is `unavailable`', async () => {
    const html = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>login</body></html>');
    });
    try {
      const wrong = new ExpositionSource({ urls: [html.url], queries: proxyPreset, selectors: arms });
      await expect(wrong.start()).rejects.toThrow(ConfigurationError);
      await expect(wrong.start()).rejects.toThrow(/did not answer with a Prometheus text exposition \(line 1/);
    } finally {
      await html.close();
    }
    const gone = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('shipkit_proxy_requests_total{arm="candidate",code="200"} 1\n');
    });
    const source = new ExpositionSource({ urls: [gone.url], queries: proxyPreset, selectors: arms, retry: { retries: 0, baseDelayMs: 1 } });
    expect(await source.start()).toEqual({ ok: true });
    await gone.close();
    const read = await source.read(new Date());
    expect(read).toEqual({ status: 'unavailable', reason: expect.stringMatching(/did not answer after 1 attempts/) });
    expect(await source.readWindow()).toMatchObject({ status: 'unavailable' });
  });

  it('a query that is not a selector is refused when the source is made', () => {
    expect(
      () =>
        new ExpositionSource({
          urls: ['http://127.0.0.1:1/metrics'],
          queries: [{ name: 'e', kind: 'errors', total: 'sum(x{{{selector}}})', bad: 'x' }],
          selectors: arms,
        }),
    ).toThrow(/fix it in `metrics`/);
  });
});
