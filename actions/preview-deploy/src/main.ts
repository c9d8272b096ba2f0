import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  runAction,
  readInputs,
  readEventContext,
  runUrl,
  redact,
  notice,
  error,
  errorMessage,
  warning,
  info,
  Summary,
  writeReport,
  ConfigurationError,
  SHIPKIT_VERSION,
} from '@shipkit/kit';
import { inputs, outputs } from './inputs';
import { createProvider, localStateDir, needsToken, workspaceOf } from '@shipkit/deploy/inputs';
import { runPreview, type PreviewContext } from './preview';
import type { WorkflowRunPayload } from '@shipkit/kit/github';

/** A fork's pull request without the provider token: nothing to do, and how to do it safely instead. */
function skipForkPullRequest(mode: 'deploy' | 'destroy', providerName: string, environment: string, startedAt: Date): number {
  notice(
    mode === 'deploy'
      ? `preview-deploy skipped: this pull request comes from a fork, and GitHub gives fork PRs no secrets, so there is no \`token\` for ${providerName}. ` +
          'To preview fork PRs safely, deploy from a separate `workflow_run` workflow that downloads the PR’s built output as an artifact (see the README); never use `pull_request_target` with a checkout of the PR head.'
      : `preview-deploy skipped: this pull request comes from a fork and has no \`token\` for ${providerName}, so nothing is destroyed here. ` +
          'Previews of fork PRs are deployed by the `workflow_run` workflow; a scheduled `mode: gc` run removes those whose PR is closed.',
    { title: 'Preview skipped (fork PR)' },
  );
  const report = writeReport({
    action: 'preview-deploy',
    version: SHIPKIT_VERSION,
    verdict: 'neutral',
    startedAt,
    data: { skipped: true, reason: 'fork-without-token', mode, environment },
  });
  new Summary()
    .heading('preview-deploy: skipped')
    .paragraph(`Fork pull request without the provider token; nothing was ${mode === 'deploy' ? 'deployed' : 'destroyed'}.`)
    .write();
  outputs.write({
    url: undefined,
    'alias-url': undefined,
    'deployment-id': undefined,
    'github-deployment-id': undefined,
    skipped: true,
    environment,
    report: report.path,
  });
  return 0;
}

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const ctx = readEventContext();
  const workspace = workspaceOf();
  const repoName = ctx.repository?.repo ?? 'app';
  const name = i.name ?? repoName;
  if (!/^[\w.-]{1,100}$/.test(name))
    throw new ConfigurationError('`name` may hold letters, digits, `.`, `_` and `-` only (e.g. `web`)', 'name');
  if (i.alias !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(i.alias))
    throw new ConfigurationError('`alias` is one DNS label: lower-case letters, digits and `-` (e.g. `pr-12`)', 'alias');
  const pr = ctx.payload.pull_request as
    { head?: { repo?: { full_name?: string; fork?: boolean }; ref?: string }; base?: { repo?: { full_name?: string } } } | undefined;
  const fromFork = Boolean(pr?.head?.repo && (pr.head.repo.fork || pr.head.repo.full_name !== pr.base?.repo?.full_name));

  // A fork's PR gets no secrets: say why and how to deploy it safely, deploy (or destroy) nothing.
  if (i.mode !== 'gc' && needsToken(i.provider) && !i.token && fromFork)
    return skipForkPullRequest(i.mode, i.provider, i.environment ?? `preview/${name}/pr-${ctx.prNumber ?? 0}`, startedAt);

  const { provider, directory } = await createProvider(i, { operations: [i.mode === 'deploy' ? 'deploy' : 'destroy'] });
  // In the workspace, not RUNNER_TEMP: a later step (destroy) must find the preview's process group.
  const stateDir = localStateDir(workspace);
  mkdirSync(stateDir, { recursive: true });

  // Octokit loads only when there is GitHub to talk to (the CLI and the local pipeline use the ledger file).
  const useGitHub = Boolean(i.githubToken && ctx.repository && process.env.GITHUB_ACTIONS === 'true');
  const github = useGitHub ? await import('@shipkit/kit/github') : undefined;
  const client = github?.githubClient({ token: i.githubToken as string });
  const workflowRun = ctx.payload.workflow_run as (WorkflowRunPayload & { head_branch?: string | null }) | undefined;
  let prNumber = ctx.prNumber;
  if (prNumber === undefined && workflowRun && github && client && ctx.repository && i.mode !== 'gc')
    // A fork's PR deployed from `workflow_run` (pull_requests is empty there): the open PR whose head is the run's commit.
    prNumber = await github.pullRequestOfRun(client, ctx.repository, workflowRun, { exactCommit: true }).catch((e: unknown) => {
      warning(`could not find the pull request of the triggering run (${errorMessage(e)}); the preview is named after its branch`);
      return undefined;
    });
  const branch = pr?.head?.ref ?? workflowRun?.head_branch ?? ctx.ref?.replace(/^refs\/heads\//, '') ?? 'main';
  const environment = i.environment ?? (prNumber ? `preview/${name}/pr-${prNumber}` : `preview/${name}/${branch.replace(/[^\w.-]/g, '-')}`);

  const previewCtx: PreviewContext = {
    mode: i.mode,
    name,
    environment,
    directory,
    provider,
    providerName: i.provider,
    alias: i.alias,
    waitTimeoutMs: i.waitTimeout,
    ttlMs: i.ttl,
    sha: ctx.headSha ?? ctx.sha ?? '',
    ref: branch,
    prNumber,
    runUrl: runUrl(ctx),
    // gc updates the rows of the PRs it cleans up after, whatever the event.
    comment: i.comment,
    github: client && ctx.repository ? { client, owner: ctx.repository.owner, repo: ctx.repository.repo } : undefined,
    ledgerFile: join(stateDir, 'deployments.json'),
  };
  const result = await runPreview(previewCtx);
  const report = writeReport({
    action: 'preview-deploy',
    version: SHIPKIT_VERSION,
    verdict: result.ok ? 'pass' : 'fail',
    startedAt,
    data: JSON.parse(redact(JSON.stringify(result))) as unknown,
  });
  const summary = new Summary().heading(`preview-deploy: ${result.ok ? (i.mode === 'deploy' ? 'ready' : 'done') : 'failed'}`);
  summary.table(
    ['name', 'environment', 'provider', 'url', 'state'],
    result.rows.map((r) => [r.name, r.environment, i.provider, r.url ?? '', r.state]),
  );
  if (result.upload)
    summary.paragraph(
      `Upload: ${result.upload.filesSent} of ${result.upload.files} files sent (${result.upload.bytesSent} bytes, ${result.upload.requests} requests).`,
    );
  summary.write();
  outputs.write({
    url: result.url,
    'alias-url': result.aliasUrl,
    'deployment-id': result.deploymentId,
    'github-deployment-id': result.ledgerId,
    environment,
    skipped: false,
    report: report.path,
  });
  if (!result.ok) {
    error(redact(`preview-deploy failed: ${result.reason ?? 'unknown reason'}`), { title: `${i.provider} deploy failed` });
    return 1;
  }
  if (result.url) info(`Preview of ${name}: ${result.url}${result.aliasUrl ? ` (alias ${result.aliasUrl})` : ''}`);
  return 0;
});
