/**
 * What a hostile pull request can put in front of fast-gates: file names that look like tool
 * options, a base that looks like a git option, and the runner cancelling the job mid-run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlePath, runBundle } from '@shipkit/testkit';
import { BIOME_PROJECT, commitChange, createProject, git, pullRequestEvent, removeProjects } from './project';

afterAll(removeProjects);

const UGLY = 'export const  b = "two"\n';

describe('file names are paths, never tool options', () => {
  it('Prettier, ESLint and secretlint get `--write`, `--no-config-lookup.js` and `--fix.js` as files', async () => {
    const { dir, base } = createProject();
    const head = commitChange(dir, {
      // Once read as `prettier --write`, it made Prettier rewrite the tracked files it was given.
      '--write': 'not code\n',
      'src/ugly.ts': UGLY,
      // Once read as `eslint --no-config-lookup`, it made ESLint pass a lint error.
      '--no-config-lookup.js': 'const unused = 1;\n',
      // Once read as `secretlint --fix`, it crashed secretlint.
      '--fix.js': "export const note = 'nothing secret';\n",
    });
    const run = await runBundle('fast-gates', {
      cwd: dir,
      eventName: 'pull_request',
      event: pullRequestEvent(base, head),
      inputs: { 'fail-fast': 'false' },
    });
    const gates = Object.fromEntries(
      (run.report?.data.gates as { name: string; status: string; findings: { file?: string; rule?: string; message: string }[] }[]).map(
        (g) => [g.name, g],
      ),
    );
    expect(run.report?.data.changedFiles).toEqual(expect.arrayContaining(['--write', '--no-config-lookup.js', '--fix.js', 'src/ugly.ts']));
    // Nothing was rewritten: the work tree is the commit.
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(readFileSync(join(dir, 'src/ugly.ts'), 'utf8')).toBe(UGLY);
    expect(gates.format?.status).toBe('failed');
    expect(gates.format?.findings.map((f) => f.file)).toEqual(['src/ugly.ts']);
    expect(gates.lint?.status).toBe('failed');
    expect(gates.lint?.findings.map((f) => [f.file, f.rule])).toEqual([['--no-config-lookup.js', '@typescript-eslint/no-unused-vars']]);
    expect(gates.secrets?.status).toBe('passed');
    expect(gates.secrets?.findings).toEqual([]);
    expect(run.outputs['failed-gates']?.split(',').sort()).toEqual(['format', 'lint']);
  });

  it('Biome gets `--write` as a file, not as `biome format --write`', async () => {
    const { dir, base } = createProject(BIOME_PROJECT);
    const head = commitChange(dir, { '--write': 'not code\n', 'src/ugly.ts': UGLY });
    const run = await runBundle('fast-gates', {
      cwd: dir,
      eventName: 'pull_request',
      event: pullRequestEvent(base, head),
      inputs: { gates: '[format]' },
    });
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(readFileSync(join(dir, 'src/ugly.ts'), 'utf8')).toBe(UGLY);
    expect(run.code).toBe(1);
    expect(run.errors.map((e) => e.properties.file)).toEqual(['src/ugly.ts']);
  });
});

describe('a base that looks like a git option', () => {
  it('is refused naming `base`, and the command in it never runs', async () => {
    const { dir, base } = createProject({ 'package.json': '{"name":"x"}\n' }, { nodeModules: false });
    // A local-path remote: `git fetch origin --upload-pack=<command>` would run the command.
    git(dir, 'remote', 'add', 'origin', dir);
    const head = commitChange(dir, { 'a.txt': 'a\n' });
    const marker = join(mkdtempSync(join(tmpdir(), 'fast-gates-pwned-')), 'pwned');
    const run = await runBundle('fast-gates', {
      cwd: dir,
      eventName: 'pull_request',
      event: pullRequestEvent(base, head),
      inputs: { base: `--upload-pack=touch ${marker}`, gates: '- ok: "true"\n' },
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.properties.title).toBe('Invalid base');
    expect(run.errors[0]?.message).toMatch(/starts with `-`: git would read it as an option/);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the runner cancelling the job', () => {
  it('SIGINT to the action kills every gate’s process tree and exits 130', async () => {
    const { dir } = createProject({ 'package.json': '{"name":"x"}\n' }, { nodeModules: false });
    const temp = mkdtempSync(join(tmpdir(), 'fast-gates-cancel-'));
    writeFileSync(join(temp, 'output'), '');
    writeFileSync(join(temp, 'summary.md'), '');
    const child = spawn(process.execPath, [bundlePath('fast-gates')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: join(temp, 'output'),
        GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
        RUNNER_TEMP: temp,
        INPUT_GATES: '- slow: "sleep 30 & echo $! > grandchild.pid; wait"\n- slower: "sleep 40 & echo $! > grandchild2.pid; wait"\n',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    const pids = (): number[] =>
      ['grandchild.pid', 'grandchild2.pid'].flatMap((f) => (existsSync(join(dir, f)) ? [Number(readFileSync(join(dir, f), 'utf8'))] : []));
    for (let i = 0; i < 200 && !(pids().length === 2 && pids().every((p) => p > 0)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(pids()).toHaveLength(2);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    for (const pid of pids()) {
      let alive = true;
      for (let i = 0; i < 60 && alive; i++) {
        try {
          alive = !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          alive = false;
        }
        if (alive) await new Promise((r) => setTimeout(r, 50));
      }
      expect(alive, `sleep ${pid}`).toBe(false);
    }
  });
});
