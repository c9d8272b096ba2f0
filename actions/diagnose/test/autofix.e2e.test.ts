/**
 * Tier 1 auto-fix (`fix: true`) end to end: real git repositories whose `origin` is a bare
 * repository on disk (or git's smart HTTP behind a token), the project's real Prettier and ESLint,
 * the failing gate run again, and the GitHub API emulator for the PR comment.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runBundle, startGitHubApi, type GitHubApi, type RunOptions } from '@shipkit/testkit';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'diagnose-autofix-')));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const PRETTIER = join(repoRoot, 'node_modules', '.bin', 'prettier');

/** A project formatted by Prettier (single quotes) and linted by ESLint, the tools from this repository's node_modules. */
const PROJECT: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "type": "module" }\n',
  '.prettierrc.json': '{ "singleQuote": true }\n',
  '.gitignore': 'node_modules\nlogs\n',
  'eslint.config.mjs': "export default [{ rules: { 'prefer-const': 'error' } }];\n",
  'src/cart.ts': 'export const total = (prices: number[]): number => prices.reduce((a, b) => a + b, 0);\n',
};

interface PrRepo {
  ws: string;
  bare: string;
  base: string;
  head: string;
  branch: string;
}

/** `main` with PROJECT, and `branch` with `change` on top, both pushed to a bare `origin` on disk; the work tree is the PR's head. */
function prRepo(change: Record<string, string>, branch = 'feature'): PrRepo {
  const root = mkdtempSync(join(scratch, 'repo-'));
  const bare = join(root, 'origin.git');
  const ws = join(root, 'ws');
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  mkdirSync(ws);
  writeFiles(ws, PROJECT);
  symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'), 'dir');
  // The base is clean: formatted, so the slip is the PR's alone.
  execFileSync(PRETTIER, ['--write', '.'], { cwd: ws, stdio: 'ignore' });
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'base');
  git(ws, 'remote', 'add', 'origin', bare);
  git(ws, 'push', '-q', 'origin', 'main');
  const base = git(ws, 'rev-parse', 'HEAD');
  if (branch !== 'main') git(ws, 'checkout', '-q', '-b', branch);
  writeFiles(ws, change);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'change');
  git(ws, 'push', '-q', 'origin', branch);
  return { ws, bare, base, head: git(ws, 'rev-parse', 'HEAD'), branch };
}

/** The failing gate's output saved as the log diagnose reads (`run: npx prettier --check . | tee logs/format.log`). */
function failingLog(ws: string, tool: string, args: string[], name: string): void {
  const r = spawnSync(tool, args, { cwd: ws, encoding: 'utf8' });
  expect(r.status, `${tool} should fail on the slip`).not.toBe(0);
  writeFiles(ws, { [`logs/${name}`]: `${r.stdout}${r.stderr}` });
}

const prEvent = (r: PrRepo, over: { headRepo?: string; headRef?: string } = {}) => ({
  pull_request: {
    number: 7,
    head: { ref: over.headRef ?? r.branch, sha: r.head, repo: { full_name: over.headRepo ?? 'acme/shop' } },
    base: { ref: 'main', sha: r.base, repo: { full_name: 'acme/shop', default_branch: 'main' } },
  },
  repository: { full_name: 'acme/shop', default_branch: 'main' },
});

const GATE = 'node_modules/.bin/prettier --check .';
const SLIP = { 'src/price.ts': 'export const  price = (cents: number): string => "$" + (cents / 100).toFixed(2)\n' };

const fixRun = (r: PrRepo, inputs: Record<string, string>, extra: Partial<RunOptions> = {}) =>
  runBundle('diagnose', {
    cwd: r.ws,
    eventName: 'pull_request',
    event: prEvent(r),
    inputs: { logs: 'logs/*.log', fix: 'true', 'gate-command': GATE, ...inputs },
    ...extra,
  });

const remoteHead = (r: PrRepo, branch = r.branch): string => git(r.bare, 'rev-parse', `refs/heads/${branch}`);

/** A fresh clone of the remote's branch: what the next CI run checks out. */
function cloneOf(r: PrRepo, branch = r.branch): string {
  const dir = mkdtempSync(join(scratch, 'clone-'));
  git(scratch, 'clone', '-q', '--branch', branch, r.bare, dir);
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

let api: GitHubApi;
beforeEach(async () => {
  api = await startGitHubApi();
  api.state.issues.push({
    id: 1,
    number: 7,
    title: 'Show prices',
    body: '',
    user: { login: 'octocat', id: 583231, type: 'User' },
    state: 'open',
    labels: [],
    html_url: 'https://github.com/acme/shop/pull/7',
    url: `${api.url}/repos/acme/shop/issues/7`,
    comments: 0,
    created_at: '',
    updated_at: '',
    pull_request: {},
  });
});
afterEach(async () => {
  await api.close();
});

describe('auto-fix on a format slip', () => {
  it('runs prettier --write on the failing files, re-runs the gate, commits with the trailers and pushes to the PR branch', async () => {
    const r = prRepo(SLIP);
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, { mode: 'comment', 'github-token': 'ghs_autofixEmulatorToken0123456789abcdef' }, { githubApiUrl: api.url });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.category).toBe('format');
    expect(run.outputs.fixed).toBe('true');
    const sha = run.outputs['fix-commit'] ?? '';
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    // The commit is on the PR's branch in the remote, on top of the PR's head, with exactly the failing file.
    expect(remoteHead(r)).toBe(sha);
    expect(git(r.bare, 'rev-parse', `${sha}^`)).toBe(r.head);
    expect(git(r.bare, 'diff-tree', '--no-commit-id', '--name-only', '-r', sha)).toBe('src/price.ts');
    expect(git(r.bare, 'log', '-1', '--format=%(trailers:key=Agent-By,valueonly)', sha)).toBe('shipkit/diagnose');
    expect(git(r.bare, 'log', '-1', '--format=%(trailers:key=Shipkit-Fingerprint,valueonly)', sha)).toBe(run.outputs.fingerprint);
    expect(git(r.bare, 'log', '-1', '--format=%an <%ae>|%s', sha)).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|diagnose: fix format in 1 file',
    );
    expect(git(r.bare, 'rev-parse', 'refs/heads/main')).toBe(r.base);
    // The gate passes on what the next run checks out.
    const next = spawnSync(PRETTIER, ['--check', '.'], { cwd: cloneOf(r), encoding: 'utf8' });
    expect(next.status, next.stdout).toBe(0);
    expect(readFileSync(join(r.ws, 'src/price.ts'), 'utf8')).toBe(
      "export const price = (cents: number): string => '$' + (cents / 100).toFixed(2);\n",
    );
    // The summary and the PR comment say what ran, what changed and the commit.
    expect(run.summary).toContain('Auto-fix: fixed and committed');
    expect(run.summary).toContain('prettier --write --ignore-unknown -- src/price.ts');
    expect(run.summary).toContain('Changed: `src/price.ts`');
    expect(run.summary).toContain(`[${sha.slice(0, 12)}](https://github.com/acme/shop/commit/${sha})`);
    expect(run.outputs.summary).toContain(`Auto-fix: committed ${sha.slice(0, 12)} to \`feature\``);
    expect(api.state.comments[0]?.body).toContain(`https://github.com/acme/shop/commit/${sha}`);
    expect(run.report?.data.fix).toMatchObject({ status: 'fixed', attempts: 0, changed: ['src/price.ts'], gate: { passed: true } });
  });

  it('a file named like an option (`--no-config.ts`) is a file to Prettier, never its `--no-config`', async () => {
    const r = prRepo({ '--no-config.ts': 'export const  name = "shop"\n', ...SLIP });
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, {});
    expect(run.outputs.fixed, run.summary).toBe('true');
    const sha = run.outputs['fix-commit'] ?? '';
    expect(git(r.bare, 'diff-tree', '--no-commit-id', '--name-only', '-r', sha).split('\n').sort()).toEqual([
      '--no-config.ts',
      'src/price.ts',
    ]);
    // Formatted with the project's config (single quotes): the name was not read as `--no-config`.
    expect(git(r.bare, 'show', `${sha}:--no-config.ts`)).toBe("export const name = 'shop';");
    expect(run.summary).toContain('prettier --write --ignore-unknown -- --no-config.ts src/price.ts');
  });
});
