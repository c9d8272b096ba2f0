/**
 * The metrics source named by the `source` input. Every source has the `MetricsSource` shape, so
 * the watch reads a backend's counters (Prometheus, Datadog) and the action's own probes alike.
 */
import type { AnalysisSettings } from '@shipkit/analysis/inputs';
import { DatadogSource, PrometheusSource, type MetricsSource, type RetryPolicy } from '@shipkit/metrics';

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
  }
}
