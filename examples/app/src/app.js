// The example service: health, a JSON API, Prometheus /metrics, and a release switch that makes a
// release slow or failing (APP_MODE=healthy|slow|failing, or POST /admin/mode {"mode": "..."}).
// Metrics through prom-client (the standard Node exposition: label values escaped, one registry per
// app so several apps in one process do not share counters).
import { createServer } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

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
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests served, by route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Request latency.',
    labelNames: ['method', 'route'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const info = new Gauge({ name: 'app_info', help: 'The running release.', labelNames: ['version', 'mode'], registers: [registry] });

  const observe = (route, method, status, seconds) => {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
  };

  const metrics = async () => {
    info.reset();
    info.set({ version: state.version, mode: state.mode }, 1);
    return registry.metrics();
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
    if (path === '/metrics') return ['/metrics', 200, await metrics(), { 'content-type': registry.contentType }];
    if (path === '/admin/mode' && req.method === 'POST') {
      let next;
      try {
        next = JSON.parse(body || '{}').mode;
      } catch {
        return [path, 400, { error: 'body must be JSON such as {"mode": "slow"}' }];
      }
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
      return [path.startsWith('/api/items') ? '/api/items' : 'unmatched', 500, { error: 'internal error' }];
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
    // One label value for every unknown path: a request path as a label would let any client grow the series without bound.
    return ['unmatched', 404, { error: 'not found' }];
  };

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      const [name, status, payload, headers] = await route(req, body);
      send(res, status, payload, headers);
      // Scrapes are not the service's traffic: counting them would dilute every rate with a request a second.
      if (name !== '/metrics') observe(name, req.method ?? 'GET', status, Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
  return { server, state };
}
