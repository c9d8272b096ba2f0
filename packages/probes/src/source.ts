/**
 * The probes as a metrics source (slo-watch and canary-step `source: probes`, the embedded default
 * when there is no metrics backend): the action's own requests at a steady rate, to the candidate
 * and, with a baseline URL, to the baseline in step, counted per read. An `errors` metric counts
 * failed requests (no answer, a 5xx, or an answer failing the probe's expectations) among those
 * completed; a `latency` metric gives the histogram of their latencies. A target that stops
 * answering is the deployment failing (its requests are errors), never a source that is
 * unavailable: only the action's own requests are counted, so there is no backend to be down.
 */
import type { MetricCounts, MetricQueries, MetricsSource, SourceRead, WindowRead } from '@shipkit/metrics';
import type { Probe } from './parse';
import { latencyBoundaries, probeAtRate, type ArmTally, type FailureCount, type RateProber } from './rate';

export interface ProbeSourceOptions {
  /** The watched metrics: names and kinds (`errors`, `latency`); probes need no queries. */
  metrics: readonly Pick<MetricQueries, 'name' | 'kind'>[];
  candidate: readonly Probe[];
  /** The same probes pointed at a concurrent baseline (two-sample). */
  baseline?: readonly Probe[];
  perSecond: number;
  timeoutMs: number;
  /** Latency boundaries that must be buckets of their own (the SLO's), in seconds. */
  latencyBoundaries?: readonly number[];
}

type Arm = 'candidate' | 'baseline';

/** Failures over the whole watch, per arm, probe and kind, most frequent first. */
export type ProbeFailures = (FailureCount & { arm: Arm })[];

export class ProbeSource implements MetricsSource {
  readonly kind = 'probes';
  private readonly o: ProbeSourceOptions;
  private prober?: RateProber<Arm>;
  private last = new Date();
  private readonly failures = new Map<string, FailureCount & { arm: Arm }>();
  private skipped = 0;

  constructor(options: ProbeSourceOptions) {
    this.o = options;
  }

  /** Starts sending; there is nothing to check beforehand (the probes were validated when read). */
  async start(): Promise<{ ok: true }> {
    const arms = { candidate: this.o.candidate, ...(this.o.baseline ? { baseline: this.o.baseline } : {}) } as Record<
      Arm,
      readonly Probe[]
    >;
    this.prober = probeAtRate(arms, {
      perSecond: this.o.perSecond,
      timeoutMs: this.o.timeoutMs,
      boundaries: latencyBoundaries(this.o.latencyBoundaries),
    });
    this.last = new Date(this.prober.startedAt);
    return { ok: true };
  }

  async read(to: Date): Promise<SourceRead> {
    if (!this.prober) throw new Error('ProbeSource.read before start');
    const tallies = this.prober.take();
    const from = this.last;
    this.last = to;
    const notes: string[] = [];
    const metrics: Record<string, MetricCounts> = {};
    for (const m of this.o.metrics) {
      const arm = (t: ArmTally | undefined) =>
        t === undefined
          ? undefined
          : m.kind === 'errors'
            ? { requests: t.requests, bad: t.failed }
            : { requests: t.timed, buckets: t.buckets };
      metrics[m.name] = {
        candidate: arm(tallies.candidate) ?? null,
        ...(this.o.baseline ? { baseline: arm(tallies.baseline) ?? null } : {}),
      };
    }
    for (const [name, t] of Object.entries(tallies) as [Arm, ArmTally | undefined][]) {
      if (!t) continue;
      const label = name === 'candidate' ? 'canary' : 'baseline';
      if (t.failed > 0)
        notes.push(
          `${label}: ${t.failed} of ${t.requests} requests failed (${t.failures
            .sort((a, b) => b.count - a.count)
            .map((f) => `${f.probe}: ${f.what} ×${f.count}`)
            .join(', ')})`,
        );
      if (t.skipped > 0) notes.push(`${label}: ${t.skipped} requests not sent, earlier ones still awaiting an answer`);
      this.skipped += t.skipped;
      for (const f of t.failures) {
        const key = `${name}\n${f.probe}\n${f.what}`;
        const seen = this.failures.get(key);
        if (seen) seen.count += f.count;
        else this.failures.set(key, { ...f, arm: name });
      }
    }
    return { status: 'ok', from, to, metrics, notes };
  }

  /** Probes have no history: the `before` baseline needs a metrics backend. */
  async readWindow(): Promise<WindowRead> {
    return { status: 'unavailable', reason: 'probes count only the requests they send during the watch; there is nothing before it' };
  }

  /** Requests sent so far, per arm. */
  sent(): { candidate: number; baseline?: number } {
    return this.prober ? this.prober.sent() : { candidate: 0 };
  }

  /** Every failure so far (per arm, probe and kind), most frequent first, and how many requests were skipped. */
  failureSummary(): { failures: ProbeFailures; skipped: number } {
    return { failures: [...this.failures.values()].sort((a, b) => b.count - a.count), skipped: this.skipped };
  }

  stop(): void {
    this.prober?.stop();
  }
}
