/**
 * A client of the admin endpoint, for whoever drives a proxy running in another process (the
 * local deploy provider, canary-step, the tests, the benchmark). Plain node:http with no agent
 * and no proxy settings: the admin listener is always on loopback, and an HTTP(S)_PROXY of the
 * environment must never see the token. Loads nothing heavy (no undici, no prom-client).
 */
import { request } from 'node:http';
import type { BackendsChange, DrainReport, ProxyState, WeightChange } from './proxy';

export class ProxyAdminError extends Error {
  override readonly name = 'ProxyAdminError';
  /** HTTP status, or 0 when the admin endpoint gave no answer. */
  readonly status: number;
  /** The option the proxy rejected, for a 400. */
  readonly field?: string;

  constructor(message: string, status: number, field?: string) {
    super(message);
    this.status = status;
    if (field !== undefined) this.field = field;
  }
}

export interface AdminChange {
  state: ProxyState;
  retired: { url: string; version: string }[];
  /** With `waitDrained`: one report per retired backend, after its in-flight requests finished. */
  drained?: DrainReport[];
}

export interface ProxyAdminClient {
  state(): Promise<ProxyState>;
  setWeights(change: WeightChange): Promise<ProxyState>;
  setBackends(change: BackendsChange, options?: { waitDrained?: boolean }): Promise<AdminChange>;
  promote(options?: { waitDrained?: boolean }): Promise<AdminChange>;
  /** The Prometheus exposition text of `/metrics`. */
  metrics(): Promise<string>;
}

export function proxyAdminClient({
  adminUrl,
  token,
  timeoutMs = 60_000,
}: {
  adminUrl: string;
  token: string;
  timeoutMs?: number;
}): ProxyAdminClient {
  const base = new URL(adminUrl);
  const call = (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port,
          method,
          path,
          agent: false,
          timeout: timeoutMs,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(new ProxyAdminError(`the proxy admin endpoint broke off its answer (${e.message})`, 0)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(new ProxyAdminError(`the proxy admin endpoint ${base.origin} did not answer (${e.message})`, 0)));
      req.end(payload);
    });
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const { status, text } = await call(method, path, body);
    let parsed: { error?: string; field?: string } & Record<string, unknown>;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ProxyAdminError(`the proxy admin endpoint answered ${status} with a body that is not JSON`, status);
    }
    if (status !== 200)
      throw new ProxyAdminError(
        `proxy admin ${method} ${path.split('?')[0]}: ${status} ${parsed.error ?? ''}`.trim(),
        status,
        parsed.field,
      );
    return parsed as T;
  };
  const wait = (options?: { waitDrained?: boolean }): string => (options?.waitDrained ? '?wait=drained' : '');
  return {
    state: () => json<ProxyState>('GET', '/state'),
    setWeights: (change) => json<ProxyState>('PUT', '/weights', change),
    setBackends: (change, options) => json<AdminChange>('PUT', `/backends${wait(options)}`, change),
    promote: (options) => json<AdminChange>('POST', `/promote${wait(options)}`),
    metrics: async () => {
      const { status, text } = await call('GET', '/metrics');
      if (status !== 200) throw new ProxyAdminError(`proxy admin GET /metrics: ${status}`, status);
      return text;
    },
  };
}
