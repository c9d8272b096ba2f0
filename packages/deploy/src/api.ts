/**
 * JSON calls to a provider's REST API on the kit's HTTP client: a base URL (so gateways and the
 * tests' emulators stand in), the token only ever sent to that origin, retries with backoff on
 * connection errors, 5xx and 429 honouring Retry-After, and a create that cannot make two
 * deployments: before re-sending a create whose first attempt may have reached the provider, the
 * caller's `findExisting` looks for the deployment that attempt made.
 */
import { httpRequest, requestWithRetries, retryAfterMs, jitteredDelay, HttpFailure, type HttpResponse } from '@shipkit/kit/http';
import { ProviderApiError } from './provider';

export interface ApiClientOptions {
  /** Base URL, e.g. `https://api.vercel.com`; a path prefix (`/client/v4`) is kept. */
  baseUrl: string;
  /** Headers sent with every call (the credentials). */
  headers: Record<string, string>;
  /** Query parameters added to every call (`teamId`). */
  query?: Record<string, string | undefined>;
  timeoutMs?: number;
  retries?: number;
  baseDelayMs?: number;
  /** Turns an error answer into a message: each provider has its own error envelope. */
  describeError: (status: number, body: unknown) => { message: string; code?: string };
  sleep?: (ms: number) => Promise<void>;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A raw body (file contents); `contentType` says what it is. */
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Statuses that are answers, not errors (404 on a lookup). */
  accept?: number[];
}

export interface ApiAnswer<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

export interface ApiStats {
  requests: number;
  bytesSent: number;
}

export class ApiClient {
  readonly stats: ApiStats = { requests: 0, bytesSent: 0 };
  private readonly base: URL;
  private readonly sleep: (ms: number) => Promise<void>;

  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.options = options;
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  url(path: string, query: CallOptions['query'] = {}): string {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries({ ...this.options.query, ...query })) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  private attempt(method: string, path: string, call: CallOptions): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...call.headers };
    let body: string | Buffer | undefined;
    if (call.raw !== undefined) {
      body = call.raw;
      headers['content-type'] = call.contentType ?? 'application/octet-stream';
    } else if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    this.stats.requests++;
    this.stats.bytesSent += body === undefined ? 0 : Buffer.byteLength(body);
    return httpRequest({
      url: this.url(path, call.query),
      method,
      headers,
      body,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      // An API answer is never followed elsewhere: a redirect would carry the token and the body.
      followRedirects: false,
      maxBodyBytes: 50 * 1024 * 1024,
    });
  }

  private fail(method: string, path: string, response: HttpResponse | undefined, failure: HttpFailure | undefined): never {
    if (!response) throw new ProviderApiError(`${method} ${path}: ${failure?.message ?? 'no answer'}`, undefined);
    const body = parseJson(response.body);
    const { message, code } = this.options.describeError(response.status, body);
    throw new ProviderApiError(`${method} ${path} answered ${response.status}: ${message}`, response.status, code, body);
  }

  private answer<T>(method: string, path: string, response: HttpResponse, call: CallOptions): ApiAnswer<T> {
    if ((response.status < 200 || response.status > 299) && !call.accept?.includes(response.status))
      this.fail(method, path, response, undefined);
    return { status: response.status, data: parseJson(response.body) as T, headers: response.headers };
  }

  /** A call that is safe to repeat (GET, PUT of content, DELETE, idempotent POSTs). */
  async call<T>(method: string, path: string, call: CallOptions = {}): Promise<ApiAnswer<T>> {
    const { response, failure } = await requestWithRetries(() => this.attempt(method, path, call), {
      retries: this.options.retries ?? 4,
      baseDelayMs: this.options.baseDelayMs ?? 500,
      sleep: this.sleep,
    });
    if (!response) this.fail(method, path, undefined, failure);
    return this.answer<T>(method, path, response, call);
  }

  /**
   * A call that creates something. A 429 means it was not processed: wait as told and send again.
   * A 5xx, a reset or a timeout may have created it: ask `findExisting` first, send again only
   * when nothing was made.
   */
  async create<T>(method: string, path: string, call: CallOptions, findExisting: () => Promise<T | undefined>): Promise<ApiAnswer<T>> {
    const retries = this.options.retries ?? 4;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: HttpFailure | undefined;
      try {
        response = await this.attempt(method, path, call);
      } catch (e) {
        if (!(e instanceof HttpFailure)) throw e;
        failure = e;
      }
      const status = response?.status ?? 0;
      const unsure = failure !== undefined || status >= 500;
      if (!unsure && status !== 429) return this.answer<T>(method, path, response as HttpResponse, call);
      if (attempt > retries || failure?.kind === 'tls') this.fail(method, path, response, failure);
      const hinted = response ? retryAfterMs(response.headers['retry-after']) : undefined;
      await this.sleep(Math.min(hinted ?? jitteredDelay(this.options.baseDelayMs ?? 500, attempt), 30_000));
      if (unsure) {
        const existing = await findExisting();
        if (existing !== undefined) return { status: 200, data: existing, headers: {} };
      }
    }
  }
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
}

/** A unique key a create carries in its metadata, so a retried create can find what it made. */
export function idempotencyKey(): string {
  return `shipkit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
