/**
 * The proxy's Prometheus metrics (prom-client, a registry of its own). Every request sent to a
 * backend is one attempt: counted once in `shipkit_proxy_requests_total` and observed once in
 * `shipkit_proxy_request_duration_seconds`, both labelled with the arm that took it and the
 * backend's version, so `sum(requests_total) == duration_count` per arm and version, and
 * `duration_count - duration_bucket{le="L"}` is that arm's count of requests slower than L.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type Arm = 'stable' | 'candidate';
export type FailureReason = 'refused' | 'connect-timeout' | 'reset' | 'timeout' | 'protocol';

export interface BackendGaugeSource {
  arm: Arm;
  version: string;
  up: boolean;
  weightPercent: number;
}

/** The counters one arm+version pair writes to, label lookups done once. */
export interface ArmSeries {
  count(code: number, seconds: number): void;
  failure(reason: FailureReason): void;
}

export class ProxyMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'arm' | 'version' | 'code'>;
  private readonly duration: Histogram<'arm' | 'version'>;
  private readonly failures: Counter<'arm' | 'version' | 'reason'>;

  constructor(buckets: number[], current: () => BackendGaugeSource[]) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'shipkit_proxy_requests_total',
      help: 'Requests sent to a backend, by arm, backend version and HTTP status (502/504 when the backend gave no answer, 499 when the client left first).',
      labelNames: ['arm', 'version', 'code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'shipkit_proxy_request_duration_seconds',
      help: 'Time from sending a request to a backend to the last byte of its answer (or the failure), by arm and backend version.',
      labelNames: ['arm', 'version'],
      buckets,
      registers,
    });
    this.failures = new Counter({
      name: 'shipkit_proxy_backend_failures_total',
      help: 'Requests a backend did not answer, by reason (refused, connect-timeout, reset, timeout, protocol); each is also in requests_total as 502 or 504.',
      labelNames: ['arm', 'version', 'reason'],
      registers,
    });
    new Gauge({
      name: 'shipkit_proxy_backend_up',
      help: '1 when the backend takes traffic, 0 while it is ejected (it stopped answering; active health checks re-admit it).',
      labelNames: ['arm', 'version'],
      registers,
      collect() {
        this.reset();
        for (const b of current()) this.set({ arm: b.arm, version: b.version }, b.up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'shipkit_proxy_weight_percent',
      help: 'The configured share of new requests, in percent, by arm and backend version.',
      labelNames: ['arm', 'version'],
      registers,
      collect() {
        this.reset();
        for (const b of current()) this.set({ arm: b.arm, version: b.version }, b.weightPercent);
      },
    });
  }

  series(arm: Arm, version: string): ArmSeries {
    const byCode = new Map<number, { inc(): void }>();
    const duration = this.duration.labels({ arm, version });
    return {
      count: (code, seconds) => {
        let counter = byCode.get(code);
        if (!counter) {
          counter = this.requests.labels({ arm, version, code: String(code) });
          byCode.set(code, counter);
        }
        counter.inc();
        duration.observe(seconds);
      },
      failure: (reason) => this.failures.labels({ arm, version, reason }).inc(),
    };
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
