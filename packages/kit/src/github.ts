/**
 * Octokit with retry and throttling, honouring GITHUB_API_URL (GHES and the tests' loopback API),
 * proxies (through the kit's http client) and Retry-After in full. Sticky comments and other
 * records the kit writes (a hidden marker, an optional state line) are recognised only when the
 * account the token acts as wrote them, and quoted text can never carry a marker.
 * Imported by path (`@shipkit/kit/github`) so actions that do not talk to GitHub never load it.
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { debug, warning } from './commands';
import { ConfigurationError, errorMessage } from './errors';
import { USER_AGENT, fetchOverHttp, retryAfterMs } from './http';
import { escapeRegExp } from './redact';

const ShipkitOctokit = Octokit.plugin(paginateRest, restEndpointMethods, retry, throttling);
export type GitHubClient = InstanceType<typeof ShipkitOctokit>;

export interface GitHubClientOptions {
  token: string;
  baseUrl?: string;
  /** Retries on 5xx (the retry plugin), on rate limits (the throttling plugin) and on 429s. */
  retries?: number;
}

/**
 * The longest wait a client accepts. GitHub's Retry-After (or rate-limit reset) is honoured in
 * full up to this; a longer one is not cut short, the request fails instead.
 */
export const MAX_RATE_LIMIT_WAIT_S = 300;

/** GitHub's advice for a rate limit answered without Retry-After: wait at least a minute. */
const DEFAULT_RETRY_AFTER_S = 60;

type RequestError = { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };

/** The rate limits the throttling plugin itself waits out (secondary limits, an exhausted quota). */
const throttlingHandles = (e: RequestError): boolean =>
  /\bsecondary rate\b/i.test(e.message ?? '') || e.response?.headers?.['x-ratelimit-remaining'] === '0';

/** Waits out a 429 the throttling plugin does not handle, as long as its Retry-After asks. */
function honourRetryAfter(octokit: Octokit, retries: number): void {
  octokit.hook.wrap('request', async (request, opts) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(opts);
      } catch (e) {
        const err = e as RequestError;
        if (err.status !== 429 || throttlingHandles(err) || attempt >= retries) throw e;
        const header = err.response?.headers?.['retry-after'];
        const waitMs = retryAfterMs(header, Number.POSITIVE_INFINITY) ?? DEFAULT_RETRY_AFTER_S * 1000;
        if (waitMs > MAX_RATE_LIMIT_WAIT_S * 1000) throw e;
        warning(
          `GitHub answered 429 (too many requests) for ${opts.method} ${opts.url}; retrying in ${Math.ceil(waitMs / 1000)} s as it asks`,
        );
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  });
}

/** Octokit for one read-only GraphQL query (the identity): retries, but not the write spacing. */
const QueryOctokit = Octokit.plugin(retry);
/** Per client, how to ask GraphQL a read-only query outside the throttling plugin's write queue. */
const readQueries = new WeakMap<GitHubClient, (query: string, variables?: Record<string, unknown>) => Promise<unknown>>();

export function githubClient(options: GitHubClientOptions, env: NodeJS.ProcessEnv = process.env): GitHubClient {
  if (!options.token)
    throw new ConfigurationError(
      'a GitHub token is required: pass `github-token` (the default `${{ github.token }}` works in workflows)',
      'github-token',
    );
  const retries = options.retries ?? 3;
  const common = {
    auth: options.token,
    baseUrl: (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    userAgent: USER_AGENT,
    // The kit's client: HTTPS_PROXY/NO_PROXY, its redirect rules, and no undici at start-up.
    request: { fetch: fetchOverHttp() },
    // Not `request.retries`: set there, the retry plugin retries every failure, a 404 or 422 and
    // secondary rate limits included (which it would hammer instead of waiting them out). 429 is
    // left to the throttling plugin and to `honourRetryAfter`, which wait as long as asked.
    retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => debug(m), error: (m: string) => debug(m) },
  };
  const client = new ShipkitOctokit({
    ...common,
    throttle: {
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        if (retryAfter > MAX_RATE_LIMIT_WAIT_S) {
          warning(`GitHub rate limit hit for ${opts.method} ${opts.url}; it resets in ${retryAfter} s, too long to wait`);
          return false;
        }
        warning(`GitHub rate limit hit for ${opts.method} ${opts.url}; retrying in ${retryAfter} s`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        if (retryAfter > MAX_RATE_LIMIT_WAIT_S) return false;
        debug(`GitHub secondary rate limit for ${opts.method} ${opts.url}; retry in ${retryAfter} s`);
        return retryCount < retries;
      },
    },
  });
  honourRetryAfter(client, retries);
  // The throttling plugin spaces every GraphQL request like a write (it cannot tell a query from a
  // mutation): a read-only query through it would hold the first real write back by a second.
  let reader: InstanceType<typeof QueryOctokit> | undefined;
  readQueries.set(client, (query, variables) => {
    if (!reader) {
      reader = new QueryOctokit(common);
      honourRetryAfter(reader, retries);
    }
    return reader.graphql(query, variables);
  });
  return client;
}

/**
 * A read-only GraphQL query (no mutation) outside the throttling plugin's write spacing, with the
 * same retries, Retry-After handling and proxies: ten pages of a search take ten round trips, not
 * ten seconds.
 */
export function graphqlRead<T = unknown>(client: GitHubClient, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const ask = readQueries.get(client) ?? ((q: string, v?: Record<string, unknown>) => client.graphql(q, v));
  return ask(query, variables) as Promise<T>;
}

const identities = new WeakMap<GitHubClient, Promise<string>>();

/**
 * The login of the account the token acts as: a user for a PAT, `<app>[bot]` for an installation
 * token (`github-actions[bot]` for GITHUB_TOKEN). GraphQL's `viewer` answers for every kind of
 * token; REST `GET /user` answers only for user tokens (installation tokens get 403 "Resource not
 * accessible by integration"), so it is the fallback. Asked once per client.
 */
export function tokenIdentity(client: GitHubClient): Promise<string> {
  let found = identities.get(client);
  if (!found) {
    found = (async () => {
      let graphqlError: unknown;
      try {
        const ask = readQueries.get(client) ?? ((query: string) => client.graphql(query));
        const res = (await ask('query { viewer { login } }')) as { viewer?: { login?: string } };
        if (res.viewer?.login) return res.viewer.login;
      } catch (e) {
        graphqlError = e;
      }
      try {
        const res = await client.request('GET /user');
        if (res.data.login) return res.data.login;
      } catch {
        // The GraphQL error says more.
      }
      throw new Error(
        `could not learn which account the token acts as (${graphqlError ? errorMessage(graphqlError) : 'GraphQL `viewer` had no login'}), so earlier comments cannot be told from strangers' and none was written`,
      );
    })();
    identities.set(client, found);
  }
  return found;
}

/** Whether a comment's or issue's author is the token's own account (logins compare without case). */
export const writtenBy = (identity: string, user: { login?: string } | null | undefined): boolean =>
  typeof user?.login === 'string' && user.login.toLowerCase() === identity.toLowerCase();

/**
 * Makes quoted text (logs, test messages, anything not ours) unable to carry a hidden marker or
 * state line: `<!--` opens an HTML comment, so it is written as `&lt;!--`.
 */
export const escapeMarkers = (text: string): string => text.replace(/<!--/g, '&lt;!--');

const markerLine = (marker: string): string => `<!-- ${marker} -->`;
const stateLine = (marker: string, state: unknown): string =>
  // `<` and `>` are escaped inside the JSON, so no value can close the comment early.
  `<!-- ${marker}:state ${JSON.stringify(state).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')} -->`;

/**
 * The body the kit writes: the marker line, the text with markers escaped, and (optionally) a
 * state line at the very end. The one place these lines are built.
 */
export function markedBody(marker: string, body: string, state?: unknown): string {
  const parts = [markerLine(marker), escapeMarkers(body).replace(/\n+$/, '')];
  if (state !== undefined) parts.push(stateLine(marker, state));
  return `${parts.join('\n')}\n`;
}

/** Whether a body was written by `markedBody` with this marker. */
export const hasMarker = (body: string | null | undefined, marker: string): boolean =>
  typeof body === 'string' && (body.startsWith(`${markerLine(marker)}\n`) || body === markerLine(marker));

/** The state of a body written by `markedBody`: only its last line counts. */
export function readMarkedState(body: string | null | undefined, marker: string): unknown {
  if (!hasMarker(body, marker)) return undefined;
  const m = new RegExp(`\\n<!-- ${escapeRegExp(marker)}:state (\\{[^\\n]*\\}) -->\\s*$`).exec(body as string);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1] as string) as unknown;
  } catch {
    return undefined;
  }
}

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface StickyComment {
  id: number;
  body: string;
  url: string;
  /** The state line's value, when the comment has one. */
  state?: unknown;
}

/**
 * The sticky comment with `marker` on an issue or PR, written by the token's own account; a
 * stranger's comment carrying the same marker is ignored. Lists the comments once.
 */
export async function findStickyComment(client: GitHubClient, target: StickyTarget, marker: string): Promise<StickyComment | undefined> {
  const identity = await tokenIdentity(client);
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) {
    const found = page.data.find((c) => writtenBy(identity, c.user) && hasMarker(c.body, marker));
    if (found) {
      const body = found.body ?? '';
      return { id: Number(found.id), body, url: found.html_url, state: readMarkedState(body, marker) };
    }
  }
  return undefined;
}

/**
 * Writes the sticky comment: updates `existing` (from `findStickyComment`) or creates it. The body
 * is quoted text (markers escaped); `state` becomes the hidden state line.
 */
export async function writeStickyComment(
  client: GitHubClient,
  target: StickyTarget,
  marker: string,
  body: string,
  existing?: Pick<StickyComment, 'id'>,
  { state }: { state?: unknown } = {},
): Promise<{ id: number; url: string; created: boolean }> {
  const full = markedBody(marker, body, state);
  if (existing) {
    try {
      const res = await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body: full });
      return { id: Number(res.data.id), url: res.data.html_url, created: false };
    } catch (e) {
      // Deleted since it was found: write a new one.
      if ((e as { status?: number }).status !== 404) throw e;
    }
  }
  const res = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body: full,
  });
  return { id: Number(res.data.id), url: res.data.html_url, created: true };
}

/** What `pullRequestOfRun` reads of a `workflow_run` event's run. */
export interface WorkflowRunPayload {
  run_attempt?: number;
  head_branch?: string | null;
  head_sha?: string;
  head_repository?: { owner?: { login?: string } } | null;
}

/**
 * The open PR whose head is the run's branch (and commit), also when the branch lives in a fork:
 * GitHub leaves `workflow_run.pull_requests` empty for PRs from forks. With `exactCommit`, only a
 * PR whose head is the run's very commit counts (what was built is what gets deployed); without
 * it, the branch's PR is taken when none matches the commit (a later push moved it on).
 */
export async function pullRequestOfRun(
  client: GitHubClient,
  target: { owner: string; repo: string },
  run: WorkflowRunPayload,
  { exactCommit = false }: { exactCommit?: boolean } = {},
): Promise<number | undefined> {
  if (!run.head_branch) return undefined;
  const owner = run.head_repository?.owner?.login ?? target.owner;
  const res = await client.rest.pulls.list({
    owner: target.owner,
    repo: target.repo,
    state: 'open',
    head: `${owner}:${run.head_branch}`,
    per_page: 10,
  });
  const match = res.data.find((p) => !run.head_sha || p.head.sha === run.head_sha) ?? (exactCommit ? undefined : res.data[0]);
  return match?.number;
}

export interface OwnIssue<S> {
  number: number;
  url: string;
  open: boolean;
  /** The state line's value, as `match` accepted it. */
  state: S;
}

/**
 * The issue carrying `label` that the token's own account opened with a body `markedBody(marker, …,
 * state)` wrote, whose state `match` accepts (e.g. the same fingerprint). Issues of any state are
 * listed once, pull requests skipped; anyone can open an issue with the label and a copy of the
 * marker and state line, and nobody else's counts.
 */
export async function findOwnIssue<S>(
  client: GitHubClient,
  target: { owner: string; repo: string },
  { label, marker, match }: { label: string; marker: string; match: (state: unknown) => S | undefined },
): Promise<OwnIssue<S> | undefined> {
  const identity = await tokenIdentity(client);
  for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, {
    owner: target.owner,
    repo: target.repo,
    labels: label,
    state: 'all',
    per_page: 100,
  })) {
    for (const issue of page.data) {
      if (issue.pull_request || !writtenBy(identity, issue.user)) continue;
      const state = match(readMarkedState(issue.body, marker));
      if (state !== undefined) return { number: issue.number, url: issue.html_url, open: issue.state === 'open', state };
    }
  }
  return undefined;
}
