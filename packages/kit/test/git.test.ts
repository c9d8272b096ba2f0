// Diff parsing: the saved-diff parser (parseUnifiedDiff) on hand-written diffs in git's exact
// output shapes, and changedFiles/mergeBase on real temporary git repositories.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRevision, changedFiles, hasCommit, mergeBase, parseUnifiedDiff } from '../src/git';
import { ConfigurationError } from '../src/errors';

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
