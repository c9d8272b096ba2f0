import {
  runAction,
  readInputs,
  readEventContext,
  runUrl,
  redact,
  setSecret,
  error,
  info,
  warning,
  writeReport,
  ConfigurationError,
  SHIPKIT_VERSION,
} from '@shipkit/kit';
import { checkProviderInputs, createProvider, localStateDir, workspaceOf, type ProviderOperation } from '@shipkit/deploy/inputs';
import { findInEnvironment, recordUrl, surveyRollback, type LedgerRecord } from '@shipkit/deploy/ledger';
import { openLedger } from '@shipkit/deploy/open-ledger';
import { loadProbeDocument, parseProbes, probeSecrets } from '@shipkit/probes';
import { inputs, outputs } from './inputs';
import { readEvidence, type EvidenceItem } from './evidence';
import { describeRecord, planRollback, restoredUrl, shortSha, type Method } from './plan';
import { describeSwitch, executeRollback, recordSummary, verify, type Executed } from './execute';
import { postWebhook, publishIssue, type DeploymentFacts, type RollbackNotice } from './notify';
import { renderSummary } from './render';

/** A host that never resolves: the probes are validated against it before the real URL is known. */
const PLACEHOLDER = 'http://verify-probes.invalid/';

/** The `verify-probes` document, validated now (before anything changes), parsed against the URL later. */
async function loadVerifyProbes(text: string | undefined, cwd: string): Promise<unknown> {
  if (!text || text.trim() === '') return undefined;
  try {
    const doc = await loadProbeDocument(text, cwd);
    for (const secret of probeSecrets(parseProbes(doc, PLACEHOLDER))) setSecret(secret);
    return doc;
  } catch (e) {
    if (e instanceof ConfigurationError && e.input === 'probes')
      throw new ConfigurationError(`\`verify-probes\`: ${e.message}`, 'verify-probes');
    throw e;
  }
}

/** What the provider will be asked: its instant rollback, or a deploy of the good artifact. */
function operationsFor(i: { provider: string; rollbackCommand?: string; deployCommand?: string }): ProviderOperation[] {
  if (i.provider !== 'command' || i.rollbackCommand) return ['rollback'];
  if (i.deployCommand) return ['deploy'];
  throw new ConfigurationError(
    'provider `command` needs `rollback-command` (a script that puts `$SHIPKIT_DEPLOYMENT_ID` back in service), or `deploy-command` to redeploy the good deployment’s artifact from `directory`',
    'rollback-command',
  );
}

/** The commit the run is about: a deployment_status event's deployment, else the run's head commit. */
function runSha(ctx: ReturnType<typeof readEventContext>): string | undefined {
  const deployment = ctx.payload.deployment as { sha?: unknown } | undefined;
  return typeof deployment?.sha === 'string' ? deployment.sha : ctx.headSha;
}

/** A reason when none was given: the first evidence that failed, in its own words. */
function reasonFrom(evidence: readonly EvidenceItem[]): string | undefined {
  const failed = evidence.find((e) => e.verdict === 'fail') ?? evidence[0];
  return failed ? `${failed.action} ${failed.verdict}: ${failed.headline}` : undefined;
}

const facts = recordSummary;

await runAction(async () => {
  const started = performance.now();
  const startedAt = new Date();
  const i = await readInputs(inputs);
  if (i.dryRun && i.force)
    throw new ConfigurationError(
      '`force` with `dry-run`: a dry run changes nothing, so there is no lock to go past; drop `force` to see what would be done',
      'force',
    );
  const environment = i.environment.trim();
  // eslint-disable-next-line no-control-regex -- a name is one line: no control characters
  if (environment === '' || environment.length > 255 || /[\u0000-\u001f]/.test(environment))
    throw new ConfigurationError('`environment` must be a GitHub environment name (1 to 255 characters, one line)', 'environment');
  const ctx = readEventContext();
  const workspace = workspaceOf();
  const probeDocument = await loadVerifyProbes(i.verifyProbes, workspace);

  // The provider and what it can do decide whether this is a native rollback or a redeploy.
  let { provider, directory } = await createProvider(i, { operations: operationsFor(i) });
  const method: Method = provider.capabilities.instantRollback ? 'native' : 'redeploy';

  const evidence = await readEvidence(i.evidence, workspace);
  for (const problem of evidence.problems) warning(redact(`evidence: ${problem}; the rollback goes on without it`));
  const reason = redact(i.reason?.trim() || reasonFrom(evidence.items) || 'no reason given');

  const opened = await openLedger({ token: i.githubToken, repository: ctx.repository, stateDir: localStateDir(workspace) });
  const { ledger } = opened;
  let to: LedgerRecord | undefined;
  if (i.to?.trim()) {
    to = await findInEnvironment(ledger, environment, i.to.trim());
    if (!to)
      throw new ConfigurationError(
        `\`to\`: deployment \`${i.to.trim()}\` is not in the ledger of \`${environment}\` (${opened.where}); give its ledger id or its provider deployment id, or leave \`to\` empty for the last good one`,
        'to',
      );
  }
  const run = runUrl(ctx);
  const survey = await surveyRollback(ledger, environment, { sha: runSha(ctx), to, ownRunUrl: run });
  const plan = planRollback(survey, { environment, to: i.to?.trim() || undefined, force: i.force, method });

  const deploymentsUrl = ctx.repository
    ? `${ctx.serverUrl}/${ctx.repository.owner}/${ctx.repository.repo}/deployments/${encodeURIComponent(environment)}`
    : undefined;
  const diagnosis = evidence.items.find((e) => e.action === 'diagnose' && e.link)?.link;
  const links = { run, deployments: opened.client ? deploymentsUrl : undefined, diagnosis };
  const finish = (o: {
    verdict: 'pass' | 'fail' | 'neutral';
    outcome: string;
    headline: string;
    said: string[];
    from?: DeploymentFacts;
    restored?: DeploymentFacts;
    url?: string;
    verified?: boolean;
    executed?: Executed;
    verification?: Executed['verification'];
    verifyError?: string;
    issueUrl?: string;
    webhook?: { sent: boolean; status?: number };
    durationMs: number;
  }) => {
    const report = writeReport({
      action: 'rollback',
      version: SHIPKIT_VERSION,
      verdict: o.verdict,
      startedAt,
      data: {
        environment,
        outcome: o.outcome,
        dryRun: i.dryRun,
        method: plan.kind === 'rollback' ? plan.method : undefined,
        how: o.said,
        reason,
        from: o.from ?? null,
        to: o.restored ?? null,
        url: o.url,
        verified: o.verified,
        verification: o.verification,
        verifyError: o.verifyError,
        switchError: o.executed?.switchError,
        ledger: { where: opened.where, scanned: survey.scanned, changes: o.executed?.ledger ?? [] },
        locks: survey.locks.map((l) => ({ deployment: l.record.id, since: l.since, run: l.runUrl, description: l.description })),
        timings: { switchedMs: o.executed?.switchedAtMs, verifiedMs: o.executed?.verifiedAtMs, totalMs: o.durationMs },
        evidence: evidence.items,
        evidenceProblems: evidence.problems,
        issueUrl: o.issueUrl,
        webhook: o.webhook,
        links,
      },
    });
    renderSummary({
      environment,
      headline: o.headline,
      from: o.from,
      to: o.restored,
      said: o.said,
      reason,
      verification: o.verification,
      verifyError: o.verifyError,
      executed: o.executed,
      evidence: evidence.items,
      evidenceProblems: evidence.problems,
      ledgerWhere: opened.where,
      issueUrl: o.issueUrl,
      webhook: o.webhook ? (o.webhook.sent ? 'webhook: notified' : 'webhook: the notification failed (see the warning)') : undefined,
      links,
      timings: { switchedMs: o.executed?.switchedAtMs, verifiedMs: o.executed?.verifiedAtMs },
    });
    outputs.write({
      'rolled-back-to': o.restored ? JSON.stringify(o.restored) : undefined,
      'rolled-back-from': o.from ? JSON.stringify(o.from) : undefined,
      url: o.url,
      verified: o.verified,
      'issue-url': o.issueUrl,
      'duration-ms': Math.round(o.durationMs),
      report: report.path,
    });
  };

  if (plan.kind === 'nothing') {
    const url = restoredUrl(plan.target, plan.ref);
    const said = [`Nothing to do: ${plan.why}.`, 'The ledger and the provider were left as they are.'];
    if (i.dryRun) {
      finish({
        verdict: 'neutral',
        outcome: 'nothing-to-do',
        headline: `rollback (dry run): nothing to do in ${environment}`,
        said,
        from: facts(plan.from),
        restored: facts(plan.target, plan.ref, url),
        url,
        durationMs: performance.now() - started,
      });
      info(redact(said[0] as string));
      return 0;
    }
    // Nothing changes, but the live deployment is checked: `verified` says whether it serves.
    const { verification, verifyError } = await verify(url, probeDocument, i.waitTimeout, describeRecord(plan.target));
    const verified = verification?.passed === true;
    finish({
      verdict: verified ? 'neutral' : 'fail',
      outcome: 'nothing-to-do',
      headline: `rollback: nothing to do in ${environment}${verified ? '' : ' — but the live deployment does not pass verification'}`,
      said,
      from: facts(plan.from),
      restored: facts(plan.target, plan.ref, url),
      url,
      verified,
      verification,
      verifyError,
      durationMs: performance.now() - started,
    });
    info(redact(said[0] as string));
    if (!verified) {
      error(
        redact(
          `rollback: nothing was rolled back (${plan.why}), and the live deployment does not pass verification at ${url ?? 'no URL'}: ${
            verifyError ?? verification?.probes.find((p) => !p.passed)?.reasons[0] ?? 'the probes failed'
          }. A person has to look: give \`to\` to restore an older deployment`,
        ),
        { title: 'Live deployment not verified' },
      );
      return 1;
    }
    return 0;
  }

  // Without an instant rollback, a deployment that still runs (local: a canary's stable, a
  // deployment not yet stopped) can still take its traffic back at once; otherwise it is redeployed.
  if (plan.method === 'redeploy' && (await provider.get(plan.ref.id).catch(() => undefined))?.state === 'ready') plan.method = 'native';
  // A redeploy needs what a deploy needs (local: `start-command`, and `directory` as the artifact).
  if (plan.method === 'redeploy' && i.provider !== 'command') {
    checkProviderInputs(i, ['deploy']);
    ({ provider, directory } = await createProvider(i, { operations: ['deploy'] }));
  }
  const how = describeSwitch(plan, i.provider, directory);
  const fromText = plan.from ? describeRecord(plan.from) : 'no recorded live deployment';
  if (i.dryRun) {
    const writes = [
      plan.from
        ? `mark ${describeRecord(plan.from)} \`in_progress\` while it runs, then ${i.markBad ? '`failure` (bad) with the reason' : '`inactive`'}`
        : '',
      plan.superseded.length > 0
        ? `mark ${plan.superseded.map((r) => `#${r.id}`).join(', ')} \`inactive\` (newer than the target, not live after it)`
        : '',
      `record ${describeRecord(plan.target)} \`success\` again once verified`,
      i.issue && opened.client ? 'open or update the issue of the bad deployment' : '',
      i.webhookUrl ? 'POST the webhook notification' : '',
    ].filter(Boolean);
    const said = [
      `Would roll back \`${environment}\` from ${fromText} to ${describeRecord(plan.target)}: ${how}.`,
      `Then it would verify ${restoredUrl(plan.target, plan.ref) ?? 'the restored URL'} with the probes, ${writes.join(', ')}.`,
      'Dry run: nothing was changed.',
    ];
    finish({
      verdict: 'neutral',
      outcome: 'dry-run',
      headline: `rollback (dry run): would restore ${environment} to ${shortSha(plan.target.sha)}`,
      said,
      from: facts(plan.from),
      restored: facts(plan.target, plan.ref),
      durationMs: performance.now() - started,
    });
    info(redact(said[0] as string));
    return 0;
  }

  info(redact(`Rolling back ${environment} from ${fromText} to ${describeRecord(plan.target)}: ${how}`));
  const executed = await executeRollback(plan, {
    ledger,
    provider,
    providerName: i.provider,
    probes: probeDocument,
    directory,
    reason,
    markBad: i.markBad,
    runUrl: run,
    startedAt: started,
    waitTimeoutMs: i.waitTimeout,
  });
  const from = facts(plan.from);
  const restored = facts(plan.target, executed.ref, executed.url);
  const failedProbe = executed.verification?.probes.find((p) => !p.passed);
  const problem = !executed.switched
    ? `the provider did not switch back: ${executed.switchError}. The environment is as it was (still on ${fromText})`
    : !executed.verified
      ? `traffic was switched to ${describeRecord(plan.target)}, but it does not pass verification at ${executed.url ?? 'no URL'}: ${
          executed.verifyError ?? (failedProbe ? `${failedProbe.name}: ${failedProbe.reasons.join('; ')}` : 'the probes failed')
        }`
      : undefined;
  const notice: RollbackNotice = {
    environment,
    outcome: executed.verified ? 'restored' : 'not-restored',
    verified: executed.verified,
    method: plan.method,
    how,
    from,
    to: restored as DeploymentFacts,
    reason,
    problem,
    verification: executed.verification
      ? {
          passed: executed.verification.total - executed.verification.failed,
          total: executed.verification.total,
          url: executed.url,
          firstFailure: failedProbe ? `${failedProbe.name}: ${failedProbe.reasons[0] ?? 'failed'}` : undefined,
        }
      : undefined,
    evidence: evidence.items,
    links: { ...links },
  };
  let issueUrl: string | undefined;
  if (i.issue && opened.client && ctx.repository) {
    try {
      issueUrl = (await publishIssue(opened.client, ctx.repository, notice, `${ctx.runId ?? 'local'}/${ctx.runAttempt ?? '1'}`)).url;
      notice.links.issue = issueUrl;
    } catch (e) {
      warning(
        redact(
          `could not open or update the rollback issue: ${(e as Error).message}; the facts are in the job summary and the JSON report`,
        ),
      );
    }
  }
  const webhook = i.webhookUrl ? { sent: (await postWebhook(i.webhookUrl, notice)).ok } : undefined;
  const durationMs = executed.verifiedAtMs ?? performance.now() - started;
  const said = [
    executed.switched
      ? `Rolled back \`${environment}\` from ${fromText} to ${describeRecord(plan.target)}: ${how}.`
      : `Tried to roll back \`${environment}\` from ${fromText} to ${describeRecord(plan.target)}: ${how}.`,
    ...(i.issue && !opened.client ? ['No issue was opened: the ledger is the local file (no GitHub repository and token here).'] : []),
  ];
  finish({
    verdict: executed.verified ? 'pass' : 'fail',
    outcome: executed.verified ? 'restored' : executed.switched ? 'not-verified' : 'switch-failed',
    headline: executed.verified
      ? `rollback: ${environment} restored to ${shortSha(plan.target.sha)} and verified`
      : `rollback: ${environment} NOT restored — needs a person`,
    said,
    from,
    restored,
    url: executed.url ?? recordUrl(plan.target),
    verified: executed.verified,
    executed,
    verification: executed.verification,
    verifyError: executed.verifyError,
    issueUrl,
    webhook,
    durationMs,
  });
  if (!executed.verified) {
    error(
      redact(
        `rollback did not restore service in ${environment}: ${problem}. A person has to look (tier 3)${issueUrl ? `: ${issueUrl}` : ''}`,
      ),
      {
        title: 'Rollback not verified',
      },
    );
    return 1;
  }
  info(redact(`Restored ${environment} to ${describeRecord(plan.target)} and verified it at ${executed.url}`));
  return 0;
});
