/**
 * The watch: read the counts every interval, feed the analysis, stop at its first decision or at
 * the deadline. A source is anything with the `MetricsSource` shape (Prometheus, Datadog, and the
 * synthetic-probe source that comes with smoke's reworked engine). A backend that does not answer
 * adds no evidence; one still down at the end makes the verdict inconclusive, never a pass.
 */
import { addBuckets, format, histogramQuantile, type Analysis, type Bucket, type Decision } from '@shipkit/analysis';
import type { MetricsSource } from '@shipkit/metrics';

export interface ReadRecord {
  at: string;
  status: 'ok' | 'unavailable';
  reason?: string;
  notes?: string[];
}

export interface WatchOptions {
  source: MetricsSource;
  analysis: Analysis;
  intervalMs: number;
  durationMs: number;
  /** When the watch started (ms since the epoch). */
  startedAt: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface WatchResult {
  decision: Decision;
  reads: ReadRecord[];
  decidedAfterMs: number;
  /** The backend was unavailable at the end: since when, how many reads, why. */
  unavailable?: { since: string; reads: number; reason: string };
  /** Each latency metric's candidate histogram over the whole watch (for its p99). */
  candidateLatency: Record<string, { requests: number; buckets: Bucket[] }>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function watch(o: WatchOptions): Promise<WatchResult> {
  const clock = o.clock ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  const deadline = o.startedAt + o.durationMs;
  const reads: ReadRecord[] = [];
  const candidateLatency: WatchResult['candidateLatency'] = {};
  let unavailable: WatchResult['unavailable'];
  let decision: Decision;
  for (let k = 1; ; k++) {
    const due = Math.min(o.startedAt + k * o.intervalMs, deadline);
    const wait = due - clock();
    if (wait > 0) await sleep(wait);
    const to = new Date(clock());
    const read = await o.source.read(to);
    if (read.status === 'ok') {
      reads.push({ at: to.toISOString(), status: 'ok', ...(read.notes.length > 0 ? { notes: read.notes } : {}) });
      o.analysis.observe({ end: to.toISOString(), metrics: read.metrics });
      for (const [name, counts] of Object.entries(read.metrics)) {
        const c = counts.candidate;
        if (!c?.buckets) continue;
        const acc = (candidateLatency[name] ??= { requests: 0, buckets: [] });
        acc.requests += c.requests;
        acc.buckets = addBuckets(acc.buckets, c.buckets);
      }
      unavailable = undefined;
    } else {
      reads.push({ at: to.toISOString(), status: 'unavailable', reason: read.reason });
      unavailable = { since: unavailable?.since ?? to.toISOString(), reads: (unavailable?.reads ?? 0) + 1, reason: read.reason };
    }
    const final = clock() >= deadline - 1 || due >= deadline;
    decision = o.analysis.decide({ final });
    o.log?.(
      `${format.seconds((clock() - o.startedAt) / 1000)}: ${read.status === 'ok' ? decision.verdict : `metrics unavailable (${read.reason})`}` +
        (read.status === 'ok'
          ? ` — ${decision.metrics.map((m) => `${m.name} ${m.candidate.bad}/${m.candidate.requests} evidence ${format.evidence(m.evidence.logFail)}/${format.evidence(m.evidence.logPass)}`).join(', ')}`
          : ''),
    );
    if (decision.verdict === 'fail' || decision.verdict === 'pass' || decision.verdict === 'inconclusive' || final) break;
  }
  // Never a pass (nor a no-data verdict) on a backend that stopped answering: only evidence already
  // gathered can fail the watch.
  const failedOnEvidence = decision.metrics.some((m) => m.verdict === 'fail' && !m.noData);
  if (unavailable && !failedOnEvidence)
    decision = {
      ...decision,
      verdict: 'inconclusive',
      reason: `the metrics backend has been unavailable since ${unavailable.since} (${unavailable.reads} read${unavailable.reads === 1 ? '' : 's'}): ${unavailable.reason}; evidence so far: ${decision.metrics.map((m) => m.reason).join('; ')}`,
    };
  return { decision, reads, decidedAfterMs: clock() - o.startedAt, ...(unavailable ? { unavailable } : {}), candidateLatency };
}

/** A latency metric's candidate p99 over the watch, in ms. */
export function candidateP99Ms(latency: WatchResult['candidateLatency'][string] | undefined, quantile: number): number | undefined {
  if (!latency || latency.requests === 0) return undefined;
  const q = histogramQuantile(latency.buckets, latency.requests, quantile);
  return q === undefined ? undefined : Math.round(q * 1000 * 10) / 10;
}
