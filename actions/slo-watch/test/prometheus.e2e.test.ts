/**
 * The committed bundle, run as the runner runs it, watching two instances of the example service
 * (stable v1, canary v2) through a real Prometheus that scrapes them every second, labelled by
 * version as a platform labels pods: a healthy release passes early, a failing or slow one fails
 * with the right metric named, bad input stops before any watching, and a Prometheus stopped
 * mid-watch makes the verdict inconclusive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '@shipkit/testkit';
import { startScrapedApps, type PrometheusServer, type ScrapedApp } from '@shipkit/testkit/prometheus';

type App = ScrapedApp;

const setMode = (app: App, mode: string) =>
  fetch(`${app.url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode }) }).then((r) => r.text());

/** Requests to both arms until stopped: `connections` loops per arm, each a request every `pauseMs`. */
function load(apps: App[], { connections = 2, pauseMs = 5 } = {}): () => Promise<void> {
  let running = true;
  const loops = apps.flatMap((app) =>
    Array.from({ length: connections }, async () => {
      while (running) {
        await fetch(`${app.url}/api/items`).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        );
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    }),
  );
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

/**
 * Waits until Prometheus has scraped every request the apps counted, so one test's traffic does not
 * spill into the next watch (a watch counts from the last scrape before its start).
 */
async function settled(): Promise<void> {
  const counted = async (app: App): Promise<number> =>
    (await (await fetch(`${app.url}/metrics`)).text())
      .split('\n')
      .filter((l) => l.startsWith('http_requests_total{'))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  const want = { v1: await counted(stable), v2: await counted(canary) };
  await prometheus.waitFor('sum by (version) (http_requests_total)', (r) =>
    (['v1', 'v2'] as const).every((v) => Number(r.find((x) => x.metric.version === v)?.value[1] ?? 0) === want[v]),
  );
}

let stable: App;
let canary: App;
let prometheus: PrometheusServer;
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

const watchInputs = (extra: Record<string, string> = {}) => ({
  source: 'prometheus',
  'prometheus-url': prometheus.url,
  selector: 'version="v2"',
  'baseline-selector': 'version="v1"',
  interval: '1s',
  duration: '40s',
  ...extra,
});

describe('slo-watch with Prometheus', () => {
  it('passes a healthy release early, with outputs, summary, chart and report', async () => {
    await setMode(canary, 'healthy');
    await settled();
    const stop = load([stable, canary]);
    const run = await runBundle('slo-watch', { inputs: watchInputs(), timeoutMs: 90_000 });
    await stop();
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(Number(run.outputs['decided-after'])).toBeLessThan(40);
    expect(Number(run.outputs.requests)).toBeGreaterThan(0);
    expect(run.outputs['error-rate']).toBe('0');
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThan(0);
    expect(run.outputs.reason).toMatch(
      /^errors: canary 0\/[\d,]+ = 0 % errors vs baseline 0\/[\d,]+ = 0 %; \d+ % of traffic, 0 % of the errors; pass evidence [\d.,]+ ≥ 5/,
    );
    expect(run.outputs.reason).toMatch(/; latency: canary \d+\/[\d,]+ = [\d.]+ % slower than [\d.]+ ms vs baseline/);
    expect(run.errors).toEqual([]);
    expect(run.summary).toMatch(/^## ✅ SLO watch: pass after [\d.]+ s/);
    expect(run.summary).toContain('| arm | requests | errors | rate | ratio | fail evidence | pass evidence | verdict |');
    expect(run.summary).toContain('```mermaid\n%%{init:');
    expect(run.summary).toContain('xychart-beta\n  title "errors: error rate so far (%)"');
    expect(run.summary).toContain('title "latency: p99 latency per interval (ms)"');
    expect(run.summary).toContain('the smallest histogram bucket at or above the baseline');
    expect(run.report?.verdict).toBe('pass');
    const data = run.report?.data;
    expect(data.baseline).toBe('concurrent');
    expect(data.metrics.map((m: { name: string; verdict: string }) => [m.name, m.verdict])).toEqual([
      ['errors', 'pass'],
      ['latency', 'pass'],
    ]);
    // The evidence of every interval, for canary-step to resume from.
    expect(data.analysis.version).toBe(1);
    expect(data.analysis.metrics[0].intervals.length).toBeGreaterThan(1);
    expect(data.reads.every((r: { status: string }) => r.status === 'ok')).toBe(true);
  });

  it('fails a release made failing, naming the errors metric, with one ::error:: and exit 1', async () => {
    await settled();
    await setMode(canary, 'failing');
    const stop = load([stable, canary]);
    const run = await runBundle('slo-watch', { inputs: watchInputs(), timeoutMs: 90_000 });
    await stop();
    await setMode(canary, 'healthy');
    await settled();
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(Number(run.outputs['decided-after'])).toBeLessThan(20);
    expect(Number(run.outputs['error-rate'])).toBeGreaterThan(50);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.properties.title).toBe('slo-watch: errors');
    expect(run.errors[0]?.message).toMatch(
      /^canary \d+\/\d+ = [\d.]+ % errors vs baseline 0\/[\d,]+ = 0 %; \d+ % of traffic, 100 % of the errors; evidence [\d.,^]+ ≥ 40$/,
    );
    expect(run.outputs.reason).toMatch(/^errors: canary/);
    expect(run.summary).toMatch(/^## ❌ SLO watch: fail after/);
    expect(run.report?.verdict).toBe('fail');
  });

  it('fails a release made slow, naming the latency metric', async () => {
    await settled();
    await setMode(canary, 'slow');
    const stop = load([stable, canary], { connections: 4 });
    const run = await runBundle('slo-watch', { inputs: watchInputs(), timeoutMs: 90_000 });
    await stop();
    await setMode(canary, 'healthy');
    await settled();
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.errors.map((e) => e.properties.title)).toEqual(['slo-watch: latency']);
    expect(run.errors[0]?.message).toMatch(/^canary \d+\/\d+ = [\d.]+ % slower than [\d.]+ ms vs baseline/);
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThanOrEqual(250);
  });

  it('rejects bad input with one clear error before any watching', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ source: 'graphite' }, /^input `source`: must be one of `probes`, `prometheus`, `datadog`, `exposition`, got `graphite`$/],
      [{ 'latency-slo': '99 < 1s' }, /^input `latency-slo`: needs the share as a percentage \(`99%`\?\), such as `99% < 1s`/],
      [{ alpha: '0.7' }, /^input `alpha`: must be between 0 and 0\.5, exclusive/],
      [
        {
          metrics:
            '- name: errors\n  kind: errors\n  total: sum(http_requests_total{{{selector}}}\n  bad: http_requests_total{{{selector}}}',
        },
        /^Prometheus rejected the query `sum\(http_requests_total\{version="v[12]"\}` \(bad_data: .*\); fix it in `metrics`$/,
      ],
    ];
    for (const [inputs, message] of cases) {
      const run = await runBundle('slo-watch', { inputs: watchInputs(inputs) });
      expect(run.code, JSON.stringify(inputs)).toBe(1);
      expect(run.errors, JSON.stringify(inputs)).toHaveLength(1);
      expect(run.errors[0]?.message).toMatch(message);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toContain('slo-watch: ');
      expect(run.outputs.report).toBeUndefined();
      expect(run.summary).toBe('');
    }
  });

  it('`baseline: before` compares the deployment with its own counts before the watch', async () => {
    await settled();
    // Healthy traffic on the canary alone, then it is made failing and watched against that window.
    // The window is `duration` long: 4 s, all of them healthy traffic.
    let stop = load([canary]);
    await new Promise((r) => setTimeout(r, 5000));
    await stop();
    await settled();
    await setMode(canary, 'failing');
    stop = load([canary]);
    const run = await runBundle('slo-watch', {
      inputs: watchInputs({ baseline: 'before', 'baseline-selector': '', duration: '4s' }),
      timeoutMs: 90_000,
    });
    await stop();
    await setMode(canary, 'healthy');
    await settled();
    expect(run.outputs.verdict, run.stdout).toBe('fail');
    expect(run.report?.data.baseline).toBe('before');
    expect(run.report?.data.reference).toMatch(/^\S+ – \S+$/);
    expect(run.errors[0]?.message).toMatch(
      /^canary \d+\/\d+ = [\d.]+ % errors vs before the watch 0\/[\d,]+ = 0 % \(bounds 0 %–[\d.]+ %\); evidence [\d.,^]+ ≥ 80$/,
    );
  });

  it('a Prometheus stopped mid-watch makes the verdict inconclusive, never pass', async () => {
    // A trickle of traffic, so nothing is decided before Prometheus goes away.
    const stop = load([stable, canary], { connections: 1, pauseMs: 400 });
    const running = runBundle('slo-watch', { inputs: watchInputs({ duration: '12s' }), timeoutMs: 90_000 });
    await new Promise((r) => setTimeout(r, 3000));
    await prometheus.stop();
    const run = await running;
    await stop();
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('inconclusive');
    expect(run.outputs.reason).toMatch(
      /^the metrics backend has been unavailable since \S+ \(\d+ reads?\): Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer after 4 attempts: connection refused/,
    );
    expect(run.warnings.map((w) => w.properties.title)).toEqual(['slo-watch: inconclusive']);
    const reads = run.report?.data.reads as { status: string }[];
    expect(reads.some((r) => r.status === 'ok')).toBe(true);
    expect(reads.at(-1)?.status).toBe('unavailable');
    // fail-on-inconclusive turns it into exit 1.
    const strict = await runBundle('slo-watch', {
      inputs: watchInputs({ duration: '2s', 'fail-on-inconclusive': 'true' }),
      timeoutMs: 90_000,
    });
    expect(strict.outputs.verdict).toBe('inconclusive');
    expect(strict.code).toBe(1);
  });
});
