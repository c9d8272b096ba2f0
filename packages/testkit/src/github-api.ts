/**
 * A GitHub REST API server on 127.0.0.1 for end-to-end tests. It keeps issues, comments, labels,
 * deployments, workflow runs, jobs, logs and artifacts in memory, answers with GitHub's shapes,
 * records every request, and can inject 5xx, 429 and slow answers (also on "the next write").
 * Extend `routes` (method + path pattern) for endpoints a new action needs.
 *
 * Identity works as on GitHub: every token acts as an account (`addToken`; an unknown token acts
 * as `github-actions[bot]`, like GITHUB_TOKEN), comments and issues record that account as their
 * `user`, GraphQL `viewer { login }` names it, `GET /user` answers only for user accounts (an
 * installation token gets 403 "Resource not accessible by integration"), and a write without a
 * token is 401.
 */
import type { ServerResponse } from 'node:http';
import { startServer, json, type TestServer } from './http-server';
import { executeGraphQL, pullRequestNodeId } from './github-graphql';

export interface Fault {
  method?: string;
  /** Only REST writes (any method but GET and HEAD; GraphQL queries are not writes). */
  writes?: boolean;
  path?: RegExp;
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  /** How many matching requests to fault; then the fault is spent. */
  times: number;
}

/** An account as GitHub's REST API shows it in `user` fields. */
export interface Account {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

/** GITHUB_TOKEN's account. */
export const GITHUB_ACTIONS_BOT: Account = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

interface Issue {
  id: number;
  number: number;
  title: string;
  body: string;
  user: Account;
  state: 'open' | 'closed';
  labels: { name: string }[];
  html_url: string;
  url: string;
  comments: number;
  created_at: string;
  updated_at: string;
  pull_request?: unknown;
}

interface Comment {
  id: number;
  issue_number: number;
  body: string;
  html_url: string;
  user: Account;
  created_at: string;
  updated_at: string;
}

/** A pull request (its issue half lives in `issues`, with the same number). */
export interface PullRequestRecord {
  number: number;
  title: string;
  state: 'open' | 'closed';
  user: Account;
  head: { sha: string; ref: string };
  base: { sha: string; ref: string };
  created_at: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  /** The PR's commits, oldest first, as its commits connection lists them. */
  commits: { sha: string; message: string }[];
  requested_reviewers: string[];
  requested_teams: string[];
  auto_merge: { enabled_by: Account; merge_method: string; enabled_at: string } | null;
}

export interface SeedPullRequest {
  number?: number;
  title?: string;
  state?: 'open' | 'closed';
  user?: Account;
  head?: { sha: string; ref: string };
  base?: { sha: string; ref: string };
  createdAt?: string;
  mergedAt?: string | null;
  mergeCommitSha?: string | null;
  commits?: { sha: string; message: string }[];
  labels?: string[];
}

export interface GitHubState {
  issues: Issue[];
  comments: Comment[];
  labels: { name: string; color: string }[];
  deployments: Record<string, unknown>[];
  deploymentStatuses: Record<string, unknown>[];
  workflowRuns: Record<string, unknown>[];
  jobs: Record<string, unknown>[];
  /** job id → log text */
  jobLogs: Record<number, string>;
  artifacts: Record<string, unknown>[];
  /** artifact id → zip bytes */
  artifactZips: Record<number, Buffer>;
  pulls: PullRequestRecord[];
  /** Repository settings the emulator honours. */
  settings: { allowAutoMerge: boolean };
}

type RouteHandler = (ctx: {
  params: string[];
  query: URLSearchParams;
  /** The account the request's token acts as; undefined without a token. */
  account: Account | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are free-form JSON, like GitHub's
  body: any;
  res: ServerResponse;
  api: GitHubApi;
}) => void | Promise<void>;

export interface GitHubApi extends TestServer {
  state: GitHubState;
  faults: Fault[];
  owner: string;
  repo: string;
  inject(fault: Omit<Fault, 'times'> & { times?: number }): void;
  route(method: string, path: RegExp, handler: RouteHandler): void;
  /** Makes `token` act as `account` (a user with a PAT, or an app's `<slug>[bot]`). */
  addToken(token: string, account: Omit<Account, 'id'> & { id?: number }): Account;
  apiRequests(): { method: string; path: string; body: string; authorization?: string }[];
  /** Seeds a pull request (and its issue): the REST and GraphQL shapes are made from it. */
  addPullRequest(seed: SeedPullRequest): PullRequestRecord;
  /** The pull request as REST `GET /repos/{owner}/{repo}/pulls/{number}` shows it (also what a `pull_request` event carries). */
  pullRequestJson(number: number): Record<string, unknown> | undefined;
}

const now = (): string => new Date().toISOString();

export async function startGitHubApi({ owner = 'acme', repo = 'shop' }: { owner?: string; repo?: string } = {}): Promise<GitHubApi> {
  const state: GitHubState = {
    issues: [],
    comments: [],
    labels: [],
    deployments: [],
    deploymentStatuses: [],
    workflowRuns: [],
    jobs: [],
    jobLogs: {},
    artifacts: [],
    artifactZips: {},
    pulls: [],
    settings: { allowAutoMerge: true },
  };
  const faults: Fault[] = [];
  const routes: { method: string; path: RegExp; handler: RouteHandler }[] = [];
  const tokens = new Map<string, Account>();
  let nextId = 1000;
  let nextAccountId = 5_000_000;
  const web = `https://github.com/${owner}/${repo}`;
  // eslint-disable-next-line prefer-const -- assigned after the server starts
  let api: GitHubApi;

  const base = `/repos/${owner}/${repo}`;
  const r = (method: string, path: string, handler: RouteHandler): void => {
    routes.push({ method, path: new RegExp(`^${path.replace('{repo}', base.replace(/\//g, '\\/'))}$`), handler });
  };

  const paginate = (res: ServerResponse, items: unknown[], query: URLSearchParams, wrap?: string, total?: number): void => {
    const perPage = Number(query.get('per_page') ?? 30);
    const page = Number(query.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URLSearchParams(query);
      next.set('page', String(page + 1));
      // The path of this very request (a shared "current path" raced when a fault delayed one request).
      const path = new URL(res.req.url ?? '/', 'http://127.0.0.1').pathname;
      headers.link = `<${api.url}${path}?${next.toString()}>; rel="next"`;
    }
    json(res, 200, wrap ? { total_count: total ?? items.length, [wrap]: slice } : slice, headers);
  };

  r('GET', '/rate_limit', ({ res }) => json(res, 200, { resources: {}, rate: { limit: 5000, remaining: 5000, reset: 0 } }));

  // Who the token is. GraphQL answers only the identity query the kit asks.
  r('POST', '/graphql', ({ body, res, account }) => {
    const query = String(body.query ?? '');
    if (!account) return json(res, 401, { message: 'This endpoint requires you to be authenticated.' });
    if (/^\s*(?:query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query))
      return json(res, 200, { data: { viewer: { login: account.login } } });
    // Everything else against the schema subset of ./github-graphql (search, pull requests, deployments, auto-merge).
    return executeGraphQL(body as Record<string, unknown>, { state, owner, repo, account }).then((result) => json(res, 200, result));
  });
  r('GET', '/user', ({ res, account }) => {
    if (!account) return json(res, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
    if (account.type === 'Bot')
      return json(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403',
      });
    json(res, 200, { ...account, html_url: `https://github.com/${account.login}` });
  });

  // Issues and pull request comments.
  r('GET', '{repo}/issues', ({ query, res }) => {
    const stateFilter = query.get('state') ?? 'open';
    const labels = (query.get('labels') ?? '').split(',').filter(Boolean);
    const items = state.issues.filter(
      (i) => (stateFilter === 'all' || i.state === stateFilter) && labels.every((l) => i.labels.some((x) => x.name === l)),
    );
    paginate(res, items, query);
  });
  r('POST', '{repo}/issues', ({ body, res, account }) => {
    // Issues and PRs share one sequence; tests may seed either with any number.
    const number = Math.max(0, ...state.issues.map((i) => i.number)) + 1;
    const issue: Issue = {
      id: nextId++,
      number,
      title: String(body.title ?? ''),
      body: String(body.body ?? ''),
      user: account as Account,
      state: 'open',
      labels: ((body.labels ?? []) as (string | { name: string })[]).map((l) => ({ name: typeof l === 'string' ? l : l.name })),
      html_url: `${web}/issues/${number}`,
      url: `${api.url}${base}/issues/${number}`,
      comments: 0,
      created_at: now(),
      updated_at: now(),
    };
    state.issues.push(issue);
    json(res, 201, issue);
  });
  r('GET', '{repo}/issues/(\\d+)', ({ params, res }) => {
    const issue = state.issues.find((i) => i.number === Number(params[0]));
    if (issue) json(res, 200, issue);
    else json(res, 404, { message: 'Not Found' });
  });
  r('PATCH', '{repo}/issues/(\\d+)', ({ params, body, res }) => {
    const issue = state.issues.find((i) => i.number === Number(params[0]));
    if (!issue) return json(res, 404, { message: 'Not Found' });
    if (body.title !== undefined) issue.title = String(body.title);
    if (body.body !== undefined) issue.body = String(body.body);
    if (body.state !== undefined) issue.state = body.state === 'closed' ? 'closed' : 'open';
    if (body.labels !== undefined)
      issue.labels = (body.labels as (string | { name: string })[]).map((l) => ({ name: typeof l === 'string' ? l : l.name }));
    issue.updated_at = now();
    json(res, 200, issue);
  });
  r('POST', '{repo}/issues/(\\d+)/labels', ({ params, body, res }) => {
    const issue = state.issues.find((i) => i.number === Number(params[0]));
    if (!issue) return json(res, 404, { message: 'Not Found' });
    const names = (Array.isArray(body) ? body : (body.labels ?? [])) as (string | { name: string })[];
    for (const l of names) {
      const name = typeof l === 'string' ? l : l.name;
      if (!issue.labels.some((x) => x.name === name)) issue.labels.push({ name });
    }
    json(res, 200, issue.labels);
  });
  r('GET', '{repo}/issues/(\\d+)/comments', ({ params, query, res }) => {
    paginate(
      res,
      state.comments.filter((c) => c.issue_number === Number(params[0])),
      query,
    );
  });
  r('POST', '{repo}/issues/(\\d+)/comments', ({ params, body, res, account }) => {
    const id = nextId++;
    const comment: Comment = {
      id,
      issue_number: Number(params[0]),
      body: String(body.body ?? ''),
      html_url: `${web}/issues/${params[0]}#issuecomment-${id}`,
      user: account as Account,
      created_at: now(),
      updated_at: now(),
    };
    state.comments.push(comment);
    const issue = state.issues.find((i) => i.number === Number(params[0]));
    if (issue) issue.comments++;
    json(res, 201, comment);
  });
  r('PATCH', '{repo}/issues/comments/(\\d+)', ({ params, body, res }) => {
    const comment = state.comments.find((c) => c.id === Number(params[0]));
    if (!comment) return json(res, 404, { message: 'Not Found' });
    comment.body = String(body.body ?? '');
    comment.updated_at = now();
    json(res, 200, comment);
  });
  r('GET', '{repo}/labels', ({ query, res }) => paginate(res, state.labels, query));
  r('POST', '{repo}/labels', ({ body, res }) => {
    const label = { name: String(body.name), color: String(body.color ?? 'ededed') };
    if (state.labels.some((l) => l.name === label.name))
      return json(res, 422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] });
    state.labels.push(label);
    json(res, 201, label);
  });

  r('DELETE', '{repo}/issues/(\\d+)/labels/([^/]+)', ({ params, res }) => {
    const issue = state.issues.find((i) => i.number === Number(params[0]));
    const name = decodeURIComponent(params[1] as string);
    if (!issue || !issue.labels.some((l) => l.name === name)) return json(res, 404, { message: 'Label does not exist' });
    issue.labels = issue.labels.filter((l) => l.name !== name);
    json(res, 200, issue.labels);
  });

  // Pull requests: seeded with `addPullRequest`; reviewers requested through REST, auto-merge through GraphQL.
  r('GET', '{repo}/pulls/(\\d+)', ({ params, res }) => {
    const pr = pullRequestJson(Number(params[0]));
    if (pr) json(res, 200, pr);
    else json(res, 404, { message: 'Not Found' });
  });
  r('POST', '{repo}/pulls/(\\d+)/requested_reviewers', ({ params, body, res }) => {
    const pr = state.pulls.find((p) => p.number === Number(params[0]));
    if (!pr) return json(res, 404, { message: 'Not Found' });
    const reviewers = ((body.reviewers ?? []) as unknown[]).map(String);
    const teams = ((body.team_reviewers ?? []) as unknown[]).map(String);
    if (reviewers.length === 0 && teams.length === 0)
      return json(res, 422, {
        message:
          'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository.',
      });
    if (reviewers.some((r) => r.toLowerCase() === pr.user.login.toLowerCase()))
      return json(res, 422, { message: 'Review cannot be requested from pull request author.' });
    for (const r of reviewers) if (!pr.requested_reviewers.includes(r)) pr.requested_reviewers.push(r);
    for (const t of teams) if (!pr.requested_teams.includes(t)) pr.requested_teams.push(t);
    json(res, 201, pullRequestJson(pr.number));
  });

  const pullRequestJson = (number: number): Record<string, unknown> | undefined => {
    const pr = state.pulls.find((p) => p.number === number);
    const issue = state.issues.find((i) => i.number === number);
    if (!pr) return undefined;
    return {
      id: issue?.id ?? number,
      node_id: pullRequestNodeId(number),
      number,
      state: pr.state,
      title: issue?.title ?? pr.title,
      user: pr.user,
      labels: issue?.labels ?? [],
      head: pr.head,
      base: pr.base,
      created_at: pr.created_at,
      merged_at: pr.merged_at,
      merge_commit_sha: pr.merge_commit_sha,
      merged: Boolean(pr.merged_at),
      requested_reviewers: pr.requested_reviewers.map((login) => ({ login, type: 'User' })),
      requested_teams: pr.requested_teams.map((slug) => ({ slug, name: slug })),
      auto_merge: pr.auto_merge
        ? { enabled_by: pr.auto_merge.enabled_by, merge_method: pr.auto_merge.merge_method, commit_title: pr.title, commit_message: '' }
        : null,
      html_url: `${web}/pull/${number}`,
      url: `${api.url}${base}/pulls/${number}`,
    };
  };

  // Actions: runs, jobs, logs, artifacts.
  r('GET', '{repo}/actions/runs/(\\d+)', ({ params, res }) => {
    const run = state.workflowRuns.find((w) => w.id === Number(params[0]));
    if (run) json(res, 200, run);
    else json(res, 404, { message: 'Not Found' });
  });
  r('GET', '{repo}/actions/runs/(\\d+)/jobs', ({ params, query, res }) =>
    paginate(
      res,
      state.jobs.filter((j) => j.run_id === Number(params[0])),
      query,
      'jobs',
    ),
  );
  r('GET', '{repo}/actions/jobs/(\\d+)/logs', ({ params, res }) => {
    const log = state.jobLogs[Number(params[0])];
    if (log === undefined) return json(res, 404, { message: 'Not Found' });
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(log);
  });
  r('GET', '{repo}/actions/workflows/([^/]+)/runs', ({ params, query, res }) => {
    const runs = state.workflowRuns.filter(
      (w) =>
        (String(w.workflow_id) === params[0] || String(w.path ?? '').endsWith(`/${params[0]}`)) &&
        (!query.get('branch') || w.head_branch === query.get('branch')) &&
        (!query.get('status') || w.conclusion === query.get('status') || w.status === query.get('status')),
    );
    paginate(res, runs, query, 'workflow_runs');
  });
  r('GET', '{repo}/actions/runs', ({ query, res }) => {
    const runs = state.workflowRuns.filter((w) => !query.get('branch') || w.head_branch === query.get('branch'));
    paginate(res, runs, query, 'workflow_runs');
  });
  r('GET', '{repo}/actions/runs/(\\d+)/artifacts', ({ params, query, res }) => {
    const items = state.artifacts.filter(
      (a) =>
        (a.workflow_run as { id?: number } | undefined)?.id === Number(params[0]) && (!query.get('name') || a.name === query.get('name')),
    );
    paginate(res, items, query, 'artifacts');
  });
  r('GET', '{repo}/actions/artifacts', ({ query, res }) => {
    paginate(
      res,
      state.artifacts.filter((a) => !query.get('name') || a.name === query.get('name')),
      query,
      'artifacts',
    );
  });
  r('GET', '{repo}/actions/artifacts/(\\d+)/zip', ({ params, res }) => {
    const zip = state.artifactZips[Number(params[0])];
    if (!zip) return json(res, 404, { message: 'Not Found' });
    // GitHub answers with a redirect to blob storage; we serve the bytes from the same server.
    res.writeHead(302, { location: `${api.url}/_blobs/artifacts/${params[0]}.zip` });
    res.end();
  });
  routes.push({
    method: 'GET',
    path: /^\/_blobs\/artifacts\/(\d+)\.zip$/,
    handler: ({ params, res }) => {
      const zip = state.artifactZips[Number(params[0])];
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip?.length ?? 0) });
      res.end(zip);
    },
  });

  // Deployments: the ledger of what is live and what was last good.
  r('GET', '{repo}/deployments', ({ query, res }) => {
    const items = state.deployments
      .filter(
        (d) =>
          (!query.get('environment') || d.environment === query.get('environment')) && (!query.get('sha') || d.sha === query.get('sha')),
      )
      .sort((a, b) => Number(b.id) - Number(a.id));
    paginate(res, items, query);
  });
  r('POST', '{repo}/deployments', ({ body, res }) => {
    const id = nextId++;
    const deployment = {
      id,
      sha: body.sha ?? body.ref,
      ref: body.ref,
      task: body.task ?? 'deploy',
      environment: body.environment ?? 'production',
      description: body.description ?? null,
      payload: body.payload ?? {},
      // GitHub: transient defaults to false, production to true only for `production`.
      transient_environment: body.transient_environment ?? false,
      production_environment: body.production_environment ?? (body.environment ?? 'production') === 'production',
      creator: { login: 'github-actions[bot]', type: 'Bot' },
      created_at: now(),
      updated_at: now(),
      statuses_url: `${api.url}${base}/deployments/${id}/statuses`,
    };
    state.deployments.push(deployment);
    json(res, 201, deployment);
  });
  r('GET', '{repo}/deployments/(\\d+)', ({ params, res }) => {
    const deployment = state.deployments.find((d) => d.id === Number(params[0]));
    if (deployment) json(res, 200, deployment);
    else json(res, 404, { message: 'Not Found' });
  });
  r('GET', '{repo}/deployments/(\\d+)/statuses', ({ params, query, res }) =>
    paginate(
      res,
      state.deploymentStatuses.filter((s) => s.deployment_id === Number(params[0])).sort((a, b) => Number(b.id) - Number(a.id)),
      query,
    ),
  );
  r('POST', '{repo}/deployments/(\\d+)/statuses', ({ params, body, res }) => {
    const deployment = state.deployments.find((d) => d.id === Number(params[0]));
    if (!deployment) return json(res, 404, { message: 'Not Found' });
    const { auto_inactive: autoInactive = true, ...fields } = body as { auto_inactive?: boolean };
    const status = { id: nextId++, deployment_id: Number(params[0]), created_at: now(), environment: deployment.environment, ...fields };
    state.deploymentStatuses.push(status);
    // auto_inactive (default true): a success retires earlier non-transient, non-production deployments of the environment.
    if ((body as { state?: string }).state === 'success' && autoInactive)
      for (const other of state.deployments)
        if (
          other !== deployment &&
          other.environment === deployment.environment &&
          !other.transient_environment &&
          !other.production_environment &&
          Number(other.id) < Number(deployment.id)
        )
          state.deploymentStatuses.push({
            id: nextId++,
            deployment_id: other.id,
            created_at: now(),
            environment: other.environment,
            state: 'inactive',
          });
    json(res, 201, status);
  });

  const isWrite = (method: string, path: string): boolean => method !== 'GET' && method !== 'HEAD' && path !== '/graphql';
  const accountOf = (authorization: string | undefined): Account | undefined => {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    return tokens.get(token) ?? GITHUB_ACTIONS_BOT;
  };

  const server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const fault = faults.find(
      (f) =>
        f.times > 0 &&
        (!f.path || f.path.test(url.pathname)) &&
        (!f.method || f.method === method) &&
        (!f.writes || isWrite(method, url.pathname)),
    );
    if (fault) {
      fault.times--;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.status) return json(res, fault.status, { message: `injected ${fault.status}` }, fault.headers);
    }
    const account = accountOf(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
    if (!account && isWrite(method, url.pathname))
      return json(res, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.path.exec(url.pathname);
      if (!m) continue;
      let body: unknown = {};
      if (req.body) {
        try {
          body = JSON.parse(req.body);
        } catch {
          return json(res, 400, { message: 'Problems parsing JSON' });
        }
      }
      return route.handler({ params: m.slice(1), query: url.searchParams, account, body, res, api });
    }
    json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });

  api = Object.assign(server, {
    state,
    faults,
    owner,
    repo,
    inject(fault: Omit<Fault, 'times'> & { times?: number }) {
      faults.push({ times: 1, ...fault });
    },
    route(method: string, path: RegExp, handler: RouteHandler) {
      routes.unshift({ method, path, handler });
    },
    addToken(token: string, account: Omit<Account, 'id'> & { id?: number }) {
      const full: Account = { id: account.id ?? nextAccountId++, login: account.login, type: account.type };
      tokens.set(token, full);
      return full;
    },
    pullRequestJson,
    addPullRequest(seed: SeedPullRequest) {
      const number = seed.number ?? Math.max(0, ...state.issues.map((i) => i.number)) + 1;
      const user = seed.user ?? { login: 'octocat', id: 1, type: 'User' as const };
      const created = seed.createdAt ?? now();
      const title = seed.title ?? `Pull request ${number}`;
      const closed = seed.state === 'closed' || (seed.mergedAt !== undefined && seed.mergedAt !== null);
      state.issues.push({
        id: nextId++,
        number,
        title,
        body: '',
        user,
        state: closed ? 'closed' : 'open',
        labels: (seed.labels ?? []).map((name) => ({ name })),
        html_url: `${web}/pull/${number}`,
        url: `${api.url}${base}/issues/${number}`,
        comments: 0,
        created_at: created,
        updated_at: created,
        pull_request: { url: `${api.url}${base}/pulls/${number}` },
      });
      const pr: PullRequestRecord = {
        number,
        title,
        state: closed ? 'closed' : 'open',
        user,
        head: seed.head ?? { sha: '0'.repeat(40), ref: `topic-${number}` },
        base: seed.base ?? { sha: '0'.repeat(40), ref: 'main' },
        created_at: created,
        merged_at: seed.mergedAt ?? null,
        merge_commit_sha: seed.mergeCommitSha ?? null,
        commits: seed.commits ?? [],
        requested_reviewers: [],
        requested_teams: [],
        auto_merge: null,
      };
      state.pulls.push(pr);
      return pr;
    },
    apiRequests() {
      return server.requests.map((q) => ({
        method: q.method,
        path: q.url,
        body: q.body,
        authorization: typeof q.headers.authorization === 'string' ? q.headers.authorization : undefined,
      }));
    },
  });
  return api;
}
