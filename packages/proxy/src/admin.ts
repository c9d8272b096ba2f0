/**
 * The admin listener (loopback only). `GET /metrics` and `GET /healthz` are open (counts, no
 * secrets: Prometheus scrapes them without credentials); everything else needs
 * `Authorization: Bearer <token>`, and a request without it or with a wrong one gets 401 and
 * changes nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenChecker, type TokenCheck } from './auth';
import { ProxyConfigError } from './config';
import type { BackendChange, ProxyControl } from './proxy';

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `the body is over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body must be JSON, e.g. {"candidate": 25}');
  }
}

/** Answers with the change, after the retired backends drained when `?wait=drained` asks for it. */
async function changed(change: BackendChange, wait: boolean): Promise<unknown> {
  const retired = change.retired.map(({ url, version }) => ({ url, version }));
  if (!wait) return { state: change.state, retired };
  const drained = await Promise.all(change.retired.map((r) => r.drained));
  return { state: change.state, retired, drained };
}

export function adminHandler(
  control: ProxyControl,
  token: string,
  rejected: (reason: Exclude<TokenCheck, 'ok'>, method: string, path: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  const check = tokenChecker(token);
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    const method = req.method ?? 'GET';
    const key = `${method} ${url.pathname}`;
    if (key === 'GET /metrics') {
      const text = await control.metrics();
      res.writeHead(200, { 'content-type': control.metricsContentType, 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    if (key === 'GET /healthz') return send(res, 200, { ok: true });
    const known = ['/state', '/weights', '/backends', '/promote'];
    if (!known.includes(url.pathname))
      throw new HttpError(
        404,
        `no admin route ${url.pathname}; routes: GET /state, PUT /weights, PUT /backends, POST /promote, GET /metrics`,
      );
    const auth = check(req.headers.authorization);
    if (auth !== 'ok') {
      rejected(auth, method, url.pathname);
      // Drain the body so the connection stays usable, but never act on it.
      req.resume();
      throw new HttpError(401, 'unauthorized: send Authorization: Bearer <token>', { 'www-authenticate': 'Bearer realm="shipkit-proxy"' });
    }
    const wait = url.searchParams.get('wait') === 'drained';
    switch (key) {
      case 'GET /state':
        return send(res, 200, control.state());
      case 'PUT /weights': {
        const body = await readJson(req);
        return send(res, 200, control.setWeights(body as Record<string, unknown>));
      }
      case 'PUT /backends': {
        const body = await readJson(req);
        return send(res, 200, await changed(control.setBackends(body as Record<string, unknown>), wait));
      }
      case 'POST /promote':
        req.resume();
        return send(res, 200, await changed(control.promote(), wait));
      default: {
        const allow = { '/state': 'GET', '/weights': 'PUT', '/backends': 'PUT', '/promote': 'POST' }[url.pathname] ?? 'GET';
        throw new HttpError(405, `${url.pathname} takes ${allow}`, { allow });
      }
    }
  };
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return send(res, error.status, { error: error.message }, error.headers);
      if (error instanceof ProxyConfigError) return send(res, 400, { error: error.message, field: error.field });
      send(res, 500, { error: 'internal error in the proxy' });
    });
  };
}
