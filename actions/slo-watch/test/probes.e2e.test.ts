/**
 * `source: probes` through the committed bundle, run as the runner runs it: the action sends its
 * own requests to the example service at a rate and judges them. A healthy release passes early,
 * one made failing (POST /admin/mode) fails on errors, one made slow fails on latency, a canary is
 * compared with a concurrent baseline URL, a target that stops answering mid-watch fails, and bad
 * input is one error before any request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runBundle, startServer, json } from '@shipkit/testkit';
import { createApp } from '../../../examples/app/src/app.js';

interface App {
  url: string;
  /** Requests the app received so far (its own /admin/mode calls excluded). */
  received: () => number;
  setMode: (mode: 'healthy' | 'slow' | 'failing') => Promise<void>;
  close: () => Promise<void>;
}

const open: App[] = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
});

async function serve(options: { version?: string; slowMs?: number } = {}): Promise<App> {
  const { server } = createApp(options);
  let received = 0;
  server.on('request', (req) => {
    if (req.url !== '/admin/mode') received++;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const app: App = {
    url,
    received: () => received,
    setMode: async (mode) => {
      const r = await fetch(`${url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode }) });
      expect(r.status).toBe(200);
      await r.arrayBuffer();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  open.push(app);
  return app;
}

const PROBES = ['- name: health', '  path: /healthz', '  expect: { json: { db.ok: true } }', '- name: items', '  path: /api/items'].join(
  '\n',
);
const watchInputs = (url: string, extra: Record<string, string> = {}) => ({
  url,
  probes: PROBES,
  rate: '20/s',
  interval: '1s',
  duration: '60s',
  ...extra,
});

describe('slo-watch with its own probes', () => {
  it('passes a healthy release early, with outputs, summary, chart and report', async () => {
    const app = await serve();
    // `source` is not given: probes are the default.
    const run = await runBundle('slo-watch', { inputs: watchInputs(app.url), timeoutMs: 90_000 });
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    const after = Number(run.outputs['decided-after']);
    expect(after).toBeLessThan(60);
    const requests = Number(run.outputs.requests);
    expect(requests).toBeGreaterThan(0);
    expect(run.outputs['error-rate']).toBe('0');
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThan(0);
    expect(run.outputs.reason).toMatch(
      /^errors: canary 0\/[\d,]+ = 0 % errors vs the SLO's budget of 1\.0 %; pass evidence [\d.]+ ≥ 5 against a 2\.0× increase; latency: canary 0\/[\d,]+ = 0 % slower than 1 s vs the SLO's budget of 1\.0 %/,
    );
    expect(run.outputs.reason).toContain("[boundary 1 s: the SLO's boundary (1 s)]");
    expect(run.errors).toEqual([]);
    expect(run.summary).toMatch(/^## ✅ SLO watch: pass after [\d.]+ s/);
    expect(run.summary).toContain("Source `probes`, judged against the SLO's own budget (no `baseline-url`)");
    expect(run.summary).toContain('xychart-beta\n  title "errors: error rate so far (%)"');
    expect(run.summary).not.toContain('Failed probe requests');
    const data = run.report?.data;
    expect(data.source).toBe('probes');
    expect(data.baseline).toBe('none');
    expect(data.probes.perSecond).toBe(20);
    expect(data.probes.targets.map((t: { name: string; url: string }) => [t.name, t.url])).toEqual([
      ['health', `${app.url}/healthz`],
      ['items', `${app.url}/api/items`],
    ]);
    // Every counted request reached the service; no more were sent than the rate allows.
    const sent = data.probes.sent.candidate as number;
    expect(sent).toBeGreaterThanOrEqual(requests);
    expect(app.received()).toBeGreaterThanOrEqual(requests);
    expect(app.received()).toBeLessThanOrEqual(sent);
    expect(sent).toBeLessThanOrEqual(20 * (after + 1) + 1);
    expect(data.probes.failures).toEqual([]);
    expect(data.metrics.map((m: { name: string; verdict: string }) => [m.name, m.verdict])).toEqual([
      ['errors', 'pass'],
      ['latency', 'pass'],
    ]);
    expect(data.analysis.metrics[0].intervals.length).toBeGreaterThan(1);
  });

  it('fails a release made failing, naming the errors metric and what the probes got', async () => {
    const app = await serve();
    await app.setMode('failing');
    const run = await runBundle('slo-watch', { inputs: watchInputs(app.url), timeoutMs: 90_000 });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(Number(run.outputs['decided-after'])).toBeLessThan(10);
    expect(run.outputs['error-rate']).toBe('100');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.properties.title).toBe('slo-watch: errors');
    expect(run.errors[0]?.message).toMatch(/^canary (\d+)\/\1 = 100\.0 % errors vs the SLO's budget of 1\.0 %; evidence [\d.,^]+ ≥ 40$/);
    expect(run.summary).toMatch(/^## ❌ SLO watch: fail after/);
    expect(run.summary).toContain('### Failed probe requests');
    expect(run.summary).toMatch(
      /\| canary \| health \| status 503 \| \d+ \| status 503, expected 2xx; JSON `db.ok` is false, expected true \|/,
    );
    expect(run.summary).toMatch(/\| canary \| items \| status 500 \| \d+ \| status 500, expected 2xx \|/);
    const failures = run.report?.data.probes.failures as { probe: string; what: string; count: number }[];
    expect(failures.map((f) => [f.probe, f.what]).sort()).toEqual([
      ['health', 'status 503'],
      ['items', 'status 500'],
    ]);
    expect(failures.reduce((a, f) => a + f.count, 0)).toBe(Number(run.outputs.requests));
    // Each read notes what failed.
    expect(
      run.report?.data.reads.some((r: { notes?: string[] }) => r.notes?.some((n) => /^canary: \d+ of \d+ requests failed/.test(n))),
    ).toBe(true);
  });

  it('fails a release made slow, naming the latency metric', async () => {
    const app = await serve({ slowMs: 400 });
    await app.setMode('slow');
    const run = await runBundle('slo-watch', { inputs: watchInputs(app.url, { 'latency-slo': '99% < 250ms' }), timeoutMs: 90_000 });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.errors.map((e) => e.properties.title)).toEqual(['slo-watch: latency']);
    expect(run.errors[0]?.message).toMatch(/^canary (\d+)\/\1 = 100\.0 % slower than 250 ms vs the SLO's budget of 1\.0 %; evidence/);
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThanOrEqual(400);
    expect(run.outputs['error-rate']).toBe('0');
  });

  it('compares a canary with a concurrent baseline URL probed at the same rate', async () => {
    const stable = await serve({ version: '1.0.0' });
    const canary = await serve({ version: '1.1.0' });
    await canary.setMode('failing');
    const run = await runBundle('slo-watch', {
      inputs: watchInputs(canary.url, { 'baseline-url': stable.url, probes: '- path: /api/items', rate: '10/s' }),
      timeoutMs: 90_000,
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.report?.data.baseline).toBe('concurrent');
    expect(run.summary).toContain('judged against the concurrent baseline (`baseline-url` is set)');
    expect(run.errors.map((e) => e.properties.title)).toEqual(['slo-watch: errors']);
    expect(run.errors[0]?.message).toMatch(
      /^canary (\d+)\/\1 = 100\.0 % errors vs baseline 0\/\d+ = 0 %; \d+ % of traffic, 100 % of the errors; evidence [\d.,^]+ ≥ 40$/,
    );
    // Both arms probed in step.
    const sent = run.report?.data.probes.sent as { candidate: number; baseline: number };
    expect(sent.baseline).toBe(sent.candidate);
    expect(stable.received()).toBeGreaterThan(0);
    expect(canary.received()).toBeGreaterThan(0);
    expect(run.report?.data.probes.baselineTargets).toEqual([{ name: 'GET /api/items', url: `${stable.url}/api/items` }]);
  });

  it("masks the probes' header values and URL credentials everywhere, while the target gets them", async () => {
    const headerSecret = 'hdr-secret-5521';
    const password = 'url-p4ss-9913';
    const target = await startServer((req, res) => json(res, req.headers['x-api-key'] === headerSecret ? 200 : 401, {}));
    try {
      const run = await runBundle('slo-watch', {
        inputs: watchInputs(`http://watch:${password}@${new URL(target.url).host}`, {
          probes: `- path: /a\n  headers: { x-api-key: ${headerSecret} }\n- path: /b`,
          duration: '2s',
        }),
        timeoutMs: 60_000,
      });
      expect(run.code, run.stdout).toBe(1);
      // /b has no key: its 401s are the failures, listed with their (masked) URL.
      expect(run.report?.data.probes.failures.map((f: { probe: string; what: string }) => `${f.probe} ${f.what}`)).toEqual([
        'GET /b status 401',
      ]);
      const a = target.requests.find((r) => r.url === '/a');
      expect(a?.headers['x-api-key']).toBe(headerSecret);
      expect(a?.headers.authorization).toBe(`Basic ${Buffer.from(`watch:${password}`).toString('base64')}`);
      expect(run.masks).toEqual(expect.arrayContaining([headerSecret, password]));
      const visible = [
        run.stdout.replace(/^::add-mask::.*$/gm, ''),
        run.stderr,
        run.summary,
        JSON.stringify(run.report),
        JSON.stringify(run.outputs),
      ].join('\n');
      for (const secret of [headerSecret, password]) expect(visible).not.toContain(secret);
    } finally {
      await target.close();
    }
  });

  it('fails when the target process dies mid-watch: no answer is an error, never a pause', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../../examples/app/src/server.js')], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d) => resolve(/http:\/\/\S+/.exec(String(d))?.[0] ?? '')),
    );
    const running = runBundle('slo-watch', { inputs: watchInputs(url, { rate: '10/s', duration: '30s' }), timeoutMs: 90_000 });
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGKILL');
    const run = await running;
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.errors.map((e) => e.properties.title)).toEqual(['slo-watch: errors']);
    expect(run.summary).toMatch(
      /\| canary \| (health|items) \| no answer \(connection-refused\) \| \d+ \| no answer: connection refused by 127\.0\.0\.1:\d+ \|/,
    );
    // Some requests were answered before the process died.
    expect(Number(run.outputs['error-rate'])).toBeLessThan(100);
  });

  it('fails when the target stops answering mid-watch (each request then times out)', async () => {
    let answering = true;
    const target = await startServer((_req, res) => {
      if (answering) json(res, 200, { ok: true });
    });
    try {
      const running = runBundle('slo-watch', {
        inputs: watchInputs(target.url, { probes: '', rate: '10/s', 'probe-timeout': '500ms', duration: '30s' }),
        timeoutMs: 90_000,
      });
      await new Promise((r) => setTimeout(r, 2000));
      answering = false;
      const run = await running;
      expect(run.code, run.stdout).toBe(1);
      expect(run.errors.map((e) => e.properties.title)).toEqual(['slo-watch: errors']);
      const failures = run.report?.data.probes.failures as { what: string; example: string }[];
      expect(failures.map((f) => f.what)).toEqual(['no answer (timeout)']);
      expect(failures[0]?.example).toBe(`no answer: timed out after 500 ms waiting for ${new URL(target.url).host}`);
    } finally {
      await target.close();
    }
  });
});

describe('slo-watch probes: bad input is one error before any request', () => {
  it('names the input and sends nothing', async () => {
    const app = await serve();
    const outside = mkdtempSync(join(tmpdir(), 'slo-probes-outside-'));
    writeFileSync(join(outside, 'probes.yml'), '- path: /from-outside\n');
    const workspace = mkdtempSync(join(tmpdir(), 'slo-probes-ws-'));
    const cases: [Record<string, string>, RegExp][] = [
      [{ rate: 'fast' }, /^input `rate`: must be requests per second or per minute, such as `5\/s` or `30\/m`, got `fast`$/],
      [{ rate: '1000/s' }, /^input `rate`: must be at most 100\/s/],
      [{ probes: join(outside, 'probes.yml') }, /^input `probes`: `.*probes\.yml` resolves to .*, outside the workspace/],
      [{ probes: '- path: /a\n  staus: 200' }, /^input `probes`: probe 1: unknown key `staus`/],
      [{ baseline: 'before' }, /^input `baseline`: `before` compares with a metrics backend's history/],
      [
        { 'prometheus-url': 'http://127.0.0.1:9' },
        /^input `source`: is `probes` \(the default: the action's own requests\), but `prometheus-url` is set/,
      ],
      [{ since: '10m' }, /^`since` starts the window of a metrics backend's history; `source: probes` counts the requests it sends/],
      [{ url: '' }, /^input `probes`: probe 1: has no absolute `url`, so the `url` input \(the base URL\) is required$/],
    ];
    for (const [inputs, message] of cases) {
      const run = await runBundle('slo-watch', { cwd: workspace, inputs: watchInputs(app.url, inputs) });
      expect(run.code, JSON.stringify(inputs)).toBe(1);
      expect(run.errors, JSON.stringify(inputs)).toHaveLength(1);
      expect(run.errors[0]?.message, JSON.stringify(inputs)).toMatch(message);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(run.stdout).not.toContain('/from-outside');
      expect(run.outputs.report).toBeUndefined();
      expect(run.summary).toBe('');
    }
    expect(app.received()).toBe(0);
  });
});
