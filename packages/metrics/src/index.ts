// Metrics-source adapters: per-interval integer counts per arm from a metrics backend.
export * from './types';
export * from './counters';
export { PrometheusSource, type PrometheusOptions } from './prometheus';
export { DatadogSource, datadogBaseUrl, type DatadogOptions } from './datadog';
export { PRESETS, PRESET_NAMES, type SourceKind } from './presets';
export { DEFAULT_RETRY } from './fetch';
