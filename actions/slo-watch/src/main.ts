import { ConfigurationError, readInputs, runAction, writeReport, info, setSecret, SHIPKIT_VERSION } from '@shipkit/kit';
import { Analysis } from '@shipkit/analysis';
import { analysisSettings } from '@shipkit/analysis/inputs';
import type { ProbeSource } from '@shipkit/probes';
import { inputs, outputs } from './inputs';
import { resolveSince } from './since';
import { createSource } from '@shipkit/analysis/sources';
import { candidateP99Ms, watch } from './watch';
import { renderWatch } from './render';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const settings = await analysisSettings(i, { cwd: workspace });
  if (i.interval > i.duration)
    throw new ConfigurationError(`\`interval\` (${i.interval} ms) must not be longer than \`duration\` (${i.duration} ms)`, 'interval');
  if (settings.source.kind === 'probes') {
    if (i.since?.trim())
      throw new ConfigurationError(
        "`since` starts the window of a metrics backend's history; `source: probes` counts the requests it sends from the start of the watch, so leave it empty",
        'since',
      );
    const { probeSecrets } = await import('@shipkit/probes');
    for (const secret of [...probeSecrets(settings.source.candidate), ...probeSecrets(settings.source.baseline ?? [])]) setSecret(secret);
  }
  const { since, deployment } = await resolveSince(i.since, startedAt, { token: i.githubToken, workspace });
  const source = await createSource(settings, since);
  // The queries are checked before any watching: a rejected query is one clear error now.
  const started = await source.start();
  if (!started.ok) info(`slo-watch: the metrics backend did not answer yet (${started.reason}); reading on at every interval`);
  const analysis = new Analysis(settings.analysis);
  let reference: string | undefined;
  if (settings.analysis.baseline === 'before') {
    const from = new Date(since.getTime() - i.duration);
    const window = await source.readWindow(from, since, settings.selectors.candidate);
    if (window.status === 'ok') {
      for (const m of settings.analysis.metrics) {
        const counts = window.metrics[m.name];
        if (counts) analysis.setReference(m.name, counts);
      }
      reference = `${from.toISOString()} – ${since.toISOString()}`;
    } else reference = `unavailable: ${window.reason}`;
  }
  const result = await watch({
    source,
    analysis,
    intervalMs: i.interval,
    durationMs: i.duration,
    startedAt: startedAt.getTime(),
    log: info,
  });
  const probes = source.kind === 'probes' ? (source as ProbeSource) : undefined;
  const probing = probes ? { source: probes, ...probes.failureSummary(), sent: probes.sent() } : undefined;
  probing?.source.stop();
  const { decision } = result;
  const verdict = decision.verdict === 'continue' ? 'inconclusive' : decision.verdict;
  const errors = decision.metrics.find((m) => m.kind === 'errors');
  const latency = decision.metrics.find((m) => m.kind === 'latency');
  const latencyConfig = settings.analysis.metrics.find((m) => m.name === latency?.name);
  const p99Ms = latency ? candidateP99Ms(result.candidateLatency[latency.name], latencyConfig?.objective.target ?? 0.99) : undefined;
  const state = analysis.toJSON();
  const report = writeReport({
    action: 'slo-watch',
    version: SHIPKIT_VERSION,
    verdict: verdict === 'inconclusive' ? 'neutral' : verdict,
    startedAt,
    data: {
      verdict,
      reason: decision.reason,
      source: settings.source.kind,
      baseline: settings.analysis.baseline,
      baselineWhy: settings.baselineWhy,
      ...(reference ? { reference } : {}),
      since: since.toISOString(),
      ...(deployment ? { sinceDeployment: deployment } : {}),
      ...(probing && settings.source.kind === 'probes'
        ? {
            probes: {
              perSecond: settings.source.perSecond,
              timeoutMs: settings.source.timeoutMs,
              targets: settings.source.candidate.map((p) => ({ name: p.name, method: p.method, url: p.url })),
              ...(settings.source.baseline ? { baselineTargets: settings.source.baseline.map((p) => ({ name: p.name, url: p.url })) } : {}),
              sent: probing.sent,
              skipped: probing.skipped,
              failures: probing.failures,
            },
          }
        : {}),
      durationMs: i.duration,
      intervalMs: i.interval,
      alpha: settings.analysis.alpha,
      maxIncrease: settings.analysis.maxIncrease,
      decidedAfterS: result.decidedAfterMs / 1000,
      candidateRequests: decision.candidateRequests,
      metrics: decision.metrics,
      reads: result.reads,
      ...(result.unavailable ? { unavailable: result.unavailable } : {}),
      // The evidence itself, every interval: canary-step resumes from it.
      analysis: state,
    },
  });
  renderWatch({
    decision,
    state,
    baseline: settings.analysis.baseline,
    baselineWhy: settings.baselineWhy,
    alpha: settings.analysis.alpha,
    maxIncrease: settings.analysis.maxIncrease,
    sourceKind: settings.source.kind,
    decidedAfterMs: result.decidedAfterMs,
    startedAt: startedAt.getTime(),
    unavailableReads: result.reads.filter((r) => r.status === 'unavailable').length,
    totalReads: result.reads.length,
    ...(probing ? { probeFailures: probing.failures, probesSkipped: probing.skipped } : {}),
  });
  outputs.write({
    verdict,
    reason: decision.reason,
    'error-rate': errors && errors.candidate.requests > 0 ? Number((errors.candidate.rate * 100).toFixed(3)) : undefined,
    'p99-ms': p99Ms,
    requests: decision.candidateRequests,
    'decided-after': Number((result.decidedAfterMs / 1000).toFixed(1)),
    report: report.path,
  });
  return verdict === 'fail' || (verdict === 'inconclusive' && i.failOnInconclusive) ? 1 : 0;
});
