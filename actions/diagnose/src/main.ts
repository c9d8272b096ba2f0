import {
  runAction,
  readInputs,
  readEventContext,
  runUrl,
  redactor,
  ConfigurationError,
  Summary,
  writeReport,
  warning,
  info,
  SHIPKIT_VERSION,
} from '@shipkit/kit';
import { inputs, outputs } from './inputs';
import { BUILTIN_RULES, compilePattern, loadUserRules } from './rules';
import { emptyCollected, collectReports, collectLogs, collectRunLogs } from './collect';
import type { GitHubClient } from '@shipkit/kit/github';
import type { WorkflowRunPayload } from './publish';
import { applyFix, diagnose } from './diagnosis';
import { annotate, renderMarkdown } from './render';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();

  // Extra redaction first, so not even a later error message can carry what it masks.
  for (const line of (i.redact ?? '').split(/\r?\n/).map((s) => s.trim())) {
    if (line === '') continue;
    try {
      redactor.addPattern(compilePattern(line));
    } catch (e) {
      throw new ConfigurationError(
        `\`${line}\` is not a valid regular expression (${(e as Error).message}); write one pattern per line`,
        'redact',
      );
    }
  }
  if (i.llmUrl && !i.llmModel)
    throw new ConfigurationError('`llm-model` is required with `llm-url` (for example `gpt-4o-mini`)', 'llm-model');
  if (i.junit.length === 0 && i.logs.length === 0 && i.runId === undefined)
    throw new ConfigurationError(
      'nothing to diagnose: pass `junit` (globs of test reports), `logs` (globs of log files) or `run-id`',
      'junit',
    );
  if (i.fix && !i.gateCommand)
    throw new ConfigurationError(
      '`fix: true` needs `gate-command`: the command of the gate that failed (for example `npx prettier --check .`), run again after the fixers so that only a fix that passes it is committed',
      'gate-command',
    );
  const ctx = readEventContext();
  const needsApi = i.mode !== 'summary' || i.runId !== undefined;
  if (needsApi && !i.githubToken)
    throw new ConfigurationError(
      `${i.mode !== 'summary' ? `mode \`${i.mode}\`` : '`run-id`'} needs the GitHub API: pass \`github-token\` (the default \`\${{ github.token }}\` works when the job has the permissions it needs)`,
      'github-token',
    );
  if (needsApi && !ctx.repository)
    throw new ConfigurationError('GITHUB_REPOSITORY is not set, so there is no repository to comment on or read runs from', 'github-token');
  const rules = [...(i.rules ? loadUserRules(i.rules, workspace) : []), ...BUILTIN_RULES];

  const collected = emptyCollected();
  await collectReports(i.junit, workspace, collected);
  await collectLogs(i.logs, workspace, rules, collected);
  const repo = ctx.repository;
  // Octokit loads only when the action talks to GitHub.
  const github = needsApi ? await import('./publish') : undefined;
  const client: GitHubClient | undefined = github?.githubClient({ token: i.githubToken });
  if (i.runId !== undefined && repo && client)
    await collectRunLogs(client, { owner: repo.owner, repo: repo.repo, runId: i.runId, workspace, rules }, collected);

  const diagnosedRunUrl = i.runId !== undefined && repo ? `${ctx.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${i.runId}` : undefined;
  const d = diagnose(collected, { runUrl: runUrl(ctx), diagnosedRunUrl, workspace });

  if (i.llmUrl && i.llmModel) {
    const timeoutMs = Number(process.env.SHIPKIT_LLM_TIMEOUT_MS ?? 30_000);
    // The HTTP client loads only when an LLM is configured.
    const { explain } = await import('./llm');
    const answer = await explain(d, { url: i.llmUrl, model: i.llmModel, apiKey: i.llmApiKey, timeoutMs });
    d.llm = { model: i.llmModel, ok: answer.ok, error: answer.error };
    if (answer.ok) d.explanation = answer.text;
    else warning(`the LLM did not explain this failure (${answer.error ?? 'no answer'}); the diagnosis stands without it`);
  }

  if (i.fix && i.gateCommand) {
    // Git, the fixers and the gate load only when a fix is asked for.
    const { autoFix } = await import('./fix');
    applyFix(
      d,
      await autoFix(d, collected.evidence, { workspace, gateCommand: i.gateCommand, maxCycles: i.maxCycles, ctx, token: i.githubToken }),
    );
    info(`diagnose auto-fix: ${d.fix?.status}: ${d.fix?.reason}`);
  }

  if (i.mode !== 'summary' && repo && github && client) {
    const { publishComment, publishIssue, tryPublish } = github;
    const workflowRun = ctx.payload.workflow_run as WorkflowRunPayload | undefined;
    const runKey = i.runId !== undefined ? `${i.runId}/${workflowRun?.run_attempt ?? 1}` : `${ctx.runId ?? 'local'}/${ctx.runAttempt ?? 1}`;
    const options = { maxCycles: i.maxCycles, runKey, runUrl: diagnosedRunUrl ?? runUrl(ctx) };
    // GitHub leaves `workflow_run.pull_requests` empty for PRs from forks: find the PR by its head.
    const pr =
      ctx.prNumber ??
      (workflowRun && i.mode !== 'issue'
        ? await github.tryPublish('find the pull request of the run', () => github.pullRequestOfRun(client, repo, workflowRun))
        : undefined);
    const wantsComment = i.mode === 'comment' || (i.mode === 'auto' && d.tier <= 2 && pr !== undefined);
    if (wantsComment && pr === undefined)
      warning(
        'mode `comment` needs a pull request, and this event has none; the diagnosis is in the job summary only (use `auto` to open an issue instead)',
      );
    if (wantsComment && pr !== undefined)
      d.commentUrl = await tryPublish('update the pull request comment', () =>
        publishComment(client, { ...repo, prNumber: pr }, d, options),
      );
    const wantsIssue = i.mode === 'issue' || (i.mode === 'auto' && (d.tier === 3 || pr === undefined));
    if (wantsIssue)
      d.issueUrl = await tryPublish('open or update the issue', () =>
        publishIssue(client, repo, d, { ...options, escalatedElsewhere: d.commentUrl !== undefined }),
      );
  }

  const omitted = annotate(d);
  new Summary().paragraph(renderMarkdown(d, { omittedAnnotations: omitted })).write();
  info(`diagnose: ${d.category}, tier ${d.tier}, fingerprint ${d.fingerprint}`);
  info(d.summary);
  const report = writeReport({ action: 'diagnose', version: SHIPKIT_VERSION, verdict: 'neutral', startedAt, data: d });
  outputs.write({
    category: d.category,
    tier: d.tier,
    fingerprint: d.fingerprint,
    'failed-tests': d.failedTests.map((t) => t.id).join('\n'),
    summary: d.summary,
    report: report.path,
    'issue-url': d.issueUrl ?? '',
    'comment-url': d.commentUrl ?? '',
    fixed: d.fix?.status === 'fixed' || d.fix?.status === 'retried',
    'fix-commit': d.fix?.commit ?? '',
  });
  return 0;
});
