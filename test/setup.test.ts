/**
 * Set-up and CI agree: .ci/run is the README's "Set up, test, run" commands and nothing else, the
 * Debian packages live in one list that set-up installs from, every tool a test requires is on that
 * list, and scripts/setup.sh does what the README says, run here in a sandbox copy of its layout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { findCommand, repoRoot, setupPackages } from '@shipkit/testkit';

const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8');

/** The commands of a shell script: no comments, blank lines, `set` or the `cd` to the repository. */
const commandsOf = (script: string): string[] =>
  script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('set ') && !l.startsWith('cd '));

/** The commands of the README's "Set up, test, run" code block, without their comments. */
function readmeSetupCommands(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Set up, test, run'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter(Boolean);
}

describe('.ci/run and the README', () => {
  it('.ci/run runs the README’s set-up, test, check-dist, Node 22 load check and demo commands, in the README’s order', () => {
    const ci = commandsOf(read('.ci/run'));
    expect(ci).toEqual(readmeSetupCommands());
    expect(ci).toEqual([
      'npm run setup',
      'eval "$(bash scripts/setup.sh --path)"',
      'npm test',
      'npm run check-dist',
      'npx -y -p node@22 -- node scripts/check-bundles-load.mjs',
      'npm run demo',
    ]);
  });

  it('installs nothing itself: packages, Node and node_modules come from the set-up command', () => {
    const ci = read('.ci/run');
    for (const word of ['apt-get', 'dpkg', 'npm ci', 'npm install', 'npm i ', 'node@24']) expect(ci).not.toContain(word);
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.setup).toBe('bash scripts/setup.sh');
  });
});

describe('the CI workflow', () => {
  it('sets its test job up with the README’s set-up command, and installs nothing itself', () => {
    const wf = parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, { steps: { uses?: string; run?: string }[] }> };
    const steps = wf.jobs.test?.steps ?? [];
    const runs = steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
    // After Node is there, before anything that needs node_modules or the tools.
    const setupStep = steps.findIndex((s) => s.run?.trim() === 'npm run setup');
    expect(setupStep).toBeGreaterThanOrEqual(0);
    const node = steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node).toBeGreaterThanOrEqual(0);
    expect(node).toBeLessThan(setupStep);
    expect(steps.findIndex((s) => s.run?.trim() === 'npm test')).toBeGreaterThan(setupStep);
    expect(steps.findIndex((s) => s.uses === './actions/fast-gates')).toBeGreaterThan(setupStep);
    for (const run of runs)
      for (const word of ['apt-get', 'apt ', 'dpkg', 'npm ci', 'npm install', 'npm i ']) expect(run).not.toContain(word);
  });
});

describe('the Debian package list', () => {
  const packages = setupPackages();

  it('names each package once, with the tool that shows it is there and how to get it elsewhere', () => {
    expect(packages.map((p) => p.name)).toEqual([...new Set(packages.map((p) => p.name))]);
    for (const p of packages) {
      expect(p.name, p.name).toMatch(/^[a-z0-9][a-z0-9.+-]+$/);
      expect(p.provides, p.name).toMatch(/^(python3:)?[A-Za-z0-9._-]+$/);
      expect(p.elsewhere, p.name).not.toBe('');
    }
    for (const needed of ['git', 'diff-cover', 'python3-junitparser', 'lcov', 'mypy', 'prometheus', 'nginx'])
      expect(packages.map((p) => p.name)).toContain(needed);
  });

  it('holds every tool a test requires (`requireTool`), so set-up and CI install it', () => {
    const provided = new Set(packages.map((p) => p.provides));
    const files = ['actions', 'packages', 'test', 'examples'].flatMap((dir) =>
      (readdirSync(join(repoRoot, dir), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((e) => e.isFile() && /\.(test\.ts|ts|mjs)$/.test(e.name) && !e.parentPath.includes('node_modules'))
        .map((e) => join(e.parentPath, e.name)),
    );
    const required = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/requireTool\('([\w:.-]+)'\)/g)].map((m) => [relative(repoRoot, f), m[1] ?? ''] as const),
    );
    expect(required.length).toBeGreaterThanOrEqual(3);
    for (const [file, tool] of required) expect(provided.has(tool), `${file}: requireTool('${tool}')`).toBe(true);
  });

  it('is the only list: no other script installs Debian packages', () => {
    for (const file of ['.ci/run', 'package.json', 'scripts/check-dist.mjs', 'scripts/build.mjs'])
      expect(read(file), file).not.toMatch(/apt-get install|apt install/);
    expect(read('scripts/setup.sh')).toContain('LIST=scripts/setup-packages.txt');
  });
});

describe('scripts/setup.sh in a sandbox', () => {
  const run = promisify(execFile);
  const sandboxes: string[] = [];
  afterAll(() => sandboxes.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const bash = findCommand('bash') ?? '/bin/bash';
  // A user's shell, not the npm script this test may run under.
  const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

  /** A copy of set-up in a directory of its own, with its own package list (and no repository around it). */
  function sandbox(list: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'shipkit-setup-'));
    sandboxes.push(dir);
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(repoRoot, 'scripts', 'setup.sh'), join(dir, 'scripts', 'setup.sh'));
    writeFileSync(join(dir, 'scripts', 'setup-packages.txt'), list);
    return dir;
  }
  const setup = async (dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> => {
    try {
      const r = await run(bash, [join(dir, 'scripts', 'setup.sh')], { cwd: dir, env, encoding: 'utf8' });
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout, err: e.stderr };
    }
  };

  it('without apt-get, names each missing tool, its package and how to get it, installs nothing, and exits 1', async () => {
    const dir = sandbox(
      '# a comment\ngit  git  https://git-scm.com\nshipkit-test-nothing  shipkit-test-no-such-tool  get it from https://example.invalid/tool\n',
    );
    // A PATH with node and what set-up needs to get that far, but no apt-get and no sudo.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['dirname', 'id', 'git']) symlinkSync(findCommand(tool) ?? `/usr/bin/${tool}`, join(bin, tool));
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = await setup(dir, { ...userEnv, PATH: bin });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      [
        'set-up: missing, and no apt-get to install them with (it needs root or sudo on Debian/Ubuntu):',
        '  shipkit-test-no-such-tool: Debian package shipkit-test-nothing (apt-get install shipkit-test-nothing); elsewhere: get it from https://example.invalid/tool',
        'Install them, then run `npm run setup` again.',
        '',
      ].join('\n'),
    );
    expect(readdirSync(dir).sort()).toEqual(['bin', 'scripts']);
  });

  it('with everything there, runs npm ci once; the second run installs nothing', async () => {
    const dir = sandbox('git  git  https://git-scm.com\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sandbox', version: '1.0.0', private: true }));
    const env = { ...userEnv, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    await run('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], { cwd: dir, env });
    const first = await setup(dir, env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).not.toContain('already matches');
    expect(first.out).toContain(`set-up done: the Debian tools, Node ${process.version}, node_modules.`);
    const second = await setup(dir, env);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toBe(
      `set-up: node_modules already matches package-lock.json\nset-up done: the Debian tools, Node ${process.version}, node_modules.\n`,
    );
  });
});
