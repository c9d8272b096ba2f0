import { runAction, readInputs, readEventContext, writeReport, SHIPKIT_VERSION } from '@shipkit/kit';
import { inputs, outputs } from './inputs';
import { runRiskGate } from './gate';
import { carryDecision, type Actions, type PullRequestPayload } from './act';
import { annotate, renderSummary } from './render';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const ctx = readEventContext();
  const cwd = process.env.GITHUB_WORKSPACE || process.cwd();
  // Octokit loads only when the record is read or the decision is carried to the pull request.
  const client = async () => {
    const { githubClient } = await import('@shipkit/kit/github');
    return githubClient({ token: i.githubToken ?? '', baseUrl: ctx.apiUrl });
  };
  const result = await runRiskGate({
    cwd,
    ctx,
    rules: i.rules,
    migrations: i.migrations,
    trust: i.trust,
    levels: i.levels,
    token: i.githubToken,
    graphql: async () => {
      const { graphqlRead } = await import('@shipkit/kit/github');
      const c = await client();
      return (query, variables) => graphqlRead(c, query, variables);
    },
  });
  let actions: Actions | undefined;
  const pr = ctx.payload.pull_request as PullRequestPayload | undefined;
  const acts =
    result.decision === 'auto-merge'
      ? i.onAllowed !== 'none'
      : i.onReview !== 'none' || (i.onAllowed === 'auto-merge' && Boolean(pr?.auto_merge));
  if (pr && ctx.repository && acts)
    actions = await carryDecision(result, {
      client: await client(),
      owner: ctx.repository.owner,
      repo: ctx.repository.repo,
      pr,
      onAllowed: i.onAllowed,
      onReview: i.onReview,
      cwd,
    });
  const { omitted } = annotate(result).flush();
  renderSummary(result, actions, omitted).write();
  const report = writeReport({
    action: 'risk-gate',
    version: SHIPKIT_VERSION,
    verdict: result.decision === 'auto-merge' ? 'pass' : 'neutral',
    startedAt,
    data: { ...result, level: result.level?.name, actions },
  });
  outputs.write({
    risk: result.risk,
    agent: result.agent,
    'trust-level': result.level?.name ?? '',
    decision: result.decision,
    reasons: result.reasons.join('\n'),
    report: report.path,
  });
  // The decision is the output: a review is not a failure.
  return 0;
});
