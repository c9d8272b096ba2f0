/** Runs probes once (smoke): waits for the service, sends each probe with retries, checks the answers. */
import { httpRequest, requestWithRetries, HttpFailure, type Attempt } from '@shipkit/kit/http';
import { mapConcurrent, percentile } from '@shipkit/kit';
import { checkResponse } from './check';
import type { Probe } from './parse';

export interface OnceSettings {
  waitTimeoutMs: number;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  concurrency: number;
  followRedirects: boolean;
  /** Sent with every probe (the probe's own headers win). */
  headers: Record<string, string>;
}

export interface ProbeResult {
  name: string;
  method: string;
  url: string;
  passed: boolean;
  status?: number;
  latencyMs?: number;
  reasons: string[];
  attempts: Attempt[];
  redirects: string[];
}

export interface OnceResult {
  passed: boolean;
  total: number;
  failed: number;
  p50Ms?: number;
  p95Ms?: number;
  maxMs?: number;
  waited: { ms: number; answered: boolean; target: string };
  probes: ProbeResult[];
}

/** Moves `user:password@` out of a URL into an explicit Basic Authorization header (so it can be masked and dropped on a cross-origin redirect). */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url };
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return { url: u.toString(), authorization };
}

/** Waits until `url` gives any HTTP answer (any status) or the time is up. */
export async function waitForAnswer(url: string, timeoutMs: number, requestTimeoutMs: number): Promise<{ ms: number; answered: boolean }> {
  const started = Date.now();
  const { url: target } = splitCredentials(url);
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    try {
      await httpRequest({
        url: target,
        method: 'GET',
        timeoutMs: Math.min(requestTimeoutMs, Math.max(200, timeoutMs)),
        maxBodyBytes: 1024,
      });
      return { ms: Date.now() - started, answered: true };
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
    }
    if (Date.now() - started + pause > timeoutMs) return { ms: Date.now() - started, answered: false };
    await new Promise((r) => setTimeout(r, pause));
  }
}

export async function runProbe(probe: Probe, settings: OnceSettings): Promise<ProbeResult> {
  const { url, authorization } = splitCredentials(probe.url);
  const headers: Record<string, string> = { ...settings.headers, ...probe.headers };
  if (authorization && !headers.authorization) headers.authorization = authorization;
  const { response, failure, attempts } = await requestWithRetries(
    () =>
      httpRequest({
        url,
        method: probe.method,
        headers,
        body: probe.body,
        timeoutMs: settings.timeoutMs,
        followRedirects: settings.followRedirects,
      }),
    { retries: settings.retries, baseDelayMs: settings.retryDelayMs },
  );
  const base = { name: probe.name, method: probe.method, url: probe.url, attempts };
  const tries = attempts.length > 1 ? ` (after ${attempts.length} attempts)` : '';
  if (!response) {
    // No HTTP answer is never a pass; an answer that cannot be followed is not "no answer".
    const reason = failure?.kind === 'bad-redirect' ? failure.message : `no answer: ${failure?.message ?? 'unknown error'}`;
    return { ...base, passed: false, reasons: [`${reason}${tries}`], redirects: [] };
  }
  const reasons = checkResponse(probe, response);
  if (reasons.length > 0 && tries && reasons[0]?.startsWith('status ')) reasons[0] += tries;
  return {
    ...base,
    passed: reasons.length === 0,
    status: response.status,
    latencyMs: Math.round(response.latencyMs * 10) / 10,
    reasons,
    redirects: response.redirects,
  };
}

export async function runOnce(probes: readonly Probe[], settings: OnceSettings): Promise<OnceResult> {
  const target = (probes[0] as Probe).url;
  const waited =
    settings.waitTimeoutMs > 0
      ? { ...(await waitForAnswer(target, settings.waitTimeoutMs, settings.timeoutMs)), target }
      : { ms: 0, answered: true, target };
  const results = await mapConcurrent(probes, settings.concurrency, (probe) => runProbe(probe, settings));
  const latencies = results.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs as number);
  const round = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v));
  const failed = results.filter((r) => !r.passed).length;
  return {
    passed: failed === 0,
    total: results.length,
    failed,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.length ? Math.max(...latencies) : undefined),
    waited,
    probes: results,
  };
}
