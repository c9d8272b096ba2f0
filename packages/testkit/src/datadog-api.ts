/**
 * A loopback emulator of Datadog's metrics query API v1, `GET /api/v1/query?from&to&query`, with
 * the documented request and answer shapes: `DD-API-KEY` and `DD-APPLICATION-KEY` headers (403
 * `{"errors": ["Forbidden"]}` otherwise), `from`/`to` in Unix seconds, and an answer
 * `{status: "ok", res_type: "time_series", series: [{metric, display_name, expression, scope,
 * tag_set, pointlist: [[ms, value]], start, end, interval, length, aggr, query_index, unit}],
 * from_date, to_date, query, group_by, message}`; a query it cannot parse is 400
 * `{"errors": ["Error parsing query: …"]}`. It evaluates the simple count queries canary
 * analysis uses — `sum:<metric>{tag:value,…}.as_count()` — over points the test submits, rolled
 * up into 1 s buckets. Faults can be injected (5xx, 429 with the X-RateLimit-* headers).
 */
import type { ServerResponse } from 'node:http';
import { json, startServer, type TestServer } from './http-server';

export interface DatadogPoint {
  metric: string;
  tags: string[];
  /** Unix ms. */
  at: number;
  value: number;
}

export interface DatadogApi extends TestServer {
  /** Adds `value` to a count metric at a time (the emulator rolls up by second). */
  count(metric: string, tags: string[], value: number, at?: number): void;
  points: DatadogPoint[];
  /** The next `n` queries answer `status` (429 carries X-RateLimit-Reset: 0). */
  failNext(n: number, status: number): void;
  /** Every query answers 503 until set back. */
  down: boolean;
  queries: { query: string; from: number; to: number }[];
}

const QUERY = /^(sum|avg|min|max):([A-Za-z][\w.]*)\{([^}]*)\}(\.as_count\(\))?$/;

export async function startDatadogApi({ apiKey, appKey }: { apiKey: string; appKey: string }): Promise<DatadogApi> {
  const points: DatadogPoint[] = [];
  const queries: DatadogApi['queries'] = [];
  let faults: number[] = [];
  const state = { down: false };
  const errors = (res: ServerResponse, status: number, messages: string[], headers: Record<string, string> = {}): void =>
    json(res, status, { errors: messages }, headers);
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/query' || req.method !== 'GET') return errors(res, 404, ['Not found']);
    if (req.headers['dd-api-key'] !== apiKey || req.headers['dd-application-key'] !== appKey) return errors(res, 403, ['Forbidden']);
    if (state.down) return errors(res, 503, ['Service Unavailable']);
    const fault = faults.shift();
    if (fault === 429)
      return errors(res, 429, ['Too many requests'], {
        'x-ratelimit-limit': '100',
        'x-ratelimit-period': '10',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '0',
      });
    if (fault !== undefined) return errors(res, fault, ['Internal Server Error']);
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    const query = url.searchParams.get('query') ?? '';
    if (!url.searchParams.has('from') || !Number.isInteger(from))
      return errors(res, 400, ["The value provided for parameter 'from' is invalid"]);
    if (!url.searchParams.has('to') || !Number.isInteger(to)) return errors(res, 400, ["The value provided for parameter 'to' is invalid"]);
    queries.push({ query, from, to });
    const m = QUERY.exec(query.trim());
    if (!m) return errors(res, 400, [`Error parsing query: unable to parse ${query}: Rule 'scope_expr' didn't match`]);
    const [, aggr, metric, scopeText] = m as unknown as [string, string, string, string];
    const scope = scopeText
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && t !== '*');
    const matching = points.filter(
      (p) => p.metric === metric && p.at >= from * 1000 && p.at <= to * 1000 + 999 && scope.every((t) => p.tags.includes(t)),
    );
    const base = {
      status: 'ok',
      res_type: 'time_series',
      from_date: from * 1000,
      to_date: to * 1000,
      query,
      group_by: [],
      message: '',
      resp_version: 1,
    };
    if (matching.length === 0) return json(res, 200, { ...base, series: [] });
    const buckets = new Map<number, number>();
    for (const p of matching) {
      const second = Math.floor(p.at / 1000) * 1000;
      buckets.set(second, (buckets.get(second) ?? 0) + p.value);
    }
    const pointlist = [...buckets].sort((a, b) => a[0] - b[0]).map(([t, v]) => [t, v]);
    const scopeName = scope.length > 0 ? scope.join(',') : '*';
    return json(res, 200, {
      ...base,
      series: [
        {
          metric,
          display_name: metric,
          expression: `${aggr}:${metric}{${scopeName}}`,
          scope: scopeName,
          tag_set: [],
          pointlist,
          start: pointlist[0]?.[0],
          end: (pointlist[pointlist.length - 1]?.[0] ?? 0) + 999,
          interval: 1,
          length: pointlist.length,
          aggr,
          query_index: 0,
          unit: null,
        },
      ],
    });
  });
  const api = Object.assign(server, {
    points,
    queries,
    down: false,
    count(metric: string, tags: string[], value: number, at = Date.now()) {
      points.push({ metric, tags, at, value });
    },
    failNext(n: number, status: number) {
      faults = [...faults, ...Array.from({ length: n }, () => status)];
    },
  });
  // `down` is read by the handler through `state`, so the test can flip it at any time.
  Object.defineProperty(api, 'down', { get: () => state.down, set: (v: boolean) => (state.down = v) });
  return api;
}
