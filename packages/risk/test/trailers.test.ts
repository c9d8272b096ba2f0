// Trailers are read with git's own parser; these cases check both readers (git log's
// %(trailers) for commits, interpret-trailers for API messages) against `git interpret-trailers
// --parse` itself, on messages where a hand-written parser goes wrong.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitTrailers, identify, messageTrailers, parseTrailerLines } from '../src/trailers';

const MESSAGES = [
  'feat: x\n\nBody.\n\nAgent-By: forge/builder-01\nTask-ID: T-1\n',
  // A folded value continues on the next line.
  'feat: y\n\nAgent-By: forge/builder-01\nModel: a very\n  long model name\n',
  // "Agent-By:" inside the body is not a trailer: only the last paragraph is.
  'feat: z\n\nAgent-By: forge/impostor\nis what the old bot wrote.\n\nSigned-off-by: Dev <dev@example.com>\n',
  // Lower-case key, extra spaces.
  'fix\n\nagent-by:   forge/builder-02  \n',
  // No trailers at all.
  'chore: bump\n',
  // The trailer block followed by a "---" patch divider.
  'feat: w\n\nAgent-By: forge/builder-03\n---\n diff stuff\n',
];

let dir: string;
const git = (args: string[], input?: string): string => execFileSync('git', args, { cwd: dir, input, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'risk-trailers-'));
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.email', 'dev@example.com']);
  git(['config', 'user.name', 'dev']);
  git(['commit', '-q', '--allow-empty', '-m', 'base']);
  for (const m of MESSAGES) git(['commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', '-'], m);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `--no-divider`: in a commit message `---` is text, not the start of a patch (as git log reads commits).
const oracle = (message: string) => parseTrailerLines(git(['interpret-trailers', '--parse', '--no-divider'], message));

describe('trailers with git interpret-trailers --parse semantics', () => {
  it('API messages: the same trailers as interpret-trailers gives for each alone', async () => {
    const got = await messageTrailers(MESSAGES, dir, { batch: 2 });
    expect(got).toEqual(MESSAGES.map(oracle));
    expect(got[2]).toEqual([{ key: 'Signed-off-by', value: 'Dev <dev@example.com>' }]);
    expect(got[1]).toContainEqual({ key: 'Model', value: 'a very long model name' });
  });

  it('commits: git log %(trailers:only,unfold) agrees with interpret-trailers on every commit', async () => {
    const commits = await commitTrailers('HEAD~6', 'HEAD', dir);
    expect(commits).toHaveLength(MESSAGES.length);
    expect(commits.map((c) => c.trailers)).toEqual(MESSAGES.map(oracle));
  });

  it('identity: one agent, a person, a disagreement', () => {
    const t = (...agents: string[]) => ({ trailers: agents.map((value) => ({ key: 'Agent-By', value })) });
    expect(identify([t('a/1'), t('a/1')])).toEqual({ kind: 'agent', agent: 'a/1', commits: 2 });
    expect(identify([t(), t()])).toEqual({ kind: 'human', commits: 2 });
    expect(identify([t('a/1'), t('a/2')])).toMatchObject({ kind: 'disagree', agents: { 'a/1': 1, 'a/2': 1 }, unmarked: 0 });
    expect(identify([t('a/1', 'a/2')])).toMatchObject({ kind: 'disagree' });
    expect(identify([t('a/1'), t()])).toMatchObject({ kind: 'disagree', unmarked: 1 });
  });
});
