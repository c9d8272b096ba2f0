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
import {
  privateShallowClone,
  repoRoot,
  runBundle,
  startGitHubApi,
  tokenLeaks,
  type ActionRun,
  type GitHubApi,
  type RunOptions,
} from '@shipkit/testkit';
import { addPullRequest } from './pull-request';

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
const ESLINT = join(repoRoot, 'node_modules', '.bin', 'eslint');
const BIOME = join(repoRoot, 'node_modules', '.bin', 'biome');
const TSC = join(repoRoot, 'node_modules', '.bin', 'tsc');

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
  addPullRequest(api);
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

describe('auto-fix on a lint slip', () => {
  it('runs eslint --fix on the failing files; `--no-config-lookup.js` is a file to ESLint, never its option', async () => {
    const r = prRepo({
      'src/total.js': 'export function total(prices) {\n  let sum = 0;\n  return prices.reduce((a, b) => a + b, sum);\n}\n',
      // Read as `eslint --no-config-lookup`, ESLint would run without the project's rules and fix nothing.
      '--no-config-lookup.js': "let label = 'shop';\nexport { label };\n",
    });
    failingLog(r.ws, ESLINT, ['.'], 'lint.log');
    const run = await fixRun(r, { 'gate-command': 'node_modules/.bin/eslint .' });
    expect(run.outputs.category).toBe('lint');
    expect(run.outputs.fixed, run.summary).toBe('true');
    const sha = run.outputs['fix-commit'] ?? '';
    expect(remoteHead(r)).toBe(sha);
    expect(git(r.bare, 'show', `${sha}:src/total.js`)).toContain('const sum = 0;');
    expect(git(r.bare, 'show', `${sha}:--no-config-lookup.js`)).toContain("const label = 'shop';");
    expect(run.summary).toContain('eslint --fix --no-warn-ignored -- --no-config-lookup.js src/total.js');
    const next = spawnSync(ESLINT, ['.'], { cwd: cloneOf(r), encoding: 'utf8' });
    expect(next.status, next.stdout).toBe(0);
  });
});

describe('auto-fix on a Biome project', () => {
  it('runs biome check --write on the files Biome reported', async () => {
    const r = prRepo({
      'biome.json': '{ "formatter": { "indentStyle": "space" }, "linter": { "enabled": false } }\n',
      'src/label.ts': 'export const  label = (name: string): string => "shop: " + name\n',
    });
    failingLog(r.ws, BIOME, ['format', 'src'], 'format.log');
    const run = await fixRun(r, { 'gate-command': 'node_modules/.bin/biome format src' });
    expect(run.outputs.category).toBe('format');
    expect(run.outputs.fixed, run.summary).toBe('true');
    expect(run.summary).toContain('biome check --write --no-errors-on-unmatched -- src/label.ts');
    expect(git(r.bare, 'show', `${run.outputs['fix-commit']}:src/label.ts`)).toBe(
      'export const label = (name: string): string => "shop: " + name;',
    );
  });
});

describe('auto-fix on a type error the linter can fix', () => {
  it('TS1484 (a type imported as a value under verbatimModuleSyntax): eslint --fix with consistent-type-imports, then tsc passes', async () => {
    const r = prRepo({
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          verbatimModuleSyntax: true,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          types: [],
        },
        include: ['src'],
      }),
      'eslint.config.mjs': [
        "import tseslint from 'typescript-eslint';",
        '',
        'export default tseslint.config({',
        "  files: ['**/*.ts'],",
        '  languageOptions: { parser: tseslint.parser },',
        "  plugins: { '@typescript-eslint': tseslint.plugin },",
        "  rules: { '@typescript-eslint/consistent-type-imports': 'error' },",
        '});',
        '',
      ].join('\n'),
      'src/types.ts': 'export type Cents = number;\n',
      'src/price.ts': "import { Cents } from './types';\n\nexport const free: Cents = 0;\n",
    });
    failingLog(r.ws, TSC, ['--noEmit', '-p', '.'], 'types.log');
    const run = await fixRun(r, { 'gate-command': 'node_modules/.bin/tsc --noEmit -p .' });
    expect(run.outputs.category).toBe('type');
    expect(run.outputs.fixed, run.summary).toBe('true');
    expect(run.summary).toContain('eslint --fix --no-warn-ignored -- src/price.ts');
    expect(git(r.bare, 'show', `${run.outputs['fix-commit']}:src/price.ts`)).toMatch(/^import type \{ Cents \} from '\.\/types';/);
  });
});

/** Nothing moved: the remote's branches and the work tree are as they were. */
function expectUntouched(r: PrRepo, run: ActionRun): void {
  expect(run.outputs.fixed).toBe('false');
  expect(run.outputs['fix-commit']).toBe('');
  expect(remoteHead(r)).toBe(r.head);
  expect(git(r.ws, 'rev-parse', 'HEAD')).toBe(r.head);
  expect(git(r.ws, 'status', '--porcelain', '--untracked-files=no')).toBe('');
}

describe('refusals', () => {
  it('never pushes to a fork: a PR whose head repository is not the base repository', async () => {
    const r = prRepo(SLIP);
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, {}, { event: prEvent(r, { headRepo: 'someone/shop' }) });
    expect(run.code).toBe(0);
    expectUntouched(r, run);
    expect(run.outputs.tier).toBe('1');
    expect(run.summary).toContain('Auto-fix: not attempted');
    expect(run.summary).toContain("the fork `someone/shop`, not from `acme/shop`: diagnose never pushes to a fork's branch");
    expect(run.report?.data.fix).toMatchObject({ status: 'refused', fixers: [] });
  });

  it('never commits to the default branch, even from a PR whose head is `main`', async () => {
    const r = prRepo(SLIP, 'main');
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, {}, { event: prEvent(r, { headRef: 'main' }) });
    expectUntouched(r, run);
    expect(run.summary).toContain("the pull request's branch is `main`, the default branch: diagnose never commits there");
  });

  it('does nothing when the event is not a pull request', async () => {
    const r = prRepo(SLIP);
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, {}, { eventName: 'push', event: { ref: 'refs/heads/feature', after: r.head } });
    expectUntouched(r, run);
    expect(run.outputs['fix-commit']).toBe('');
    expect(run.summary).toContain("the event is `push`, not a pull request: diagnose commits fixes only to a pull request's own branch");
  });

  it('does nothing on a checkout that is not the PR head (the merge commit `pull_request` checks out by default)', async () => {
    const r = prRepo(SLIP);
    git(r.ws, 'checkout', '-q', '--detach', 'main');
    git(r.ws, 'merge', '-q', '--no-ff', '-m', 'Merge feature into main', r.branch);
    const merge = git(r.ws, 'rev-parse', 'HEAD');
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, {});
    expect(run.outputs.fixed).toBe('false');
    expect(remoteHead(r)).toBe(r.head);
    expect(git(r.ws, 'rev-parse', 'HEAD')).toBe(merge);
    expect(run.summary).toContain(`the checkout is ${merge.slice(0, 12)}, not the pull request's head ${r.head.slice(0, 12)}`);
    expect(run.summary).toContain('ref: ${{ github.event.pull_request.head.sha }}');
  });

  it('a branch that moved on meanwhile is left alone: the push is refused, and the fix commit is not kept', async () => {
    const r = prRepo(SLIP);
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const other = cloneOf(r);
    writeFiles(other, { 'README.md': 'Shop.\n' });
    git(other, 'add', 'README.md');
    git(other, 'commit', '-q', '-m', 'docs');
    git(other, 'push', '-q', 'origin', r.branch);
    const moved = git(other, 'rev-parse', 'HEAD');
    const run = await fixRun(r, {});
    expect(run.outputs.fixed).toBe('false');
    expect(run.outputs['fix-commit']).toBe('');
    expect(remoteHead(r)).toBe(moved);
    expect(git(r.ws, 'rev-parse', 'HEAD')).toBe(r.head);
    expect(git(r.ws, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(run.summary).toMatch(/could not be pushed to `feature`: the branch moved on meanwhile \(not a fast-forward\); it was not kept/);
  });

  it('tier 2 and 3 are not fixed: a failing test is left to a reviewed PR', async () => {
    const r = prRepo(SLIP);
    writeFiles(r.ws, { 'logs/test.log': readFileSync(join(import.meta.dirname, 'fixtures', 'logs', 'vitest.log'), 'utf8') });
    const run = await fixRun(r, {});
    expect(run.outputs.tier).toBe('2');
    expectUntouched(r, run);
    expect(run.summary).toContain('tier 2 (test) needs a reviewed pull request, which diagnose does not open by itself');
  });

  it('a gate that still fails after the fixers gets no commit, and the fixers’ changes are put back', async () => {
    const r = prRepo({
      ...SLIP,
      'src/total.js': 'export function total(prices) {\n  return prices.reduce((a, b) => a + b, undefinedStart);\n}\n',
    });
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    // The gate checks formatting and ESLint's `no-undef`, which no fixer can fix.
    writeFiles(r.ws, { 'eslint.config.mjs': "export default [{ rules: { 'no-undef': 'error' } }];\n" });
    git(r.ws, 'commit', '-q', '-am', 'no-undef');
    git(r.ws, 'push', '-q', 'origin', r.branch);
    r.head = git(r.ws, 'rev-parse', 'HEAD');
    const run = await fixRun(r, { 'gate-command': `${GATE} && node_modules/.bin/eslint .` });
    expectUntouched(r, run);
    expect(readFileSync(join(r.ws, 'src/price.ts'), 'utf8')).toBe(SLIP['src/price.ts']);
    expect(run.report?.data.fix).toMatchObject({ status: 'not-fixed', changed: ['src/price.ts'], gate: { passed: false } });
    expect(run.summary).toContain('the failing gate still fails after the fixers (exited with code 1); their changes were put back');
    expect(run.summary).toMatch(/'undefinedStart' is not defined/);
  });
});

describe('max-cycles', () => {
  it('after max-cycles auto-fix commits of the same failure on the branch it stops, escalates to tier 3 and says so on the PR', async () => {
    const r = prRepo(SLIP);
    const opts = { githubApiUrl: api.url };
    const inputs = { 'max-cycles': '2', mode: 'comment', 'github-token': 'ghs_autofixEmulatorToken0123456789abcdef' };
    const commits: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      if (cycle > 0) {
        // The same slip comes back (a person re-applies the old change): the same failure, the same fingerprint.
        writeFiles(r.ws, SLIP);
        git(r.ws, 'commit', '-q', '-am', `again ${cycle}`);
        git(r.ws, 'push', '-q', 'origin', r.branch);
        r.head = git(r.ws, 'rev-parse', 'HEAD');
      }
      failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
      const run = await fixRun(r, inputs, { ...opts, event: prEvent(r) });
      if (cycle < 2) {
        expect(run.outputs.fixed, run.summary).toBe('true');
        expect(run.report?.data.fix.attempts).toBe(cycle);
        commits.push(run.outputs['fix-commit'] ?? '');
        continue;
      }
      expectUntouched(r, run);
      expect(run.outputs.tier).toBe('3');
      expect(run.report?.data.fix).toMatchObject({ status: 'escalated', attempts: 2, maxCycles: 2, fixers: [] });
      expect(run.outputs.summary).toContain(
        '2 auto-fix commits of this failure did not fix it (max-cycles 2), so it is escalated to a person (needs-human)',
      );
      expect(run.summary).toContain('Auto-fix: stopped, escalated');
      expect(api.state.comments).toHaveLength(1);
      expect(api.state.comments[0]?.body).toContain('Diagnosis: format — tier 3 (escalated, needs-human)');
      expect(api.state.issues.find((i) => i.number === 7)?.labels.map((l) => l.name)).toContain('needs-human');
    }
    // Both fix commits carry the fingerprint they were counted by.
    const fingerprints = commits.map((c) => git(r.bare, 'log', '-1', '--format=%(trailers:key=Shipkit-Fingerprint,valueonly)', c));
    expect(new Set(fingerprints).size).toBe(1);
  });
});

describe('flaky', () => {
  it('a flaky failure is retried: the gate passes on the second run, nothing is committed', async () => {
    const r = prRepo(SLIP);
    writeFiles(r.ws, { 'logs/e2e.log': readFileSync(join(import.meta.dirname, 'fixtures', 'logs', 'flaky-playwright.log'), 'utf8') });
    // Fails the first time it runs (the CI run diagnosed), passes after: what a flaky test does.
    const gate = `node -e "const fs=require('fs');const f='logs/attempts';const again=fs.existsSync(f);fs.writeFileSync(f,'x');process.exit(again?0:1)"`;
    expect(spawnSync('sh', ['-c', gate], { cwd: r.ws }).status).toBe(1);
    const run = await fixRun(r, { 'gate-command': gate });
    expect(run.outputs.category).toBe('flaky');
    expect(run.outputs.fixed).toBe('true');
    expect(run.outputs['fix-commit']).toBe('');
    expect(remoteHead(r)).toBe(r.head);
    expect(run.summary).toContain('Auto-fix: passed on a retry');
  });
});

describe('pushing with the token', () => {
  it('a checkout without credentials pushes with `github-token` given to git through GIT_CONFIG_*, and the token shows nowhere', async () => {
    const source = prRepo(SLIP);
    const clone = await privateShallowClone(source.ws, source.branch);
    try {
      // git's http-backend takes pushes only from users it knows; the door in front of it checks the token.
      git(clone.bare, 'config', 'http.receivepack', 'true');
      symlinkSync(join(repoRoot, 'node_modules'), join(clone.dir, 'node_modules'), 'dir');
      failingLog(clone.dir, PRETTIER, ['--check', '.'], 'format.log');
      const r: PrRepo = { ...source, ws: clone.dir, bare: clone.bare };
      const run = await fixRun(r, { 'github-token': clone.token }, { env: { GITHUB_SERVER_URL: clone.serverUrl } });
      expect(run.outputs.fixed, run.summary).toBe('true');
      expect(remoteHead(r)).toBe(run.outputs['fix-commit']);
      const pushes = clone.server.requests.filter((q) => q.url.includes('git-receive-pack'));
      expect(pushes.some((q) => q.status === 401 && q.authorization === undefined)).toBe(true);
      expect(pushes.some((q) => q.status === 200 && q.authorization !== undefined)).toBe(true);
      expect(tokenLeaks(run, clone)).toEqual([]);
      expect(run.masks).toContain(clone.token);
    } finally {
      await clone.close();
    }
  });
});

describe('bad input', () => {
  it.each([
    [{ fix: 'yes' }, /input `fix`: must be `true` or `false`, got `yes`/],
    [{ fix: 'true', 'gate-command': '' }, /`fix: true` needs `gate-command`/],
    [{ 'max-cycles': '0' }, /input `max-cycles`: must be at least 1, got 0/],
  ])('%j: one error naming the input, nothing done', async (inputs, message) => {
    const r = prRepo(SLIP);
    failingLog(r.ws, PRETTIER, ['--check', '.'], 'format.log');
    const run = await fixRun(r, inputs);
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toMatch(message);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(remoteHead(r)).toBe(r.head);
    expect(git(r.ws, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
