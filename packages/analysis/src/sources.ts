/**
 * The metrics source the shared analysis inputs name (slo-watch's and canary-step's). Every source
 * has the `MetricsSource` shape, so a watch reads a backend's counters (Prometheus, Datadog, an
 * exposition read directly) and the action's own probes alike.
 */
import type { AnalysisSettings } from './inputs';
import { DatadogSource, ExpositionSource, PrometheusSource, type MetricsSource, type RetryPolicy } from '@shipkit/metrics';

/** The source of the settings; the probe engine loads only for `source: probes`. */
export async function createSource(settings: AnalysisSettings, since: Date, retry?: RetryPolicy): Promise<MetricsSource> {
  const common = { queries: settings.queries, selectors: settings.selectors, since, ...(retry ? { retry } : {}) };
  const s = settings.source;
  switch (s.kind) {
    case 'probes': {
      const { ProbeSource } = await import('@shipkit/probes');
      return new ProbeSource({
        metrics: settings.queries,
        candidate: s.candidate,
        ...(s.baseline ? { baseline: s.baseline } : {}),
        perSecond: s.perSecond,
        timeoutMs: s.timeoutMs,
        latencyBoundaries: settings.analysis.metrics.flatMap((m) => (m.objective.thresholdSeconds ? [m.objective.thresholdSeconds] : [])),
      });
    }
    case 'prometheus':
      return new PrometheusSource({ ...common, url: s.url });
    case 'datadog':
      return new DatadogSource({ ...common, site: s.site, apiKey: s.apiKey, appKey: s.appKey });
    case 'exposition':
      // Counts from the watch's start: an exposition holds only the counters now.
      return new ExpositionSource({ queries: settings.queries, selectors: settings.selectors, urls: s.urls, ...(retry ? { retry } : {}) });
  }
}
