/**
 * The local deploy provider's weighted traffic proxy. In-process: `startProxy`. As a process:
 * `launchProxy` (from `@shipkit/proxy/launch`, light) starts `dist/proxy/index.js`, and
 * `proxyAdminClient` (from `@shipkit/proxy/client`, light) drives it. See README.md.
 */
export { startProxy } from './proxy';
export type {
  BackendChange,
  BackendsChange,
  BackendState,
  DrainReport,
  ProxyControl,
  ProxyEvent,
  ProxyState,
  RetiredBackend,
  RunningProxy,
  StartProxyOptions,
  WeightChange,
} from './proxy';
export { DEFAULT_BUCKETS, ProxyConfigError, parseWeight, resolveOptions } from './config';
export type { BackendSpec, HealthOptions, ListenSpec, ProxyOptions, StickyOptions, TimeoutOptions } from './config';
export type { Arm, FailureReason } from './metrics';
export { launchProxy, proxyBundlePath, stopProcess, type LaunchedProxy, type ProxyProcessConfig } from './launch';
export { proxyAdminClient, ProxyAdminError, type AdminChange, type ProxyAdminClient } from './client';
