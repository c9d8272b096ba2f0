/**
 * The analysis inputs, declared once: slo-watch and canary-step spread `analysisInputs` into their
 * own `defineInputs`, list the same names in their action.yml, and turn the typed values into a
 * source, queries, selectors and an `AnalysisConfig` with `analysisSettings` — so both actions
 * accept exactly the same metrics, SLOs and statistics, with the same errors for the same mistakes.
 */
import { defineInputs, InputErrors, parseDuration, setSecret, type Inputs } from '@shipkit/kit';
import { PRESETS, type MetricQueries, type SourceKind } from '@shipkit/metrics';
import type { AnalysisConfig, BaselineMode, MetricConfig, MetricObjective, Verdict } from './types';

/**
 * The sources this phase implements (`probes`, smoke's engine, comes with the probe engine's rework).
 * `exposition`: Prometheus text expositions read directly (the local traffic proxy's `/metrics`, an app's own).
 */
export const SOURCES = ['prometheus', 'datadog', 'exposition'] as const;

export const analysisInputs = defineInputs({
  source: { type: 'enum', values: SOURCES, required: true },
  'prometheus-url': { type: 'url' },
  'exposition-url': { type: 'list' },
  'datadog-site': { type: 'string', default: 'datadoghq.com' },
  'datadog-api-key': { type: 'string', secret: true },
  'datadog-app-key': { type: 'string', secret: true },
  metrics: { type: 'string', default: 'http' },
  selector: { type: 'string' },
  'baseline-selector': { type: 'string' },
  baseline: { type: 'enum', values: ['auto', 'concurrent', 'before', 'none'], default: 'auto' },
  'error-slo': { type: 'string', default: '99%' },
  'latency-slo': { type: 'string', default: '99% < 1s' },
  'max-increase': { type: 'number', default: '2', min: 1.01, max: 100 },
  alpha: { type: 'number', default: '0.05' },
  'no-data': { type: 'enum', values: ['inconclusive', 'fail', 'pass'], default: 'inconclusive' },
});

export type AnalysisInputs = Inputs<typeof analysisInputs>;

export type SourceSettings =
  | { kind: 'prometheus'; url: string }
  | { kind: 'datadog'; site: string; apiKey: string; appKey: string }
  | { kind: 'exposition'; urls: string[] };

export interface AnalysisSettingsOptions {
  /**
   * `exposition` without `exposition-url`: the endpoints the caller reads instead (canary-step: the
   * local traffic proxy's `/metrics`, known once the proxy runs). Without it the input is required.
   */
  defaultExpositionUrls?: string[];
}

export interface AnalysisSettings {
  source: SourceSettings;
  queries: MetricQueries[];
  selectors: { candidate: string; baseline?: string };
  analysis: AnalysisConfig;
  /** How `baseline: auto` was resolved, in words. */
  baselineWhy: string;
}

const SHARE = /^(\d+(?:\.\d+)?)\s*%$/;

/** `99%` → 0.99. Undefined when it is not a share strictly between 50 % and 100 %. */
export function parseShare(text: string): number | undefined {
  const m = SHARE.exec(text.trim());
  if (!m) return undefined;
  const v = Number((Number(m[1]) / 100).toPrecision(12));
  return v > 0.5 && v < 1 ? v : undefined;
}

const shareProblem = (text: string): string =>
  SHARE.test(text.trim())
    ? `must be a share above 50 % and below 100 % (a 100 % objective leaves no budget to measure against), got \`${text}\``
    : `must be a share of good requests such as \`99%\` or \`99.9%\`, got \`${text}\``;

/** `99% < 1s` → { target: 0.99, thresholdSeconds: 1 }; a message when malformed. */
export function parseLatencyObjective(text: string): MetricObjective | string {
  const m = /^\s*([^<]+?)\s*<\s*(.+?)\s*$/.exec(text);
  const example = 'such as `99% < 1s` or `99.9% < 250ms`';
  if (!m) return `must read \`<share> < <latency>\`, ${example}, got \`${text}\``;
  const [, shareText, latencyText] = m as unknown as [string, string, string];
  if (!SHARE.test(shareText)) return `needs the share as a percentage (\`${shareText}%\`?), ${example}, got \`${text}\``;
  const target = parseShare(shareText);
  if (target === undefined) return shareProblem(shareText);
  const ms = /[a-z]$/i.test(latencyText) ? parseDuration(latencyText) : undefined;
  if (ms === undefined || ms <= 0) return `needs a latency with its unit (\`500ms\`, \`1s\`), ${example}, got \`${text}\``;
  return { target, thresholdSeconds: ms / 1000 };
}

const METRIC_KEYS = ['name', 'kind', 'total', 'bad', 'histogram', 'objective'] as const;

/** The `metrics` input: a preset name (`http`) or a YAML list of metrics. */
async function parseMetrics(
  text: string,
  source: SourceKind,
  problems: { input: string; message: string }[],
): Promise<{ queries: MetricQueries[]; objectives: Map<string, string> }> {
  const objectives = new Map<string, string>();
  const presets = PRESETS[source] as Record<string, readonly MetricQueries[]>;
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9-]*$/.test(trimmed)) {
    const preset = presets[trimmed];
    if (!preset)
      problems.push({
        input: 'metrics',
        message: `\`${trimmed}\` is no preset of ${source} (presets: ${Object.keys(presets).join(', ')}); or give a YAML list of metrics`,
      });
    return { queries: preset ? preset.map((q) => ({ ...q })) : [], objectives };
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(trimmed, { strict: true, uniqueKeys: true });
  } catch (e) {
    problems.push({ input: 'metrics', message: `is not valid YAML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` });
    return { queries: [], objectives };
  }
  if (!Array.isArray(doc) || doc.length === 0) {
    problems.push({
      input: 'metrics',
      message: 'must be a preset name (`http`) or a YAML list of metrics, each with `name`, `kind` (errors or latency) and its queries',
    });
    return { queries: [], objectives };
  }
  const queries: MetricQueries[] = [];
  const names = new Set<string>();
  for (const [i, item] of doc.entries()) {
    const where = `metric ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ input: 'metrics', message: `${where} must be a mapping with \`name\`, \`kind\` and queries` });
      continue;
    }
    const m = item as Record<string, unknown>;
    const unknown = Object.keys(m).filter((k) => !(METRIC_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0)
      problems.push({
        input: 'metrics',
        message: `${where}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')} (known: ${METRIC_KEYS.join(', ')})`,
      });
    const name = typeof m.name === 'string' ? m.name.trim() : '';
    if (!/^[A-Za-z][\w.-]*$/.test(name)) {
      problems.push({ input: 'metrics', message: `${where} needs a \`name\` (letters, digits, \`_\`, \`-\`, \`.\`)` });
      continue;
    }
    if (names.has(name)) problems.push({ input: 'metrics', message: `metric \`${name}\` is declared twice` });
    names.add(name);
    if (m.kind !== 'errors' && m.kind !== 'latency') {
      problems.push({ input: 'metrics', message: `metric \`${name}\`: \`kind\` must be \`errors\` or \`latency\`` });
      continue;
    }
    const q: MetricQueries = { name, kind: m.kind };
    for (const part of ['total', 'bad', 'histogram'] as const) {
      const v = m[part];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.trim() === '')
        problems.push({ input: 'metrics', message: `metric \`${name}\`: \`${part}\` must be a query string` });
      else if (!v.includes('{{selector}}'))
        problems.push({
          input: 'metrics',
          message: `metric \`${name}\`: \`${part}\` has no \`{{selector}}\`, so every arm would count the same series`,
        });
      else q[part] = v.trim();
    }
    const histogram = q.histogram !== undefined;
    const counts = q.total !== undefined && q.bad !== undefined;
    if (source === 'datadog' && histogram)
      problems.push({
        input: 'metrics',
        message: `metric \`${name}\`: Datadog has no histogram buckets here; give \`total\` and \`bad\` count queries`,
      });
    else if (q.kind === 'errors' && !counts)
      problems.push({ input: 'metrics', message: `metric \`${name}\`: an errors metric needs \`total\` and \`bad\` queries` });
    else if (q.kind === 'latency' && !histogram && !counts)
      problems.push({
        input: 'metrics',
        message: `metric \`${name}\`: a latency metric needs \`histogram\` (bucket counters) or \`total\` and \`bad\` (requests slower than your boundary)`,
      });
    else if (histogram && (q.total !== undefined || q.bad !== undefined))
      problems.push({ input: 'metrics', message: `metric \`${name}\`: give either \`histogram\` or \`total\` and \`bad\`, not both` });
    if (m.objective !== undefined) {
      if (typeof m.objective !== 'string' && typeof m.objective !== 'number')
        problems.push({ input: 'metrics', message: `metric \`${name}\`: \`objective\` must be text such as \`99.5%\` or \`99% < 500ms\`` });
      else objectives.set(name, String(m.objective));
    }
    queries.push(q);
  }
  return { queries, objectives };
}

/**
 * The typed analysis inputs as settings for a source and an `AnalysisConfig`. Every problem is
 * collected and thrown at once (an `InputErrors` naming each input), before anything is watched.
 */
export async function analysisSettings(i: AnalysisInputs, options: AnalysisSettingsOptions = {}): Promise<AnalysisSettings> {
  const problems: { input: string; message: string }[] = [];
  const source = i.source as SourceKind;
  let sourceSettings: SourceSettings | undefined;
  if (source === 'exposition') {
    const urls = i.expositionUrl.length > 0 ? i.expositionUrl : (options.defaultExpositionUrls ?? []);
    // Credentials in a URL are secrets (as for the `url` inputs): masked before any message quotes one.
    for (const u of urls) {
      const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(u)?.[1];
      const secret = userinfo?.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo;
      if (secret) {
        setSecret(secret);
        try {
          setSecret(decodeURIComponent(secret));
        } catch {
          // Not percent-encoded text: masked as written.
        }
      }
    }
    const bad = urls.filter((u) => !/^https?:\/\/[^/?#\s]+/i.test(u) || !URL.canParse(u));
    if (urls.length === 0)
      problems.push({
        input: 'exposition-url',
        message:
          'is required with `source: exposition` (the metrics endpoints to read, e.g. http://127.0.0.1:9464/metrics; several: one a line)',
      });
    else if (bad.length > 0)
      problems.push({ input: 'exposition-url', message: `must be http(s) URLs of metrics endpoints, got \`${bad[0]}\`` });
    else sourceSettings = { kind: 'exposition', urls };
  } else if (source === 'prometheus') {
    if (!i.prometheusUrl)
      problems.push({
        input: 'prometheus-url',
        message: 'is required with `source: prometheus` (the base URL of a Prometheus-compatible API, e.g. http://prometheus:9090)',
      });
    else sourceSettings = { kind: 'prometheus', url: i.prometheusUrl };
  } else {
    if (!i.datadogApiKey) problems.push({ input: 'datadog-api-key', message: 'is required with `source: datadog`' });
    if (!i.datadogAppKey)
      problems.push({
        input: 'datadog-app-key',
        message: 'is required with `source: datadog` (an application key with the timeseries_query permission)',
      });
    if (i.datadogApiKey && i.datadogAppKey)
      sourceSettings = { kind: 'datadog', site: i.datadogSite, apiKey: i.datadogApiKey, appKey: i.datadogAppKey };
  }
  if (!(i.alpha > 0 && i.alpha < 0.5))
    problems.push({
      input: 'alpha',
      message: `must be between 0 and 0.5, exclusive (e.g. 0.05: at most a 5 % chance of failing a healthy deployment over the whole watch), got ${i.alpha}`,
    });
  const errorTarget = parseShare(i.errorSlo);
  if (errorTarget === undefined) problems.push({ input: 'error-slo', message: shareProblem(i.errorSlo) });
  const latency = parseLatencyObjective(i.latencySlo);
  if (typeof latency === 'string') problems.push({ input: 'latency-slo', message: latency });

  const selector = (i.selector ?? '').trim();
  const baselineSelector = (i.baselineSelector ?? '').trim();
  let mode: BaselineMode;
  let baselineWhy: string;
  if (i.baseline === 'auto') {
    mode = baselineSelector ? 'concurrent' : 'none';
    baselineWhy = baselineSelector
      ? 'against the concurrent baseline (`baseline-selector` is set)'
      : "against the SLO's own budget (no `baseline-selector`)";
  } else {
    mode = i.baseline;
    baselineWhy = {
      concurrent: 'against the concurrent baseline',
      before: 'against the same selector before the watch',
      none: "against the SLO's own budget",
    }[mode];
  }
  if (mode === 'concurrent' && !baselineSelector)
    problems.push({
      input: 'baseline-selector',
      message: 'is required with `baseline: concurrent` (the labels of the deployment serving beside the candidate, e.g. `version="v1"`)',
    });
  if (mode === 'concurrent' && !selector)
    problems.push({
      input: 'selector',
      message: 'is required when comparing against a baseline (the labels of the watched deployment, e.g. `version="v2"`)',
    });
  if (mode === 'before' && !selector)
    problems.push({ input: 'selector', message: 'is required with `baseline: before` (the labels of the watched deployment)' });
  if (mode === 'before' && source === 'exposition')
    problems.push({
      input: 'baseline',
      message:
        '`before` needs the counts of a window in the past, and an exposition holds only the counters now: use `concurrent` or `none`',
    });
  if (mode === 'concurrent' && selector && selector === baselineSelector)
    problems.push({ input: 'baseline-selector', message: 'is the same as `selector`; the baseline must be another deployment' });

  const { queries, objectives } = await parseMetrics(i.metrics, source, problems);
  const metrics: MetricConfig[] = [];
  for (const q of queries) {
    const own = objectives.get(q.name);
    let objective: MetricObjective | undefined;
    if (q.kind === 'errors') {
      const target = own !== undefined ? parseShare(own) : errorTarget;
      if (own !== undefined && target === undefined)
        problems.push({ input: 'metrics', message: `metric \`${q.name}\`: objective ${shareProblem(own)}` });
      if (target !== undefined) objective = { target };
    } else {
      const parsed = own !== undefined ? parseLatencyObjective(own) : latency;
      if (own !== undefined && typeof parsed === 'string')
        problems.push({ input: 'metrics', message: `metric \`${q.name}\`: objective ${parsed}` });
      if (typeof parsed !== 'string') objective = parsed;
    }
    if (objective && mode === 'none' && (1 - objective.target) * i.maxIncrease >= 1)
      problems.push({
        input: 'max-increase',
        message: `${i.maxIncrease}× a ${((1 - objective.target) * 100).toFixed(1)} % budget is no rate; lower it or tighten the objective`,
      });
    if (objective) metrics.push({ name: q.name, kind: q.kind, objective });
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return {
    source: sourceSettings as SourceSettings,
    queries,
    selectors: { candidate: selector, ...(mode === 'concurrent' ? { baseline: baselineSelector } : {}) },
    analysis: { metrics, baseline: mode, alpha: i.alpha, maxIncrease: i.maxIncrease, noData: i.noData as Verdict },
    baselineWhy,
  };
}
