/**
 * One backend: its keep-alive connection pool (undici), the requests in flight on it, its health
 * (passive ejection, active re-admission) and its retirement (drain, then close).
 */
import type { Socket } from 'node:net';
import { Pool } from 'undici';
import type { ResolvedBackend, ResolvedOptions } from './config';
import type { FailureReason } from './metrics';

export interface DrainReport {
  url: string;
  version: string;
  /** Requests (and upgraded connections) in flight when it was retired. */
  inFlightAtRetire: number;
  drainMs: number;
  /** True when the drain timeout ran out and the remaining connections were cut. */
  forced: boolean;
  /** How many were still in flight when they were cut (0 unless forced). */
  abandoned: number;
}

export interface BackendHooks {
  ejected(backend: Backend, reason: FailureReason): void;
  readmitted(backend: Backend): void;
  drained(backend: Backend, report: DrainReport): void;
}

export class Backend {
  readonly url: string;
  readonly version: string;
  readonly pool: Pool;
  /** Requests dispatched and not yet finished, plus open upgraded (WebSocket) connections. */
  inFlight = 0;
  ejected = false;
  /** Client sockets of upgraded connections through this backend, cut if a drain times out. */
  readonly upgrades = new Set<Socket>();
  private consecutiveFailures = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private probePasses = 0;
  private retirement: { started: number; inFlightAtRetire: number; timer: NodeJS.Timeout; resolve: (r: DrainReport) => void } | undefined;
  private closed = false;

  private readonly options: Pick<ResolvedOptions, 'health' | 'timeouts'>;
  private readonly hooks: BackendHooks;

  constructor(spec: ResolvedBackend, options: Pick<ResolvedOptions, 'health' | 'timeouts'>, hooks: BackendHooks) {
    this.options = options;
    this.hooks = hooks;
    this.url = spec.url;
    this.version = spec.version;
    this.pool = new Pool(spec.origin, {
      connect: { timeout: options.timeouts.connectMs },
      headersTimeout: options.timeouts.headersMs,
      bodyTimeout: options.timeouts.bodyMs,
    });
  }

  get retiring(): boolean {
    return this.retirement !== undefined;
  }

  begin(): void {
    this.inFlight++;
  }

  end(): void {
    this.inFlight--;
    if (this.retirement && this.inFlight === 0) this.finishDrain(false);
  }

  /** An answer arrived (any status: a 5xx is an answer, counted, never a reason to eject). */
  answered(): void {
    this.consecutiveFailures = 0;
  }

  /** The backend gave no answer. Ejects it when it refused the connection or failed too often in a row. */
  failed(reason: FailureReason): void {
    this.consecutiveFailures++;
    if (this.ejected || this.retirement || this.closed) return;
    if (reason === 'refused' || this.consecutiveFailures >= this.options.health.failures) {
      this.ejected = true;
      this.probePasses = 0;
      this.hooks.ejected(this, reason);
      this.scheduleProbe();
    }
  }

  private scheduleProbe(): void {
    if (this.closed || this.retirement) return;
    this.probeTimer = setTimeout(() => void this.probe(), this.options.health.intervalMs);
    this.probeTimer.unref();
  }

  /** Active health check of an ejected backend: GET the health path; 2xx/3xx passes. */
  private async probe(): Promise<void> {
    const { path, timeoutMs, passes } = this.options.health;
    let ok: boolean;
    try {
      const response = await this.pool.request({
        method: 'GET',
        path,
        headers: { 'user-agent': 'shipkit-proxy-health' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      ok = response.statusCode >= 200 && response.statusCode < 400;
    } catch {
      ok = false;
    }
    if (this.closed || this.retirement) return;
    this.probePasses = ok ? this.probePasses + 1 : 0;
    if (this.probePasses >= passes) {
      this.ejected = false;
      this.consecutiveFailures = 0;
      this.hooks.readmitted(this);
      return;
    }
    this.scheduleProbe();
  }

  /** No new requests come here any more; resolves when those in flight have finished (or were cut after `drainTimeoutMs`). */
  retire(drainTimeoutMs: number): Promise<DrainReport> {
    clearTimeout(this.probeTimer);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finishDrain(true), drainTimeoutMs);
      timer.unref();
      this.retirement = { started: Date.now(), inFlightAtRetire: this.inFlight, timer, resolve };
      if (this.inFlight === 0) this.finishDrain(false);
    });
  }

  private finishDrain(forced: boolean): void {
    const r = this.retirement;
    if (!r || this.closed) return;
    clearTimeout(r.timer);
    const abandoned = forced ? this.inFlight : 0;
    const report: DrainReport = {
      url: this.url,
      version: this.version,
      inFlightAtRetire: r.inFlightAtRetire,
      drainMs: Date.now() - r.started,
      forced,
      abandoned,
    };
    void this.close(forced);
    this.hooks.drained(this, report);
    r.resolve(report);
  }

  /** Closes the pool: gracefully (idle keep-alive sockets), or cutting whatever is still running. */
  async close(force = true): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.probeTimer);
    for (const socket of this.upgrades) socket.destroy();
    await (force ? this.pool.destroy() : this.pool.close()).catch(() => undefined);
  }
}
