/**
 * Presets. `http`: request counts and errors (5xx) and, where the backend has one, the request
 * latency histogram, with the names the Prometheus client libraries (prom-client, client_golang,
 * …) and the example service use. `proxy`: the same from the local traffic proxy's own counts
 * (`shipkit_proxy_*`, per arm and backend version; packages/proxy), read through a Prometheus that
 * scrapes it or straight from its `/metrics`. `{{selector}}` is an arm's labels. Prometheus and a
 * directly read exposition take the same selectors, so their presets are the same queries.
 */
import type { MetricQueries } from './types';

const CLIENT_LIBRARY_HTTP = [
  {
    name: 'errors',
    kind: 'errors',
    total: 'http_requests_total{{{selector}}}',
    bad: 'http_requests_total{status=~"5..",{{selector}}}',
  },
  { name: 'latency', kind: 'latency', histogram: 'http_request_duration_seconds_bucket{{{selector}}}' },
] as const satisfies readonly MetricQueries[];

const PROXY = [
  {
    name: 'errors',
    kind: 'errors',
    total: 'shipkit_proxy_requests_total{{{selector}}}',
    bad: 'shipkit_proxy_requests_total{code=~"5..",{{selector}}}',
  },
  { name: 'latency', kind: 'latency', histogram: 'shipkit_proxy_request_duration_seconds_bucket{{{selector}}}' },
] as const satisfies readonly MetricQueries[];

export const PRESETS = {
  prometheus: { http: CLIENT_LIBRARY_HTTP, proxy: PROXY },
  exposition: { http: CLIENT_LIBRARY_HTTP, proxy: PROXY },
  // APM trace metrics of a span named `http.request` (use your span's name, e.g. `web.request`). Datadog
  // has no count of requests above a latency boundary in APM, so latency needs a count query of your own.
  datadog: {
    http: [
      {
        name: 'errors',
        kind: 'errors',
        total: 'sum:trace.http.request.hits{{{selector}}}.as_count()',
        bad: 'sum:trace.http.request.errors{{{selector}}}.as_count()',
      },
    ],
  },
} as const satisfies Record<string, Record<string, readonly MetricQueries[]>>;

export type SourceKind = keyof typeof PRESETS;
export const PRESET_NAMES = ['http', 'proxy'] as const;
