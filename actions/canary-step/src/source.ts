/**
 * Where canary-step's counts come from. With the local provider and no `source` (or `exposition`
 * without a URL), the app's traffic proxy counts each arm itself: its admin `/metrics` is read
 * directly with the `proxy` preset, the arms told apart by `arm="candidate"` / `arm="stable"` —
 * no metrics server needed. Otherwise the source the analysis inputs name, read as slo-watch reads
 * it (by default `probes`: the action's own requests to `url`, against `baseline-url`).
 */
import { ConfigurationError } from '@shipkit/kit';
import { analysisInputs, type AnalysisInputs, type AnalysisSettings } from '@shipkit/analysis/inputs';
import { createSource as createAnalysisSource } from '@shipkit/analysis/sources';
import type { DeployProvider } from '@shipkit/deploy';
import type { MetricsSource } from '@shipkit/metrics';

/** Stands for the proxy's `/metrics` until the proxy runs (analysisSettings checks the rest first). */
export const PROXY_METRICS_PLACEHOLDER = 'http://local-traffic-proxy.invalid/metrics';

type SourceInputs = Omit<AnalysisInputs, 'source'> & { source?: AnalysisInputs['source']; provider: string };

export const readsLocalProxy = (i: SourceInputs): boolean =>
  i.provider === 'local' && (i.source === undefined || (i.source === 'exposition' && i.expositionUrl.length === 0));

/** The analysis inputs with the proxy's defaults filled in, or the shared default source (`probes`). */
export function resolveSource(i: SourceInputs, proxy: boolean): AnalysisInputs {
  if (proxy)
    return {
      ...i,
      source: 'exposition',
      metrics: i.metrics === 'http' ? 'proxy' : i.metrics,
      selector: i.selector ?? 'arm="candidate"',
      baselineSelector: i.baselineSelector ?? 'arm="stable"',
    };
  return { ...i, source: i.source ?? (analysisInputs.source.default as AnalysisInputs['source']) };
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
  const source = settings.source;
  if (source.kind === 'exposition' && source.urls.includes(PROXY_METRICS_PLACEHOLDER)) {
    const adminUrl = await proxyAdminUrl(provider, candidate, stable);
    const urls = source.urls.map((u) => (u === PROXY_METRICS_PLACEHOLDER ? `${adminUrl}/metrics` : u));
    return createAnalysisSource({ ...settings, source: { kind: 'exposition', urls } }, new Date());
  }
  return createAnalysisSource(settings, new Date());
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
