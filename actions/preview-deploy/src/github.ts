/**
 * GitHub for this action: the token's identity (only its own comments and deployments count),
 * and the sticky comment found by marker and author.
 * TODO(f3 merge): `tokenIdentity`/`findStickyComment`/`writeStickyComment` from @shipkit/kit/github.
 */
import type { GitHubClient } from '@shipkit/kit/github';
import { COMMENT_MARKER } from './comment';

/** The login the token acts as: GraphQL `viewer` answers for every kind of token, `GET /user` for user tokens. */
export async function tokenLogin(client: GitHubClient): Promise<string> {
  try {
    const res = await client.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    if (res.viewer?.login) return res.viewer.login;
  } catch {
    // An installation token may still answer GET /user on GHES; try it.
  }
  const res = await client.request('GET /user');
  return res.data.login;
}

export interface Target {
  owner: string;
  repo: string;
  issueNumber: number;
}

export async function findOurComment(
  client: GitHubClient,
  target: Target,
  identity: string,
): Promise<{ id: number; body: string } | undefined> {
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) {
    const found = page.data.find(
      (c) => c.user?.login?.toLowerCase() === identity.toLowerCase() && (c.body ?? '').startsWith(`<!-- ${COMMENT_MARKER} -->`),
    );
    if (found) return { id: Number(found.id), body: found.body ?? '' };
  }
  return undefined;
}

export async function writeComment(client: GitHubClient, target: Target, body: string, existing?: { id: number }): Promise<void> {
  if (existing) {
    await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body });
    return;
  }
  await client.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body });
}
