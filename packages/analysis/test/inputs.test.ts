import { describe, expect, it } from 'vitest';
import { defineInputs, InputErrors, readInputs } from '@shipkit/kit';
import { analysisInputs, analysisSettings, parseLatencyObjective, parseShare } from '../src/inputs';

/** An action's own declaration, as slo-watch and canary-step write theirs. */
const actionInputs = defineInputs({ ...analysisInputs, duration: { type: 'duration', default: '5m' } });

const defaults = Object.fromEntries(
  Object.entries(actionInputs).flatMap(([name, spec]) =>
    'default' in spec && spec.default !== undefined ? [[`INPUT_${name.toUpperCase()}`, spec.default]] : [],
  ),
);

async function settings(env: Record<string, string>) {
  const i = await readInputs(actionInputs, { ...defaults, ...env });
  return analysisSettings(i);
}

async function problems(env: Record<string, string>): Promise<{ input: string; message: string }[]> {
  const e = await settings(env).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputErrors);
  return [...(e as InputErrors).problems];
}

const prom = { INPUT_SOURCE: 'prometheus', 'INPUT_PROMETHEUS-URL': 'http://127.0.0.1:9090' };

describe('the shared analysis inputs', () => {
  it('spread into an action declaration and keep their defaults', () => {
    expect(Object.keys(actionInputs)).toEqual([...Object.keys(analysisInputs), 'duration']);
    expect(actionInputs['error-slo'].default).toBe('99%');
    expect(actionInputs['latency-slo'].default).toBe('99% < 1s');
    expect(actionInputs.metrics.default).toBe('http');
    expect(actionInputs['datadog-api-key'].secret).toBe(true);
  });

  it('turn into a source, the http preset, selectors and an analysis config', async () => {
    const s = await settings({ ...prom, INPUT_SELECTOR: 'version="v2"', 'INPUT_BASELINE-SELECTOR': 'version="v1"' });
    expect(s.source).toEqual({ kind: 'prometheus', url: 'http://127.0.0.1:9090' });
    expect(s.selectors).toEqual({ candidate: 'version="v2"', baseline: 'version="v1"' });
    expect(s.queries.map((q) => q.name)).toEqual(['errors', 'latency']);
    expect(s.analysis).toEqual({
      metrics: [
        { name: 'errors', kind: 'errors', objective: { target: 0.99 } },
        { name: 'latency', kind: 'latency', objective: { target: 0.99, thresholdSeconds: 1 } },
      ],
      baseline: 'concurrent',
      alpha: 0.05,
      maxIncrease: 2,
      noData: 'inconclusive',
    });
    expect(s.baselineWhy).toContain('concurrent baseline');
  });

  it('`baseline: auto` without a baseline selector judges against the SLO', async () => {
    const s = await settings({ ...prom, INPUT_SELECTOR: 'version="v2"' });
    expect(s.analysis.baseline).toBe('none');
    expect(s.selectors).toEqual({ candidate: 'version="v2"' });
  });

  it('reads a YAML list of metrics with their own objectives', async () => {
    const s = await settings({
      ...prom,
      INPUT_METRICS: [
        '- name: checkout-errors',
        '  kind: errors',
        '  total: checkout_total{ {{selector}} }',
        '  bad: checkout_total{result="error", {{selector}} }',
        '  objective: 99.9%',
        '- name: checkout-latency',
        '  kind: latency',
        '  histogram: checkout_seconds_bucket{ {{selector}} }',
        '  objective: 99% < 300ms',
      ].join('\n'),
    });
    expect(s.analysis.metrics).toEqual([
      { name: 'checkout-errors', kind: 'errors', objective: { target: 0.999 } },
      { name: 'checkout-latency', kind: 'latency', objective: { target: 0.99, thresholdSeconds: 0.3 } },
    ]);
  });

  it('datadog needs its keys and takes the datadog preset', async () => {
    const s = await settings({
      INPUT_SOURCE: 'datadog',
      'INPUT_DATADOG-API-KEY': 'k1',
      'INPUT_DATADOG-APP-KEY': 'k2',
      INPUT_SELECTOR: 'version:v2',
    });
    expect(s.source).toEqual({ kind: 'datadog', site: 'datadoghq.com', apiKey: 'k1', appKey: 'k2' });
    expect(s.queries.map((q) => q.name)).toEqual(['errors']);
    expect(await problems({ INPUT_SOURCE: 'datadog' })).toEqual([
      { input: 'datadog-api-key', message: 'is required with `source: datadog`' },
      { input: 'datadog-app-key', message: 'is required with `source: datadog` (an application key with the timeseries_query permission)' },
    ]);
  });

  it('rejects every malformed value at once, naming each input and the fix', async () => {
    const found = await problems({
      INPUT_SOURCE: 'prometheus',
      INPUT_ALPHA: '0.5',
      'INPUT_ERROR-SLO': '99',
      'INPUT_LATENCY-SLO': '99 < 1s',
      INPUT_BASELINE: 'concurrent',
      INPUT_METRICS: '- name: x\n  kind: errors\n  total: up\n',
    });
    expect(found.map((p) => p.input)).toEqual([
      'prometheus-url',
      'alpha',
      'error-slo',
      'latency-slo',
      'baseline-selector',
      'selector',
      'metrics',
      'metrics',
    ]);
    const by = (input: string) => found.filter((p) => p.input === input).map((p) => p.message);
    expect(by('alpha')[0]).toMatch(/^must be between 0 and 0\.5, exclusive/);
    expect(by('error-slo')[0]).toBe('must be a share of good requests such as `99%` or `99.9%`, got `99`');
    expect(by('latency-slo')[0]).toBe('needs the share as a percentage (`99%`?), such as `99% < 1s` or `99.9% < 250ms`, got `99 < 1s`');
    expect(by('metrics')).toEqual([
      'metric `x`: `total` has no `{{selector}}`, so every arm would count the same series',
      'metric `x`: an errors metric needs `total` and `bad` queries',
    ]);
  });

  it('an unknown source is refused by the input parser itself', async () => {
    const e = await readInputs(actionInputs, { ...defaults, INPUT_SOURCE: 'graphite' }).catch((x: unknown) => x);
    expect((e as InputErrors).problems).toEqual([
      { input: 'source', message: 'must be one of `prometheus`, `datadog`, `exposition`, got `graphite`' },
    ]);
  });

  it('an unknown preset and malformed metric entries are named', async () => {
    expect((await problems({ ...prom, INPUT_METRICS: 'grpc' }))[0]!.message).toBe(
      '`grpc` is no preset of prometheus (presets: http, proxy); or give a YAML list of metrics',
    );
    const found = await problems({ ...prom, INPUT_METRICS: '- name: a\n  kind: errors\n  totl: x\n- name: a\n  kind: speed' });
    expect(found.map((p) => p.message)).toEqual([
      'metric 1: unknown key `totl` (known: name, kind, total, bad, histogram, objective)',
      'metric `a`: an errors metric needs `total` and `bad` queries',
      'metric `a` is declared twice',
      'metric `a`: `kind` must be `errors` or `latency`',
    ]);
  });
});

describe('SLO texts', () => {
  it('parses shares and latency objectives', () => {
    expect(parseShare('99%')).toBe(0.99);
    expect(parseShare('99.95 %')).toBeCloseTo(0.9995, 12);
    expect(parseShare('100%')).toBeUndefined();
    expect(parseShare('0.99')).toBeUndefined();
    expect(parseLatencyObjective('99% < 1s')).toEqual({ target: 0.99, thresholdSeconds: 1 });
    expect(parseLatencyObjective('99.9%<250ms')).toEqual({ target: 0.999, thresholdSeconds: 0.25 });
    expect(parseLatencyObjective('99% < 1000')).toMatch(/needs a latency with its unit/);
    expect(parseLatencyObjective('fast')).toMatch(/^must read `<share> < <latency>`/);
  });
});

describe('the exposition source', () => {
  const expo = { INPUT_SOURCE: 'exposition', INPUT_SELECTOR: 'arm="candidate"', 'INPUT_BASELINE-SELECTOR': 'arm="stable"' };
  it('reads one or more endpoints, with the same presets (and the proxy preset)', async () => {
    const s = await settings({
      ...expo,
      'INPUT_EXPOSITION-URL': 'http://127.0.0.1:9464/metrics\nhttp://127.0.0.1:9465/metrics',
      INPUT_METRICS: 'proxy',
    });
    expect(s.source).toEqual({ kind: 'exposition', urls: ['http://127.0.0.1:9464/metrics', 'http://127.0.0.1:9465/metrics'] });
    expect(s.queries[0]?.bad).toBe('shipkit_proxy_requests_total{code=~"5..",{{selector}}}');
    expect(s.analysis.baseline).toBe('concurrent');
  });

  it('takes the caller’s endpoints when none is given, and is required otherwise', async () => {
    const i = await readInputs(actionInputs, { ...defaults, ...expo });
    const s = await analysisSettings(i, { defaultExpositionUrls: ['http://127.0.0.1:7000/metrics'] });
    expect(s.source).toEqual({ kind: 'exposition', urls: ['http://127.0.0.1:7000/metrics'] });
    expect(await problems(expo)).toEqual([
      expect.objectContaining({ input: 'exposition-url', message: expect.stringMatching(/required/) }),
    ]);
  });

  it('refuses what is no URL, and `before` (an exposition has no history)', async () => {
    expect(await problems({ ...expo, 'INPUT_EXPOSITION-URL': 'localhost:9464' })).toEqual([
      expect.objectContaining({ input: 'exposition-url', message: expect.stringContaining('`localhost:9464`') }),
    ]);
    expect(
      (await problems({ ...expo, 'INPUT_EXPOSITION-URL': 'http://127.0.0.1:1/metrics', INPUT_BASELINE: 'before' })).map((p) => p.input),
    ).toEqual(['baseline']);
  });
});
