/**
 * A pull request of a private repository checked out shallow with `persist-credentials: false`:
 * fast-gates fetches the base from a server (git's http-backend on loopback) that answers 401
 * without the token; with `github-token` it fetches, and the gates' commands never see the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicTokenHeader, privateShallowClone, runBundle, tokenLeaks, type PrivateShallowClone } from '@shipkit/testkit';
import { commitChange, createProject, pullRequestEvent, removeProjects } from './project';

let clone: PrivateShallowClone;
let base: string;
let head: string;
beforeAll(async () => {
  const project = createProject({ 'package.json': '{"name":"x"}\n', 'src/a.txt': 'a\n' }, { nodeModules: false });
  base = project.base;
  head = commitChange(project.dir, { 'src/b.txt': 'b\n', 'src/a.txt': 'a2\n' });
  clone = await privateShallowClone(project.dir, 'feature');
});
afterAll(async () => {
  await clone.close();
  removeProjects();
});

// A gate that fails if any of the action's inputs (the token among them) reached its environment.
const GATES = '- no-inputs: "! env | grep ^INPUT_"\n';

const run = (inputs: Record<string, string>) =>
  runBundle('fast-gates', {
    cwd: clone.dir,
    eventName: 'pull_request',
    event: pullRequestEvent(base, head),
    env: { GITHUB_SERVER_URL: clone.serverUrl },
    inputs: { gates: GATES, ...inputs },
  });

describe('fast-gates on a private repository checked out without a stored credential', () => {
  it('without a token: one error naming `github-token` (fetch-depth: 0, or a token)', async () => {
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.properties.title).toBe('Invalid github-token');
    expect(r.errors[0]?.message).toMatch(
      /needs credentials.*`fetch-depth: 0`.*pass a token that can read this repository as `github-token`/,
    );
    expect(clone.server.requests.every((q) => q.status === 401 && q.authorization === undefined)).toBe(true);
  });

  it('with `github-token`: fetches the base with it and checks the changed files; no gate sees it', async () => {
    const r = await run({ 'github-token': clone.token });
    expect(r.errors, r.stdout).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.report?.data.mergeBase).toBe(base);
    expect([...(r.report?.data.changedFiles as string[])].sort()).toEqual(['src/a.txt', 'src/b.txt']);
    expect((r.report?.data.gates as { name: string; status: string }[]).map((g) => [g.name, g.status])).toEqual([['no-inputs', 'passed']]);
    const header = basicTokenHeader(clone.token);
    expect(clone.server.requests.some((q) => q.authorization === header && q.status === 200)).toBe(true);
    expect(r.masks).toEqual(expect.arrayContaining([clone.token, header.slice('basic '.length)]));
    expect(tokenLeaks(r, clone)).toEqual([]);
  });
});
