/**
 * The committed bundle against a loopback emulator of Datadog's v1 query API, the test feeding
 * count points for a stable (v1) and a canary (v2) version while the watch runs: a healthy canary
 * passes, a failing one fails on errors, the keys never leave their headers, refused keys and a
 * backend that stays down are handled as the issue says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '@shipkit/testkit';
import { startDatadogApi, type DatadogApi } from '@shipkit/testkit/datadog-api';

const API_KEY = 'ddapi-5f1b2c3d4e5f60718293a4b5c6d7e8f9';
const APP_KEY = 'ddapp-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b';
let api: DatadogApi;

beforeAll(async () => {
  api = await startDatadogApi({ apiKey: API_KEY, appKey: APP_KEY });
});
afterAll(() => api.close());

/** Feeds `hits` per 100 ms per version, and errors for the canary at `canaryErrorRate`, until stopped. */
function feed({ hits = 20, canaryErrorRate = 0 }: { hits?: number; canaryErrorRate?: number }): () => void {
  let owed = 0;
  const timer = setInterval(() => {
    for (const version of ['v1', 'v2']) api.count('trace.http.request.hits', ['service:shop', `version:${version}`], hits);
    owed += hits * canaryErrorRate;
    if (owed >= 1) {
      api.count('trace.http.request.errors', ['service:shop', 'version:v2'], Math.floor(owed));
      owed -= Math.floor(owed);
    }
  }, 100);
  return () => clearInterval(timer);
}

const inputs = (extra: Record<string, string> = {}) => ({
  source: 'datadog',
  'datadog-site': api.url,
  'datadog-api-key': API_KEY,
  'datadog-app-key': APP_KEY,
  selector: 'service:shop,version:v2',
  'baseline-selector': 'service:shop,version:v1',
  interval: '1s',
  duration: '20s',
  ...extra,
});

describe('slo-watch with Datadog', () => {
  it('passes a healthy canary, the keys masked and never outside their headers', async () => {
    const stop = feed({});
    const run = await runBundle('slo-watch', { inputs: inputs(), timeoutMs: 60_000 });
    stop();
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.verdict, run.stdout).toBe('pass');
    expect(run.outputs.reason).toMatch(/^errors: canary 0\/[\d,]+ = 0 % errors vs baseline 0\/[\d,]+ = 0 %/);
    expect(run.masks).toEqual(expect.arrayContaining([API_KEY, APP_KEY]));
    const shown = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    const everything = JSON.stringify(run.report) + shown + run.stderr + run.summary + JSON.stringify(run.outputs);
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(APP_KEY);
    for (const r of api.requests) {
      expect(r.url).not.toContain(API_KEY.slice(6));
      expect(r.headers['dd-api-key']).toBe(API_KEY);
      expect(r.headers['dd-application-key']).toBe(APP_KEY);
    }
    expect(api.queries.map((q) => q.query)).toContain('sum:trace.http.request.errors{service:shop,version:v2}.as_count()');
  });

  it('fails a canary with 5 % errors against a clean baseline', async () => {
    const stop = feed({ canaryErrorRate: 0.05 });
    const run = await runBundle('slo-watch', { inputs: inputs(), timeoutMs: 60_000 });
    stop();
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.errors.map((e) => e.properties.title)).toEqual(['slo-watch: errors']);
    expect(run.errors[0]?.message).toMatch(
      /^canary \d+\/[\d,]+ = [\d.]+ % errors vs baseline 0\/[\d,]+ = 0 %; 50 % of traffic, 100 % of the errors; evidence [\d.,^]+ ≥ 20$/,
    );
  });

  it('retries rate limits and 5xx; a backend that stays down is inconclusive, never pass', async () => {
    const stop = feed({});
    api.failNext(1, 429);
    api.failNext(1, 500);
    api.down = false;
    const flaky = await runBundle('slo-watch', { inputs: inputs(), timeoutMs: 60_000 });
    expect(flaky.outputs.verdict).toBe('pass');
    api.down = true;
    const down = await runBundle('slo-watch', { inputs: inputs({ duration: '2s' }), timeoutMs: 60_000 });
    api.down = false;
    stop();
    expect(down.code).toBe(0);
    expect(down.outputs.verdict).toBe('inconclusive');
    expect(down.outputs.reason).toMatch(
      /^the metrics backend has been unavailable since \S+ \(\d+ reads?\): Datadog answered HTTP 503 \(Service Unavailable\) after 4 attempts/,
    );
  });

  it('refused keys are one clear error before any watching', async () => {
    const run = await runBundle('slo-watch', { inputs: inputs({ 'datadog-app-key': 'not-the-key' }), timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toMatch(/^Datadog refused the keys \(HTTP 403: Forbidden\); check `datadog-api-key`, `datadog-app-key`/);
    expect(run.outputs.report).toBeUndefined();
    // Masked like any secret: it appears only in the mask command itself.
    expect(run.stdout.split('\n').filter((l) => l.includes('not-the-key'))).toEqual(['::add-mask::not-the-key']);
    expect(run.summary).not.toContain('not-the-key');
  });
});
