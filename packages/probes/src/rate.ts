/**
 * Probes at a steady rate (slo-watch `source: probes`): request k goes out at start + k / rate
 * whether or not earlier ones have answered (an open loop: a slow target does not slow the probing
 * down, so it cannot hide its own slowness), to each arm's probe k mod n — arms are probed in
 * step, so a candidate and its baseline see the same requests at the same moments. No retries:
 * each request is one observation. Every completed request is counted in the tally `take()`
 * returns, then reset: requests, failures (no answer, a 5xx, or an answer failing the probe's
 * expectations) and a latency histogram.
 */
import { performance } from 'node:perf_hooks';
import { HttpFailure, httpRequest, type HttpResponse } from '@shipkit/kit/http';
import { checkResponse, statusMatches } from './check';
import { probeRequest } from './once';
import type { Probe } from './parse';

/** Probes watch a deployment; they are not a load test. */
export const MAX_RATE_PER_SECOND = 100;
const RATE = /^(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|sec|second|m|min|minute)$/i;

/** `5/s` → 5, `30/m` → 0.5 (requests per second); a problem when it is not such a rate or out of bounds. */
export function parseRate(text: string): { perSecond: number } | { problem: string } {
  const m = RATE.exec(text.trim());
  if (!m)
    return {
      problem: `must be requests per second or per minute, such as \`5/s\` or \`30/m\`, got \`${text}\``,
    };
  const perSecond = Number(m[1]) / ((m[2] as string).toLowerCase().startsWith('m') ? 60 : 1);
  if (!(perSecond >= 1 / 60)) return { problem: `must be at least one request a minute (\`1/m\`), got \`${text}\`` };
  if (perSecond > MAX_RATE_PER_SECOND)
    return {
      problem: `must be at most ${MAX_RATE_PER_SECOND}/s (the probes watch a deployment, they are not a load test), got \`${text}\``,
    };
  return { perSecond };
}

/**
 * Latency histogram boundaries in seconds: 1 ms × 2^(k/4) up to ~65 s (each 19 % above the last),
 * plus `extra` (the SLO's boundary, so it is a bucket of its own and judged exactly).
 */
export function latencyBoundaries(extra: readonly number[] = []): number[] {
  const grid = Array.from({ length: 65 }, (_, k) => Number((0.001 * 2 ** (k / 4)).toPrecision(6)));
  return [...new Set([...grid, ...extra.filter((x) => Number.isFinite(x) && x > 0)])].sort((a, b) => a - b);
}

/** Failed requests of one probe grouped by what went wrong: `status 503`, `no answer (timeout)`, `expectations`. */
export interface FailureCount {
  probe: string;
  what: string;
  count: number;
  /** The first such failure's reasons, in full. */
  example: string;
}

export interface ArmTally {
  /** Requests completed since the last take: an answer, or none by the deadline. */
  requests: number;
  /** Of them: no answer, a 5xx, or an answer failing the probe's expectations. */
  failed: number;
  /** Requests with a latency (answered, or timed out at the deadline: that slow at least). */
  timed: number;
  /** Their cumulative histogram at `boundaries` (seconds): requests at or below each. */
  buckets: { le: number; count: number }[];
  /** Requests due but not sent because `maxInFlight` were still waiting for an answer. */
  skipped: number;
  failures: FailureCount[];
}

export interface RateSettings {
  /** Requests per second, per arm. */
  perSecond: number;
  /** Deadline per request (connect, headers and body). */
  timeoutMs: number;
  followRedirects?: boolean;
  /** Sent with every probe (the probe's own headers win). */
  headers?: Record<string, string>;
  /** Histogram boundaries in seconds (default `latencyBoundaries()`). */
  boundaries?: readonly number[];
  /** Requests awaiting an answer per arm before further ones are skipped (default: rate × timeout + 1, at most 1,000). */
  maxInFlight?: number;
}

export interface RateProber<A extends string> {
  /** When the first request went out (ms since the epoch). */
  readonly startedAt: number;
  readonly boundaries: readonly number[];
  /** Each arm's tally since the previous take (or the start), then starts a new one. */
  take(): Record<A, ArmTally>;
  /** Requests sent so far, per arm. */
  sent(): Record<A, number>;
  /** Stops sending and abandons the requests still in flight (they are counted nowhere). */
  stop(): void;
}

interface Open {
  requests: number;
  failed: number;
  timed: number;
  /** Non-cumulative counts per boundary index; the last slot is above every boundary. */
  bins: number[];
  skipped: number;
  failures: Map<string, FailureCount>;
}

/** Which boundary bin `seconds` falls into (the first boundary at or above it). */
function binOf(boundaries: readonly number[], seconds: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((boundaries[mid] as number) >= seconds) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What went wrong with one request, or undefined when it passed. */
export function judge(
  probe: Probe,
  response: HttpResponse | undefined,
  failure?: HttpFailure,
): { what: string; reasons: string } | undefined {
  if (!response) {
    const f = failure as HttpFailure;
    return f.kind === 'bad-redirect'
      ? { what: 'redirect not followed', reasons: f.message }
      : { what: `no answer (${f.kind})`, reasons: `no answer: ${f.message}` };
  }
  const reasons = checkResponse(probe, response);
  if (reasons.length === 0 && response.status < 500) return undefined;
  const what =
    response.status >= 500 || !statusMatches(response.status, probe.expect.status) ? `status ${response.status}` : 'expectations';
  return { what, reasons: reasons.length > 0 ? reasons.join('; ') : `status ${response.status}` };
}

/** Starts probing now: `arms` maps each arm's name to its probes (e.g. `{ candidate, baseline }`). */
export function probeAtRate<A extends string>(arms: Record<A, readonly Probe[]>, settings: RateSettings): RateProber<A> {
  const names = Object.keys(arms) as A[];
  for (const name of names) if (arms[name].length === 0) throw new RangeError(`arm ${name} has no probes`);
  if (!(settings.perSecond > 0 && settings.perSecond <= MAX_RATE_PER_SECOND))
    throw new RangeError(`rate ${settings.perSecond}/s is out of bounds`);
  const boundaries = settings.boundaries ?? latencyBoundaries();
  const maxInFlight = settings.maxInFlight ?? Math.min(1000, Math.ceil((settings.perSecond * settings.timeoutMs) / 1000) + 1);
  const fresh = (): Open => ({
    requests: 0,
    failed: 0,
    timed: 0,
    bins: boundaries.map(() => 0).concat(0),
    skipped: 0,
    failures: new Map(),
  });
  const open = new Map<A, Open>(names.map((n) => [n, fresh()]));
  const inFlight = new Map<A, number>(names.map((n) => [n, 0]));
  const sentCount = new Map<A, number>(names.map((n) => [n, 0]));
  const controller = new AbortController();
  let stopped = false;

  const record = (arm: A, probe: Probe, response: HttpResponse | undefined, failure: HttpFailure | undefined): void => {
    if (stopped) return;
    const o = open.get(arm) as Open;
    o.requests++;
    const latencyMs = response ? response.latencyMs : failure?.kind === 'timeout' ? failure.latencyMs : undefined;
    if (latencyMs !== undefined) {
      o.timed++;
      const bin = binOf(boundaries, latencyMs / 1000);
      o.bins[bin] = (o.bins[bin] as number) + 1;
    }
    const bad = judge(probe, response, failure);
    if (!bad) return;
    o.failed++;
    const key = `${probe.name}\n${bad.what}`;
    const seen = o.failures.get(key);
    if (seen) seen.count++;
    else o.failures.set(key, { probe: probe.name, what: bad.what, count: 1, example: bad.reasons });
  };

  const send = (arm: A, probe: Probe): void => {
    if ((inFlight.get(arm) as number) >= maxInFlight) {
      (open.get(arm) as Open).skipped++;
      return;
    }
    inFlight.set(arm, (inFlight.get(arm) as number) + 1);
    sentCount.set(arm, (sentCount.get(arm) as number) + 1);
    const request = probeRequest(probe, {
      timeoutMs: settings.timeoutMs,
      followRedirects: settings.followRedirects ?? true,
      ...(settings.headers ? { headers: settings.headers } : {}),
      signal: controller.signal,
    });
    httpRequest(request)
      .then(
        (response) => record(arm, probe, response, undefined),
        (e: unknown) => {
          if (e instanceof HttpFailure) record(arm, probe, undefined, e);
          else if (!stopped) throw e;
        },
      )
      .finally(() => inFlight.set(arm, (inFlight.get(arm) as number) - 1));
  };

  const t0 = performance.now();
  const startedAt = Date.now();
  let k = 0;
  let timer: NodeJS.Timeout | undefined;
  const burst = Math.max(1, Math.ceil(settings.perSecond));
  const tick = (): void => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - t0) * settings.perSecond) / 1000) + 1;
    // A stalled event loop sends at most a second's worth at once; the rest are skipped, and counted.
    if (due - k > burst) {
      for (const name of names) (open.get(name) as Open).skipped += due - k - burst;
      k = due - burst;
    }
    for (; k < due; k++) for (const name of names) send(name, arms[name][k % arms[name].length] as Probe);
    timer = setTimeout(tick, Math.max(1, t0 + (k * 1000) / settings.perSecond - performance.now()));
  };
  tick();

  return {
    startedAt,
    boundaries,
    take() {
      const out = {} as Record<A, ArmTally>;
      for (const name of names) {
        const o = open.get(name) as Open;
        open.set(name, fresh());
        let cumulative = 0;
        out[name] = {
          requests: o.requests,
          failed: o.failed,
          timed: o.timed,
          buckets: boundaries.map((le, i) => ({ le, count: (cumulative += o.bins[i] as number) })),
          skipped: o.skipped,
          failures: [...o.failures.values()],
        };
      }
      return out;
    },
    sent() {
      return Object.fromEntries(names.map((n) => [n, sentCount.get(n) as number])) as Record<A, number>;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller.abort();
    },
  };
}
