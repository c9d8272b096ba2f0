/**
 * Carries the decision to the pull request: a label, GitHub auto-merge (GraphQL
 * `enablePullRequestAutoMerge`; disabled again when a later push needs a review), or a review
 * request to the CODEOWNERS of the paths that need one (read from the base commit, as GitHub
 * does). A write GitHub refuses (a fork's read-only token, auto-merge not allowed in the
 * repository) is a warning: the decision stays in the outputs, the summary and the report.
 */
import { errorMessage, warning } from '@shipkit/kit';
import { git } from '@shipkit/kit/git';
import type { GitHubClient } from '@shipkit/kit/github';
import { CODEOWNERS_LOCATIONS, ownersOf, parseCodeowners, reviewRequest } from '@shipkit/risk';
import type { GateResult } from './gate';

export const ALLOWED_LABEL = 'shipkit/auto-merge';
export const REVIEW_LABEL = 'shipkit/needs-review';

export interface PullRequestPayload {
  number: number;
  node_id?: string;
  user?: { login?: string };
  labels?: { name?: string }[];
  auto_merge?: unknown;
}

export interface ActOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  pr: PullRequestPayload;
  onAllowed: 'label' | 'auto-merge' | 'none';
  onReview: 'label' | 'request-review' | 'none';
  cwd: string;
}

export interface Actions {
  done: string[];
  failed: string[];
}

async function codeowners(cwd: string, base: string): Promise<{ path: string; text: string } | undefined> {
  for (const path of CODEOWNERS_LOCATIONS) {
    const r = await git(['show', '--end-of-options', `${base}:${path}`], cwd);
    if (r.code === 0) return { path, text: r.stdout };
  }
  return undefined;
}

export async function carryDecision(result: GateResult, o: ActOptions): Promise<Actions> {
  const { client, owner, repo, pr } = o;
  const actions: Actions = { done: [], failed: [] };
  const labels = new Set((pr.labels ?? []).map((l) => l.name));
  const attempt = async (what: string, fn: () => Promise<unknown>, fix: string): Promise<boolean> => {
    try {
      await fn();
      actions.done.push(what);
      return true;
    } catch (e) {
      actions.failed.push(what);
      // A GraphQL refusal carries its reasons in `errors`; the message around them spans lines.
      const graphqlErrors = (e as { errors?: { message?: string }[] }).errors;
      const reason =
        Array.isArray(graphqlErrors) && graphqlErrors.length > 0 ? graphqlErrors.map((x) => x.message).join('; ') : errorMessage(e);
      warning(`risk-gate could not ${what} (${reason}); ${fix}. The decision (${result.decision}) is in the outputs and the summary.`, {
        title: 'risk-gate',
      });
      return false;
    }
  };
  const addLabel = (name: string): Promise<boolean> =>
    attempt(
      `add the label \`${name}\``,
      () => client.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: [name] }),
      "give the job `pull-requests: write` (a fork's pull request gets a read-only token)",
    );
  const removeLabel = async (name: string): Promise<void> => {
    if (!labels.has(name)) return;
    await attempt(
      `remove the label \`${name}\``,
      () => client.rest.issues.removeLabel({ owner, repo, issue_number: pr.number, name }),
      'give the job `pull-requests: write`',
    );
  };
  if (result.decision === 'auto-merge') {
    await removeLabel(REVIEW_LABEL);
    if (o.onAllowed === 'label') await addLabel(ALLOWED_LABEL);
    else if (o.onAllowed === 'auto-merge') {
      if (!pr.node_id) actions.failed.push('enable auto-merge (the event has no pull request node id)');
      else
        await attempt(
          'enable auto-merge',
          () =>
            client.graphql(
              'mutation($id: ID!) { enablePullRequestAutoMerge(input: { pullRequestId: $id }) { pullRequest { number autoMergeRequest { enabledAt } } } }',
              { id: pr.node_id },
            ),
          'allow auto-merge in the repository settings (and protect the base branch with a required check), and give the job `pull-requests: write` and `contents: write`',
        );
    }
    return actions;
  }
  await removeLabel(ALLOWED_LABEL);
  // A push that now needs a review must not ride on the auto-merge an earlier push enabled.
  if (o.onAllowed === 'auto-merge' && pr.auto_merge && pr.node_id)
    await attempt(
      'disable the auto-merge an earlier run enabled',
      () =>
        client.graphql('mutation($id: ID!) { disablePullRequestAutoMerge(input: { pullRequestId: $id }) { pullRequest { number } } }', {
          id: pr.node_id,
        }),
      'give the job `pull-requests: write` and `contents: write`, and disable it by hand',
    );
  if (o.onReview === 'label') await addLabel(REVIEW_LABEL);
  else if (o.onReview === 'request-review') {
    const file = await codeowners(o.cwd, result.base);
    const owners = new Set<string>();
    if (file) {
      const rules = parseCodeowners(file.text);
      for (const path of result.reviewPaths) for (const owner of ownersOf(rules, path).owners) owners.add(owner);
    }
    const request = reviewRequest([...owners], pr.user?.login ? [pr.user.login] : []);
    if (request.reviewers.length === 0 && request.teams.length === 0) {
      warning(
        file
          ? `no CODEOWNERS entry of ${file.path} owns the paths that need a review (${result.reviewPaths.slice(0, 3).join(', ')}); labelled \`${REVIEW_LABEL}\` instead`
          : `no CODEOWNERS file (${CODEOWNERS_LOCATIONS.join(', ')}) in the base commit, so nobody can be asked; labelled \`${REVIEW_LABEL}\` instead`,
        { title: 'risk-gate' },
      );
      await addLabel(REVIEW_LABEL);
    } else
      await attempt(
        `request a review from ${[...request.reviewers.map((r) => `@${r}`), ...request.teams.map((t) => `@${owner}/${t}`)].join(', ')}`,
        () =>
          client.rest.pulls.requestReviewers({
            owner,
            repo,
            pull_number: pr.number,
            reviewers: request.reviewers,
            team_reviewers: request.teams,
          }),
        'give the job `pull-requests: write` (team reviewers also need the team to have access to the repository)',
      );
  }
  return actions;
}
