// The writing half of the kit's git (diagnose's auto-fix): which files changed, putting them back,
// committing exactly some files with trailers, reading trailers back, pushing. Real repositories.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateShallowClone } from '@shipkit/testkit';
import { commitPaths, commitTrailers, mergeBase, modifiedPaths, pushHead, restorePaths, trackedPaths } from '../src/git';

const scratch = mkdtempSync(join(tmpdir(), 'kit-git-write-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The test's own git commands run no hooks; the helpers under test must not either.
const sh = (cwd: string, ...args: string[]): string =>
  execFileSync(
    'git',
    ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args],
    {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();

const BOT = { name: 'shipkit-bot', email: 'bot@example.com' };

/** A repository with a bare `origin`, `main` pushed, and a `.git/hooks` that would leave a mark. */
function repo(files: Record<string, string>): { dir: string; bare: string; marks: string } {
  const root = mkdtempSync(join(scratch, 'r-'));
  const dir = join(root, 'ws');
  const bare = join(root, 'origin.git');
  const marks = join(root, 'hook-ran');
  sh(root, 'init', '-q', '--bare', '-b', 'main', bare);
  mkdirSync(dir);
  for (const [p, t] of Object.entries(files)) writeFileSync(join(dir, p), t);
  sh(dir, 'init', '-q', '-b', 'main');
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', 'base');
  sh(dir, 'remote', 'add', 'origin', bare);
  sh(dir, 'push', '-q', 'origin', 'main');
  // `--no-verify` skips the first three; post-commit and reference-transaction run unless hooks are off.
  for (const hook of ['pre-commit', 'commit-msg', 'pre-push', 'post-commit', 'reference-transaction']) {
    const path = join(dir, '.git', 'hooks', hook);
    writeFileSync(path, `#!/bin/sh\necho ${hook} >> '${marks}'\nexit 1\n`);
    chmodSync(path, 0o755);
  }
  return { dir, bare, marks };
}

describe('modifiedPaths, trackedPaths, restorePaths', () => {
  it('take file names literally: `*.ts` is that one file, not a glob over the others', async () => {
    const { dir } = repo({ '*.ts': 'star\n', 'a.ts': 'a\n', 'b.ts': 'b\n' });
    writeFileSync(join(dir, '*.ts'), 'star changed\n');
    writeFileSync(join(dir, 'a.ts'), 'a changed\n');
    writeFileSync(join(dir, 'new.ts'), 'untracked\n');
    expect(await modifiedPaths(dir, ['*.ts'])).toEqual(['*.ts']);
    expect((await modifiedPaths(dir, ['*.ts', 'a.ts', 'b.ts', 'new.ts'])).sort()).toEqual(['*.ts', 'a.ts']);
    expect(await trackedPaths(dir, ['*.ts', 'new.ts', ':(glob)**'])).toEqual(['*.ts']);
    await restorePaths(dir, ['*.ts']);
    expect(readFileSync(join(dir, '*.ts'), 'utf8')).toBe('star\n');
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe('a changed\n');
  });
});

describe('commitPaths and commitTrailers', () => {
  it('commits exactly the given files with the trailers, as the given identity, without running hooks', async () => {
    const { dir, marks } = repo({ 'a.ts': 'a\n', 'b.ts': 'b\n', '--all': 'x\n' });
    const base = sh(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'a.ts'), 'a fixed\n');
    writeFileSync(join(dir, '--all'), 'y\n');
    writeFileSync(join(dir, 'b.ts'), 'b staged by someone else\n');
    sh(dir, 'add', 'b.ts');
    const sha = await commitPaths(dir, {
      paths: ['a.ts', '--all'],
      message: 'fix format in 2 files\n\nbody line',
      trailers: [
        { key: 'Agent-By', value: 'shipkit/diagnose' },
        { key: 'Shipkit-Fingerprint', value: '0123456789abcdef' },
      ],
      identity: BOT,
    });
    expect(sh(dir, 'rev-parse', 'HEAD')).toBe(sha);
    expect(sh(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', sha).split('\n').sort()).toEqual(['--all', 'a.ts']);
    expect(sh(dir, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', sha)).toBe('shipkit-bot <bot@example.com>|shipkit-bot <bot@example.com>');
    // What someone else staged stays staged, and out of the commit.
    expect(sh(dir, 'diff', '--cached', '--name-only')).toBe('b.ts');
    expect(existsSync(marks)).toBe(false);
    expect(await commitTrailers(dir, base)).toEqual([
      {
        sha,
        trailers: [
          { key: 'Agent-By', value: 'shipkit/diagnose' },
          { key: 'Shipkit-Fingerprint', value: '0123456789abcdef' },
        ],
      },
    ]);
  });

  it('reads trailers of every commit in the range, newest first, folded ones unfolded; a commit without any has none', async () => {
    const { dir } = repo({ 'a.ts': 'a\n' });
    const base = sh(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'a.ts'), '1\n');
    sh(dir, 'commit', '-q', '-am', 'one\n\nAgent-By: forge/builder-01\nTask-ID: T-1\n  continued');
    writeFileSync(join(dir, 'a.ts'), '2\n');
    sh(dir, 'commit', '-q', '-am', 'two, no trailers');
    const [two, one] = await commitTrailers(dir, base);
    expect(two?.trailers).toEqual([]);
    expect(one?.trailers).toEqual([
      { key: 'Agent-By', value: 'forge/builder-01' },
      { key: 'Task-ID', value: 'T-1 continued' },
    ]);
  });

  it('refuses a trailer that would span lines (it could forge another trailer)', async () => {
    const { dir } = repo({ 'a.ts': 'a\n' });
    writeFileSync(join(dir, 'a.ts'), 'b\n');
    await expect(
      commitPaths(dir, {
        paths: ['a.ts'],
        message: 'x',
        trailers: [{ key: 'Shipkit-Fingerprint', value: 'x\nAgent-By: me' }],
        identity: BOT,
      }),
    ).rejects.toThrow(/spans lines/);
    expect(sh(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
  });
});

describe('pushHead', () => {
  it('pushes HEAD to the branch without running pre-push; a branch that moved on is refused as not a fast-forward', async () => {
    const { dir, bare, marks } = repo({ 'a.ts': 'a\n' });
    sh(dir, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(dir, 'a.ts'), 'b\n');
    sh(dir, 'commit', '-q', '-am', 'b');
    expect(await pushHead(dir, 'feature')).toEqual({ pushed: true, withToken: false });
    expect(sh(bare, 'rev-parse', 'refs/heads/feature')).toBe(sh(dir, 'rev-parse', 'HEAD'));
    expect(existsSync(marks)).toBe(false);
    // Someone else pushes to the branch; our next commit is no longer a fast-forward.
    const other = join(scratch, `other-${Date.now()}`);
    sh(scratch, 'clone', '-q', '--branch', 'feature', bare, other);
    writeFileSync(join(other, 'c.ts'), 'c\n');
    sh(other, 'add', 'c.ts');
    sh(other, 'commit', '-q', '-m', 'c');
    sh(other, 'push', '-q', 'origin', 'feature');
    writeFileSync(join(dir, 'a.ts'), 'd\n');
    sh(dir, 'commit', '-q', '-am', 'd');
    const r = await pushHead(dir, 'feature');
    expect(r).toMatchObject({ pushed: false, rejected: true });
    expect(sh(bare, 'rev-parse', 'refs/heads/feature')).toBe(sh(other, 'rev-parse', 'HEAD'));
  });

  it('refuses a branch name git would not take', async () => {
    const { dir } = repo({ 'a.ts': 'a\n' });
    expect(await pushHead(dir, 'a..b')).toMatchObject({ pushed: false, reason: '`a..b` is not a valid branch name' });
  });

  it('retries with the token when the server wants credentials; neither the repository’s credential helper nor its hooks see it', async () => {
    const { dir: source } = repo({ 'a.ts': 'a\n' });
    sh(source, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(source, 'a.ts'), 'b\n');
    sh(source, 'commit', '-q', '-am', 'b');
    const clone = await privateShallowClone(source, 'feature');
    try {
      sh(clone.bare, 'config', 'http.receivepack', 'true');
      // A helper the pull request's code could have configured: it would see the push's environment.
      const leaked = join(scratch, `helper-ran-${Date.now()}`);
      sh(clone.dir, 'config', 'credential.helper', `!f() { env > '${leaked}'; }; f`);
      writeFileSync(join(clone.dir, 'a.ts'), 'c\n');
      sh(clone.dir, 'commit', '-q', '-am', 'c');
      // And a hook that would see the environment of every ref update, the push's included.
      const hook = join(clone.dir, '.git', 'hooks', 'reference-transaction');
      writeFileSync(hook, `#!/bin/sh\nenv >> '${leaked}'\n`);
      chmodSync(hook, 0o755);
      const seen = (): string => (existsSync(leaked) ? readFileSync(leaked, 'utf8') : '');
      const wrong = await pushHead(clone.dir, 'feature', { token: 'not-the-token', serverUrl: clone.serverUrl, env: { ...process.env } });
      expect(wrong).toMatchObject({ pushed: false, withToken: true, credentials: true });
      // The helper may serve the push without the token (a runner's own credentials); never the one with it.
      expect(seen()).not.toContain('GIT_CONFIG_VALUE');
      const right = await pushHead(clone.dir, 'feature', { token: clone.token, serverUrl: clone.serverUrl, env: { ...process.env } });
      expect(right).toEqual({ pushed: true, withToken: true });
      expect(sh(clone.bare, 'rev-parse', 'refs/heads/feature')).toBe(sh(clone.dir, 'rev-parse', 'HEAD'));
      expect(readFileSync(join(clone.dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
      expect(seen()).not.toContain('GIT_CONFIG_VALUE');
      expect(seen()).not.toContain(clone.token);
    } finally {
      await clone.close();
    }
  });
});

describe('the token never meets the repository’s hooks in a fetch', () => {
  it('mergeBase fetching with the token runs no hook (a fetch’s ref updates start `reference-transaction`)', async () => {
    const { dir: source } = repo({ 'a.ts': 'a\n' });
    const base = sh(source, 'rev-parse', 'HEAD');
    sh(source, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(source, 'a.ts'), 'b\n');
    sh(source, 'commit', '-q', '-am', 'b');
    const clone = await privateShallowClone(source, 'feature');
    try {
      const leaked = join(scratch, `hook-env-${Date.now()}`);
      const hook = join(clone.dir, '.git', 'hooks', 'reference-transaction');
      writeFileSync(hook, `#!/bin/sh\nenv >> '${leaked}'\n`);
      chmodSync(hook, 0o755);
      // As actions/checkout configures it: a fetch of `main` also updates refs/remotes/origin/main.
      sh(clone.dir, 'config', 'remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*');
      // The fetch of `main` goes through with the token; `main` is no local name, so there is no merge-base.
      await expect(
        mergeBase('main', clone.dir, { token: clone.token, serverUrl: clone.serverUrl, env: { ...process.env } }),
      ).rejects.toThrow(/the base commit `main` is not in this repository/);
      expect(sh(clone.dir, 'rev-parse', 'refs/remotes/origin/main')).toBe(base);
      expect(existsSync(leaked)).toBe(false);
    } finally {
      await clone.close();
    }
  });
});
