// Metrics-source adapters: per-interval integer counts per arm from a metrics backend.
export * from './types';
export * from './counters';
export { PrometheusSource, type PrometheusOptions } from './prometheus';
export { DatadogSource, datadogBaseUrl, type DatadogOptions } from './datadog';
export { ExpositionSource, EXPOSITION_RETRY, type ExpositionOptions } from './exposition-source';
export { parseExposition, parseExpositionValue, ExpositionParseError, type ExpositionSample } from './exposition';
export { parseSelector, SelectorError, type VectorSelector, type Matcher } from './selector';
export { PRESETS, PRESET_NAMES, type SourceKind } from './presets';
export { DEFAULT_RETRY } from './fetch';
