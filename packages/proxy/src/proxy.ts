/**
 * `startProxy(options)`: the weighted stable/candidate proxy in this process. The traffic
 * listener forwards every request (and upgrade) to one arm; the admin listener changes weights
 * and backends and serves `/metrics`. The process entry (main.ts) is a thin shell around this.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminHandler } from './admin';
import { Backend, type DrainReport } from './backend';
import {
  ProxyConfigError,
  parseBackend,
  parseWeight,
  resolveOptions,
  type BackendSpec,
  type ProxyOptions,
  type ResolvedBackend,
} from './config';
import { handleRequest } from './forward';
import { ProxyMetrics, type Arm, type FailureReason } from './metrics';
import type { Routing, Slot } from './routing';
import { handleUpgrade } from './upgrade';

export type { DrainReport } from './backend';

export interface BackendState {
  url: string;
  version: string;
  /** False while ejected (it stopped answering; health checks re-admit it). */
  up: boolean;
  inFlight: number;
}

export interface ProxyState {
  /** Percent of new requests per arm; they add up to 100. */
  weights: { stable: number; candidate: number };
  stable: BackendState;
  candidate: BackendState | null;
  sticky: { cookie: string } | null;
  /** Replaced backends still finishing their in-flight requests. */
  retiring: BackendState[];
  /** The latest drained backends (newest last, at most 20). */
  drained: DrainReport[];
}

export interface RetiredBackend {
  url: string;
  version: string;
  /** Resolves once its in-flight requests finished (or the drain timeout cut them); its pool is closed then. */
  drained: Promise<DrainReport>;
}

export interface BackendChange {
  state: ProxyState;
  retired: RetiredBackend[];
}

export interface WeightChange {
  /** Candidate percent (0–100, one decimal); the stable arm gets the rest. */
  candidate?: number;
  /** Stable percent; give one of the two, or both adding up to 100. */
  stable?: number;
}

export interface BackendsChange {
  stable?: BackendSpec | string;
  /** null removes the candidate (its weight becomes 0). */
  candidate?: BackendSpec | string | null;
  /** Candidate percent with the new backends; default: kept when the candidate is kept, else 0. */
  weight?: number;
}

export type ProxyEvent =
  | { event: 'weights'; stable: number; candidate: number }
  | { event: 'backends'; stable: { url: string; version: string }; candidate: { url: string; version: string } | null }
  | { event: 'ejected'; arm: Arm | 'retired'; url: string; version: string; reason: FailureReason }
  | { event: 'readmitted'; arm: Arm | 'retired'; url: string; version: string }
  | ({ event: 'drained' } & DrainReport)
  | { event: 'admin-rejected'; reason: 'missing' | 'wrong'; method: string; path: string }
  | { event: 'closing' }
  | { event: 'closed' };

/** What the admin endpoint drives; the same calls are on `RunningProxy`. */
export interface ProxyControl {
  state(): ProxyState;
  setWeights(change: WeightChange | Record<string, unknown>): ProxyState;
  setBackends(change: BackendsChange | Record<string, unknown>): BackendChange;
  promote(): BackendChange;
  metrics(): Promise<string>;
  readonly metricsContentType: string;
}

export interface RunningProxy extends ProxyControl {
  /** The traffic listener, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The admin listener; metrics at `${adminUrl}/metrics`. */
  adminUrl: string;
  /** Stops accepting, lets in-flight requests finish (up to `drainTimeoutMs`), closes everything. */
  close(): Promise<void>;
}

export interface StartProxyOptions extends ProxyOptions {
  /** Called for every change of state worth a log line; never carries the token. */
  onEvent?: (event: ProxyEvent) => void;
}

const sameBackend = (b: Backend, spec: ResolvedBackend): boolean => b.url === spec.url && b.version === spec.version;
const percent = (tenths: number): number => tenths / 10;

const listen = (server: Server, host: string, port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
    });
  });

export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const { onEvent, ...rest } = options;
  const config = resolveOptions(rest);
  const emit = onEvent ?? (() => undefined);
  const drained: DrainReport[] = [];
  const retiring = new Set<Backend>();
  let closing = false;

  const metrics = new ProxyMetrics(config.buckets, () => {
    const r = routing;
    const list = [
      {
        arm: 'stable' as Arm,
        version: r.stable.backend.version,
        up: !r.stable.backend.ejected,
        weightPercent: percent(1000 - r.candidateTenths),
      },
    ];
    if (r.candidate)
      list.push({
        arm: 'candidate',
        version: r.candidate.backend.version,
        up: !r.candidate.backend.ejected,
        weightPercent: percent(r.candidateTenths),
      });
    return list;
  });

  const armOf = (backend: Backend): Arm | 'retired' =>
    routing.stable.backend === backend ? 'stable' : routing.candidate?.backend === backend ? 'candidate' : 'retired';
  const hooks = {
    ejected: (b: Backend, reason: FailureReason) => emit({ event: 'ejected', arm: armOf(b), url: b.url, version: b.version, reason }),
    readmitted: (b: Backend) => emit({ event: 'readmitted', arm: armOf(b), url: b.url, version: b.version }),
    drained: (b: Backend, report: DrainReport) => {
      retiring.delete(b);
      drained.push(report);
      if (drained.length > 20) drained.shift();
      emit({ event: 'drained', ...report });
    },
  };
  const newBackend = (spec: ResolvedBackend): Backend => new Backend(spec, config, hooks);
  const slot = (arm: Arm, backend: Backend): Slot => ({ arm, backend, series: metrics.series(arm, backend.version) });

  let routing: Routing = {
    stable: slot('stable', newBackend(config.stable)),
    candidate: config.candidate ? slot('candidate', newBackend(config.candidate)) : null,
    candidateTenths: config.weightTenths,
  };

  const backendState = (b: Backend): BackendState => ({ url: b.url, version: b.version, up: !b.ejected, inFlight: b.inFlight });
  const state = (): ProxyState => ({
    weights: { stable: percent(1000 - routing.candidateTenths), candidate: percent(routing.candidateTenths) },
    stable: backendState(routing.stable.backend),
    candidate: routing.candidate ? backendState(routing.candidate.backend) : null,
    sticky: config.sticky,
    retiring: [...retiring].map(backendState),
    drained: [...drained],
  });

  const setWeights = (change: WeightChange | Record<string, unknown>): ProxyState => {
    if (typeof change !== 'object' || change === null || Array.isArray(change))
      throw new ProxyConfigError('weights must be an object such as {"candidate": 25}', 'weights');
    for (const key of Object.keys(change))
      if (key !== 'candidate' && key !== 'stable')
        throw new ProxyConfigError(`\`${key}\` is not a weight (give "candidate" or "stable")`, key);
    const { candidate, stable } = change as Record<string, unknown>;
    if (candidate === undefined && stable === undefined)
      throw new ProxyConfigError('give `candidate` (percent, 0–100) or `stable`', 'candidate');
    const c = candidate === undefined ? undefined : parseWeight(candidate, 'candidate');
    const s = stable === undefined ? undefined : parseWeight(stable, 'stable');
    if (c !== undefined && s !== undefined && c + s !== 1000)
      throw new ProxyConfigError(`\`candidate\` and \`stable\` must add up to 100 (got ${c / 10} + ${s / 10})`, 'stable');
    const tenths = c ?? 1000 - (s as number);
    if (tenths > 0 && !routing.candidate)
      throw new ProxyConfigError('there is no candidate to send traffic to; set one with PUT /backends first', 'candidate');
    routing = { ...routing, candidateTenths: tenths };
    emit({ event: 'weights', stable: percent(1000 - tenths), candidate: percent(tenths) });
    return state();
  };

  const retire = (b: Backend): RetiredBackend => {
    retiring.add(b);
    return { url: b.url, version: b.version, drained: b.retire(config.drainTimeoutMs) };
  };

  const install = (next: Routing): RetiredBackend[] => {
    const before = [routing.stable.backend, routing.candidate?.backend].filter((b): b is Backend => b !== undefined);
    routing = next;
    const kept = new Set([next.stable.backend, next.candidate?.backend]);
    const retired = before.filter((b) => !kept.has(b)).map(retire);
    const { stable, candidate } = next;
    emit({
      event: 'backends',
      stable: { url: stable.backend.url, version: stable.backend.version },
      candidate: candidate ? { url: candidate.backend.url, version: candidate.backend.version } : null,
    });
    emit({ event: 'weights', stable: percent(1000 - next.candidateTenths), candidate: percent(next.candidateTenths) });
    return retired;
  };

  const setBackends = (change: BackendsChange | Record<string, unknown>): BackendChange => {
    if (closing) throw new ProxyConfigError('the proxy is shutting down', 'backends');
    if (typeof change !== 'object' || change === null || Array.isArray(change))
      throw new ProxyConfigError('backends must be an object such as {"candidate": {"url": "http://127.0.0.1:3001"}}', 'backends');
    for (const key of Object.keys(change))
      if (!['stable', 'candidate', 'weight'].includes(key))
        throw new ProxyConfigError(`\`${key}\` is not a backends field (stable, candidate, weight)`, key);
    const c = change as Record<string, unknown>;
    const stableSpec = c.stable === undefined ? undefined : parseBackend(c.stable, 'stable');
    let candidateSpec = c.candidate === undefined ? undefined : c.candidate === null ? null : parseBackend(c.candidate, 'candidate');
    const weight = c.weight === undefined ? undefined : parseWeight(c.weight, 'weight');
    // The candidate named as the new stable, with nothing said of the candidate: a promotion.
    if (candidateSpec === undefined && stableSpec && routing.candidate && sameBackend(routing.candidate.backend, stableSpec))
      candidateSpec = null;
    const stableUrl = stableSpec?.url ?? routing.stable.backend.url;
    const candidateUrl = candidateSpec === undefined ? routing.candidate?.backend.url : candidateSpec?.url;
    if (candidateUrl !== undefined && candidateUrl === stableUrl)
      throw new ProxyConfigError("`candidate.url` is the stable backend's URL; the two arms need two backends", 'candidate.url');
    if (weight !== undefined && weight > 0 && !candidateUrl) throw new ProxyConfigError('`weight` must be 0 without a candidate', 'weight');
    // Backends already running keep their pool, health and counters: a candidate named as the
    // new stable is moved, not re-created.
    const current = [routing.stable.backend, routing.candidate?.backend].filter((b): b is Backend => b !== undefined);
    const pick = (spec: ResolvedBackend): Backend => current.find((b) => sameBackend(b, spec)) ?? newBackend(spec);
    const stableBackend = stableSpec ? pick(stableSpec) : routing.stable.backend;
    const candidateBackend = candidateSpec === undefined ? (routing.candidate?.backend ?? null) : candidateSpec && pick(candidateSpec);
    const keptCandidate = candidateBackend !== null && candidateBackend === routing.candidate?.backend;
    const tenths = weight ?? (keptCandidate ? routing.candidateTenths : 0);
    const next: Routing = {
      stable: stableBackend === routing.stable.backend ? routing.stable : slot('stable', stableBackend),
      candidate:
        candidateBackend === null ? null : keptCandidate && routing.candidate ? routing.candidate : slot('candidate', candidateBackend),
      candidateTenths: tenths,
    };
    const retired = install(next);
    return { state: state(), retired };
  };

  const promote = (): BackendChange => {
    if (!routing.candidate) throw new ProxyConfigError('there is no candidate to promote', 'candidate');
    if (closing) throw new ProxyConfigError('the proxy is shutting down', 'backends');
    const retired = install({ stable: slot('stable', routing.candidate.backend), candidate: null, candidateTenths: 0 });
    return { state: state(), retired };
  };

  const control: ProxyControl = {
    state,
    setWeights,
    setBackends,
    promote,
    metrics: () => metrics.exposition(),
    metricsContentType: metrics.contentType,
  };

  const forwardContext = {
    routing: () => routing,
    stickyCookie: config.sticky?.cookie,
    retryBodyBytes: config.retryBodyBytes,
    closing: () => closing,
  };
  const upgradeContext = {
    routing: () => routing,
    stickyCookie: config.sticky?.cookie,
    connectMs: config.timeouts.connectMs,
    headersMs: config.timeouts.headersMs,
  };
  const traffic = createServer((req, res) => handleRequest(forwardContext, req, res));
  traffic.on('upgrade', (req, socket, head) => handleUpgrade(upgradeContext, req, socket, head));
  // CONNECT would make this an open forward proxy: refused.
  traffic.on('connect', (_req, socket) => socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'));
  const admin = createServer(
    adminHandler(control, config.token, (reason, method, path) => emit({ event: 'admin-rejected', reason, method, path })),
  );

  const backends = (): Backend[] => [routing.stable.backend, ...(routing.candidate ? [routing.candidate.backend] : []), ...retiring];
  const shutdown = async (): Promise<void> => {
    await Promise.all(backends().map((b) => b.close()));
    traffic.closeAllConnections();
    admin.closeAllConnections();
    await Promise.all([new Promise((r) => traffic.close(r)), new Promise((r) => admin.close(r))]);
  };

  let url: string;
  let adminUrl: string;
  try {
    url = await listen(traffic, config.listen.host, config.listen.port);
    adminUrl = await listen(admin, config.admin.host, config.admin.port);
  } catch (error) {
    await shutdown();
    const e = error as NodeJS.ErrnoException;
    const which = traffic.listening ? 'admin' : 'listen';
    const { host, port } = config[which];
    if (e.code === 'EADDRINUSE')
      throw new ProxyConfigError(`\`${which}\`: ${host}:${port} is already in use; pick another port or 0 for a free one`, which);
    throw new ProxyConfigError(`\`${which}\`: cannot listen on ${host}:${port} (${e.code ?? e.message})`, which);
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      emit({ event: 'closing' });
      traffic.close();
      traffic.closeIdleConnections();
      const deadline = Date.now() + config.drainTimeoutMs;
      while (backends().some((b) => b.inFlight > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await shutdown();
      emit({ event: 'closed' });
    })();
    return closed;
  };

  return { ...control, url, adminUrl, close };
}
