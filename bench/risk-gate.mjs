#!/usr/bin/env node
// Benchmark: risk-gate on a 3,000-file pull request, and on an agent's record of 1,000 merged PRs.
//
// 1. Generates (deterministically, cached under the OS temp dir) a repository of 12,000 files and a
//    pull request changing 3,000 of them (docs, tests, feature code, auth code, infrastructure, CI,
//    and SQL migrations), checked out at the merge commit as on `pull_request`. Runs the committed
//    bundle with a user content rule (so every added line is read) and prints wall time, peak RSS
//    (`/usr/bin/time -f %M`), and the ratio to the floor it cannot beat: `git diff -U0 -M` of the
//    same change, which it runs itself. Median of 5.
// 2. Seeds the GitHub emulator with 1,000 merged PRs of one agent (two commits each, with trailers)
//    and their deployments (5 rolled back), runs the bundle for a PR of that agent, and prints the
//    wall time and the API requests it made to read the record.
//
//   node bench/risk-gate.mjs            (or: npm run bench -- risk-gate)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { measure, median, resolveExtensionlessImports, runActionAsync, runActionMeasured } from './_lib.mjs';

// The emulators (and providers) are TypeScript in erasable syntax: Node strips the types.
resolveExtensionlessImports();

const FILES = 12_000;
const CHANGED = 3_000;
const VERSION = 'v1';
const work = join(tmpdir(), `shipkit-bench-risk-gate-${VERSION}`);
const repo = join(work, 'repo');
const marker = join(work, 'complete');
const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 }).trim();

/** File i's path: a realistic mix of what a monorepo holds. */
function pathOf(i) {
  const pkg = `packages/p${String(i % 60).padStart(2, '0')}`;
  switch (i % 10) {
    case 0:
      return `${pkg}/docs/page${i}.md`;
    case 1:
    case 2:
      return `${pkg}/test/t${i}.test.ts`;
    case 3:
      return i % 30 === 3 ? `${pkg}/src/auth/a${i}.ts` : `${pkg}/src/ui/c${i}.tsx`;
    case 4:
      return i % 40 === 4 ? `infra/m${i}.tf` : `${pkg}/src/lib/l${i}.ts`;
    default:
      return `${pkg}/src/feature/f${i}.ts`;
  }
}
const content = (i, v) =>
  Array.from({ length: 30 }, (_, k) => `export const v${i}_${k} = ${(i * 31 + k * 7 + v) % 1000};`).join('\n') + '\n';

function write(path, text) {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function generate() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'bench');
  for (let i = 0; i < FILES; i++) write(pathOf(i), content(i, 0));
  write('db/migrations/001_init.sql', 'CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, plan text);\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'feature');
  // 3,000 changed files: every 4th file edited, plus two migrations (one expand, one destructive) and CI.
  let changed = 0;
  for (let i = 0; changed < CHANGED - 3; i += 4, changed++) write(pathOf(i), content(i, 1) + (i % 97 === 0 ? 'eval(input);\n' : ''));
  write(
    'db/migrations/002_expand.sql',
    'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_nick ON users (nickname);\n',
  );
  write('db/migrations/003_contract.sql', 'ALTER TABLE users DROP COLUMN plan;\n');
  write('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
  git('add', '-A');
  git('commit', '-qm', 'feat: the big change\n\nAgent-By: forge/builder-01\nTask-ID: T-1\n');
  const head = git('rev-parse', 'HEAD');
  git('checkout', '-q', '--detach', 'main');
  git('merge', '-q', '--no-ff', '-m', 'merge', head);
  writeFileSync(marker, head);
}

if (!existsSync(marker)) {
  const t = Date.now();
  generate();
  console.log(`generated ${FILES} files, ${CHANGED} changed, in ${((Date.now() - t) / 1000).toFixed(1)} s (cached in ${work})`);
}
const base = git('rev-parse', 'main');
const head = git('rev-parse', 'HEAD^2');
const event = { pull_request: { number: 1, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' }, labels: [] } };
const inputs = {
  trust: 'none',
  'on-allowed': 'none',
  'on-review': 'none',
  rules: "- { name: 'dynamic code', content: 'eval\\(', class: high }",
};

console.log(
  `machine: ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const runs = [];
const refs = [];
let last;
for (let k = 0; k < 5; k++) {
  last = runActionMeasured('risk-gate', { cwd: repo, eventName: 'pull_request', event, inputs });
  if (last.status !== 0) throw new Error(`risk-gate exited ${last.status}: ${last.stdout.slice(-2000)}`);
  runs.push(last);
  refs.push(measure('git', ['-C', repo, 'diff', '-U0', '-M', '--no-color', base, 'HEAD', '--'], { stdio: ['ignore', 'ignore', 'pipe'] }));
}
const files = last.report.files.length;
const wall = median(runs.map((r) => r.wallMs));
const rss = Math.max(...runs.map((r) => r.peakMb));
const refWall = median(refs.map((r) => r.wallMs));
console.log(
  `\n1. a ${files}-file pull request classified (content rule on every added line, 2 migrations parsed), risk ${last.outputs.risk}`,
);
console.log(
  `   risk-gate           wall ${wall.toFixed(0)} ms (median of 5; min ${Math.min(...runs.map((r) => r.wallMs)).toFixed(0)}), peak RSS ${rss.toFixed(0)} MB`,
);
console.log(`   git diff -U0 -M     wall ${refWall.toFixed(0)} ms, peak RSS ${Math.max(...refs.map((r) => r.peakMb)).toFixed(0)} MB`);
console.log(
  `   ratio               ${(wall / refWall).toFixed(1)}× the diff it reads; target < 1000 ms: ${wall < 1000 ? 'met' : 'NOT met'}`,
);
// The same change without the SQL parser (its 6 MB grammar compiles in ~200 ms): migrations globs that match nothing.
const noSql = [];
for (let k = 0; k < 5; k++)
  noSql.push(
    runActionMeasured('risk-gate', { cwd: repo, eventName: 'pull_request', event, inputs: { ...inputs, migrations: 'none/**/*.sql' } }),
  );
const noSqlWall = median(noSql.map((r) => r.wallMs));
console.log(
  `   without migrations  wall ${noSqlWall.toFixed(0)} ms (median of 5), peak RSS ${Math.max(...noSql.map((r) => r.peakMb)).toFixed(0)} MB: the SQL parser's load is the difference`,
);

// 2. The record: 1,000 merged PRs of one agent in the emulator.
const { startGitHubApi } = await import('../packages/testkit/src/github-api.ts');
const api = await startGitHubApi();
const DAY = 86_400_000;
const now = Date.now();
for (let k = 0; k < 1000; k++) {
  const at = now - 200 * DAY + k * 17 * 3_600_000;
  const merge = `${k.toString(16).padStart(8, '0')}${'ab'.repeat(16)}`;
  api.addPullRequest({
    createdAt: new Date(at - 3_600_000).toISOString(),
    mergedAt: new Date(at).toISOString(),
    mergeCommitSha: merge,
    commits: [
      {
        sha: `${k.toString(16).padStart(8, '0')}${'c1'.repeat(16)}`,
        message: `feat: ${k}\n\nAgent-By: forge/builder-01\nTask-ID: T-${k}\nModel: model-x\n`,
      },
      {
        sha: `${k.toString(16).padStart(8, '0')}${'c2'.repeat(16)}`,
        message: `test: ${k}\n\nAgent-By: forge/builder-01\nPrompt-Hash: ${k}\n`,
      },
    ],
  });
  const id = 10_000 + k;
  api.state.deployments.push({
    id,
    sha: merge,
    ref: merge,
    task: 'deploy',
    environment: 'production',
    payload: { shipkit: 1, provider: 'local', name: 'shop' },
    transient_environment: false,
    production_environment: true,
    creator: { login: 'github-actions[bot]', type: 'Bot' },
    created_at: new Date(at + 600_000).toISOString(),
  });
  api.state.deploymentStatuses.push({
    id: 50_000 + 2 * k,
    deployment_id: id,
    state: 'success',
    created_at: new Date(at + 600_000).toISOString(),
  });
  if (k % 200 === 7)
    api.state.deploymentStatuses.push({
      id: 50_001 + 2 * k,
      deployment_id: id,
      state: 'failure',
      description: `rolled back to #${id - 1}: smoke failed`,
      created_at: new Date(at + 900_000).toISOString(),
    });
}
const seeded = api.addPullRequest({ head: { sha: head, ref: 'feature' }, base: { sha: base, ref: 'main' } });
const before = api.apiRequests().length;
const r = await runActionAsync('risk-gate', {
  cwd: repo,
  eventName: 'pull_request',
  event: { pull_request: { ...api.pullRequestJson(seeded.number), base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } } },
  inputs: { 'on-allowed': 'none', 'on-review': 'none', 'github-token': 'ghs_bench' },
  env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'acme/shop' },
});
const requests = api.apiRequests().slice(before);
await api.close();
if (r.code !== 0) throw new Error(`risk-gate exited ${r.code}: ${r.out.slice(-2000)}`);
const rec = r.report.trustRecord;
console.log(`\n2. the record of 1,000 merged PRs (2,000 commits' trailers through git) and ${rec.deploymentsRead} deployments`);
console.log(
  `   ${rec.mergedRead} merged PRs read, agent ${r.outputs.agent}: ${r.report.record.merged} merged, ${r.report.record.rolledBack} rolled back → ${r.outputs['trust-level']}`,
);
console.log(
  `   API requests: ${requests.length} (${requests.filter((q) => q.path === '/graphql').length} GraphQL; REST would take 10 pages of PRs + 1,000 commit lists + 1,000 status lists)`,
);
console.log(`   wall ${r.wallMs.toFixed(0)} ms (the whole run, the 3,000-file classification included)`);
