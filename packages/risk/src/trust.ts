/**
 * Graduated trust, per agent and repository, earned from the record: the merged pull requests
 * whose every commit carries the agent's `Agent-By` trailer, and how many of them were rolled back
 * (a deployment of their merge commit that a rollback replaced, as the deployments ledger records
 * it). Read through GraphQL in as few requests as GitHub allows: one query pages through the merged
 * PRs (search, 100 a page, with their commits' messages) and the deployments (100 a page, with
 * their statuses) side by side, so 1,000 merged PRs take 10 requests.
 */
import { ConfigurationError } from '@shipkit/kit';
import { isRiskClass, RISK_CLASSES, type RiskClass } from './classes';
import { agentsOf, messageTrailers } from './trailers';

export interface TrustLevel {
  name: string;
  /** Merged PRs at least. */
  minMerged: number;
  /** Rolled-back PRs at most. */
  maxRollbacks?: number;
  /** Rolled-back share strictly below this percentage. */
  rollbackRateBelow?: number;
  /** Months since the agent's first merged PR, at least. */
  minAgeMonths: number;
  /** The classes that may merge on their own (critical paths never do). */
  allows: RiskClass[];
}

/** The seeds' table: L0 new (nothing), L1 20 merged and no incident (low), L2 100 and < 2 % (low, medium), L3 500, < 1 %, 3 months (all but critical). */
export const DEFAULT_LEVELS: readonly TrustLevel[] = [
  { name: 'L0', minMerged: 0, minAgeMonths: 0, allows: [] },
  { name: 'L1', minMerged: 20, maxRollbacks: 0, minAgeMonths: 0, allows: ['low'] },
  { name: 'L2', minMerged: 100, rollbackRateBelow: 2, minAgeMonths: 0, allows: ['low', 'medium'] },
  { name: 'L3', minMerged: 500, rollbackRateBelow: 1, minAgeMonths: 3, allows: ['low', 'medium', 'high'] },
];

const LEVEL_KEYS = ['level', 'min-merged', 'max-rollbacks', 'rollback-rate-below', 'min-age-months', 'allows'];

function nonNegative(value: unknown, what: string, input: string, { percent = false } = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' && percent ? value.trim().replace(/%$/, '') : value;
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0 || (percent && n > 100))
    throw new ConfigurationError(
      `\`${input}\`: ${what} must be ${percent ? 'a percentage such as `2%`' : 'a number of at least 0'}, got ${JSON.stringify(value)}`,
      input,
    );
  return n;
}

/** The `levels` input (YAML already parsed): a list, lowest level first. */
export function parseLevels(value: unknown, input = 'levels'): TrustLevel[] {
  if (value === undefined || value === null) return [...DEFAULT_LEVELS];
  if (!Array.isArray(value) || value.length === 0)
    throw new ConfigurationError(
      `\`${input}\` must be a YAML list of levels, lowest first, such as \`- { level: L1, min-merged: 20, max-rollbacks: 0, allows: [low] }\``,
      input,
    );
  const names = new Set<string>();
  return value.map((raw: unknown, index): TrustLevel => {
    const at = `level ${index + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ConfigurationError(`\`${input}\`: ${at} must be a mapping with \`level\` and \`allows\``, input);
    const l = raw as Record<string, unknown>;
    const unknownKeys = Object.keys(l).filter((k) => !LEVEL_KEYS.includes(k));
    if (unknownKeys.length > 0)
      throw new ConfigurationError(
        `\`${input}\`: ${at} has unknown key(s) ${unknownKeys.map((k) => `\`${k}\``).join(', ')}; a level takes ${LEVEL_KEYS.map((k) => `\`${k}\``).join(', ')}`,
        input,
      );
    if (typeof l.level !== 'string' || l.level.trim() === '')
      throw new ConfigurationError(`\`${input}\`: ${at} needs a \`level\` name such as \`L1\``, input);
    if (names.has(l.level)) throw new ConfigurationError(`\`${input}\`: level \`${l.level}\` is named twice`, input);
    names.add(l.level);
    const allows = l.allows ?? [];
    if (!Array.isArray(allows) || allows.some((c) => !isRiskClass(c)))
      throw new ConfigurationError(
        `\`${input}\`: level \`${l.level}\`: \`allows\` must be a list of ${RISK_CLASSES.map((c) => `\`${c}\``).join(', ')}, got ${JSON.stringify(allows)}`,
        input,
      );
    return {
      name: l.level,
      minMerged: nonNegative(l['min-merged'], `level \`${l.level}\`: \`min-merged\``, input) ?? 0,
      maxRollbacks: nonNegative(l['max-rollbacks'], `level \`${l.level}\`: \`max-rollbacks\``, input),
      rollbackRateBelow: nonNegative(l['rollback-rate-below'], `level \`${l.level}\`: \`rollback-rate-below\``, input, { percent: true }),
      minAgeMonths: nonNegative(l['min-age-months'], `level \`${l.level}\`: \`min-age-months\``, input) ?? 0,
      allows: allows as RiskClass[],
    };
  });
}

export interface AgentRecord {
  agent: string;
  merged: number;
  rolledBack: number;
  /** The oldest merged PR read. */
  firstMergedAt?: string;
  rolledBackPrs: number[];
}

const MONTH_MS = 30.44 * 24 * 60 * 60 * 1000;

export const ageMonths = (record: Pick<AgentRecord, 'firstMergedAt'>, now = Date.now()): number =>
  record.firstMergedAt ? Math.max(0, (now - Date.parse(record.firstMergedAt)) / MONTH_MS) : 0;

export const rollbackRate = (r: Pick<AgentRecord, 'merged' | 'rolledBack'>): number =>
  r.merged === 0 ? 0 : (100 * r.rolledBack) / r.merged;

/** What a level asks that the record does not have (empty when it qualifies). */
export function unmet(level: TrustLevel, record: AgentRecord, now = Date.now()): string[] {
  const missing: string[] = [];
  if (record.merged < level.minMerged) missing.push(`${level.minMerged} merged PRs (has ${record.merged})`);
  if (level.maxRollbacks !== undefined && record.rolledBack > level.maxRollbacks)
    missing.push(
      level.maxRollbacks === 0
        ? `no rollback (has ${record.rolledBack})`
        : `at most ${level.maxRollbacks} rollbacks (has ${record.rolledBack})`,
    );
  if (level.rollbackRateBelow !== undefined && !(rollbackRate(record) < level.rollbackRateBelow))
    missing.push(`a rollback rate below ${level.rollbackRateBelow} % (has ${rollbackRate(record).toFixed(1)} %)`);
  if (level.minAgeMonths > 0 && ageMonths(record, now) < level.minAgeMonths)
    missing.push(`${level.minAgeMonths} months since its first merged PR (has ${ageMonths(record, now).toFixed(1)})`);
  return missing;
}

/** The highest level the record meets (levels in order; undefined when it meets none), and what the next one asks. */
export function levelFor(
  record: AgentRecord,
  levels: readonly TrustLevel[],
  now = Date.now(),
): { level?: TrustLevel; next?: { level: TrustLevel; missing: string[] } } {
  let level: TrustLevel | undefined;
  let next: { level: TrustLevel; missing: string[] } | undefined;
  for (const l of levels) {
    const missing = unmet(l, record, now);
    if (missing.length === 0) {
      level = l;
      next = undefined;
    } else next ??= { level: l, missing };
  }
  return { level, next };
}

/** A read-only GraphQL request (the kit's `graphqlRead`). */
export type GraphQLRead = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

export interface TrustRecord {
  agents: Map<string, AgentRecord>;
  /** Merged PRs read, and how many the search found in all (GitHub's search returns at most 1,000). */
  mergedRead: number;
  mergedTotal: number;
  deploymentsRead: number;
  /** Merge commits a rollback replaced, from our own ledger records. */
  rolledBackCommits: number;
  requests: number;
  viewer: string;
}

/** GitHub's search gives at most 1,000 results for one query. */
export const SEARCH_CAP = 1000;

const RECORD_QUERY = `query ShipkitTrustRecord($q: String!, $owner: String!, $name: String!, $prs: String, $deps: String, $withPrs: Boolean!, $withDeps: Boolean!) {
  viewer { login }
  search(query: $q, type: ISSUE, first: 100, after: $prs) @include(if: $withPrs) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on PullRequest { number mergedAt mergeCommit { oid } commits(first: 100) { nodes { commit { message } } } } }
  }
  repository(owner: $owner, name: $name) @include(if: $withDeps) {
    deployments(first: 100, after: $deps, orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { commitOid createdAt payload creator { login } statuses(first: 20) { nodes { state description } } }
    }
  }
}`;

interface RecordPage {
  viewer?: { login?: string };
  search?: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: ({
      number?: number;
      mergedAt?: string | null;
      mergeCommit?: { oid: string } | null;
      commits?: { nodes: { commit: { message: string } }[] };
    } | null)[];
  };
  repository?: {
    deployments: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: ({
        commitOid: string;
        createdAt: string;
        payload: string | null;
        creator: { login: string } | null;
        statuses: { nodes: { state: string; description: string | null }[] } | null;
      } | null)[];
    };
  } | null;
}

/** A status a rollback wrote on the deployment it replaced (packages/deploy's ledger: `rolled back to #<id>…`). */
const ROLLED_BACK = /^rolled back to #[^\s:()]+/;

const isOurs = (payload: string | null, creator: string | undefined, viewer: string): boolean => {
  if (!creator || creator.toLowerCase() !== viewer.toLowerCase()) return false;
  try {
    return (JSON.parse(payload ?? 'null') as { shipkit?: unknown } | null)?.shipkit === 1;
  } catch {
    return false;
  }
};

/** Reads the record of every agent in the repository's merged PRs (newest first, up to GitHub's search cap). */
export async function readTrustRecord({
  ask,
  owner,
  repo,
  cwd,
  maxPullRequests = SEARCH_CAP,
}: {
  ask: GraphQLRead;
  owner: string;
  repo: string;
  /** A git repository, for `git interpret-trailers`. */
  cwd: string;
  maxPullRequests?: number;
}): Promise<TrustRecord> {
  const prs: { number: number; mergedAt: string; mergeOid?: string; messages: string[] }[] = [];
  const rolledBack = new Set<string>();
  let prCursor: string | null = null;
  let depCursor: string | null = null;
  let withPrs = true;
  let withDeps = true;
  let requests = 0;
  let mergedTotal = 0;
  let deploymentsRead = 0;
  let viewer = '';
  let oldestMerged: string | undefined;
  while (withPrs || withDeps) {
    const page = (await ask(RECORD_QUERY, {
      q: `repo:${owner}/${repo} is:pr is:merged sort:created-desc`,
      owner,
      name: repo,
      prs: prCursor,
      deps: depCursor,
      withPrs,
      withDeps,
    })) as RecordPage;
    requests++;
    viewer ||= page.viewer?.login ?? '';
    if (withPrs && page.search) {
      mergedTotal = page.search.issueCount;
      for (const n of page.search.nodes) {
        if (!n || typeof n.number !== 'number' || !n.mergedAt) continue;
        prs.push({
          number: n.number,
          mergedAt: n.mergedAt,
          mergeOid: n.mergeCommit?.oid,
          messages: (n.commits?.nodes ?? []).map((c) => c.commit.message),
        });
        if (!oldestMerged || n.mergedAt < oldestMerged) oldestMerged = n.mergedAt;
      }
      prCursor = page.search.pageInfo.endCursor;
      withPrs = page.search.pageInfo.hasNextPage && prs.length < Math.min(maxPullRequests, SEARCH_CAP);
    } else withPrs = false;
    if (withDeps && page.repository) {
      const d = page.repository.deployments;
      let oldestDeployment: string | undefined;
      for (const n of d.nodes) {
        if (!n) continue;
        deploymentsRead++;
        oldestDeployment = n.createdAt;
        if (!isOurs(n.payload, n.creator?.login, viewer)) continue;
        if (
          (n.statuses?.nodes ?? []).some((s) => (s.state === 'FAILURE' || s.state === 'INACTIVE') && ROLLED_BACK.test(s.description ?? ''))
        )
          rolledBack.add(n.commitOid);
      }
      depCursor = d.pageInfo.endCursor;
      // A PR's deployments come after its merge: once the deployments are older than the oldest PR
      // read (and no more PRs are coming), the rest cannot concern any of them.
      withDeps = d.pageInfo.hasNextPage && (withPrs || !oldestMerged || !oldestDeployment || oldestDeployment >= oldestMerged);
    } else withDeps = false;
  }
  // Only messages that mention the key can carry the trailer; git parses those.
  const candidates: { pr: number; index: number; message: string }[] = [];
  prs.forEach((pr, p) => pr.messages.forEach((message, index) => /agent-by/i.test(message) && candidates.push({ pr: p, index, message })));
  const parsed = await messageTrailers(
    candidates.map((c) => c.message),
    cwd,
  );
  const perPr = prs.map((pr) => pr.messages.map(() => [] as string[]));
  candidates.forEach((c, k) => ((perPr[c.pr] as string[][])[c.index] = agentsOf(parsed[k] ?? [])));
  const agents = new Map<string, AgentRecord>();
  prs.forEach((pr, p) => {
    const commits = perPr[p] as string[][];
    if (commits.length === 0) return;
    const first = commits[0]?.[0];
    // A PR counts for an agent when every commit names that agent and no other.
    if (!first || commits.some((a) => a.length !== 1 || a[0] !== first)) return;
    const record = agents.get(first) ?? { agent: first, merged: 0, rolledBack: 0, rolledBackPrs: [] };
    record.merged++;
    if (pr.mergeOid && rolledBack.has(pr.mergeOid)) {
      record.rolledBack++;
      record.rolledBackPrs.push(pr.number);
    }
    if (!record.firstMergedAt || pr.mergedAt < record.firstMergedAt) record.firstMergedAt = pr.mergedAt;
    agents.set(first, record);
  });
  return { agents, mergedRead: prs.length, mergedTotal, deploymentsRead, rolledBackCommits: rolledBack.size, requests, viewer };
}
