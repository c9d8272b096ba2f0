/**
 * HTTP for probes and API calls: a per-request deadline, manual redirects (so every hop is
 * visible), a body cap, latency measured from the request to the last body byte, and failures
 * classified so callers can tell "no answer" from "a bad answer". `requestWithRetries` adds
 * jittered retries on connection errors, timeouts, 5xx and 429 (honouring Retry-After).
 *
 * Built on node:http/node:https with keep-alive agents rather than undici: measured on this
 * code path, loading undici (even by deep import of its Agent and request API) costs ~35 ms of
 * CPU per cold start, which is most of smoke's start-up budget; node:http is part of the
 * runtime's snapshot. node:https (and with it TLS) loads only for https URLs.
 */
import { Agent as HttpAgent, request as httpRequestRaw, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { SHIPKIT_VERSION } from './version';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole-request deadline: connect, headers and body. */
  timeoutMs: number;
  followRedirects?: boolean;
  maxRedirects?: number;
  /** Bodies beyond this are cut (and flagged) so a huge answer cannot exhaust memory. */
  maxBodyBytes?: number;
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
}

export type HttpFailureKind = 'timeout' | 'connection-refused' | 'connection-reset' | 'dns' | 'tls' | 'too-many-redirects' | 'network';

/** The request got no HTTP answer. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly latencyMs: number,
  ) {
    super(message);
  }
}

let httpAgent: HttpAgent | undefined;
let httpsAgent: HttpsAgent | undefined;

/** Keep-alive agents shared by every request of the process (one per protocol). */
async function agentFor(protocol: string): Promise<{ agent: HttpAgent; request: typeof httpRequestRaw }> {
  if (protocol === 'https:') {
    const https = await import('node:https');
    httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 });
    return { agent: httpsAgent as unknown as HttpAgent, request: https.request as unknown as typeof httpRequestRaw };
  }
  httpAgent ??= new HttpAgent({ keepAlive: true, maxSockets: 64 });
  return { agent: httpAgent, request: httpRequestRaw };
}

/** Sends one request; resolves when the response headers arrive. */
async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const { agent, request } = await agentFor(url.protocol);
  const outgoing: OutgoingHttpHeaders = { ...headers };
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length'))
    outgoing['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: outgoing, agent, signal }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

export const USER_AGENT = `shipkit/${SHIPKIT_VERSION}`;

function classify(error: unknown, timeoutMs: number, url: string, deadlinePassed = false): { kind: HttpFailureKind; message: string } {
  if (deadlinePassed) return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${safeHost(url)}` };
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const host = safeHost(url);
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT')
    return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${host}` };
  if (code === 'ECONNREFUSED') return { kind: 'connection-refused', message: `connection refused by ${host}` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED')
    return { kind: 'connection-reset', message: `connection to ${host} was reset (${code})` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message: `could not resolve ${host} (${code})` };
  if (/CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(code)) return { kind: 'tls', message: `TLS error talking to ${host} (${code})` };
  return { kind: 'network', message: `request to ${host} failed: ${e.cause?.message ?? e.message ?? code}` };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

function dropHeaders(headers: Record<string, string>, names: ReadonlySet<string>): void {
  for (const name of Object.keys(headers)) if (names.has(name.toLowerCase())) delete headers[name];
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const maxBody = req.maxBodyBytes ?? 10 * 1024 * 1024;
  const redirects: string[] = [];
  let url = req.url;
  let method = (req.method ?? 'GET').toUpperCase();
  let body = req.body;
  // The caller's User-Agent (in any case) replaces ours rather than being sent beside it.
  const headers: Record<string, string> = { ...req.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['user-agent'] = USER_AGENT;
  for (;;) {
    let res: IncomingMessage;
    try {
      res = await send(new URL(url), method, headers, body, deadline);
    } catch (error) {
      const { kind, message } = classify(error, req.timeoutMs, url, deadline.aborted);
      throw new HttpFailure(kind, message, performance.now() - started);
    }
    const location = res.headers.location;
    if (req.followRedirects !== false && REDIRECT.has(res.statusCode ?? 0) && typeof location === 'string') {
      res.resume();
      if (redirects.length >= (req.maxRedirects ?? 10))
        throw new HttpFailure(
          'too-many-redirects',
          `more than ${req.maxRedirects ?? 10} redirects from ${req.url}`,
          performance.now() - started,
        );
      const next = new URL(location, url);
      // Credentials and auth never follow a redirect to another origin (header names in any case).
      if (next.origin !== new URL(url).origin) dropHeaders(headers, CREDENTIAL_HEADERS);
      url = next.toString();
      redirects.push(url);
      if ((res.statusCode === 303 && method !== 'HEAD') || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        // The body is gone, so are the headers that described it.
        dropHeaders(headers, BODY_HEADERS);
      }
      continue;
    }
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
      const { kind, message } = classify(error, req.timeoutMs, url, deadline.aborted);
      throw new HttpFailure(kind, message, performance.now() - started);
    }
    const latencyMs = performance.now() - started;
    const flatHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) flatHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return {
      status: res.statusCode ?? 0,
      headers: flatHeaders,
      body: Buffer.concat(chunks).toString('utf8'),
      bodyTruncated: truncated,
      latencyMs,
      url,
      redirects,
    };
  }
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
    // A redirect loop or a bad certificate gives the same answer on every attempt.
    const retryable = failure ? failure.kind !== 'too-many-redirects' && failure.kind !== 'tls' : isRetryableStatus(response?.status ?? 0);
    if (!retryable || attempt > options.retries) return { response, failure, attempts };
    const hinted = response ? retryAfterMs(response.headers['retry-after']) : undefined;
    const delay = Math.min(hinted ?? jitteredDelay(options.baseDelayMs, attempt), options.maxDelayMs ?? 30_000);
    await sleep(delay);
  }
}
