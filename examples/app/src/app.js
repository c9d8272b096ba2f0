// The example service: health, a JSON API, Prometheus /metrics, and a release switch that makes a
// release slow or failing (APP_MODE=healthy|slow|failing, or POST /admin/mode {"mode": "..."}).
import { createServer } from 'node:http';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
export const MODES = ['healthy', 'slow', 'failing'];

export function createApp({ version = '1.0.0', mode = 'healthy', slowMs = 800 } = {}) {
  const state = {
    mode,
    version,
    items: new Map([
      [1, { id: 1, name: 'espresso', price: 2.5 }],
      [2, { id: 2, name: 'flat white', price: 3.4 }],
    ]),
    nextId: 3,
  };
  const counters = new Map();
  const histograms = new Map();

  const observe = (route, method, status, seconds) => {
    const key = `method="${method}",route="${route}",status="${status}"`;
    counters.set(key, (counters.get(key) ?? 0) + 1);
    const hkey = `method="${method}",route="${route}"`;
    const h = histograms.get(hkey) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i]++;
    });
    h.sum += seconds;
    h.count++;
    histograms.set(hkey, h);
  };

  const metrics = () => {
    const lines = [
      '# HELP http_requests_total Requests served, by route and status.',
      '# TYPE http_requests_total counter',
      ...[...counters].map(([k, v]) => `http_requests_total{${k}} ${v}`),
      '# HELP http_request_duration_seconds Request latency.',
      '# TYPE http_request_duration_seconds histogram',
    ];
    for (const [k, h] of histograms) {
      BUCKETS.forEach((b, i) => lines.push(`http_request_duration_seconds_bucket{${k},le="${b}"} ${h.buckets[i]}`));
      lines.push(`http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      lines.push(`http_request_duration_seconds_sum{${k}} ${h.sum}`);
      lines.push(`http_request_duration_seconds_count{${k}} ${h.count}`);
    }
    lines.push(
      '# HELP app_info The running release.',
      '# TYPE app_info gauge',
      `app_info{version="${state.version}",mode="${state.mode}"} 1`,
    );
    return lines.join('\n') + '\n';
  };

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'x-app-version': state.version,
      ...headers,
    });
    res.end(text);
  };

  const route = async (req, body) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/metrics') return ['/metrics', 200, metrics(), { 'content-type': 'text/plain; version=0.0.4' }];
    if (path === '/admin/mode' && req.method === 'POST') {
      const next = JSON.parse(body || '{}').mode;
      if (!MODES.includes(next)) return [path, 400, { error: `mode must be one of ${MODES.join(', ')}` }];
      state.mode = next;
      return [path, 200, { mode: state.mode }];
    }
    if (state.mode === 'slow') await new Promise((r) => setTimeout(r, slowMs));
    if (path === '/healthz' || path === '/') {
      const ok = state.mode !== 'failing';
      return ['/healthz', ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', version: state.version, db: { ok } }];
    }
    if (path.startsWith('/api/') && state.mode === 'failing')
      return [path.startsWith('/api/items') ? '/api/items' : path, 500, { error: 'internal error' }];
    if (path === '/api/items' && req.method === 'GET')
      return ['/api/items', 200, { items: [...state.items.values()], count: state.items.size }];
    if (path === '/api/items' && req.method === 'POST') {
      let item;
      try {
        item = JSON.parse(body);
      } catch {
        return ['/api/items', 400, { error: 'body must be JSON' }];
      }
      if (typeof item?.name !== 'string') return ['/api/items', 422, { error: '`name` is required' }];
      const created = { id: state.nextId++, name: item.name, price: Number(item.price ?? 0) };
      state.items.set(created.id, created);
      return ['/api/items', 201, created];
    }
    const m = /^\/api\/items\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      const item = state.items.get(Number(m[1]));
      return ['/api/items/:id', item ? 200 : 404, item ?? { error: 'not found' }];
    }
    if (path === '/old-health') return [path, 301, '', { location: '/healthz' }];
    return [path, 404, { error: 'not found' }];
  };

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      const [name, status, payload, headers] = await route(req, body);
      send(res, status, payload, headers);
      observe(name, req.method ?? 'GET', status, Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
  return { server, state };
}
