/**
 * A pull request of a private repository checked out shallow with `persist-credentials: false`:
 * the base is fetched from a server (git's http-backend on loopback) that answers 401 without the
 * token, with `github-token`.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicTokenHeader, privateShallowClone, runBundle, tokenLeaks, type PrivateShallowClone } from '@shipkit/testkit';
import { edit, makeProject, tempDirs, type Project } from './project';

let project: Project;
let clone: PrivateShallowClone;
beforeAll(async () => {
  // The committed report is Stryker's for the fixture; the change touches price.ts line 4 only.
  project = makeProject(
    (dir) => {
      copyFileSync(join(import.meta.dirname, 'fixtures', 'stryker-report.json'), join(dir, 'mutation.json'));
      edit(dir, 'src/price.ts', (t) => t.replace('percent >= 100', 'percent >= 100 '));
    },
    { linkModules: false },
  );
  clone = await privateShallowClone(project.dir, 'feature');
});
afterAll(async () => {
  await clone.close();
  tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const run = (inputs: Record<string, string>) =>
  runBundle('mutation-changed', {
    cwd: clone.dir,
    eventName: 'pull_request',
    event: { pull_request: { number: 7, base: { sha: project.base, ref: 'main' }, head: { sha: project.head } } },
    env: { GITHUB_SERVER_URL: clone.serverUrl },
    inputs: { report: 'mutation.json', ...inputs },
  });

describe('mutation-changed on a private repository checked out without a stored credential', () => {
  it('without a token: one error naming `github-token` (fetch-depth: 0, or a token)', async () => {
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.properties.title).toBe('Invalid github-token');
    expect(r.errors[0]?.message).toMatch(
      /needs credentials.*`fetch-depth: 0`.*pass a token that can read this repository as `github-token`/,
    );
  });

  it('with `github-token`: fetches the base with it and gates the changed line', async () => {
    const r = await run({ 'github-token': clone.token });
    expect(r.errors, r.stdout).toEqual([]);
    expect(r.outputs).toMatchObject({ score: '50.00', killed: '2', survived: '2', total: '4', 'changed-files': '1' });
    expect(r.summary).toMatch(/Fetched [0-9a-f]{40} from origin, 50 more commits of history from origin to find the merge-base/);
    const header = basicTokenHeader(clone.token);
    expect(clone.server.requests.some((q) => q.authorization === header && q.status === 200)).toBe(true);
    expect(r.masks).toEqual(expect.arrayContaining([clone.token, header.slice('basic '.length)]));
    expect(tokenLeaks(r, clone)).toEqual([]);
  });
});
