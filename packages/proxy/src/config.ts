/**
 * The proxy's options: their types, defaults and validation. One validator serves both ways of
 * running it (`startProxy(options)` and the process entry's JSON config), so a mistake reads the
 * same either way: `ProxyConfigError` naming the field and the fix.
 */
import { isIP } from 'node:net';

export interface BackendSpec {
  /** `http://host:port` of the backend (no path, query or credentials). */
  url: string;
  /** The `version` label in the metrics and the sticky cookie's value; defaults to `host:port`. */
  version?: string;
}

export interface ListenSpec {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface HealthOptions {
  /** Path probed on an ejected backend (GET; 2xx or 3xx passes). Default `/`. */
  path?: string;
  /** Probe interval while ejected. Default 1000 ms. */
  intervalMs?: number;
  /** A probe with no answer by then fails. Default 1000 ms. */
  timeoutMs?: number;
  /** Consecutive passing probes that re-admit an ejected backend. Default 2. */
  passes?: number;
  /** Consecutive failed requests (reset, timeout, broken answer) that eject; a refused connection ejects at once. Default 2. */
  failures?: number;
}

export interface TimeoutOptions {
  /** Connecting to a backend. Default 2000 ms. */
  connectMs?: number;
  /** From sending the request to the backend's response headers. Default 30000 ms. */
  headersMs?: number;
  /** Longest silence between two chunks of a backend's response body. Default 30000 ms. */
  bodyMs?: number;
}

export interface StickyOptions {
  /** Cookie naming the version a client is kept on. Default `shipkit-version`. */
  cookie?: string;
}

export interface ProxyOptions {
  /** Bearer token of the admin endpoint (at least 16 characters). Never logged. */
  token: string;
  stable: BackendSpec | string;
  candidate?: BackendSpec | string | null;
  /** The candidate's share of requests in percent: 0–100, at most one decimal. Default 0. */
  weight?: number;
  /** The traffic listener (the environment's stable URL). Default 127.0.0.1, a free port. */
  listen?: ListenSpec;
  /** The admin listener (loopback only). Default 127.0.0.1, a free port. */
  admin?: ListenSpec;
  /** Keep a client on the version that first served it (cookie). Default off. */
  sticky?: boolean | StickyOptions;
  health?: HealthOptions;
  timeouts?: TimeoutOptions;
  /** Request bodies up to this size are buffered so a failed attempt can be re-sent. Default 65536. */
  retryBodyBytes?: number;
  /** How long a retired backend (or the proxy on close) waits for in-flight requests. Default 30000 ms. */
  drainTimeoutMs?: number;
  /** Latency histogram bucket boundaries in seconds, increasing. */
  buckets?: number[];
}

export const DEFAULT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ResolvedBackend {
  url: string;
  origin: string;
  version: string;
}

export interface ResolvedOptions {
  token: string;
  stable: ResolvedBackend;
  candidate: ResolvedBackend | null;
  /** Candidate share in tenths of a percent (0–1000), so one-decimal weights are exact integers. */
  weightTenths: number;
  listen: { host: string; port: number };
  admin: { host: string; port: number };
  sticky: { cookie: string } | null;
  health: Required<HealthOptions>;
  timeouts: Required<TimeoutOptions>;
  retryBodyBytes: number;
  drainTimeoutMs: number;
  buckets: number[];
}

/** A configuration mistake: `field` is the option's path (`weight`, `candidate.url`, …). */
export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';
  readonly field: string;

  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/** A value quoted in an error message: JSON, cut short, so hostile text stays one short line of data. */
const quote = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const fail = (field: string, message: string): never => {
  throw new ProxyConfigError(`\`${field}\` ${message}`, field);
};

const hasControlCharacter = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) fail(field ? `${field}.${key}` : key, `is not an option (known: ${allowed.join(', ')})`);
}

/** Percent with at most one decimal → tenths of a percent. Accepts numbers and numeric strings. */
export function parseWeight(value: unknown, field = 'weight'): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 100)
    return fail(field, `must be a number from 0 to 100 (got ${quote(value)})`);
  const tenths = Math.round(n * 10);
  if (Math.abs(n * 10 - tenths) > 1e-9) return fail(field, `takes at most one decimal, e.g. 12.5 (got ${quote(value)})`);
  return tenths;
}

function int(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    return fail(field, `must be a whole number from ${min} to ${max} (got ${quote(value)})`);
  return value;
}

export function parseBackend(value: unknown, field: string): ResolvedBackend {
  const spec = typeof value === 'string' ? { url: value } : value;
  if (!isObject(spec)) return fail(field, `must be a URL or { "url": "http://127.0.0.1:PORT", "version": "..." } (got ${quote(value)})`);
  onlyKeys(spec, ['url', 'version'], field);
  let url: URL;
  try {
    url = new URL(String(spec.url));
  } catch {
    return fail(`${field}.url`, `must be an http:// URL such as http://127.0.0.1:3000 (got ${quote(spec.url)})`);
  }
  if (typeof spec.url !== 'string' || url.protocol !== 'http:')
    fail(`${field}.url`, `must be an http:// URL such as http://127.0.0.1:3000 (got ${quote(spec.url)})`);
  if (url.username || url.password) fail(`${field}.url`, 'must not carry credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    fail(`${field}.url`, `must be an origin without path or query: the proxy forwards each request's own path (got ${quote(spec.url)})`);
  const version = spec.version ?? url.host;
  if (typeof version !== 'string' || version.length === 0 || version.length > 128 || hasControlCharacter(version))
    fail(`${field}.version`, `must be 1–128 printable characters (got ${quote(spec.version)})`);
  return { url: url.origin, origin: url.origin, version: version as string };
}

const LOOPBACK = (host: string): boolean => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

function parseListen(value: unknown, field: string, loopbackOnly: boolean): { host: string; port: number } {
  if (value === undefined) return { host: '127.0.0.1', port: 0 };
  if (!isObject(value)) return fail(field, `must be { "host": "127.0.0.1", "port": 8080 } (got ${quote(value)})`);
  onlyKeys(value, ['host', 'port'], field);
  const host = value.host ?? '127.0.0.1';
  if (typeof host !== 'string' || (host !== 'localhost' && isIP(host) === 0))
    fail(`${field}.host`, `must be an IP address or localhost (got ${quote(value.host)})`);
  if (loopbackOnly && !LOOPBACK(host as string))
    fail(
      `${field}.host`,
      `must be a loopback address (127.0.0.1, ::1 or localhost): the admin endpoint changes traffic (got ${quote(host)})`,
    );
  return { host: host as string, port: int(value.port, `${field}.port`, 0, 65535, 0) };
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;
const OPTION_KEYS = [
  'token',
  'stable',
  'candidate',
  'weight',
  'listen',
  'admin',
  'sticky',
  'health',
  'timeouts',
  'retryBodyBytes',
  'drainTimeoutMs',
  'buckets',
] as const;

/**
 * Validates options (from code or from a parsed JSON config) and fills in the defaults. Unknown
 * keys are errors, so a misspelt option fails loudly instead of silently keeping its default.
 */
export function resolveOptions(raw: unknown, extraKeys: readonly string[] = []): ResolvedOptions {
  if (!isObject(raw)) return fail('config', 'must be a JSON object');
  onlyKeys(raw, [...OPTION_KEYS, ...extraKeys], '');
  const token = raw.token;
  if (typeof token !== 'string' || token.length < 16)
    fail('token', 'must be a string of at least 16 characters (e.g. 32 random bytes as hex); it protects the admin endpoint');
  if (raw.stable === undefined) fail('stable', 'is required: the URL of the backend serving now');
  const stable = parseBackend(raw.stable, 'stable');
  const candidate = raw.candidate === undefined || raw.candidate === null ? null : parseBackend(raw.candidate, 'candidate');
  const weightTenths = raw.weight === undefined ? 0 : parseWeight(raw.weight);
  if (weightTenths > 0 && !candidate) fail('weight', 'must be 0 when there is no candidate');

  let sticky: ResolvedOptions['sticky'] = null;
  if (raw.sticky === true) sticky = { cookie: 'shipkit-version' };
  else if (isObject(raw.sticky)) {
    onlyKeys(raw.sticky, ['cookie'], 'sticky');
    const cookie = raw.sticky.cookie ?? 'shipkit-version';
    if (typeof cookie !== 'string' || !COOKIE_NAME.test(cookie))
      fail('sticky.cookie', `must be a cookie name (letters, digits, - _ .) (got ${quote(cookie)})`);
    sticky = { cookie: cookie as string };
  } else if (raw.sticky !== undefined && raw.sticky !== false)
    fail('sticky', `must be true, false or { "cookie": "name" } (got ${quote(raw.sticky)})`);

  const health = raw.health ?? {};
  if (!isObject(health)) return fail('health', `must be an object (got ${quote(health)})`);
  onlyKeys(health, ['path', 'intervalMs', 'timeoutMs', 'passes', 'failures'], 'health');
  const path = health.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path) || hasControlCharacter(path))
    fail('health.path', `must be a path starting with / (got ${quote(health.path)})`);

  const timeouts = raw.timeouts ?? {};
  if (!isObject(timeouts)) return fail('timeouts', `must be an object (got ${quote(timeouts)})`);
  onlyKeys(timeouts, ['connectMs', 'headersMs', 'bodyMs'], 'timeouts');

  let buckets = DEFAULT_BUCKETS;
  if (raw.buckets !== undefined) {
    const b = raw.buckets;
    if (
      !Array.isArray(b) ||
      b.length === 0 ||
      b.some((x, i) => typeof x !== 'number' || !(x > 0) || !Number.isFinite(x) || (i > 0 && x <= b[i - 1]))
    )
      fail('buckets', `must be increasing positive numbers of seconds, e.g. [0.005, 0.05, 0.5] (got ${quote(b)})`);
    buckets = b as number[];
  }

  return {
    token: token as string,
    stable,
    candidate,
    weightTenths,
    listen: parseListen(raw.listen, 'listen', false),
    admin: parseListen(raw.admin, 'admin', true),
    sticky,
    health: {
      path: path as string,
      intervalMs: int(health.intervalMs, 'health.intervalMs', 10, 600_000, 1000),
      timeoutMs: int(health.timeoutMs, 'health.timeoutMs', 10, 600_000, 1000),
      passes: int(health.passes, 'health.passes', 1, 100, 2),
      failures: int(health.failures, 'health.failures', 1, 100, 2),
    },
    timeouts: {
      connectMs: int(timeouts.connectMs, 'timeouts.connectMs', 10, 600_000, 2000),
      headersMs: int(timeouts.headersMs, 'timeouts.headersMs', 10, 3_600_000, 30_000),
      bodyMs: int(timeouts.bodyMs, 'timeouts.bodyMs', 10, 3_600_000, 30_000),
    },
    retryBodyBytes: int(raw.retryBodyBytes, 'retryBodyBytes', 0, 16 * 1024 * 1024, 64 * 1024),
    drainTimeoutMs: int(raw.drainTimeoutMs, 'drainTimeoutMs', 0, 3_600_000, 30_000),
    buckets,
  };
}
