/**
 * Octokit with retry and throttling, honouring GITHUB_API_URL (GHES and the tests' loopback API).
 * Imported by path (`@shipkit/kit/github`) so actions that do not talk to GitHub never load it.
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { debug, warning } from './commands';
import { ConfigurationError } from './errors';
import { USER_AGENT } from './http';

const ShipkitOctokit = Octokit.plugin(paginateRest, restEndpointMethods, retry, throttling);
export type GitHubClient = InstanceType<typeof ShipkitOctokit>;

export interface GitHubClientOptions {
  token: string;
  baseUrl?: string;
  /** Retries on 5xx (the retry plugin) and on rate limits (the throttling plugin). */
  retries?: number;
  /**
   * Milliseconds per unit of waiting (1000 in production; tests make it small): the retry plugin
   * waits n² units before its n-th retry, the throttling plugin the seconds GitHub asks for.
   */
  retryAfterBaseValue?: number;
}

export function githubClient(options: GitHubClientOptions, env: NodeJS.ProcessEnv = process.env): GitHubClient {
  if (!options.token)
    throw new ConfigurationError(
      'a GitHub token is required: pass `github-token` (the default `${{ github.token }}` works in workflows)',
      'github-token',
    );
  const retries = options.retries ?? 3;
  const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
  return new ShipkitOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    userAgent: USER_AGENT,
    // Not `request.retries`: set there, the retry plugin retries every failure, a 404 or 422 and
    // secondary rate limits included (which it would hammer instead of waiting them out).
    retry: { retries, retryAfterBaseValue },
    throttle: {
      retryAfterBaseValue,
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        warning(`GitHub rate limit hit for ${opts.method} ${opts.url}; retrying in ${retryAfter} s`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        debug(`GitHub secondary rate limit for ${opts.method} ${opts.url}; retry in ${retryAfter} s`);
        return retryCount < retries;
      },
    },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => debug(m), error: (m: string) => debug(m) },
  });
}

/** Finds the comment carrying `marker` on an issue/PR and updates it, or creates one. */
export async function upsertStickyComment(
  client: GitHubClient,
  target: { owner: string; repo: string; issueNumber: number },
  marker: string,
  body: string,
): Promise<{ url: string; id: number; created: boolean; previousBody?: string }> {
  const hidden = `<!-- ${marker} -->`;
  const full = body.includes(hidden) ? body : `${hidden}\n${body}`;
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) {
    const found = page.data.find((c) => c.body?.includes(hidden));
    if (found) {
      const res = await client.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: Number(found.id),
        body: full,
      });
      return { url: res.data.html_url, id: Number(res.data.id), created: false, previousBody: found.body ?? undefined };
    }
  }
  const res = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body: full,
  });
  return { url: res.data.html_url, id: Number(res.data.id), created: true };
}
