/**
 * The `http` preset: request counts and errors (5xx) and, where the backend has one, the request
 * latency histogram, with the names the Prometheus client libraries (prom-client, client_golang,
 * …) and the example service use. `{{selector}}` is an arm's labels.
 */
import type { MetricQueries } from './types';

export const PRESETS = {
  prometheus: {
    http: [
      {
        name: 'errors',
        kind: 'errors',
        total: 'http_requests_total{{{selector}}}',
        bad: 'http_requests_total{status=~"5..",{{selector}}}',
      },
      { name: 'latency', kind: 'latency', histogram: 'http_request_duration_seconds_bucket{{{selector}}}' },
    ],
  },
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
export const PRESET_NAMES = ['http'] as const;
