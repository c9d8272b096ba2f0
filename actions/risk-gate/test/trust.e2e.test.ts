// Agents at each trust level from a seeded record in the GitHub emulator (merged PRs with their
// commits' trailers, deployments with rollbacks in the ledger): auto-merge is enabled only where
// the level allows the change's class; a person's PR; disagreeing trailers; review requests to the
// CODEOWNERS of the paths that need them; the record read in as few GraphQL requests as it pages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, startGitHubApi, type GitHubApi } from '@shipkit/testkit';
import { agentCommit, humanCommit, prRepo, type Commit, type PrRepo } from './repo';
import { seedHistory } from './history';

let api: GitHubApi;
let deployments = 0;
const repos: PrRepo[] = [];

const AGENTS = {
  fresh: { agent: 'forge/fresh-01', merged: 3, rolledBack: 0, sinceDays: 5 },
  one: { agent: 'forge/builder-01', merged: 25, rolledBack: 0, sinceDays: 40 },
  oneIncident: { agent: 'forge/clumsy-01', merged: 25, rolledBack: 1, sinceDays: 40 },
  two: { agent: 'forge/builder-02', merged: 120, rolledBack: 2, sinceDays: 60 },
  three: { agent: 'forge/builder-03', merged: 510, rolledBack: 3, sinceDays: 130 },
};

beforeAll(async () => {
  api = await startGitHubApi();
  deployments = seedHistory(api, Object.values(AGENTS), { humans: 40, strangerRollbacks: 5, strangerTarget: AGENTS.one.agent });
});
afterAll(() => api.close());
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const BASE = {
  'src/cart.ts': 'export const total = 0;\n',
  'src/auth/session.ts': 'export const ttl = 3600;\n',
  Dockerfile: 'FROM node:24\n',
  'docs/guide.md': '# Guide\n',
  '.github/CODEOWNERS': '* @acme/devs\n/src/auth/ @acme/security @alice\nDockerfile @bob\n',
};
const CHANGES = {
  low: { 'docs/guide.md': '# Guide\n\nMore.\n' },
  medium: { 'src/cart.ts': 'export const total = 1;\n' },
  high: { Dockerfile: 'FROM node:24-slim\n' },
  critical: { 'src/auth/session.ts': 'export const ttl = 60;\n' },
};

async function pr(commits: Commit[], inputs: Record<string, string> = {}, author = 'forge-bot') {
  const repo = prRepo(BASE, commits);
  repos.push(repo);
  const seeded = api.addPullRequest({
    title: 'change',
    user: { login: author, id: 77, type: 'Bot' },
    head: { sha: repo.head, ref: 'feature' },
    base: { sha: repo.base, ref: 'main' },
    labels: ['shipkit/needs-review'],
  });
  const before = api.apiRequests().length;
  const r = await runBundle('risk-gate', {
    cwd: repo.dir,
    eventName: 'pull_request',
    event: { action: 'synchronize', number: seeded.number, pull_request: api.pullRequestJson(seeded.number) },
    githubApiUrl: api.url,
    inputs: { 'github-token': 'ghs_test_token', 'on-allowed': 'auto-merge', ...inputs },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const requests = api.apiRequests().slice(before);
  return { r, number: seeded.number, requests, pull: () => api.state.pulls.find((p) => p.number === seeded.number) };
}

const graphqlReads = (requests: { method: string; path: string; body: string }[]) =>
  requests.filter((q) => q.path === '/graphql' && !q.body.includes('mutation')).length;

describe('trust levels from the record', () => {
  it('L0 (new): even a docs change waits for a person', async () => {
    const { r, pull } = await pr([agentCommit(AGENTS.fresh.agent, 'docs: more', CHANGES.low)]);
    expect(r.outputs).toMatchObject({ risk: 'low', agent: 'forge/fresh-01', 'trust-level': 'L0', decision: 'review' });
    expect(r.outputs.reasons).toMatch(
      /agent forge\/fresh-01: 3 merged PR\(s\), 0 rolled back .*level L0; L1 needs 20 merged PRs \(has 3\)/,
    );
    expect(pull()?.auto_merge).toBeNull();
  });

  it('L1 (20 merged, no incident): docs auto-merge, feature code does not', async () => {
    const low = await pr([agentCommit(AGENTS.one.agent, 'docs: more', CHANGES.low)]);
    expect(low.r.outputs).toMatchObject({ risk: 'low', 'trust-level': 'L1', decision: 'auto-merge' });
    expect(low.pull()?.auto_merge).toMatchObject({ merge_method: 'merge', enabled_by: { login: 'github-actions[bot]' } });
    // The review label of an earlier push is taken off.
    expect(api.state.issues.find((i) => i.number === low.number)?.labels).toEqual([]);
    const medium = await pr([agentCommit(AGENTS.one.agent, 'feat: total', CHANGES.medium)]);
    expect(medium.r.outputs).toMatchObject({ risk: 'medium', 'trust-level': 'L1', decision: 'review' });
    expect(medium.r.outputs.reasons).toMatch(/L1 allows low, not medium risk: a person approves/);
    expect(medium.pull()?.auto_merge).toBeNull();
  });

  it("a rollback in the ledger costs L1 (no incident allowed); a stranger's rollback records count for nothing", async () => {
    const { r } = await pr([agentCommit(AGENTS.oneIncident.agent, 'docs: more', CHANGES.low)]);
    expect(r.outputs['trust-level']).toBe('L0');
    expect(r.outputs.reasons).toMatch(/25 merged PR\(s\), 1 rolled back \(4\.0 %\).*L1 needs no rollback \(has 1\)/);
    expect(r.report?.data.record).toMatchObject({ merged: 25, rolledBack: 1 });
    // Five of builder-01's merge commits carry "rolled back" records by another account (mallory), and
    // it is still L1 in the next test: only the token's own ledger records count.
  });

  it('L2 (100 merged, < 2 % rolled back): medium auto-merges, high does not', async () => {
    const medium = await pr([agentCommit(AGENTS.two.agent, 'feat: total', CHANGES.medium)]);
    expect(medium.r.outputs).toMatchObject({ risk: 'medium', 'trust-level': 'L2', decision: 'auto-merge' });
    expect(medium.r.outputs.reasons).toMatch(/120 merged PR\(s\), 2 rolled back \(1\.7 %\)/);
    expect(medium.pull()?.auto_merge).not.toBeNull();
    const high = await pr([agentCommit(AGENTS.two.agent, 'build: slim image', CHANGES.high)]);
    expect(high.r.outputs).toMatchObject({ risk: 'high', 'trust-level': 'L2', decision: 'review' });
    expect(high.pull()?.auto_merge).toBeNull();
  });

  it('L3 (500 merged, < 1 %, 3 months): high auto-merges, a critical path never does and goes to its CODEOWNERS', async () => {
    const high = await pr([agentCommit(AGENTS.three.agent, 'build: slim image', CHANGES.high)]);
    expect(high.r.outputs).toMatchObject({ risk: 'high', 'trust-level': 'L3', decision: 'auto-merge' });
    expect(high.pull()?.auto_merge).not.toBeNull();
    const critical = await pr(
      [agentCommit(AGENTS.three.agent, 'fix: short sessions', CHANGES.critical)],
      { 'on-review': 'request-review' },
      'alice',
    );
    expect(critical.r.outputs).toMatchObject({ risk: 'high', 'trust-level': 'L3', decision: 'review' });
    expect(critical.r.outputs.reasons).toMatch(/L3 allows low and medium and high, never critical paths/);
    // Last matching CODEOWNERS line wins (`/src/auth/`), the author (alice) is not asked.
    expect(critical.pull()).toMatchObject({ requested_reviewers: [], requested_teams: ['security'], auto_merge: null });
    expect(critical.r.summary).toMatch(/Done: remove the label `shipkit\/needs-review`|Done: request a review from @acme\/security/);
  });

  it('reads the record in as few GraphQL requests as the search pages (100 PRs a page)', async () => {
    const { r, requests } = await pr([agentCommit(AGENTS.three.agent, 'docs: more', CHANGES.low)], { 'on-allowed': 'none' });
    const merged = api.state.pulls.filter((p) => p.merged_at).length;
    const data = r.report?.data.trustRecord as { requests: number; mergedRead: number; mergedTotal: number; deploymentsRead: number };
    expect(data.mergedTotal).toBe(merged);
    expect(data.mergedRead).toBe(Math.min(1000, merged));
    expect(data.requests).toBe(Math.ceil(Math.max(data.mergedRead, data.deploymentsRead) / 100));
    expect(data.deploymentsRead).toBeLessThanOrEqual(deployments);
    expect(graphqlReads(requests)).toBe(data.requests);
  });
});

describe('who wrote it', () => {
  it("a person's PR: no record is read, a person reviews it", async () => {
    const { r, requests, number } = await pr([humanCommit('docs: more', CHANGES.low)]);
    expect(r.outputs).toMatchObject({ risk: 'low', agent: '', 'trust-level': '', decision: 'review' });
    expect(r.outputs.reasons).toMatch(/a person's pull request, reviewed by a person as usual/);
    expect(graphqlReads(requests)).toBe(0);
    expect(api.state.issues.find((i) => i.number === number)?.labels).toEqual([{ name: 'shipkit/needs-review' }]);
  });

  it('commits that disagree on the agent (or carry none beside agent commits) are an unknown agent at L0', async () => {
    const { r, pull } = await pr([
      agentCommit(AGENTS.three.agent, 'docs: one', { 'docs/a.md': 'a\n' }),
      agentCommit(AGENTS.one.agent, 'docs: two', { 'docs/b.md': 'b\n' }),
      humanCommit('docs: three', { 'docs/c.md': 'c\n' }),
    ]);
    expect(r.outputs).toMatchObject({ risk: 'low', agent: 'forge/builder-03,forge/builder-01', 'trust-level': 'L0', decision: 'review' });
    expect(r.outputs.reasons).toMatch(
      /the commits disagree on the agent: forge\/builder-03 \(1\), forge\/builder-01 \(1\), no `Agent-By` \(1\)/,
    );
    expect(pull()?.auto_merge).toBeNull();
  });
});

describe('carrying the decision', () => {
  it('a push that now needs a review disables the auto-merge an earlier push enabled', async () => {
    const first = await pr([agentCommit(AGENTS.one.agent, 'docs: more', CHANGES.low)]);
    expect(first.pull()?.auto_merge).not.toBeNull();
    // The next push adds feature code to the same PR.
    const repo = prRepo(BASE, [
      agentCommit(AGENTS.one.agent, 'docs: more', CHANGES.low),
      agentCommit(AGENTS.one.agent, 'feat: total', CHANGES.medium),
    ]);
    repos.push(repo);
    const r = await runBundle('risk-gate', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: {
        pull_request: {
          ...api.pullRequestJson(first.number),
          base: { sha: repo.base, ref: 'main' },
          head: { sha: repo.head, ref: 'feature' },
        },
      },
      githubApiUrl: api.url,
      inputs: { 'github-token': 'ghs_test_token', 'on-allowed': 'auto-merge' },
    });
    expect(r.code).toBe(0);
    expect(r.outputs.decision).toBe('review');
    expect(first.pull()?.auto_merge).toBeNull();
    expect(r.summary).toMatch(/Done: disable the auto-merge an earlier run enabled/);
  });

  it('labels by default; a repository that does not allow auto-merge gets a warning, and the decision stands (exit 0)', async () => {
    const labelled = await pr([agentCommit(AGENTS.one.agent, 'docs: more', CHANGES.low)], { 'on-allowed': 'label' });
    expect(api.state.issues.find((i) => i.number === labelled.number)?.labels).toEqual([{ name: 'shipkit/auto-merge' }]);
    api.state.settings.allowAutoMerge = false;
    try {
      const refused = await pr([agentCommit(AGENTS.one.agent, 'docs: more', CHANGES.low)]);
      expect(refused.r.outputs.decision).toBe('auto-merge');
      expect(refused.r.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(
          /could not enable auto-merge \(.*Auto merge is not allowed for this repository.*\); allow auto-merge in the repository settings/,
        ),
      ]);
    } finally {
      api.state.settings.allowAutoMerge = true;
    }
  });
});
