// The private-remote helpers themselves: the server refuses what lacks the exact header and
// serves what has it (a real clone through it), and tokenLeaks finds the token where it is.
// Fetches run asynchronously: the server lives in this process.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basicTokenHeader, privateShallowClone, tokenLeaks, type ActionRun, type PrivateShallowClone } from '../src/index';

const dirs: string[] = [];
const clones: PrivateShallowClone[] = [];
afterAll(async () => {
  for (const c of clones) await c.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();

async function cloneOfTwoCommits(): Promise<{ clone: PrivateShallowClone; first: string }> {
  const src = mkdtempSync(join(tmpdir(), 'testkit-git-http-'));
  dirs.push(src);
  git(src, 'init', '-q', '-b', 'main');
  git(src, 'commit', '-q', '--allow-empty', '-m', 'one');
  const first = git(src, 'rev-parse', 'HEAD');
  git(src, 'commit', '-q', '--allow-empty', '-m', 'two');
  const clone = await privateShallowClone(src, 'main');
  clones.push(clone);
  return { clone, first };
}

describe('privateShallowClone', () => {
  it('is shallow, and its server answers 401 without the exact header and serves with it', async () => {
    const { clone, first } = await cloneOfTwoCommits();
    expect(git(clone.dir, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const fetch = (args: string[], header?: string) =>
      promisify(execFile)('git', ['fetch', '-q', ...args], {
        cwd: clone.dir,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          ...(header && { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `http.${clone.serverUrl}/.extraheader`, GIT_CONFIG_VALUE_0: header }),
        },
      });
    await expect(fetch(['origin', first])).rejects.toThrow(/terminal prompts disabled/);
    await expect(fetch(['origin', first], `AUTHORIZATION: ${basicTokenHeader('wrong')}`)).rejects.toThrow(/terminal prompts disabled/);
    await fetch(['--unshallow', 'origin'], `AUTHORIZATION: ${basicTokenHeader(clone.token)}`);
    expect(git(clone.dir, 'rev-parse', '--is-shallow-repository')).toBe('false');
    expect(git(clone.dir, 'cat-file', '-t', first)).toBe('commit');
    expect(clone.server.requests.map((r) => r.status)).toContain(401);
    expect(clone.server.requests.filter((r) => r.status === 200).every((r) => r.authorization === basicTokenHeader(clone.token))).toBe(
      true,
    );
  });
});

describe('tokenLeaks', () => {
  it('names each place the token or its encoded credential shows, mask commands aside', async () => {
    const { clone } = await cloneOfTwoCommits();
    const credential = basicTokenHeader(clone.token).slice('basic '.length);
    const report = join(clone.dir, '..', 'report.json');
    writeFileSync(report, '{}');
    const run = (over: Partial<ActionRun>): ActionRun =>
      ({
        stdout: `::add-mask::${clone.token}\n::add-mask::${credential}\nok\n`,
        stderr: '',
        summary: '',
        outputs: { report },
        ...over,
      }) as ActionRun;
    expect(tokenLeaks(run({}), clone)).toEqual([]);
    expect(tokenLeaks(run({ stdout: `fetched with ${clone.token}\n` }), clone)).toEqual(['stdout']);
    expect(tokenLeaks(run({ stderr: `AUTHORIZATION: basic ${credential}`, summary: clone.token }), clone)).toEqual(['stderr', 'summary']);
    writeFileSync(report, JSON.stringify({ header: credential }));
    expect(tokenLeaks(run({}), clone)).toEqual(['report']);
    writeFileSync(report, '{}');
    const config = join(clone.dir, '.git', 'config');
    writeFileSync(config, `${readFileSync(config, 'utf8')}[http "${clone.serverUrl}/"]\n\textraheader = AUTHORIZATION: basic ***\n`);
    expect(tokenLeaks(run({}), clone)).toEqual(['.git/config']);
  });
});
