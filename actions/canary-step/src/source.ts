/**
 * Where canary-step's counts come from. With the local provider and no `source` (or `exposition`
 * without a URL), the app's traffic proxy counts each arm itself: its admin `/metrics` is read
 * directly with the `proxy` preset, the arms told apart by `arm="candidate"` / `arm="stable"` —
 * no metrics server needed. Otherwise the source the analysis inputs name, as slo-watch reads it.
 */
import { ConfigurationError } from '@shipkit/kit';
import type { AnalysisInputs, AnalysisSettings } from '@shipkit/analysis/inputs';
import type { DeployProvider } from '@shipkit/deploy';
import { DatadogSource, ExpositionSource, PrometheusSource, type MetricsSource } from '@shipkit/metrics';

/** Stands for the proxy's `/metrics` until the proxy runs (analysisSettings checks the rest first). */
export const PROXY_METRICS_PLACEHOLDER = 'http://local-traffic-proxy.invalid/metrics';

type SourceInputs = Omit<AnalysisInputs, 'source'> & { source?: AnalysisInputs['source']; provider: string };

export const readsLocalProxy = (i: SourceInputs): boolean =>
  i.provider === 'local' && (i.source === undefined || (i.source === 'exposition' && i.expositionUrl.length === 0));

/** The analysis inputs with the proxy's defaults filled in, or one error when there is no source. */
export function resolveSource(i: SourceInputs, proxy: boolean): AnalysisInputs {
  if (proxy)
    return {
      ...i,
      source: 'exposition',
      metrics: i.metrics === 'http' ? 'proxy' : i.metrics,
      selector: i.selector ?? 'arm="candidate"',
      baselineSelector: i.baselineSelector ?? 'arm="stable"',
    };
  if (i.source === undefined)
    throw new ConfigurationError(
      `\`source\` is required with provider \`${i.provider}\`: where the candidate's and the stable release's counts come from (\`prometheus\`, \`datadog\` or \`exposition\`); only the local provider counts its own traffic`,
      'source',
    );
  return { ...i, source: i.source };
}

/**
 * The source for `settings`. The local proxy is started first when it does not run yet, with the
 * stable deployment alone (it already serves all traffic): the counts begin before any weight moves.
 */
export async function createSource(
  settings: AnalysisSettings,
  provider: DeployProvider,
  candidate: string,
  stable: string | undefined,
): Promise<MetricsSource> {
  const common = { queries: settings.queries, selectors: settings.selectors };
  switch (settings.source.kind) {
    case 'prometheus':
      return new PrometheusSource({ ...common, url: settings.source.url, since: new Date() });
    case 'datadog':
      return new DatadogSource({
        ...common,
        site: settings.source.site,
        apiKey: settings.source.apiKey,
        appKey: settings.source.appKey,
        since: new Date(),
      });
    case 'exposition': {
      let urls = settings.source.urls;
      if (urls.includes(PROXY_METRICS_PLACEHOLDER)) {
        const adminUrl = await proxyAdminUrl(provider, candidate, stable);
        urls = urls.map((u) => (u === PROXY_METRICS_PLACEHOLDER ? `${adminUrl}/metrics` : u));
      }
      return new ExpositionSource({ ...common, urls });
    }
  }
}

interface TrafficAware {
  trafficRecord(name: string): { proxy: { adminUrl: string } } | undefined;
}

async function proxyAdminUrl(provider: DeployProvider, candidate: string, stable: string | undefined): Promise<string> {
  const local = provider as DeployProvider & Partial<TrafficAware>;
  const app = String((await provider.get(candidate))?.details?.name ?? '');
  const running = () => local.trafficRecord?.(app);
  if (!running() && stable) await provider.promote(stable);
  const record = running();
  if (!record)
    throw new ConfigurationError(
      `the local traffic proxy of ${app} does not run, and no stable deployment was given to start it with`,
      'stable',
    );
  return record.proxy.adminUrl;
}
