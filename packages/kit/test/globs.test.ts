// findFiles, globMatcher and resolveInside on a real directory tree with symlinks in and out of it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors';
import { findFiles, globMatcher, globProblem } from '../src/globs';
import { isInside, resolveInside } from '../src/paths';

const top = realpathSync(mkdtempSync(join(tmpdir(), 'kit-globs-')));
afterAll(() => rmSync(top, { recursive: true, force: true }));
const ws = join(top, 'workspace');
const outside = join(top, 'outside');
const temp = join(top, 'runner-temp');
const write = (path: string, text = 'x\n'): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
write(join(ws, 'reports/unit/TEST-a.xml'));
write(join(ws, 'reports/e2e/TEST-b.xml'));
write(join(ws, 'reports/.hidden/TEST-c.xml'));
write(join(ws, 'reports/[id]/TEST-d.xml'));
write(join(ws, 'node_modules/dep/reports/TEST-dep.xml'));
write(join(ws, 'logs/build.log'));
write(join(outside, 'secret.log'), 'SECRET=do-not-read\n');
write(join(outside, 'dir/lcov.info'));
write(join(temp, 'job.log'));
symlinkSync(join(outside, 'secret.log'), join(ws, 'logs/link.log'));
symlinkSync(join(outside, 'dir'), join(ws, 'coverage'));
symlinkSync(join(ws, 'reports'), join(ws, 'reports-again'));
const roots = [ws, temp];
const rel = (files: string[]): string[] => files.map((f) => f.slice(ws.length + 1));

describe('findFiles', () => {
  it('matches dot directories, skips node_modules, does not walk symlinks, and honours `!` anywhere in the list', async () => {
    expect(rel(await findFiles(['**/TEST-*.xml'], { cwd: ws, input: 'junit', roots }))).toEqual([
      'reports/.hidden/TEST-c.xml',
      'reports/[id]/TEST-d.xml',
      'reports/e2e/TEST-b.xml',
      'reports/unit/TEST-a.xml',
    ]);
    expect(rel(await findFiles(['!**/e2e/**', 'reports/**/*.xml', '!reports/.hidden/**'], { cwd: ws, input: 'junit', roots }))).toEqual([
      'reports/[id]/TEST-d.xml',
      'reports/unit/TEST-a.xml',
    ]);
    expect(rel(await findFiles(['node_modules/**/TEST-*.xml'], { cwd: ws, input: 'junit', roots }))).toEqual([
      'node_modules/dep/reports/TEST-dep.xml',
    ]);
  });

  it('takes the path of an existing file as is, glob characters and all; braces expand', async () => {
    expect(rel(await findFiles(['reports/[id]/TEST-d.xml'], { cwd: ws, input: 'junit', roots }))).toEqual(['reports/[id]/TEST-d.xml']);
    expect(rel(await findFiles(['reports/{unit,e2e}/*.xml'], { cwd: ws, input: 'junit', roots }))).toEqual([
      'reports/e2e/TEST-b.xml',
      'reports/unit/TEST-a.xml',
    ]);
    // Inside RUNNER_TEMP too.
    expect(await findFiles([join(temp, 'job.log')], { cwd: ws, input: 'logs', roots })).toEqual([join(temp, 'job.log')]);
  });

  it('refuses a file or a glob base that resolves outside the workspace, naming the input and never the contents', async () => {
    const refused = async (patterns: string[]): Promise<ConfigurationError> => {
      const e = await findFiles(patterns, { cwd: ws, input: 'logs', roots }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(e).toBeInstanceOf(ConfigurationError);
      expect((e as ConfigurationError).input).toBe('logs');
      expect((e as Error).message).not.toContain('do-not-read');
      return e as ConfigurationError;
    };
    expect((await refused(['logs/link.log'])).message).toMatch(
      /`logs`: `logs\/link.log` resolves to .*outside\/secret\.log \(through a symlink\), outside the workspace/,
    );
    expect((await refused(['coverage/**/*.info'])).message).toMatch(/`coverage` resolves to .*outside\/dir/);
    expect((await refused(['coverage/lcov.info'])).message).toMatch(/outside the workspace/);
    await refused(['../outside/*.log']);
    // A walk that meets the link does not follow it: nothing outside is matched.
    expect(rel(await findFiles(['logs/*.log'], { cwd: ws, input: 'logs', roots }))).toEqual(['logs/build.log']);
  });

  it('a pattern that matches nothing is an error naming the input, or goes to onUnmatched', async () => {
    await expect(findFiles(['reports/none/*.xml'], { cwd: ws, input: 'junit', roots })).rejects.toMatchObject({
      input: 'junit',
      message: expect.stringContaining('no file matched `reports/none/*.xml`'),
    });
    const missed: string[] = [];
    expect(
      await findFiles(['missing.xml', 'reports/unit/*.xml'], { cwd: ws, input: 'junit', roots, onUnmatched: (p) => missed.push(p) }),
    ).toHaveLength(1);
    expect(missed).toEqual(['missing.xml']);
  });

  it('a malformed glob or a list of exclusions alone is an error naming the input', async () => {
    await expect(findFiles(['['], { cwd: ws, input: 'files', roots })).rejects.toMatchObject({
      input: 'files',
      message: expect.stringMatching(/`files`: the glob `\[` has an unclosed `\[`/),
    });
    await expect(findFiles(['!**/*.xml'], { cwd: ws, input: 'files', roots })).rejects.toThrow(/no including glob \(only `!` exclusions\)/);
  });
});

describe('globProblem and globMatcher', () => {
  it('finds unclosed brackets, braces and parentheses; escapes and first-member `]` are fine', () => {
    expect(globProblem('[')).toMatch(/unclosed `\[`/);
    expect(globProblem('src/{a,b')).toMatch(/unclosed `\{`/);
    expect(globProblem('src/@(a|b')).toMatch(/unclosed `\(`/);
    expect(globProblem('!')).toBe('is empty');
    for (const ok of ['src/**/*.{ts,tsx}', 'a/[]x]/b', 'a/[!]x]', 'a\\[b', 'src/+(a|b).ts', '**/*'])
      expect(globProblem(ok), ok).toBeUndefined();
  });

  it('matches relative paths with `!` exclusions, dot files, and the always-excluded globs', () => {
    const m = globMatcher(['src/**/*.ts', '!src/gen/**'], { input: 'mutate', alwaysExclude: ['**/*.test.*'] });
    expect(['src/a.ts', 'src/.hidden/b.ts', 'src/gen/c.ts', 'src/a.test.ts', 'lib/a.ts'].filter(m)).toEqual([
      'src/a.ts',
      'src/.hidden/b.ts',
    ]);
    expect(() => globMatcher(['['], { input: 'mutate' })).toThrow(/`mutate`: the glob `\[` has an unclosed/);
  });
});

describe('resolveInside', () => {
  it('gives the real path inside a root, also for a file not written yet; refuses `..` and links out', () => {
    expect(resolveInside('reports-again/unit/TEST-a.xml', { roots, input: 'junit', cwd: ws })).toBe(join(ws, 'reports/unit/TEST-a.xml'));
    expect(resolveInside('out/new.json', { roots, input: 'report', cwd: ws })).toBe(join(ws, 'out/new.json'));
    expect(() => resolveInside('../../../../etc/passwd', { roots, input: 'report', cwd: ws })).toThrow(
      /`report`: `\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` resolves to \/etc\/passwd, outside/,
    );
    expect(() => resolveInside('coverage/new.info', { roots, input: 'files', cwd: ws })).toThrow(/through a symlink/);
    expect(() => resolveInside('..', { roots, input: 'directory', cwd: ws, fix: 'deploy a folder of the checkout' })).toThrow(
      /`directory`: `\.\.` resolves to .*, outside .*it was not read\. deploy a folder of the checkout$/,
    );
    expect(isInside('logs/link.log', roots, ws)).toBe(false);
    expect(isInside('logs/build.log', roots, ws)).toBe(true);
  });
});
