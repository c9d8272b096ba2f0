// Bad input: each case gives one clear error (or warning) naming the file or input, exit 1 for
// errors, and no stack trace.
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, type ActionRun } from '@shipkit/testkit';
import { coberturaFor, lcovFor, sh, standardRepo, trackedFiles, write, type Repo } from './repo';

let repo: Repo;
beforeAll(() => {
  repo = standardRepo(2);
  write(repo.dir, 'lcov.info', lcovFor(repo.dir, trackedFiles(repo.dir)));
});
afterAll(() => repo.cleanup());

const run = (inputs: Record<string, string>) => runBundle('coverage-gate', { cwd: repo.dir, inputs: { base: 'main', ...inputs } });

function expectOneError(r: ActionRun, pattern: RegExp, title: string): void {
  expect(r.code).toBe(1);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]?.message).toMatch(pattern);
  expect(r.errors[0]?.properties.title).toBe(title);
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
}

describe('bad input', () => {
  it('a glob that matches nothing', async () => {
    expectOneError(
      await run({ files: 'coverage/**/lcov.info' }),
      /no coverage report matched `coverage\/\*\*\/lcov\.info`.*coverage enabled/,
      'Invalid files',
    );
  });

  it('an unreadable report (a directory where a file is expected)', async () => {
    write(repo.dir, 'cov.d/placeholder', '');
    expectOneError(await run({ files: 'cov.d' }), /no coverage report matched `cov\.d`/, 'Invalid files');
  });

  it('a truncated LCOV report', async () => {
    const full = lcovFor(repo.dir, trackedFiles(repo.dir));
    write(repo.dir, 'cut.info', full.slice(0, Math.floor(full.length / 2)).replace(/\n[^\n]*$/, '\n'));
    expectOneError(
      await run({ files: 'cut.info' }),
      /cut\.info is truncated: the record of `[^`]+` has no `end_of_record`/,
      'Invalid files',
    );
  });

  it('a truncated Cobertura report', async () => {
    const xml = coberturaFor(repo.dir, trackedFiles(repo.dir));
    write(repo.dir, 'cut.xml', xml.slice(0, Math.floor(xml.length * 0.6)));
    expectOneError(await run({ files: 'cut.xml' }), /cut\.xml is not a readable cobertura report.*truncated/, 'Invalid files');
  });

  it('a malformed LCOV record', async () => {
    write(repo.dir, 'bad.info', 'SF:src/mod0.js\nDA:three,1\nend_of_record\n');
    expectOneError(await run({ files: 'bad.info' }), /bad\.info:2: malformed LCOV record `DA:three,1`/, 'Invalid files');
  });

  it('a binary file', async () => {
    writeFileSync(join(repo.dir, 'coverage.bin'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3]));
    expectOneError(await run({ files: 'coverage.bin' }), /coverage\.bin is a binary file, not a coverage report/, 'Invalid files');
  });

  it('an empty file and a file in no known format', async () => {
    write(repo.dir, 'empty.info', '');
    expectOneError(await run({ files: 'empty.info' }), /empty\.info is empty/, 'Invalid files');
    write(repo.dir, 'notes.txt', 'this should not parse\n');
    expectOneError(await run({ files: 'notes.txt' }), /notes\.txt is not a coverage report shipkit reads/, 'Invalid files');
  });

  it('hostile XML: entity declarations are refused', async () => {
    write(
      repo.dir,
      'xxe.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE coverage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<coverage><packages><package><classes><class filename="&xxe;"/></classes></package></packages></coverage>\n',
    );
    expectOneError(
      await run({ files: 'xxe.xml' }),
      /xxe\.xml is not a readable cobertura report.*entity declarations are never processed/,
      'Invalid files',
    );
    write(
      repo.dir,
      'lol.xml',
      '<?xml version="1.0"?>\n<coverage><packages><package><classes><class filename="&lol;"/></classes></package></packages></coverage>\n',
    );
    expectOneError(await run({ files: 'lol.xml' }), /lol\.xml is not a readable cobertura report.*entity/, 'Invalid files');
  });

  it('hostile XML: the external DTD a Cobertura report names is never fetched', async () => {
    let fetched = 0;
    const server = createServer((_q, res) => {
      fetched++;
      res.end('<!ENTITY x "y">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const xml = coberturaFor(repo.dir, trackedFiles(repo.dir)).replace(
      'http://cobertura.sourceforge.net/xml/coverage-04.dtd',
      `http://127.0.0.1:${port}/coverage-04.dtd`,
    );
    write(repo.dir, 'dtd.xml', xml);
    const r = await run({ files: 'dtd.xml', 'min-new-lines': '0', 'min-new-branches': '0' });
    server.close();
    expect(r.code).toBe(0);
    expect(Number(r.outputs['new-lines-total'])).toBeGreaterThan(0);
    expect(fetched).toBe(0);
  });

  it('a bad base', async () => {
    expectOneError(
      await run({ files: 'lcov.info', base: 'no-such-branch' }),
      /the base commit `no-such-branch` is not in this repository/,
      'Invalid base',
    );
  });

  it('a bad path-map entry and bad thresholds, all named at once', async () => {
    expectOneError(
      await run({ files: 'lcov.info', 'path-map': 'just-a-path' }),
      /`path-map` entry `just-a-path` is not `from=to`/,
      'Invalid path-map',
    );
    const r = await run({ files: 'lcov.info', 'min-new-lines': '120', 'max-drop': 'lots' });
    expectOneError(r, /input `min-new-lines`: must be a percentage from 0 to 100.*input `max-drop`: must be a number/, 'Invalid input');
  });

  it('report paths that match no file: a warning with examples and the path-map that fixes it', async () => {
    write(
      repo.dir,
      'elsewhere.info',
      lcovFor(repo.dir, trackedFiles(repo.dir), { prefix: 'C:/build/agent/' }).replace(
        /SF:C:\/build\/agent\/src\/mod1\.js/,
        'SF:C:/build/agent/gen/unknown.js',
      ),
    );
    const r = await run({ files: 'elsewhere.info', 'path-map': 'D:/x/=', 'min-new-lines': '0', 'min-new-branches': '0' });
    expect(r.code).toBe(0);
    const w = r.warnings.filter((x) => !x.properties.file);
    expect(w).toHaveLength(1);
    expect(w[0]?.message).toMatch(/^\d+ of \d+ report path\(s\) match no file in the repository, e.g. `C:\/build\/agent\//);
    expect(w[0]?.message).toContain('`path-map: C:/build/agent/=` would map them');
  });

  it('a missing diff-file and a missing baseline file', async () => {
    expectOneError(
      await run({ files: 'lcov.info', 'diff-file': 'nope.diff' }),
      /the diff file `nope\.diff` does not exist/,
      'Invalid diff-file',
    );
    expectOneError(
      await run({ files: 'lcov.info', baseline: 'nope.json' }),
      /the baseline file `[^`]*nope\.json` does not exist/,
      'Invalid baseline',
    );
    write(repo.dir, 'bad-baseline.json', '{"hello": 1}');
    expectOneError(await run({ files: 'lcov.info', baseline: 'bad-baseline.json' }), /is not a coverage summary/, 'Invalid baseline');
  });

  it('an absurd line number (the 46-byte LCOV that took 151 s of CPU): an error naming the report, its line and the file', async () => {
    write(repo.dir, 'absurd.info', 'TN:\nSF:src/mod0.js\nDA:4294967295,1\nend_of_record\n');
    expectOneError(
      await run({ files: 'absurd.info' }),
      /^absurd\.info:3: line 4294967295 of `src\/mod0\.js` is beyond 10,000,000, more lines than any source file has/,
      'Invalid files',
    );
  });

  it('reports outside the workspace, through a symlinked directory or file or `..`, are refused unread', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'coverage-outside-'));
    try {
      write(outside, 'lcov.info', lcovFor(repo.dir, trackedFiles(repo.dir)));
      symlinkSync(outside, join(repo.dir, 'linked-coverage'));
      symlinkSync(join(outside, 'lcov.info'), join(repo.dir, 'linked.info'));
      for (const files of [
        'linked-coverage/lcov.info',
        'linked-coverage/**/*.info',
        'linked.info',
        relative(repo.dir, join(outside, 'lcov.info')),
      ])
        expectOneError(await run({ files }), /^`files`: `.*` resolves to .*coverage-outside-.*, outside the workspace/, 'Invalid files');
      // A walk from inside does not follow the link out: nothing outside is read.
      const walked = await run({ files: '*/lcov.info' });
      expectOneError(walked, /no coverage report matched `\*\/lcov\.info`/, 'Invalid files');
      for (const [input, value] of [
        ['diff-file', 'linked.info'],
        ['baseline', 'linked.info'],
      ])
        expectOneError(
          await run({ files: 'lcov.info', [input as string]: value as string }),
          new RegExp(`^\`${input}\`: \`linked\\.info\` resolves to`),
          `Invalid ${input}`,
        );
    } finally {
      rmSync(join(repo.dir, 'linked-coverage'), { force: true });
      rmSync(join(repo.dir, 'linked.info'), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a malformed glob in `files` or `exclude`', async () => {
    expectOneError(await run({ files: 'coverage/[' }), /^`files`: the glob `coverage\/\[` has an unclosed `\[`/, 'Invalid files');
    expectOneError(
      await run({ files: 'lcov.info', exclude: 'src/{a,b' }),
      /^`exclude`: the glob `src\/\{a,b` has an unclosed `\{`/,
      'Invalid exclude',
    );
  });

  it('a base that looks like a git option is refused, and the command in it never runs', async () => {
    sh(repo.dir, 'git', 'remote', 'add', 'origin', repo.dir);
    const marker = join(mkdtempSync(join(tmpdir(), 'coverage-pwned-')), 'pwned');
    try {
      expectOneError(
        await run({ files: 'lcov.info', base: `--upload-pack=touch ${marker}` }),
        /`base` is `--upload-pack=touch .*`, which starts with `-`: git would read it as an option/,
        'Invalid base',
      );
      expect(existsSync(marker)).toBe(false);
    } finally {
      sh(repo.dir, 'git', 'remote', 'remove', 'origin');
    }
  });
});
