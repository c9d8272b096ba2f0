// pullRequestOfRun against the GitHub API emulator: the PR of a `workflow_run`, a fork's included
// (GitHub leaves `pull_requests` empty there), by head branch and commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startGitHubApi, type GitHubApi } from '@shipkit/testkit';
import { githubClient, pullRequestOfRun } from '../src/github';

let gh: GitHubApi;
const sha = 'c'.repeat(40);
beforeAll(async () => {
  gh = await startGitHubApi();
  gh.route('GET', /^\/repos\/acme\/shop\/pulls$/, ({ query, res }) => {
    const pulls = [
      { number: 20, state: 'open', head: { sha: 'd'.repeat(40), ref: 'fix-cart', label: 'forker:fix-cart' } },
      { number: 21, state: 'open', head: { sha, ref: 'fix-cart', label: 'forker:fix-cart' } },
      { number: 22, state: 'open', head: { sha, ref: 'fix-cart', label: 'acme:fix-cart' } },
    ];
    json(
      res,
      200,
      pulls.filter((p) => p.head.label === query.get('head') && query.get('state') === 'open'),
    );
  });
});
afterAll(() => gh.close());

describe('pullRequestOfRun', () => {
  const client = () => githubClient({ token: 'ghs_x', baseUrl: gh.url });
  const repo = { owner: 'acme', repo: 'shop' };
  const run = { head_branch: 'fix-cart', head_sha: sha, head_repository: { owner: { login: 'forker' } } };

  it('finds the open PR whose head is the run’s branch in the fork and its commit', async () => {
    expect(await pullRequestOfRun(client(), repo, run)).toBe(21);
    expect(await pullRequestOfRun(client(), repo, { ...run, head_repository: null })).toBe(22);
  });

  it('takes the branch’s PR when no head is the commit, unless the exact commit is asked for', async () => {
    const moved = { ...run, head_sha: 'f'.repeat(40) };
    expect(await pullRequestOfRun(client(), repo, moved)).toBe(20);
    expect(await pullRequestOfRun(client(), repo, moved, { exactCommit: true })).toBeUndefined();
    expect(await pullRequestOfRun(client(), repo, run, { exactCommit: true })).toBe(21);
  });

  it('a run without a branch has no PR', async () => {
    expect(await pullRequestOfRun(client(), repo, { head_sha: sha })).toBeUndefined();
  });
});
