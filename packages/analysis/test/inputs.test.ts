import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { defineInputs, InputErrors, readInputs } from '@shipkit/kit';
import { analysisInputs, analysisSettings, parseLatencyObjective, parseShare } from '../src/inputs';

/** An action's own declaration, as slo-watch and canary-step write theirs. */
const actionInputs = defineInputs({ ...analysisInputs, duration: { type: 'duration', default: '5m' } });

const defaults = Object.fromEntries(
  Object.entries(actionInputs).flatMap(([name, spec]) =>
    'default' in spec && spec.default !== undefined ? [[`INPUT_${name.toUpperCase()}`, spec.default]] : [],
  ),
);

const workspace = mkdtempSync(join(tmpdir(), 'analysis-inputs-'));

async function settings(env: Record<string, string>) {
  const i = await readInputs(actionInputs, { ...defaults, ...env });
  return analysisSettings(i, { cwd: workspace });
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
      { input: 'source', message: 'must be one of `probes`, `prometheus`, `datadog`, `exposition`, got `graphite`' },
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

describe('source: probes (the default)', () => {
  const app = { INPUT_URL: 'http://127.0.0.1:8080/app' };

  it('is the default: one GET of `url` at 5/s, judged against the SLO', async () => {
    const s = await settings(app);
    expect(s.source).toMatchObject({ kind: 'probes', perSecond: 5, timeoutMs: 10_000 });
    if (s.source.kind !== 'probes') return;
    expect(s.source.candidate.map((p) => [p.name, p.url])).toEqual([['GET /app', 'http://127.0.0.1:8080/app']]);
    expect(s.source.baseline).toBeUndefined();
    expect(s.queries).toEqual([
      { name: 'errors', kind: 'errors' },
      { name: 'latency', kind: 'latency' },
    ]);
    expect(s.analysis.baseline).toBe('none');
    expect(s.baselineWhy).toBe("against the SLO's own budget (no `baseline-url`)");
    expect(s.analysis.metrics.map((m) => m.objective)).toEqual([{ target: 0.99 }, { target: 0.99, thresholdSeconds: 1 }]);
  });

  it('points the same probes at `baseline-url` for a concurrent baseline, and reads a probes file in the workspace', async () => {
    writeFileSync(join(workspace, 'probes.yml'), '- path: /healthz\n- path: /api/items\n  method: POST\n  body: { name: x }\n');
    const s = await settings({
      ...app,
      INPUT_PROBES: 'probes.yml',
      'INPUT_BASELINE-URL': 'http://127.0.0.1:9090',
      INPUT_RATE: '30/m',
      'INPUT_PROBE-TIMEOUT': '2s',
    });
    expect(s.analysis.baseline).toBe('concurrent');
    expect(s.baselineWhy).toBe('against the concurrent baseline (`baseline-url` is set)');
    if (s.source.kind !== 'probes') throw new Error(s.source.kind);
    expect(s.source.perSecond).toBe(0.5);
    expect(s.source.timeoutMs).toBe(2000);
    expect(s.source.candidate.map((p) => p.url)).toEqual(['http://127.0.0.1:8080/app/healthz', 'http://127.0.0.1:8080/app/api/items']);
    expect(s.source.baseline?.map((p) => `${p.method} ${p.url}`)).toEqual([
      'GET http://127.0.0.1:9090/healthz',
      'POST http://127.0.0.1:9090/api/items',
    ]);
  });

  it('rejects every misfit at once, naming each input and the fix', async () => {
    const found = await problems({
      INPUT_RATE: 'fast',
      INPUT_BASELINE: 'before',
      INPUT_SELECTOR: 'version="v2"',
      'INPUT_PROMETHEUS-URL': 'http://127.0.0.1:9090',
      INPUT_METRICS: '- name: e\n  kind: errors\n  total: a{{{selector}}}\n  bad: b{{{selector}}}',
    });
    expect(found).toEqual([
      {
        input: 'source',
        message:
          "is `probes` (the default: the action's own requests), but `prometheus-url` is set; set `source: prometheus` to read that backend",
      },
      { input: 'selector', message: "selects a metrics backend's series; `source: probes` watches `url`" },
      {
        input: 'metrics',
        message:
          "holds a metrics backend's queries; `source: probes` counts its own requests (errors and latency, judged by `error-slo` and `latency-slo`), so leave it at `http`",
      },
      {
        input: 'baseline',
        message:
          "`before` compares with a metrics backend's history; `source: probes` counts only its own requests during the watch, so use `concurrent` (with `baseline-url`) or `none`",
      },
      { input: 'rate', message: 'must be requests per second or per minute, such as `5/s` or `30/m`, got `fast`' },
      { input: 'probes', message: 'neither `url` nor `probes` was given; set `url` to the deployment to check' },
    ]);
  });

  it('needs `baseline-url` for `concurrent`, and probes it can point there', async () => {
    expect(await problems({ ...app, INPUT_BASELINE: 'concurrent' })).toEqual([
      {
        input: 'baseline-url',
        message:
          'is required with `source: probes` and `baseline: concurrent` (the URL of the deployment serving beside the candidate, probed at the same rate)',
      },
    ]);
    expect(await problems({ ...app, 'INPUT_BASELINE-URL': app.INPUT_URL })).toEqual([
      { input: 'baseline-url', message: 'is the same as `url`; the baseline must be another deployment' },
    ]);
    expect(
      await problems({
        ...app,
        'INPUT_BASELINE-URL': 'http://127.0.0.1:9',
        INPUT_PROBES: '- path: /a\n- name: other\n  url: http://127.0.0.1:7/x',
      }),
    ).toEqual([
      {
        input: 'probes',
        message:
          'probe `other` has an absolute `url`, so it cannot be pointed at `baseline-url`; give it a `path` (joined to `url` and to `baseline-url`)',
      },
    ]);
  });

  it('refuses a probes file outside the workspace without reading it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'analysis-outside-'));
    writeFileSync(join(outside, 'probes.yml'), '- path: /x\n');
    const [p] = await problems({ ...app, INPUT_PROBES: join(outside, 'probes.yml') });
    expect(p?.input).toBe('probes');
    expect(p?.message).toMatch(/^`.*probes\.yml` resolves to .*, outside the workspace/);
  });

  it('the probe inputs with a metrics backend are named, not ignored', async () => {
    expect(await problems({ ...prom, ...app, 'INPUT_BASELINE-URL': 'http://127.0.0.1:9' })).toEqual([
      {
        input: 'url',
        message: "is for `source: probes` (the action's own requests); with `source: prometheus` the watched deployment is `selector`",
      },
      {
        input: 'baseline-url',
        message: "is for `source: probes` (the action's own requests); with `source: prometheus` the baseline is `baseline-selector`",
      },
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

  it('refuses what is no URL, `before` (an exposition has no history), and an exposition URL under `source: probes`', async () => {
    expect(await problems({ ...expo, 'INPUT_EXPOSITION-URL': 'localhost:9464' })).toEqual([
      expect.objectContaining({ input: 'exposition-url', message: expect.stringContaining('`localhost:9464`') }),
    ]);
    expect(
      (await problems({ ...expo, 'INPUT_EXPOSITION-URL': 'http://127.0.0.1:1/metrics', INPUT_BASELINE: 'before' })).map((p) => p.input),
    ).toEqual(['baseline']);
    const mixed = await problems({ INPUT_URL: 'http://127.0.0.1:1', 'INPUT_EXPOSITION-URL': 'http://127.0.0.1:1/metrics' });
    expect(mixed[0]).toMatchObject({ input: 'source', message: expect.stringContaining('set `source: exposition`') });
  });
});
