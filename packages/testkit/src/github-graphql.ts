/**
 * The GraphQL half of the GitHub emulator: a subset of GitHub's public schema (the types, fields,
 * arguments and enum values as GitHub names them) executed with graphql-js over the emulator's
 * state, so a query GitHub would reject (an unknown field, a wrong argument) is rejected here too.
 * It answers `viewer`, `search(type: ISSUE)` over merged and open pull requests (with their
 * commits), `repository { pullRequest, deployments }` (the REST deployments and their statuses), and
 * the mutations `enablePullRequestAutoMerge` / `disablePullRequestAutoMerge`.
 */
import type { Account, GitHubState, PullRequestRecord } from './github-api';

const SDL = /* GraphQL */ `
  scalar DateTime
  scalar GitObjectID
  scalar URI
  interface Actor {
    login: String!
  }
  type User implements Actor {
    login: String!
  }
  type Bot implements Actor {
    login: String!
  }
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    endCursor: String
    startCursor: String
  }
  enum SearchType {
    ISSUE
    ISSUE_ADVANCED
    REPOSITORY
    USER
    DISCUSSION
  }
  type Query {
    viewer: User!
    search(query: String!, type: SearchType!, first: Int, after: String, last: Int, before: String): SearchResultItemConnection!
    repository(owner: String!, name: String!, followRenames: Boolean): Repository
  }
  type SearchResultItemConnection {
    issueCount: Int!
    nodes: [SearchResultItem]
    edges: [SearchResultItemEdge]
    pageInfo: PageInfo!
  }
  type SearchResultItemEdge {
    cursor: String!
    node: SearchResultItem
  }
  union SearchResultItem = Issue | PullRequest
  type Issue {
    id: ID!
    number: Int!
    title: String!
  }
  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }
  enum PullRequestMergeMethod {
    MERGE
    SQUASH
    REBASE
  }
  type Label {
    name: String!
  }
  type LabelConnection {
    totalCount: Int!
    nodes: [Label]
  }
  type Commit {
    oid: GitObjectID!
    message: String!
    messageHeadline: String!
    messageBody: String!
  }
  type PullRequestCommit {
    commit: Commit!
  }
  type PullRequestCommitConnection {
    totalCount: Int!
    nodes: [PullRequestCommit]
    pageInfo: PageInfo!
  }
  type AutoMergeRequest {
    enabledAt: DateTime
    mergeMethod: PullRequestMergeMethod!
    enabledBy: Actor
  }
  type PullRequest {
    id: ID!
    number: Int!
    title: String!
    state: PullRequestState!
    merged: Boolean!
    mergedAt: DateTime
    createdAt: DateTime!
    author: Actor
    headRefOid: GitObjectID!
    headRefName: String!
    baseRefName: String!
    mergeCommit: Commit
    autoMergeRequest: AutoMergeRequest
    labels(first: Int, after: String): LabelConnection
    commits(first: Int, after: String, last: Int, before: String): PullRequestCommitConnection!
  }
  enum DeploymentOrderField {
    CREATED_AT
  }
  enum OrderDirection {
    ASC
    DESC
  }
  input DeploymentOrder {
    field: DeploymentOrderField!
    direction: OrderDirection!
  }
  enum DeploymentStatusState {
    PENDING
    SUCCESS
    FAILURE
    INACTIVE
    ERROR
    QUEUED
    IN_PROGRESS
    WAITING
  }
  type DeploymentStatus {
    state: DeploymentStatusState!
    description: String
    createdAt: DateTime!
    environmentUrl: URI
    logUrl: URI
  }
  type DeploymentStatusConnection {
    totalCount: Int!
    nodes: [DeploymentStatus]
    pageInfo: PageInfo!
  }
  type Deployment {
    id: ID!
    databaseId: Int
    commitOid: String!
    createdAt: DateTime!
    environment: String
    task: String
    payload: String
    creator: Actor!
    latestStatus: DeploymentStatus
    statuses(first: Int, after: String, last: Int, before: String): DeploymentStatusConnection
  }
  type DeploymentConnection {
    totalCount: Int!
    nodes: [Deployment]
    pageInfo: PageInfo!
  }
  type Repository {
    nameWithOwner: String!
    pullRequest(number: Int!): PullRequest
    deployments(
      environments: [String!]
      orderBy: DeploymentOrder
      first: Int
      after: String
      last: Int
      before: String
    ): DeploymentConnection!
  }
  input EnablePullRequestAutoMergeInput {
    pullRequestId: ID!
    mergeMethod: PullRequestMergeMethod
    commitHeadline: String
    commitBody: String
    authorEmail: String
    expectedHeadOid: GitObjectID
    clientMutationId: String
  }
  type EnablePullRequestAutoMergePayload {
    clientMutationId: String
    actor: Actor
    pullRequest: PullRequest
  }
  input DisablePullRequestAutoMergeInput {
    pullRequestId: ID!
    clientMutationId: String
  }
  type DisablePullRequestAutoMergePayload {
    clientMutationId: String
    actor: Actor
    pullRequest: PullRequest
  }
  type Mutation {
    enablePullRequestAutoMerge(input: EnablePullRequestAutoMergeInput!): EnablePullRequestAutoMergePayload
    disablePullRequestAutoMerge(input: DisablePullRequestAutoMergeInput!): DisablePullRequestAutoMergePayload
  }
`;

/** GitHub's connections take at most 100 nodes a page; more is an error. */
const MAX_PAGE = 100;

const cursorOf = (index: number): string => Buffer.from(`cursor:${index}`).toString('base64');
const indexOf = (cursor: string | null | undefined): number => {
  if (!cursor) return 0;
  const m = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m) throw new Error(`\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
};

function page<T>(all: readonly T[], args: { first?: number | null; after?: string | null; last?: number | null }, what: string) {
  const n = args.first ?? args.last;
  if (n === undefined || n === null)
    throw new Error(`You must provide a \`first\` or \`last\` value to properly paginate the \`${what}\` connection.`);
  if (n > MAX_PAGE || n < 0)
    throw new Error(`Requesting ${n} records on the \`${what}\` connection exceeds the \`first\` limit of 100 records.`);
  const start = args.first !== undefined && args.first !== null ? indexOf(args.after) : Math.max(0, all.length - n);
  const nodes = all.slice(start, start + n);
  return {
    totalCount: all.length,
    nodes,
    edges: nodes.map((node, k) => ({ cursor: cursorOf(start + k + 1), node })),
    pageInfo: {
      hasNextPage: start + n < all.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length > 0 ? cursorOf(start + 1) : null,
      endCursor: nodes.length > 0 ? cursorOf(start + nodes.length) : null,
    },
  };
}

export const pullRequestNodeId = (number: number): string => `PR_${Buffer.from(`pr:${number}`).toString('base64url')}`;

const actor = (a: Account) => ({ __typename: a.type === 'Bot' ? 'Bot' : 'User', login: a.login });

type Schema = import('graphql').GraphQLSchema;
let schema: Schema | undefined;

export interface GraphQLContext {
  state: GitHubState;
  owner: string;
  repo: string;
  account: Account;
}

function pullRequestNode(pr: PullRequestRecord, state: GitHubState) {
  const issue = state.issues.find((i) => i.number === pr.number);
  return {
    __typename: 'PullRequest',
    id: pullRequestNodeId(pr.number),
    number: pr.number,
    title: issue?.title ?? pr.title,
    state: pr.merged_at ? 'MERGED' : pr.state === 'closed' ? 'CLOSED' : 'OPEN',
    merged: Boolean(pr.merged_at),
    mergedAt: pr.merged_at,
    createdAt: pr.created_at,
    author: actor(pr.user),
    headRefOid: pr.head.sha,
    headRefName: pr.head.ref,
    baseRefName: pr.base.ref,
    mergeCommit: pr.merge_commit_sha ? { oid: pr.merge_commit_sha, message: pr.title, messageHeadline: pr.title, messageBody: '' } : null,
    autoMergeRequest: pr.auto_merge
      ? {
          enabledAt: pr.auto_merge.enabled_at,
          mergeMethod: pr.auto_merge.merge_method.toUpperCase(),
          enabledBy: actor(pr.auto_merge.enabled_by),
        }
      : null,
    labels: (args: { first?: number; after?: string }) =>
      page(issue?.labels ?? [], { first: args.first ?? MAX_PAGE, after: args.after }, 'labels'),
    commits: (args: { first?: number; after?: string; last?: number }) =>
      page(
        pr.commits.map((c) => ({
          commit: {
            oid: c.sha,
            message: c.message,
            messageHeadline: c.message.split('\n')[0],
            messageBody: c.message.split('\n').slice(2).join('\n'),
          },
        })),
        args,
        'commits',
      ),
  };
}

/** The search qualifiers the emulator understands; any other is refused, so a test cannot pass on a qualifier it ignores. */
function searchPullRequests(query: string, ctx: GraphQLContext) {
  let repoOk = true;
  let kind: 'pr' | 'any' = 'any';
  let merged: boolean | undefined;
  let stateFilter: 'open' | 'closed' | undefined;
  let sort = 'created-desc';
  for (const term of query.trim().split(/\s+/).filter(Boolean)) {
    const [k, v] = term.includes(':') ? [term.slice(0, term.indexOf(':')), term.slice(term.indexOf(':') + 1)] : [term, ''];
    if (k === 'repo') repoOk = v.toLowerCase() === `${ctx.owner}/${ctx.repo}`.toLowerCase();
    else if (k === 'is' && (v === 'pr' || v === 'pull-request')) kind = 'pr';
    else if (k === 'is' && v === 'merged') merged = true;
    else if (k === 'is' && v === 'unmerged') merged = false;
    else if (k === 'is' && (v === 'open' || v === 'closed')) stateFilter = v;
    else if (k === 'sort' && /^(created|updated)-(asc|desc)$/.test(v)) sort = v;
    else throw new Error(`the emulator's search does not understand \`${term}\``);
  }
  if (!repoOk || kind !== 'pr') return [];
  const prs = ctx.state.pulls.filter(
    (p) =>
      (merged === undefined || Boolean(p.merged_at) === merged) &&
      (!stateFilter || (stateFilter === 'open' ? p.state === 'open' : p.state === 'closed')),
  );
  const [field, dir] = sort.split('-');
  const at = (p: PullRequestRecord): string => (field === 'updated' ? (p.merged_at ?? p.created_at) : p.created_at);
  return [...prs].sort((a, b) => (dir === 'desc' ? at(b).localeCompare(at(a)) : at(a).localeCompare(at(b))) || b.number - a.number);
}

async function buildSchema(): Promise<Schema> {
  const { buildSchema: build } = await import('graphql');
  return build(SDL);
}

function deploymentNode(d: Record<string, unknown>, state: GitHubState) {
  const statuses = state.deploymentStatuses
    .filter((s) => s.deployment_id === d.id)
    .sort((a, b) => Number(b.id) - Number(a.id))
    .map((s) => ({
      state: String(s.state).toUpperCase(),
      description: (s.description as string | undefined) ?? null,
      createdAt: s.created_at,
      environmentUrl: (s.environment_url as string | undefined) ?? null,
      logUrl: (s.log_url as string | undefined) ?? null,
    }));
  const creator = d.creator as { login: string; type?: string };
  return {
    id: `DE_${d.id}`,
    databaseId: d.id,
    commitOid: d.sha,
    createdAt: d.created_at,
    environment: d.environment,
    task: d.task,
    // GitHub's GraphQL gives the payload as the JSON text.
    payload: JSON.stringify(d.payload ?? {}),
    creator: { __typename: creator.type === 'Bot' ? 'Bot' : 'User', login: creator.login },
    latestStatus: statuses[0] ?? null,
    statuses: (args: { first?: number; after?: string; last?: number }) => page(statuses, args, 'statuses'),
  };
}

export async function executeGraphQL(
  body: { query?: unknown; variables?: unknown; operationName?: unknown },
  ctx: GraphQLContext,
): Promise<{ data?: unknown; errors?: unknown[] }> {
  const { graphql } = await import('graphql');
  schema ??= await buildSchema();
  const { state } = ctx;
  const findPr = (id: string): PullRequestRecord => {
    const pr = state.pulls.find((p) => pullRequestNodeId(p.number) === id);
    if (!pr) throw Object.assign(new Error(`Could not resolve to a node with the global id of '${id}'`), { type: 'NOT_FOUND' });
    return pr;
  };
  const root = {
    viewer: () => actor(ctx.account),
    search: (args: { query: string; type: string; first?: number; after?: string; last?: number }) => {
      if (args.type !== 'ISSUE') return page([], args, 'search');
      const all = searchPullRequests(args.query, ctx);
      // GitHub: `issueCount` counts every match; only the first 1,000 can be paged through.
      const result = page(all.slice(0, 1000), args, 'search');
      return {
        ...result,
        issueCount: all.length,
        nodes: result.nodes.map((p) => pullRequestNode(p, state)),
        edges: result.edges.map((e) => ({ ...e, node: pullRequestNode(e.node, state) })),
      };
    },
    repository: (args: { owner: string; name: string }) => {
      if (args.owner.toLowerCase() !== ctx.owner.toLowerCase() || args.name.toLowerCase() !== ctx.repo.toLowerCase()) return null;
      return {
        nameWithOwner: `${ctx.owner}/${ctx.repo}`,
        pullRequest: ({ number }: { number: number }) => {
          const pr = state.pulls.find((p) => p.number === number);
          return pr ? pullRequestNode(pr, state) : null;
        },
        deployments: (a: { environments?: string[]; orderBy?: { direction: string }; first?: number; after?: string; last?: number }) => {
          const list = state.deployments
            .filter((d) => !a.environments || a.environments.includes(String(d.environment)))
            .sort((x, y) => String(x.created_at).localeCompare(String(y.created_at)) || Number(x.id) - Number(y.id));
          if (a.orderBy?.direction === 'DESC') list.reverse();
          const result = page(list, a, 'deployments');
          return { ...result, nodes: result.nodes.map((d) => deploymentNode(d, state)) };
        },
      };
    },
    enablePullRequestAutoMerge: ({ input }: { input: { pullRequestId: string; mergeMethod?: string } }) => {
      const pr = findPr(input.pullRequestId);
      if (!state.settings.allowAutoMerge)
        throw Object.assign(new Error('Pull request Auto merge is not allowed for this repository'), { type: 'UNPROCESSABLE' });
      if (pr.state !== 'open') throw Object.assign(new Error('Pull request is not open'), { type: 'UNPROCESSABLE' });
      pr.auto_merge = {
        enabled_by: ctx.account,
        merge_method: (input.mergeMethod ?? 'MERGE').toLowerCase(),
        enabled_at: new Date().toISOString(),
      };
      return { actor: actor(ctx.account), pullRequest: pullRequestNode(pr, state) };
    },
    disablePullRequestAutoMerge: ({ input }: { input: { pullRequestId: string } }) => {
      const pr = findPr(input.pullRequestId);
      pr.auto_merge = null;
      return { actor: actor(ctx.account), pullRequest: pullRequestNode(pr, state) };
    },
  };
  const result = await graphql({
    schema,
    source: String(body.query ?? ''),
    rootValue: root,
    variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
  });
  return {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors
      ? {
          errors: result.errors.map((e) => ({
            type: (e.originalError as { type?: string } | undefined)?.type ?? (e.path ? 'UNPROCESSABLE' : undefined),
            path: e.path,
            locations: e.locations,
            message: e.message,
          })),
        }
      : {}),
  };
}
