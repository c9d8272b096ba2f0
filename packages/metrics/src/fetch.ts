/**
 * GET with the kit's HTTP client and backoff: connection failures, timeouts, 5xx and 429 are
 * retried with jittered exponential delays (Retry-After or the backend's own reset hint honoured);
 * the caller decides which other answers are worth another attempt. A backend that never answers
 * well yields a failure, never data.
 */
import { HttpFailure, httpRequest, isRetryableStatus, jitteredDelay, retryAfterMs, type HttpResponse } from '@shipkit/kit/http';
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 5_000 };

export interface Fetched {
  response?: HttpResponse;
  /** Why there is no usable answer (the last attempt's), when there is none. */
  failure?: string;
  attempts: number;
}

export interface GetOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Whether an answer (not 5xx/429, which always are) should be tried again. */
  retryAnswer?: (response: HttpResponse) => boolean;
  /** A delay hint of the backend's own, in ms (e.g. Datadog's X-RateLimit-Reset). */
  delayHint?: (response: HttpResponse) => number | undefined;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function getWithRetries(url: string, options: GetOptions): Promise<Fetched> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse | undefined;
    let failure: string | undefined;
    try {
      response = await httpRequest({
        url,
        method: 'GET',
        headers: { accept: 'application/json', ...options.headers },
        timeoutMs: options.timeoutMs,
        followRedirects: false,
      });
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      failure = e.message;
    }
    const retryable = response ? isRetryableStatus(response.status) || (options.retryAnswer?.(response) ?? false) : true;
    if (!retryable) return { response, attempts: attempt };
    if (attempt > options.retry.retries) return { response, failure: failure ?? `HTTP ${response?.status}`, attempts: attempt };
    const hinted = response ? (retryAfterMs(response.headers['retry-after']) ?? options.delayHint?.(response)) : undefined;
    await sleep(Math.min(hinted ?? jitteredDelay(options.retry.baseDelayMs, attempt), options.retry.maxDelayMs ?? 30_000));
  }
}

/** The JSON body, or undefined when it is not JSON. */
export function jsonBody(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}
