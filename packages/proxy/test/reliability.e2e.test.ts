/**
 * The proxy as the local provider runs it: the committed bundle dist/proxy/index.js as a process
 * of its own (launchProxy), driven through its admin endpoint, in front of two releases of the
 * example service (examples/app) as processes, under load from autocannon.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { launchProxy, proxyAdminClient, proxyBundlePath, type LaunchedProxy, type ProxyAdminClient, type ProxyOptions } from '../src/index';
import { call, parseExposition, repoRoot, sleep, startApp, total, until, type App } from './helpers';

const token = 'e2e-token-5f1c9a7d2b4e6f80';
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await (cleanup.pop() as () => Promise<unknown>)().catch(() => undefined);
});

async function app(version: string, options?: { port?: number; mode?: string }): Promise<App> {
  const a = await startApp(version, options);
  cleanup.push(() => a.stop('SIGKILL'));
  return a;
}

async function launch(options: Omit<ProxyOptions, 'token'>): Promise<{ proxy: LaunchedProxy; admin: ProxyAdminClient; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'shipkit-proxy-e2e-'));
  const proxy = await launchProxy({ token, ...options }, { dir });
  cleanup.push(async () => {
    await proxy.stop(5000);
    rmSync(dir, { recursive: true, force: true });
  });
  return { proxy, admin: proxyAdminClient({ adminUrl: proxy.adminUrl, token }), dir };
}

/** Requests per arm and status so far, from /metrics. */
async function counts(admin: ProxyAdminClient): Promise<{ stable: number; candidate: number; text: string }> {
  const text = await admin.metrics();
  return {
    stable: total(text, 'shipkit_proxy_requests_total', { arm: 'stable' }),
    candidate: total(text, 'shipkit_proxy_requests_total', { arm: 'candidate' }),
    text,
  };
}

/** Within `sigmas` standard deviations of a binomial share (plus `slack` for requests in flight at a boundary). */
function expectShare(candidate: number, all: number, percent: number, sigmas: number, slack = 0): void {
  const p = percent / 100;
  const sd = Math.sqrt((p * (1 - p)) / all);
  const share = candidate / all;
  expect(Math.abs(share - p), `candidate share ${(share * 100).toFixed(2)} % of ${all} at weight ${percent} %`).toBeLessThanOrEqual(
    sigmas * sd + slack,
  );
}

it('uses the committed bundle', () => {
  expect(proxyBundlePath()).toBe(join(repoRoot, 'dist', 'proxy', 'index.js'));
  expect(statSync(proxyBundlePath()).isFile()).toBe(true);
});

describe('a canary under load', () => {
  it('moves 0 → 5 → 25 → 100 % and retires the old stable at ~1,000 req/s with zero failed requests', async () => {
    const v1 = await app('1.0.0');
    const v2 = await app('2.0.0');
    const { proxy, admin } = await launch({
      stable: { url: v1.url, version: '1.0.0' },
      candidate: { url: v2.url, version: '2.0.0' },
      weight: 0,
    });
    const connections = 10;
    const load = autocannon({ url: `${proxy.url}/api/items`, connections, overallRate: 1000, duration: 10 });
    const steps: { weight: number; stable: number; candidate: number }[] = [];
    const snapshot = async (weight: number) => steps.push({ weight, ...(await counts(admin)) });

    await sleep(1500);
    await snapshot(0);
    for (const weight of [5, 25, 100]) {
      await admin.setWeights({ candidate: weight });
      await snapshot(weight);
      await sleep(1800);
    }
    await snapshot(-1);
    const promoted = await admin.promote({ waitDrained: true });
    expect(promoted.state.stable.version).toBe('2.0.0');
    expect(promoted.drained).toEqual([expect.objectContaining({ version: '1.0.0', forced: false, abandoned: 0 })]);
    // Drained: the old release can go while the load goes on.
    await v1.stop('SIGTERM');
    const result = await load;

    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    // ~1,000 req/s asked for 10 s; on a loaded 2-core machine the generator itself gets less CPU,
    // so the floor only proves real traffic crossed every step (the share checks below need it).
    expect(result.requests.total).toBeGreaterThan(2500);

    // Each interval's candidate share matches its weight.
    const [start, at5, at25, at100, end] = steps as [
      (typeof steps)[0],
      (typeof steps)[0],
      (typeof steps)[0],
      (typeof steps)[0],
      (typeof steps)[0],
    ];
    expect(start.candidate).toBe(0);
    const interval = (a: (typeof steps)[0], b: (typeof steps)[0]) => ({
      candidate: b.candidate - a.candidate,
      all: b.candidate + b.stable - a.candidate - a.stable,
    });
    const i5 = interval(at5, at25);
    const i25 = interval(at25, at100);
    const i100 = interval(at100, end);
    expectShare(i5.candidate, i5.all, 5, 5, connections / i5.all);
    expectShare(i25.candidate, i25.all, 25, 5, connections / i25.all);
    expect(i100.all - i100.candidate).toBeLessThanOrEqual(connections);

    const text = (await counts(admin)).text;
    const served = total(text, 'shipkit_proxy_requests_total', { code: '200' });
    expect(served).toBeGreaterThanOrEqual(result.requests.total);
    // Only requests cut by autocannon's own stop (it closes its connections) can be on top.
    expect(served).toBeLessThanOrEqual(result.requests.total + connections);
    expect(total(text, 'shipkit_proxy_backend_failures_total')).toBe(0);
    expect(parseExposition(text).filter((s) => s.name === 'shipkit_proxy_requests_total' && /^5/.test(s.labels.code ?? ''))).toEqual([]);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'stable', version: '2.0.0' })).toBeGreaterThan(500);
  });

  it('ejects a candidate killed with SIGKILL mid-step: its errors are counted, traffic goes to stable, health checks re-admit it', async () => {
    const v1 = await app('1.0.0');
    const v2 = await app('2.0.0');
    const { proxy, admin } = await launch({
      stable: { url: v1.url, version: '1.0.0' },
      candidate: { url: v2.url, version: '2.0.0' },
      weight: 25,
      health: { path: '/healthz', intervalMs: 200, passes: 2 },
    });
    const load = autocannon({ url: `${proxy.url}/api/items`, connections: 10, overallRate: 1000, duration: 6 });
    await sleep(2000);
    const before = await counts(admin);
    expect(before.candidate).toBeGreaterThan(100);
    await v2.stop('SIGKILL');
    await until(async () => (await admin.state()).candidate?.up === false, 5000, 'the ejection');
    const result = await load;

    // GETs that met the dead candidate were re-sent to stable: the clients saw no failure.
    expect(result.errors).toBe(0);
    expect(result.non2xx).toBe(0);
    const after = await counts(admin);
    const candidateErrors = total(after.text, 'shipkit_proxy_requests_total', { arm: 'candidate', version: '2.0.0', code: '502' });
    expect(candidateErrors).toBeGreaterThanOrEqual(1);
    expect(total(after.text, 'shipkit_proxy_backend_failures_total', { arm: 'candidate', version: '2.0.0' })).toBe(candidateErrors);
    expect(total(after.text, 'shipkit_proxy_backend_up', { arm: 'candidate' })).toBe(0);
    // Ejected: after the first failures, the candidate took nothing more.
    expect(after.candidate - before.candidate).toBeLessThanOrEqual(candidateErrors + 10);
    const agent = new Agent({ keepAlive: true });
    for (let i = 0; i < 40; i++) {
      const answer = await call(`${proxy.url}/api/items`, { agent });
      expect([answer.status, answer.headers['x-shipkit-arm'], answer.headers['x-app-version']]).toEqual([200, 'stable', '1.0.0']);
    }
    expect(readFileSync(proxy.logFile, 'utf8')).toMatch(/"event":"ejected","arm":"candidate".*"version":"2\.0\.0"/);

    // The candidate comes back on its port: active health checks re-admit it.
    await app('2.0.0', { port: v2.port });
    await until(async () => (await admin.state()).candidate?.up === true, 10_000, 'the re-admission');
    const arms = new Set<string>();
    for (let i = 0; i < 60; i++) arms.add((await call(`${proxy.url}/api/items`, { agent })).headers['x-shipkit-arm'] as string);
    expect(arms).toEqual(new Set(['stable', 'candidate']));
    agent.destroy();
  });
});

describe('weights', () => {
  it('gives the candidate its weight in counted requests, and every request after a change follows it', async () => {
    const v1 = await app('1.0.0');
    const v2 = await app('2.0.0');
    const { proxy, admin } = await launch({ stable: { url: v1.url, version: '1.0.0' }, candidate: { url: v2.url, version: '2.0.0' } });
    const amount = 2000;
    for (const weight of [0, 5, 25, 50, 87.5, 100]) {
      await admin.setWeights({ candidate: weight });
      const a = await counts(admin);
      const result = await autocannon({ url: `${proxy.url}/api/items`, connections: 8, amount });
      expect(result.non2xx + result.errors).toBe(0);
      const b = await counts(admin);
      const candidate = b.candidate - a.candidate;
      // Integer counts, each request once.
      expect(candidate + b.stable - a.stable).toBe(amount);
      if (weight === 0 || weight === 100) expect(candidate).toBe((weight / 100) * amount);
      else expectShare(candidate, amount, weight, 4.5);
    }

    // Atomic: a request that starts after the admin call returned sees only the new weight.
    await admin.setWeights({ candidate: 100 });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    let changedAt = Number.POSITIVE_INFINITY;
    const seen: { started: number; arm: string }[] = [];
    const client = async () => {
      for (let i = 0; i < 150; i++) {
        const started = performance.now();
        const answer = await call(`${proxy.url}/api/items`, { agent });
        seen.push({ started, arm: answer.headers['x-shipkit-arm'] as string });
      }
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    await sleep(150);
    await admin.setWeights({ candidate: 0 });
    changedAt = performance.now();
    await clients;
    agent.destroy();
    const after = seen.filter((s) => s.started > changedAt);
    expect(after.length).toBeGreaterThan(50);
    expect(after.filter((s) => s.arm !== 'stable')).toEqual([]);
    expect(seen.some((s) => s.started < changedAt && s.arm === 'candidate')).toBe(true);
  });
});

describe('the admin endpoint of the process', () => {
  it('answers 401 without the token or with a wrong one, changes nothing, and never logs the token', async () => {
    const v1 = await app('1.0.0');
    const v2 = await app('2.0.0');
    const { proxy, admin, dir } = await launch({
      stable: { url: v1.url, version: '1.0.0' },
      candidate: { url: v2.url, version: '2.0.0' },
      weight: 5,
    });
    expect(statSync(join(dir, 'proxy.json')).mode & 0o777).toBe(0o600);
    for (const headers of [{}, { authorization: `Bearer ${token}x` }, { authorization: 'Bearer 0000000000000000000000' }] as Record<
      string,
      string
    >[]) {
      const put = await call(`${proxy.adminUrl}/weights`, { method: 'PUT', headers, body: '{"candidate":100}' });
      expect(put.status).toBe(401);
      const promote = await call(`${proxy.adminUrl}/promote`, { method: 'POST', headers });
      expect(promote.status).toBe(401);
    }
    const wrongClient = proxyAdminClient({ adminUrl: proxy.adminUrl, token: 'a-wrong-token-of-enough-length' });
    await expect(wrongClient.setWeights({ candidate: 50 })).rejects.toMatchObject({ status: 401 });
    const state = await admin.state();
    expect(state.weights).toEqual({ stable: 95, candidate: 5 });
    expect(state.stable.version).toBe('1.0.0');
    const arms = new Set<string>();
    for (let i = 0; i < 20; i++) arms.add((await call(`${proxy.url}/api/items`)).headers['x-shipkit-arm'] as string);
    expect(arms.has('stable')).toBe(true);
    await admin.setWeights({ candidate: 30 });
    const log = readFileSync(proxy.logFile, 'utf8');
    expect(log.match(/"event":"admin-rejected"/g)?.length).toBe(7);
    expect(log).toContain('"event":"weights","stable":70,"candidate":30');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.slice(4, 16));
  });
});

describe('sticky sessions', () => {
  it('keeps each client on its release across requests', async () => {
    const v1 = await app('1.0.0');
    const v2 = await app('2.0.0');
    const { proxy } = await launch({
      stable: { url: v1.url, version: '1.0.0' },
      candidate: { url: v2.url, version: '2.0.0' },
      weight: 50,
      sticky: true,
    });
    const versions = new Set<string>();
    for (let c = 0; c < 16; c++) {
      const first = await call(`${proxy.url}/api/items`);
      const version = first.headers['x-app-version'] as string;
      versions.add(version);
      const cookie = (first.headers['set-cookie']?.[0] ?? '').split(';')[0] as string;
      expect(cookie).toBe(`shipkit-version=${version}`);
      for (let i = 0; i < 8; i++)
        expect((await call(`${proxy.url}/api/items`, { headers: { cookie } })).headers['x-app-version']).toBe(version);
    }
    expect(versions).toEqual(new Set(['1.0.0', '2.0.0']));
  });
});

describe('the process', () => {
  it('on SIGTERM lets the request in flight finish, removes its files and exits 0', async () => {
    const v1 = await app('1.0.0', { mode: 'slow' });
    const { proxy, dir } = await launch({ stable: { url: v1.url, version: '1.0.0' } });
    expect(readFileSync(join(dir, 'proxy.pid'), 'utf8')).toBe(`${proxy.pid}\n`);
    const slow = call(`${proxy.url}/api/items`);
    await sleep(100);
    const stopped = proxy.stop(10_000);
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    await stopped;
    expect(await proxy.exited).toEqual({ code: 0, signal: null });
    expect(() => statSync(join(dir, 'proxy.pid'))).toThrow();
    expect(() => statSync(join(dir, 'proxy.ready.json'))).toThrow();
    const events = readFileSync(proxy.logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).event);
    expect(events).toEqual(['ready', 'signal', 'closing', 'closed']);
  });

  it('rejects a bad config with one line naming the field, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipkit-proxy-e2e-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    await expect(launchProxy({ token, stable: 'http://127.0.0.1:1', weight: 5 }, { dir })).rejects.toThrow(
      'the proxy exited with code 1: shipkit-proxy: `weight` must be 0 when there is no candidate',
    );
    await expect(launchProxy({ token: 'short', stable: 'http://127.0.0.1:1' }, { dir })).rejects.toThrow(
      '`token` must be a string of at least 16 characters',
    );
  });
});
