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
  info,
  Summary,
  writeReport,
  ConfigurationError,
  SHIPKIT_VERSION,
} from '@shipkit/kit';
import { inputs, outputs } from './inputs';
import { createProvider, localStateDir, needsToken, workspaceOf } from '@shipkit/deploy/inputs';
import { runPreview, type PreviewContext } from './preview';

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
  const branch = pr?.head?.ref ?? ctx.ref?.replace(/^refs\/heads\//, '') ?? 'main';
  const environment =
    i.environment ?? (ctx.prNumber ? `preview/${name}/pr-${ctx.prNumber}` : `preview/${name}/${branch.replace(/[^\w.-]/g, '-')}`);

  // A fork's PR gets no secrets: say why and how to deploy it safely, deploy nothing.
  if (i.mode === 'deploy' && needsToken(i.provider) && !i.token && fromFork) {
    notice(
      `preview-deploy skipped: this pull request comes from a fork, and GitHub gives fork PRs no secrets, so there is no \`token\` for ${i.provider}. ` +
        'To preview fork PRs safely, deploy from a separate `workflow_run` workflow that downloads the PR’s built output as an artifact; never use `pull_request_target` with a checkout of the PR head.',
      { title: 'Preview skipped (fork PR)' },
    );
    const report = writeReport({
      action: 'preview-deploy',
      version: SHIPKIT_VERSION,
      verdict: 'neutral',
      startedAt,
      data: { skipped: true, reason: 'fork-without-token', environment },
    });
    new Summary()
      .heading('preview-deploy: skipped')
      .paragraph('Fork pull request without the provider token; nothing was deployed.')
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
  const { provider, directory } = await createProvider(i, { operations: [i.mode === 'deploy' ? 'deploy' : 'destroy'] });
  // In the workspace, not RUNNER_TEMP: a later step (destroy) must find the preview's process group.
  const stateDir = localStateDir(workspace);
  mkdirSync(stateDir, { recursive: true });

  const useGitHub = Boolean(i.githubToken && ctx.repository && process.env.GITHUB_ACTIONS === 'true');
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
    prNumber: ctx.prNumber,
    runUrl: runUrl(ctx),
    comment: i.comment && ctx.prNumber !== undefined,
    github: useGitHub
      ? { token: i.githubToken as string, owner: ctx.repository?.owner ?? '', repo: ctx.repository?.repo ?? '' }
      : undefined,
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
