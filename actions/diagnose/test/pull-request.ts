/** Test helper: an open pull request in the GitHub API emulator, as the issues API lists it. */
import type { GitHubApi } from '@shipkit/testkit';

export function addPullRequest(api: GitHubApi, number = 7, apiUrl = api.url): void {
  api.state.issues.push({
    id: 1,
    number,
    title: 'Add discounts',
    body: '',
    user: { login: 'octocat', id: 583231, type: 'User' },
    state: 'open',
    labels: [],
    html_url: `https://github.com/acme/shop/pull/${number}`,
    url: `${apiUrl}/repos/acme/shop/issues/${number}`,
    comments: 0,
    created_at: '',
    updated_at: '',
    pull_request: {},
  });
}
