// Diff parsing: the saved-diff parser (parseUnifiedDiff) on hand-written diffs in git's exact
// output shapes, and changedFiles/mergeBase on real temporary git repositories.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basicTokenHeader, privateShallowClone, startGitHttpServer, type PrivateShallowClone } from '@shipkit/testkit';
import { assertRevision, changedFiles, hasCommit, mergeBase, needsCredentials, parseUnifiedDiff, tokenEnvironment } from '../src/git';
import { ConfigurationError } from '../src/errors';
import { captureCommands } from './capture';

describe('parseUnifiedDiff', () => {
  it('reads added ranges of a modified file (-U0)', () => {
    const diff = [
      'diff --git a/src/a.js b/src/a.js',
      'index 1111111..2222222 100644',
      '--- a/src/a.js',
      '+++ b/src/a.js',
      '@@ -2 +2,2 @@ function a() {',
      '-  return 1;',
      '+  const x = 1;',
      '+  return x;',
      '@@ -10,0 +12 @@',
      '+// end',
      '@@ -20,2 +21,0 @@',
      '-gone',
      '-gone too',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      {
        path: 'src/a.js',
        status: 'modified',
        binary: false,
        added: [
          [2, 3],
          [12, 12],
        ],
      },
    ]);
  });

  it('counts only + lines in a diff with context (a saved `git diff`)', () => {
    const diff = [
      'diff --git a/a.js b/a.js',
      '--- a/a.js',
      '+++ b/a.js',
      '@@ -1,5 +1,6 @@',
      ' one',
      ' two',
      '-three',
      '+THREE',
      '+three and a half',
      ' four',
      ' five',
    ].join('\n');
    expect(parseUnifiedDiff(diff)[0]?.added).toEqual([[3, 4]]);
  });

  it('keys a rename by its new path; a pure rename adds no lines', () => {
    const diff = [
      'diff --git a/old/name.js b/new/name.js',
      'similarity index 100%',
      'rename from old/name.js',
      'rename to new/name.js',
      'diff --git a/lib/x.js b/lib/y.js',
      'similarity index 90%',
      'rename from lib/x.js',
      'rename to lib/y.js',
      'index 1..2 100644',
      '--- a/lib/x.js',
      '+++ b/lib/y.js',
      '@@ -3 +3 @@',
      '-a',
      '+b',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      { path: 'new/name.js', oldPath: 'old/name.js', status: 'renamed', binary: false, added: [] },
      { path: 'lib/y.js', oldPath: 'lib/x.js', status: 'renamed', binary: false, added: [[3, 3]] },
    ]);
  });

  it('marks new files and deleted files', () => {
    const diff = [
      'diff --git a/new.js b/new.js',
      'new file mode 100644',
      'index 0000000..3333333',
      '--- /dev/null',
      '+++ b/new.js',
      '@@ -0,0 +1,3 @@',
      '+a',
      '+b',
      '+c',
      'diff --git a/dead.js b/dead.js',
      'deleted file mode 100644',
      'index 4444444..0000000',
      '--- a/dead.js',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-x',
      '-y',
    ].join('\n');
    const files = parseUnifiedDiff(diff);
    expect(files[0]).toEqual({ path: 'new.js', status: 'added', binary: false, added: [[1, 3]] });
    expect(files[1]).toMatchObject({ path: 'dead.js', status: 'deleted', added: [] });
  });

  it('reads a mode change without content, also for a path with spaces', () => {
    const diff = ['diff --git a/bin/run me.sh b/bin/run me.sh', 'old mode 100644', 'new mode 100755'].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([{ path: 'bin/run me.sh', status: 'modified', binary: false, added: [] }]);
  });

  it('handles CRLF line endings', () => {
    const diff = ['diff --git a/w.js b/w.js', '--- a/w.js', '+++ b/w.js', '@@ -1 +1,2 @@', '-a', '+b', '+c', ''].join('\r\n');
    expect(parseUnifiedDiff(diff)).toEqual([{ path: 'w.js', status: 'modified', binary: false, added: [[1, 2]] }]);
  });

  it('handles paths with spaces (git adds a tab after such ---/+++ paths) and quoted paths', () => {
    const diff = [
      'diff --git a/my dir/a file.js b/my dir/a file.js',
      '--- a/my dir/a file.js\t',
      '+++ b/my dir/a file.js\t',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      'diff --git "a/t\\303\\251st\\tx.js" "b/t\\303\\251st\\tx.js"',
      '--- "a/t\\303\\251st\\tx.js"',
      '+++ "b/t\\303\\251st\\tx.js"',
      '@@ -0,0 +1 @@',
      '+z',
    ].join('\n');
    expect(parseUnifiedDiff(diff).map((f) => [f.path, f.added])).toEqual([
      ['my dir/a file.js', [[1, 1]]],
      ['tést\tx.js', [[1, 1]]],
    ]);
  });

  it('does not take body lines that look like headers (`+++`, `---`, `diff --git`) as headers', () => {
    const diff = [
      'diff --git a/notes.md b/notes.md',
      '--- a/notes.md',
      '+++ b/notes.md',
      '@@ -1,2 +1,3 @@',
      '--- old rule',
      '-diff --git a/x b/x',
      '+++ new rule',
      '+++ b/elsewhere.md',
      '+diff --git a/y b/y',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([{ path: 'notes.md', status: 'modified', binary: false, added: [[1, 3]] }]);
  });

  it('marks binary files', () => {
    const diff = ['diff --git a/img.png b/img.png', 'index 1..2 100644', 'Binary files a/img.png and b/img.png differ'].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([{ path: 'img.png', status: 'modified', binary: true, added: [] }]);
  });
});

describe('changedFiles and mergeBase on a real repository', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const sh = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

  it('gives renames, new files, deletions, mode changes and paths with spaces as git diff -U0 -M sees them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-git-'));
    dirs.push(dir);
    sh(dir, 'init', '-q', '-b', 'main');
    sh(dir, 'config', 'user.email', 't@example.com');
    sh(dir, 'config', 'user.name', 't');
    const body = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/keep.js'), body);
    writeFileSync(join(dir, 'src/move me.js'), body);
    writeFileSync(join(dir, 'src/gone.js'), 'something\nelse entirely\n');
    writeFileSync(join(dir, 'run.sh'), 'echo hi\n');
    sh(dir, 'add', '.');
    sh(dir, 'commit', '-qm', 'base');
    const base = sh(dir, 'rev-parse', 'HEAD');
    sh(dir, 'checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'src/keep.js'), body.replace('line 5\n', 'line five\nline 5b\n'));
    sh(dir, 'mv', 'src/move me.js', 'src/moved here.js');
    writeFileSync(join(dir, 'src/moved here.js'), body.replace('line 20\n', 'line 20\nline 21\n'));
    sh(dir, 'rm', '-q', 'src/gone.js');
    writeFileSync(join(dir, 'src/new file.js'), 'a\nb\n');
    chmodSync(join(dir, 'run.sh'), 0o755);
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-qm', 'change');
    const { mergeBase: mb, fetched } = await mergeBase('main', dir);
    expect(mb).toBe(base);
    expect(fetched).toEqual([]);
    const files = (await changedFiles(mb, dir)).sort((a, b) => a.path.localeCompare(b.path));
    expect(files.map((f) => [f.path, f.status, f.added, f.oldPath])).toEqual([
      ['run.sh', 'modified', [], undefined],
      ['src/gone.js', 'deleted', [], undefined],
      ['src/keep.js', 'modified', [[5, 6]], undefined],
      ['src/moved here.js', 'renamed', [[21, 21]], 'src/move me.js'],
      ['src/new file.js', 'added', [[1, 2]], undefined],
    ]);
  });

  it('never reads a revision as an option: `-`-values are refused naming the input, and every call ends options first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-git-inject-'));
    dirs.push(dir);
    const origin = mkdtempSync(join(tmpdir(), 'kit-git-origin-'));
    dirs.push(origin);
    sh(origin, 'init', '-q', '-b', 'main');
    sh(origin, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'base');
    sh(dir, 'clone', '-q', origin, '.');
    const pwned = join(dir, 'pwned');
    for (const value of [`--upload-pack=touch ${pwned}`, `--output=${pwned}`, '-h']) {
      await expect(mergeBase(value, dir)).rejects.toThrow(ConfigurationError);
      await expect(mergeBase(value, dir, { input: 'since' })).rejects.toMatchObject({
        input: 'since',
        message: expect.stringContaining('starts with `-`'),
      });
      await expect(changedFiles(value, dir)).rejects.toMatchObject({ input: 'base' });
      // Below the validation too: a value that reaches git is a revision after --end-of-options.
      expect(await hasCommit(value, dir)).toBe(false);
    }
    expect(() => assertRevision('main\n--upload-pack=x', 'base')).toThrow(/space or a control character/);
    expect(assertRevision('origin/main', 'base')).toBe('origin/main');
    // A refspec is not fetched (it would write local refs).
    await expect(mergeBase('main:refs/heads/stolen', dir)).rejects.toThrow(/could not be fetched/);
    expect(sh(dir, 'branch', '--list', 'stolen')).toBe('');
    expect(existsSync(pwned)).toBe(false);
  });
});

describe('mergeBase against a private remote (actions/checkout with persist-credentials: false)', () => {
  const captured = captureCommands();
  const clones: PrivateShallowClone[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const c of clones) await c.close();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const sh = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

  /** main with `mainCommits` commits, feature branching off its `forkAt`-th and adding two more. */
  function source(mainCommits: number, forkAt: number): { dir: string; fork: string; mainTip: string } {
    const dir = mkdtempSync(join(tmpdir(), 'kit-git-private-src-'));
    dirs.push(dir);
    sh(dir, 'init', '-q', '-b', 'main');
    const commit = (m: string): void =>
      void sh(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', m);
    let fork = '';
    for (let n = 1; n <= mainCommits; n++) {
      commit(`main ${n}`);
      if (n === forkAt) fork = sh(dir, 'rev-parse', 'HEAD');
    }
    const mainTip = sh(dir, 'rev-parse', 'HEAD');
    sh(dir, 'checkout', '-q', '-b', 'feature', fork);
    commit('feature 1');
    commit('feature 2');
    return { dir, fork, mainTip };
  }

  /** A `git` on PATH that records each fetch's argv and the config key it was given, then runs the real git. */
  function recordingGit(): { env: NodeJS.ProcessEnv; log: string } {
    const bin = mkdtempSync(join(tmpdir(), 'kit-git-shim-'));
    dirs.push(bin);
    const log = join(bin, 'argv.log');
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\nprintf '%s|' "$@" >> '${log}'\nprintf ' key=%s\\n' "\${GIT_CONFIG_KEY_0:-}" >> '${log}'\nexec '${real}' "$@"\n`,
    );
    chmodSync(join(bin, 'git'), 0o755);
    writeFileSync(log, '');
    return { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, log };
  }

  it('without a token: one clear error naming `github-token` and `fetch-depth: 0`, and no credential was sent', async () => {
    const src = source(3, 2);
    const clone = await privateShallowClone(src.dir, 'feature');
    clones.push(clone);
    const failure = await mergeBase(src.mainTip, clone.dir, { serverUrl: clone.serverUrl }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(failure).toMatchObject({ input: 'github-token' });
    const message = (failure as Error).message;
    expect(message).toMatch(/needs credentials, and this checkout gives none/);
    expect(message).toMatch(/`fetch-depth: 0`/);
    expect(message).toMatch(/pass a token that can read this repository as `github-token`/);
    // git's own reason, not a prompt that waited for a terminal.
    expect(message).toMatch(/terminal prompts disabled|could not read Username/);
    expect(clone.server.requests.length).toBeGreaterThan(0);
    expect(clone.server.requests.every((r) => r.status === 401 && r.authorization === undefined)).toBe(true);
  });

  it('with a token: retried with the token in the environment of that git process only, deepening as far as needed', async () => {
    // The fork point is 70 commits behind main's tip: the first deepening (50) is not enough.
    const src = source(75, 5);
    const clone = await privateShallowClone(src.dir, 'feature');
    clones.push(clone);
    const { env, log } = recordingGit();
    const result = await mergeBase(src.mainTip, clone.dir, { token: clone.token, serverUrl: `${clone.serverUrl}/`, env });
    expect(result.mergeBase).toBe(src.fork);
    expect(result.fetched).toEqual([
      `${src.mainTip} from origin`,
      '50 more commits of history from origin',
      '200 more commits of history from origin',
    ]);
    const header = basicTokenHeader(clone.token);
    const requests = clone.server.requests;
    // Refused once without it; every request after that carried exactly the header actions/checkout sends.
    expect(requests[0]).toMatchObject({ status: 401 });
    expect(requests[0]?.authorization).toBeUndefined();
    const firstAuthorized = requests.findIndex((r) => r.authorization !== undefined);
    expect(firstAuthorized).toBeGreaterThan(0);
    expect(requests.slice(firstAuthorized).every((r) => r.authorization === header && r.status === 200)).toBe(true);
    // The token: never in argv, in the config key for the server's origin, registered as secrets.
    const credential = header.slice('basic '.length);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.filter((c) => c.includes('fetch|'))).toHaveLength(4);
    for (const call of calls) {
      expect(call).not.toContain(clone.token);
      expect(call).not.toContain(credential);
      if (call.includes('fetch|')) expect(call).toMatch(/\|--end-of-options\|origin\|/);
    }
    expect(calls.filter((c) => c.endsWith(` key=http.${clone.serverUrl}/.extraheader`))).toHaveLength(3);
    expect(captured.masks()).toEqual(expect.arrayContaining([clone.token, credential]));
    // Nothing of it stays behind in the repository's configuration.
    const config = readFileSync(join(clone.dir, '.git', 'config'), 'utf8');
    expect(config).not.toContain(clone.token);
    expect(config).not.toContain(credential);
    expect(config).not.toMatch(/extraheader/i);
  });

  it('with a token the server refuses: says so, and still offers `fetch-depth: 0`', async () => {
    const src = source(3, 2);
    const clone = await privateShallowClone(src.dir, 'feature');
    clones.push(clone);
    const failure = await mergeBase(src.mainTip, clone.dir, {
      token: 'not-the-token',
      serverUrl: clone.serverUrl,
      tokenInput: 'token',
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ input: 'token' });
    expect((failure as Error).message).toMatch(
      new RegExp(
        `was refused even with \`token\` \\(given to git as actions/checkout gives it, for ${clone.serverUrl} only; git: .+\\); pass a token`,
      ),
    );
    expect((failure as Error).message).toMatch(/`fetch-depth: 0`/);
    expect(clone.server.requests.map((r) => r.authorization)).toEqual([undefined, basicTokenHeader('not-the-token')]);
  });

  it('never sends the token where no credential is needed, nor to another server', async () => {
    const src = source(3, 2);
    const clone = await privateShallowClone(src.dir, 'feature');
    clones.push(clone);
    // The token is for another server (GITHUB_SERVER_URL): git keeps the header from this one.
    const elsewhere = await mergeBase(src.mainTip, clone.dir, { token: clone.token, serverUrl: 'https://github.com' }).catch(
      (e: unknown) => e,
    );
    expect((elsewhere as Error).message).toMatch(
      /was refused even with `github-token` \(given to git as actions\/checkout gives it, for https:\/\/github\.com only/,
    );
    expect(clone.server.requests.every((r) => r.authorization === undefined)).toBe(true);
    // A public remote: the fetch works without it, and it is never sent.
    const open = await startGitHttpServer({ root: join(clone.bare, '..', '..') });
    try {
      sh(clone.dir, 'remote', 'set-url', 'origin', `${open.url}/acme/shop.git`);
      const result = await mergeBase(src.mainTip, clone.dir, { token: clone.token, serverUrl: open.url });
      expect(result.mergeBase).toBe(src.fork);
      expect(open.requests.length).toBeGreaterThan(0);
      expect(open.requests.every((r) => r.authorization === undefined && r.status === 200)).toBe(true);
    } finally {
      await open.close();
    }
  });

  it('a base the server does not have is not a credentials problem', async () => {
    const src = source(3, 2);
    const clone = await privateShallowClone(src.dir, 'feature');
    clones.push(clone);
    await expect(mergeBase('no-such-branch', clone.dir, { token: clone.token, serverUrl: clone.serverUrl })).rejects.toMatchObject({
      input: 'base',
      message: expect.stringMatching(/the base commit `no-such-branch` is not in this repository and could not be fetched/),
    });
  });
});

describe('tokenEnvironment', () => {
  captureCommands();
  it('gives the header as actions/checkout configures it, for the server origin, after the GIT_CONFIG_* entries already there', () => {
    const env = tokenEnvironment('s3cret-token', 'https://ghe.example.com/some/path?x=1', {
      PATH: '/bin',
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'a.b',
      GIT_CONFIG_VALUE_0: '1',
      GIT_CONFIG_KEY_1: 'c.d',
      GIT_CONFIG_VALUE_1: '2',
    });
    expect(env).toEqual({
      PATH: '/bin',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_0: 'a.b',
      GIT_CONFIG_VALUE_0: '1',
      GIT_CONFIG_KEY_1: 'c.d',
      GIT_CONFIG_VALUE_1: '2',
      GIT_CONFIG_KEY_2: 'http.https://ghe.example.com/.extraheader',
      GIT_CONFIG_VALUE_2: `AUTHORIZATION: basic ${Buffer.from('x-access-token:s3cret-token').toString('base64')}`,
    });
  });

  it('refuses a server URL that is not http(s)', () => {
    expect(() => tokenEnvironment('s3cret-token', 'file:///tmp/x', {})).toThrow(
      /GITHUB_SERVER_URL `file:\/\/\/tmp\/x` is not an http\(s\) URL/,
    );
    expect(() => tokenEnvironment('s3cret-token', 'not a url', {})).toThrow(ConfigurationError);
  });

  it('recognises what git says when credentials are wanted or refused, and nothing else', () => {
    expect(needsCredentials("fatal: could not read Username for 'https://github.com': terminal prompts disabled")).toBe(true);
    expect(needsCredentials("remote: Invalid username or password.\nfatal: Authentication failed for 'https://github.com/a/b/'")).toBe(
      true,
    );
    expect(needsCredentials("remote: Repository not found.\nfatal: repository 'https://github.com/a/b/' not found")).toBe(true);
    expect(needsCredentials("fatal: unable to access 'https://x/': The requested URL returned error: 403")).toBe(true);
    expect(needsCredentials("fatal: couldn't find remote ref no-such-branch")).toBe(false);
    expect(needsCredentials("fatal: unable to access 'https://x/': Could not resolve host: x")).toBe(false);
  });
});
