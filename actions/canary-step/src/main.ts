import {
  ConfigurationError,
  SHIPKIT_VERSION,
  error,
  info,
  onCancel,
  readEventContext,
  readInputs,
  redact,
  runAction,
  runUrl,
  writeReport,
} from '@shipkit/kit';
import { Analysis } from '@shipkit/analysis';
import { analysisSettings } from '@shipkit/analysis/inputs';
import { createProvider, localStateDir, workspaceOf } from '@shipkit/deploy/inputs';
import type { DeployProvider } from '@shipkit/deploy';
import { inputs, outputs } from './inputs';
import { checkMode, parseSteps } from './plan';
import { Rollout } from './rollout';
import { createSource, readsLocalProxy, resolveSource, PROXY_METRICS_PLACEHOLDER } from './source';
import { isFolder, resolveCandidate, resolveStable } from './deployments';
import { recordStart, recordStep, recordEnd } from './ledger';
import { openLedger } from '@shipkit/deploy/open-ledger';
import { loadState, saveState } from './state';
import { renderRollout } from './render';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const ctx = readEventContext();
  const workspace = workspaceOf();
  const name = i.name ?? ctx.repository?.repo ?? 'app';
  if (!/^[\w.-]{1,100}$/.test(name))
    throw new ConfigurationError('`name` may hold letters, digits, `.`, `_` and `-` only (e.g. `web`)', 'name');

  // Everything the inputs can get wrong is found before any traffic moves.
  const steps = parseSteps(i.steps);
  const proxyCounts = readsLocalProxy(i);
  const settings = await analysisSettings(resolveSource(i, proxyCounts), {
    cwd: workspace,
    ...(proxyCounts ? { defaultExpositionUrls: [PROXY_METRICS_PLACEHOLDER] } : {}),
  });
  const candidateIsFolder = i.provider === 'local' && isFolder(workspace, i.candidate);
  const { provider } = await createProvider(i, {
    // The command provider without `weight-command` cannot split traffic: a guarded cutover needs none.
    operations: [
      'promote',
      'rollback',
      ...(i.provider !== 'command' || i.weightCommand ? (['traffic'] as const) : []),
      ...(candidateIsFolder ? (['deploy'] as const) : []),
    ],
  });
  const capability = provider.capabilities.traffic;
  checkMode({ capability, provider: i.provider, weight: i.weight, baseline: settings.analysis.baseline });
  const earlier = i.resume ? loadState(workspace, name, i.candidate) : undefined;
  if (earlier?.verdict === 'aborted')
    throw new ConfigurationError(
      `\`resume\`: the earlier run aborted ${earlier.candidate} (${earlier.reason}); deploy a new candidate`,
      'resume',
    );
  if (earlier?.verdict === 'promoted')
    throw new ConfigurationError(
      `\`resume\`: the earlier run already promoted ${earlier.candidate}; nothing is left to roll out`,
      'resume',
    );
  let analysis: Analysis;
  try {
    analysis = earlier?.analysis ? Analysis.resume(settings.analysis, earlier.analysis) : new Analysis(settings.analysis);
  } catch (e) {
    throw new ConfigurationError(
      `\`resume\`: ${e instanceof Error ? e.message : String(e)}; resume with the same analysis inputs`,
      'resume',
    );
  }

  const { ledger } = await openLedger({ token: i.githubToken, repository: ctx.repository, stateDir: localStateDir(workspace) });
  const candidate = await resolveCandidate({ provider, input: i.candidate, earlier, name, waitTimeoutMs: i.waitTimeout, workspace });
  const stable = await resolveStable({
    provider,
    capability,
    input: i.stable,
    candidate: candidate.id,
    ledger,
    environment: i.environment,
    earlier,
  });
  if (capability !== 'none' && !stable)
    throw new ConfigurationError(
      `no stable deployment serves ${name} yet, so there is nothing to split traffic with: give \`stable\` (the deployment serving now), or deploy and promote one first`,
      'stable',
    );

  // The counts: the local proxy's own (its /metrics, known once it runs) or the source the inputs name.
  const source = await createSource(settings, provider, candidate.id, stable);
  const started = await source.start();
  if (!started.ok) info(`canary-step: the metrics source did not answer yet (${started.reason}); reading on at every interval`);

  const current = i.resume || i.weight !== undefined ? await provider.getTraffic(candidate.id).catch(() => undefined) : undefined;
  const startWeight = current?.weights.find((w) => w.id === candidate.id)?.percent ?? 0;

  const record = await recordStart(ledger, {
    earlier,
    environment: i.environment,
    name,
    provider: i.provider,
    candidate,
    sha: ctx.sha ?? '',
    ref: ctx.ref?.replace(/^refs\/heads\//, '') ?? '',
    logUrl: runUrl(ctx),
  });

  // Cancelled (the runner's SIGINT, SIGTERM 7.5 s later): traffic goes back on stable first,
  // then the ledger, the report and the summary; the exit waits for all of it.
  const cancel = new AbortController();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  onCancel(async (signal) => {
    cancel.abort(signal);
    await finished;
  });
  try {
    const rollout = new Rollout({
      provider,
      capability,
      candidate: candidate.id,
      healthCheck: candidate.checkable,
      stable,
      steps,
      weight: i.weight,
      startWeight,
      stepsBefore: earlier?.step ?? 0,
      bakeMs: i.bake,
      intervalMs: i.interval,
      onInconclusive: i.onInconclusive,
      source,
      analysis,
      resumed: Boolean(earlier?.analysis),
      signal: cancel.signal,
      log: info,
      onStep: (weight, step) => recordStep(ledger, record, weight, step, runUrl(ctx)),
    });
    const result = await rollout.run();
    const url = result.verdict === 'promoted' ? await servingUrl(provider, candidate.id) : undefined;
    if (result.verdict === 'aborted' && candidate.startedHere)
      await provider
        .delete(candidate.id)
        .catch((e: unknown) => info(redact(`canary-step: could not stop the aborted candidate: ${String(e)}`)));
    await recordEnd(ledger, record, result, { url, logUrl: runUrl(ctx), candidate: candidate.id });
    const state = analysis.toJSON();
    saveState(workspace, name, i.candidate, {
      candidate: candidate.id,
      candidateStartedHere: candidate.startedHere,
      stable,
      verdict: result.verdict,
      reason: result.reason,
      weight: result.weight,
      step: result.step,
      analysis: state,
      ledgerId: record?.id,
    });
    const data = {
      verdict: result.verdict,
      weight: result.weight,
      step: result.step,
      reason: result.reason,
      provider: i.provider,
      capability,
      name,
      environment: i.environment,
      candidate: candidate.id,
      stable,
      ...(url ? { url } : {}),
      source: settings.source.kind,
      baseline: settings.analysis.baseline,
      baselineWhy: settings.baselineWhy,
      bakeMs: i.bake,
      intervalMs: i.interval,
      steps: result.steps,
      timeline: result.timeline,
      ...(result.stages ? { stages: result.stages } : {}),
      ...(result.failed ? { failed: result.failed } : {}),
      ...(result.cancelled ? { cancelled: result.cancelled } : {}),
      ...(result.stableAt ? { stableAt: result.stableAt } : {}),
      ...(result.firstBadAt ? { firstBadAt: result.firstBadAt } : {}),
      ...(record ? { ledgerId: record.id } : {}),
      resumed: Boolean(earlier?.analysis),
      analysis: state,
    };
    const report = writeReport({
      action: 'canary-step',
      version: SHIPKIT_VERSION,
      verdict: result.verdict === 'promoted' ? 'pass' : result.verdict === 'aborted' ? 'fail' : 'neutral',
      startedAt,
      data: JSON.parse(redact(JSON.stringify(data))) as unknown,
    });
    renderRollout({
      result,
      capability,
      provider: i.provider,
      candidate: candidate.id,
      stable,
      settings,
      url,
      startedAt: startedAt.getTime(),
      bakeMs: i.bake,
    });
    outputs.write({ verdict: result.verdict, weight: result.weight, step: result.step, reason: result.reason, report: report.path });
    if (result.verdict === 'aborted') {
      error(redact(`canary-step aborted at ${lastWeight(result)} %: ${result.reason}`), {
        title: `canary aborted${result.failed ? ` (${result.failed})` : ''}`,
      });
      return 1;
    }
    info(`canary-step: ${result.verdict} — ${result.reason}`);
    return 0;
  } finally {
    finish();
  }
});

/** The weight the candidate had when it was aborted (before the return to 0). */
function lastWeight(result: { timeline: { weight: number; event: string }[] }): number {
  const before = result.timeline.filter((p) => !p.event.startsWith('aborted'));
  return before[before.length - 1]?.weight ?? 0;
}

/** Where the promoted release now serves: the environment's stable URL (local: its proxy), or its own. */
async function servingUrl(provider: DeployProvider, candidate: string): Promise<string | undefined> {
  const d = await provider.get(candidate).catch(() => undefined);
  return typeof d?.details?.stableUrl === 'string' ? d.details.stableUrl : d?.url;
}
