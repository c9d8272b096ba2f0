/**
 * HTTP for probes and API calls: a per-request deadline, manual redirects (so every hop is
 * visible), a body cap, latency measured from the request to the last body byte, and failures
 * classified so callers can tell "no answer" from "a bad answer". `requestWithRetries` adds
 * jittered retries on connection errors, timeouts, 5xx and 429 (honouring Retry-After).
 *
 * Proxies: `HTTPS_PROXY` / `HTTP_PROXY` (either case) with `NO_PROXY` exceptions, decided exactly
 * as @actions/http-client decides them (its own `getProxyUrl`: loopback and NO_PROXY hosts go
 * direct). https targets are tunnelled with CONNECT, http targets sent to the proxy in absolute
 * form; the proxy agents load only when a proxy applies.
 *
 * Redirects: a cross-origin hop carries none of the caller's headers, and no credentials from the
 * Location itself; a request whose body would be re-sent is never redirected to another origin
 * (and `followRedirects: 'same-origin'` keeps any request on its origin). Only http(s) is followed.
 *
 * Built on node:http/node:https with keep-alive agents rather than undici: measured on this
 * code path, loading undici (even by deep import of its Agent and request API) costs ~35 ms of
 * CPU per cold start, which is most of smoke's start-up budget; node:http is part of the
 * runtime's snapshot. node:https (and with it TLS) loads only for https URLs. `fetchOverHttp`
 * gives Octokit the same client (proxies, redirects) without loading fetch's undici either.
 */
import {
  Agent as HttpAgent,
  request as httpRequestRaw,
  validateHeaderName,
  validateHeaderValue,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { checkBypass } from '@actions/http-client/lib/proxy';
import { SHIPKIT_VERSION } from './version';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole-request deadline: connect, headers and body. */
  timeoutMs: number;
  /**
   * `true` (the default) follows redirects to any http(s) origin, `'same-origin'` only within the
   * request's origin (for requests that carry data), `false` none. Either way a request whose body
   * would be re-sent never follows a redirect to another origin.
   */
  followRedirects?: boolean | 'same-origin';
  maxRedirects?: number;
  /** Bodies beyond this are cut (and flagged) so a huge answer cannot exhaust memory. */
  maxBodyBytes?: number;
  /** Cancels the request (besides the deadline). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  latencyMs: number;
  /** The URL that answered (after redirects). */
  url: string;
  redirects: string[];
  /** A redirect that was deliberately not followed (the answer above is the redirect itself). */
  unfollowedRedirect?: { location: string; reason: string };
}

export type HttpFailureKind =
  'timeout' | 'connection-refused' | 'connection-reset' | 'dns' | 'tls' | 'too-many-redirects' | 'bad-redirect' | 'network';

/** The request got no HTTP answer (or one that cannot be followed). */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  readonly kind: HttpFailureKind;
  readonly latencyMs: number;

  constructor(kind: HttpFailureKind, message: string, latencyMs: number) {
    super(message);
    this.kind = kind;
    this.latencyMs = latencyMs;
  }
}

export const USER_AGENT = `shipkit/${SHIPKIT_VERSION}`;

/**
 * Why a header cannot be sent as given, or undefined when it can. A CR or LF would end the header
 * and start another (header injection), so callers reject such input before any request is sent.
 */
export function invalidHeader(name: string, value: string): string | undefined {
  try {
    validateHeaderName(name);
  } catch {
    return `\`${name}\` is not a valid HTTP header name`;
  }
  if (/[\r\n]/.test(value)) return `the value of \`${name}\` contains a line break (CR or LF), which would end the header`;
  try {
    validateHeaderValue(name, value);
  } catch {
    return `the value of \`${name}\` contains a character that HTTP header values cannot carry (a control character)`;
  }
  return undefined;
}

/**
 * The proxy for a URL under the runner's rules: HTTPS_PROXY / HTTP_PROXY (lower case first) unless
 * @actions/http-client's own `checkBypass` sends the host direct (loopback, NO_PROXY entries), as a
 * plain URL (credentials percent-encoded). `proxy:3128` without a scheme means http, as curl reads
 * it; the reference would parse `proxy:` as the scheme and then fail to connect.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const https = url.protocol === 'https:';
  const raw = https ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
  if (!raw || checkBypass(url)) return undefined;
  const parse = (text: string): URL | undefined => {
    try {
      const u = new URL(text);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u : undefined;
    } catch {
      return undefined;
    }
  };
  const proxy = raw.includes('://') ? parse(raw) : (parse(raw) ?? parse(`http://${raw}`));
  if (!proxy)
    throw new TypeError(`${https ? 'HTTPS_PROXY' : 'HTTP_PROXY'} is set but is not a proxy URL (such as \`http://proxy.example:3128\`)`);
  return proxy;
}

interface Route {
  agent: HttpAgent;
  request: typeof httpRequestRaw;
  /** `host:port` of the proxy, when the request goes through one. */
  via?: string;
}

let httpAgent: HttpAgent | undefined;
let httpsAgent: HttpsAgent | undefined;
const proxyAgents = new Map<string, HttpAgent>();

/** Keep-alive agents shared by every request of the process: one per protocol, and one per proxy. */
async function routeFor(url: URL): Promise<Route> {
  const https = url.protocol === 'https:' ? await import('node:https') : undefined;
  const request = (https?.request ?? httpRequestRaw) as typeof httpRequestRaw;
  const proxy = proxyFor(url);
  if (proxy) {
    const key = `${url.protocol}${proxy.href}`;
    let agent = proxyAgents.get(key);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: 64 };
      agent = https
        ? (new (await import('https-proxy-agent')).HttpsProxyAgent(proxy, options) as unknown as HttpAgent)
        : (new (await import('http-proxy-agent')).HttpProxyAgent(proxy, options) as unknown as HttpAgent);
      proxyAgents.set(key, agent);
    }
    return { agent, request, via: proxy.host };
  }
  if (https) {
    httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 });
    return { agent: httpsAgent as unknown as HttpAgent, request };
  }
  httpAgent ??= new HttpAgent({ keepAlive: true, maxSockets: 64 });
  return { agent: httpAgent, request };
}

/** Sends one request; resolves when the response headers arrive. */
async function send(
  url: URL,
  route: Route,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const outgoing: OutgoingHttpHeaders = { ...headers };
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length'))
    outgoing['content-length'] = Buffer.byteLength(body);
  // Never `auth` from the URL: credentials travel only as headers the caller chose to send.
  const target = new URL(url);
  target.username = '';
  target.password = '';
  return new Promise((resolve, reject) => {
    const req = route.request(target, { method, headers: outgoing, agent: route.agent, signal }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

function classify(
  error: unknown,
  timeoutMs: number,
  url: string,
  via: string | undefined,
  deadlinePassed = false,
): { kind: HttpFailureKind; message: string } {
  const through = via ? ` (through the proxy ${via})` : '';
  if (deadlinePassed) return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${safeHost(url)}${through}` };
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const host = safeHost(url);
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT')
    return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${host}${through}` };
  if (code === 'ECONNREFUSED')
    return {
      kind: 'connection-refused',
      message: via ? `connection refused by the proxy ${via} (for ${host})` : `connection refused by ${host}`,
    };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED')
    return { kind: 'connection-reset', message: `connection to ${host} was reset (${code})${through}` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { kind: 'dns', message: `could not resolve ${via ? `the proxy ${via}` : host} (${code})` };
  if (/CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(code))
    return { kind: 'tls', message: `TLS error talking to ${host} (${code})${through}` };
  return { kind: 'network', message: `request to ${host} failed${through}: ${e.cause?.message ?? e.message ?? code}` };
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return u.host || u.protocol;
  } catch {
    return url;
  }
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

function dropHeaders(headers: Record<string, string>, names: ReadonlySet<string>): void {
  for (const name of Object.keys(headers)) if (names.has(name.toLowerCase())) delete headers[name];
}

const defaultHeaders = (): Record<string, string> => ({ 'user-agent': USER_AGENT });

interface Exchange {
  res: IncomingMessage;
  url: string;
  redirects: string[];
  unfollowedRedirect?: { location: string; reason: string };
  deadline: AbortSignal;
  via?: string;
}

/** Sends the request and follows its redirects; resolves with the final response, body unread. */
async function exchange(req: HttpRequest, started: number): Promise<Exchange> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const deadline = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const follow = req.followRedirects ?? true;
  const maxRedirects = req.maxRedirects ?? 10;
  const redirects: string[] = [];
  let url = new URL(req.url);
  let method = (req.method ?? 'GET').toUpperCase();
  let body = req.body;
  // The caller's User-Agent (in any case) replaces ours rather than being sent beside it.
  let headers: Record<string, string> = { ...req.headers };
  for (const [name, value] of Object.entries(headers)) {
    const problem = invalidHeader(name, value);
    if (problem) throw new TypeError(`cannot send the request to ${safeHost(req.url)}: ${problem}`);
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['user-agent'] = USER_AGENT;
  const fail = (error: unknown, via: string | undefined): never => {
    const { kind, message } = classify(error, req.timeoutMs, url.href, via, timeout.aborted);
    throw new HttpFailure(kind, message, performance.now() - started);
  };
  for (;;) {
    let route: Route | undefined;
    let res: IncomingMessage;
    try {
      route = await routeFor(url);
      res = await send(url, route, method, headers, body, deadline);
    } catch (error) {
      return fail(error, route?.via);
    }
    const location = res.headers.location;
    if (follow === false || !REDIRECT.has(res.statusCode ?? 0) || typeof location !== 'string')
      return { res, url: url.href, redirects, deadline, via: route.via };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      res.resume();
      throw new HttpFailure(
        'bad-redirect',
        `${url.host} answered ${res.statusCode} with a Location that is not a URL; it was not followed`,
        performance.now() - started,
      );
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      res.resume();
      throw new HttpFailure(
        'bad-redirect',
        `${url.host} answered ${res.statusCode} with a redirect to a \`${next.protocol}\` URL; only http and https redirects are followed`,
        performance.now() - started,
      );
    }
    // Credentials in a Location are the server's words, never ours to send.
    next.username = '';
    next.password = '';
    const keepsMethod = !(
      (res.statusCode === 303 && method !== 'HEAD') ||
      ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
    );
    const crossOrigin = next.origin !== url.origin;
    if (crossOrigin && (follow === 'same-origin' || (keepsMethod && body !== undefined))) {
      const reason =
        follow === 'same-origin' ? `this request is kept on ${url.origin}` : `a request with a body is never re-sent to another origin`;
      return { res, url: url.href, redirects, deadline, via: route.via, unfollowedRedirect: { location: next.href, reason } };
    }
    res.resume();
    if (redirects.length >= maxRedirects)
      throw new HttpFailure('too-many-redirects', `more than ${maxRedirects} redirects from ${req.url}`, performance.now() - started);
    // Another origin gets none of the caller's headers (tokens, cookies, API keys, custom secrets).
    if (crossOrigin) headers = defaultHeaders();
    url = next;
    redirects.push(url.href);
    if (!keepsMethod) {
      method = 'GET';
      body = undefined;
      // The body is gone, so are the headers that described it.
      dropHeaders(headers, BODY_HEADERS);
    }
  }
}

const flatten = (res: IncomingMessage): Record<string, string> => {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return flat;
};

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const maxBody = req.maxBodyBytes ?? 10 * 1024 * 1024;
  const { res, url, redirects, unfollowedRedirect, deadline, via } = await exchange(req, started);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBody) {
        chunks.push(chunk.subarray(0, maxBody - size));
        size = maxBody;
        truncated = true;
        res.destroy();
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    const { kind, message } = classify(error, req.timeoutMs, url, via, deadline.aborted);
    throw new HttpFailure(kind, message, performance.now() - started);
  }
  return {
    status: res.statusCode ?? 0,
    headers: flatten(res),
    body: Buffer.concat(chunks).toString('utf8'),
    bodyTruncated: truncated,
    latencyMs: performance.now() - started,
    url,
    redirects,
    ...(unfollowedRedirect ? { unfollowedRedirect } : {}),
  };
}

/** The part of the fetch Response that Octokit reads. */
export interface FetchOverHttpResponse {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; [Symbol.iterator](): IterableIterator<[string, string]> };
  body: AsyncIterable<Buffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A fetch for Octokit (`request.fetch`) on this client: proxies, keep-alive, the redirect rules
 * above, and no undici at start-up. The body streams; reading it is bound by `timeoutMs`.
 */
export function fetchOverHttp({ timeoutMs = 10 * 60_000 }: { timeoutMs?: number } = {}) {
  return async (
    input: string | URL,
    init: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal | null; redirect?: string } = {},
  ): Promise<FetchOverHttpResponse> => {
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
      throw new TypeError('fetchOverHttp sends string or byte bodies only');
    const { res, url } = await exchange(
      {
        url: String(input),
        method: init.method,
        headers: init.headers,
        body: body === undefined || body === null ? undefined : typeof body === 'string' ? body : Buffer.from(body),
        timeoutMs,
        signal: init.signal ?? undefined,
        followRedirects: init.redirect === 'manual' || init.redirect === 'error' ? false : true,
      },
      performance.now(),
    );
    const flat = flatten(res);
    const entries = Object.entries(flat);
    let read: Promise<Buffer> | undefined;
    const bytes = (): Promise<Buffer> =>
      (read ??= (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
        return Buffer.concat(chunks);
      })());
    return {
      status: res.statusCode ?? 0,
      statusText: res.statusMessage ?? '',
      url,
      headers: {
        get: (name: string) => flat[name.toLowerCase()] ?? null,
        [Symbol.iterator]: () => entries[Symbol.iterator]() as IterableIterator<[string, string]>,
      },
      body: res as AsyncIterable<Buffer>,
      text: async () => (await bytes()).toString('utf8'),
      json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
      arrayBuffer: async () => {
        const b = await bytes();
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      },
    };
  };
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), capped. */
export function retryAfterMs(value: string | undefined, capMs = 60_000, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // Delay-seconds is digits only: `-1`, `0x10` or `1e3` are not delays (and V8 would read `-1` as a date).
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, capMs);
  // An HTTP date always names a day or month.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), capMs);
  return undefined;
}

/** Full jitter around an exponential backoff: base × 2^(attempt-1) × [0.5, 1.5). */
export function jitteredDelay(baseMs: number, attempt: number, random: () => number = Math.random): number {
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 1) * (0.5 + random()));
}

export const isRetryableStatus = (status: number): boolean => status >= 500 || status === 429;

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  baseDelayMs: number;
  /** Never wait longer than this in one pause. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Attempt {
  attempt: number;
  status?: number;
  latencyMs: number;
  error?: string;
  errorKind?: HttpFailureKind;
}

/** Failures that give the same answer on every attempt. */
const PERMANENT: ReadonlySet<HttpFailureKind> = new Set(['too-many-redirects', 'bad-redirect', 'tls']);

/**
 * Runs `send` until it gives a non-retryable answer or the retries are used up. Returns the last
 * response or failure and every attempt.
 */
export async function requestWithRetries(
  send: () => Promise<HttpResponse>,
  options: RetryOptions,
): Promise<{ response?: HttpResponse; failure?: HttpFailure; attempts: Attempt[] }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts: Attempt[] = [];
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse | undefined;
    let failure: HttpFailure | undefined;
    try {
      response = await send();
      attempts.push({ attempt, status: response.status, latencyMs: response.latencyMs });
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      failure = e;
      attempts.push({ attempt, latencyMs: e.latencyMs, error: e.message, errorKind: e.kind });
    }
    const retryable = failure ? !PERMANENT.has(failure.kind) : isRetryableStatus(response?.status ?? 0);
    if (!retryable || attempt > options.retries) return { response, failure, attempts };
    const hinted = response ? retryAfterMs(response.headers['retry-after']) : undefined;
    const delay = Math.min(hinted ?? jitteredDelay(options.baseDelayMs, attempt), options.maxDelayMs ?? 30_000);
    await sleep(delay);
  }
}
