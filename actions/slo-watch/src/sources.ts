/**
 * The metrics source named by the `source` input. Every source has the `MetricsSource` shape, so
 * the synthetic-probe source (smoke's probe engine, `source: probes`) plugs in here without
 * touching the watch.
 */
import type { AnalysisSettings } from '@shipkit/analysis/inputs';
import { DatadogSource, ExpositionSource, PrometheusSource, type MetricsSource, type RetryPolicy } from '@shipkit/metrics';

export function createSource(settings: AnalysisSettings, since: Date, retry?: RetryPolicy): MetricsSource {
  const common = { queries: settings.queries, selectors: settings.selectors, since, ...(retry ? { retry } : {}) };
  switch (settings.source.kind) {
    case 'prometheus':
      return new PrometheusSource({ ...common, url: settings.source.url });
    case 'datadog':
      return new DatadogSource({ ...common, site: settings.source.site, apiKey: settings.source.apiKey, appKey: settings.source.appKey });
    case 'exposition':
      // Counts from the watch's start: an exposition holds only the counters now.
      return new ExpositionSource({
        queries: settings.queries,
        selectors: settings.selectors,
        urls: settings.source.urls,
        ...(retry ? { retry } : {}),
      });
  }
}
