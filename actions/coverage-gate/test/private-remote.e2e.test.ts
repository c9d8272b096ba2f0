// A private repository checked out as the workflows here check out (`persist-credentials: false`)
// but shallow: the base and the history before HEAD must be fetched, and the server (git's own
// http-backend on loopback) answers 401 to any request without the token's Authorization header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicTokenHeader, privateShallowClone, runBundle, tokenLeaks, type ActionRun, type PrivateShallowClone } from '@shipkit/testkit';
import { lcovFor, standardRepo, trackedFiles, write, type Repo } from './repo';

let repo: Repo;
let clone: PrivateShallowClone;
beforeAll(async () => {
  repo = standardRepo(4);
  clone = await privateShallowClone(repo.dir, 'feature');
  write(clone.dir, 'lcov.info', lcovFor(clone.dir, trackedFiles(clone.dir)));
});
afterAll(async () => {
  await clone.close();
  repo.cleanup();
});

const pullRequest = (inputs: Record<string, string>): Promise<ActionRun> =>
  runBundle('coverage-gate', {
    cwd: clone.dir,
    eventName: 'pull_request',
    event: { pull_request: { number: 7, base: { sha: repo.base, ref: 'main' }, head: { sha: 'x' } } },
    env: { GITHUB_SERVER_URL: clone.serverUrl },
    inputs: { files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0', ...inputs },
  });

describe('coverage-gate fetching the base of a private repository', () => {
  it('without a token: one error naming `github-token` that says to use fetch-depth: 0 or pass a token', async () => {
    const r = await pullRequest({});
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.properties.title).toBe('Invalid github-token');
    expect(r.errors[0]?.message).toMatch(/^fetching [0-9a-f]{40} from `origin` needs credentials, and this checkout gives none/);
    expect(r.errors[0]?.message).toMatch(
      /check out with `fetch-depth: 0` so nothing needs fetching, or pass a token that can read this repository as `github-token`/,
    );
    expect(r.stderr).toBe('');
    expect(r.outputs.passed).toBeUndefined();
    expect(clone.server.requests.length).toBeGreaterThan(0);
    expect(clone.server.requests.every((q) => q.status === 401 && q.authorization === undefined)).toBe(true);
  });

  it('with `github-token`: fetches with it, gates the change, and the token shows nowhere', async () => {
    clone.server.requests.length = 0;
    const r = await pullRequest({ 'github-token': clone.token });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(
      new RegExp(`missing from this shallow clone; fetched ${repo.base} from origin, 50 more commits of history from origin`),
    );
    // The same change as in the full repository, with the same report.
    write(repo.dir, 'lcov.info', readFileSync(join(clone.dir, 'lcov.info'), 'utf8'));
    const again = await runBundle('coverage-gate', {
      cwd: repo.dir,
      inputs: { files: 'lcov.info', base: 'main', 'min-new-lines': '0', 'min-new-branches': '0' },
    });
    expect(again.code).toBe(0);
    expect(Number(again.outputs['new-lines-total'])).toBeGreaterThan(0);
    expect(r.outputs['new-lines-total']).toBe(again.outputs['new-lines-total']);
    expect(r.outputs['new-lines-covered']).toBe(again.outputs['new-lines-covered']);
    expect((r.report?.data.base as { mergeBase: string }).mergeBase).toBe(repo.base);
    // Refused without it first; then exactly the header actions/checkout configures.
    const header = basicTokenHeader(clone.token);
    expect(clone.server.requests[0]).toMatchObject({ status: 401 });
    expect(clone.server.requests.filter((q) => q.authorization === header && q.status === 200).length).toBeGreaterThan(0);
    expect(clone.server.requests.every((q) => q.authorization === undefined || q.authorization === header)).toBe(true);
    const credential = header.slice('basic '.length);
    expect(r.masks).toEqual(expect.arrayContaining([clone.token, credential]));
    expect(tokenLeaks(r, clone)).toEqual([]);
  });
});
