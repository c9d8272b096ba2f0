import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import type { GitHubClient } from '@shipkit/kit/github';
import { startGitHubApi, type GitHubApi } from '@shipkit/testkit';
import { FileLedger } from '../src/file-ledger';
import { GitHubLedger } from '../src/github-ledger';
import { lastGood, type Ledger } from '../src/ledger';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'shipkit-ledger-'));
  dirs.push(d);
  return d;
};
let gh: GitHubApi | undefined;
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await gh?.close();
  gh = undefined;
});

// The kit's client spaces writes a second apart (GitHub's advice, the throttling plugin); the
// ledger's logic is tested with the same REST calls minus that pause.
const client = (api: GitHubApi): GitHubClient =>
  new (Octokit.plugin(paginateRest, restEndpointMethods))({ auth: 't', baseUrl: api.url }) as unknown as GitHubClient;

const payload = { shipkit: 1 as const, provider: 'local', name: 'shop' };

async function history(ledger: Ledger, env: string, production: boolean): Promise<string[]> {
  const ids: string[] = [];
  // v1 good, v2 good, v3 failed, v4 good (current)
  for (const [sha, state] of [
    ['a1', 'success'],
    ['b2', 'success'],
    ['c3', 'failure'],
    ['d4', 'success'],
  ] as const) {
    const r = await ledger.create({ environment: env, ref: 'main', sha, transient: false, production, payload });
    await ledger.setStatus(r.id, { state: 'in_progress' });
    await ledger.setStatus(r.id, {
      state,
      environmentUrl: `http://127.0.0.1/${sha}`,
      logUrl: 'https://github.com/acme/shop/actions/runs/1',
    });
    ids.push(r.id);
  }
  return ids;
}

describe.each([
  ['file', () => new FileLedger(join(tempDir(), 'ledger.json'))],
  [
    'github',
    async () => {
      gh = await startGitHubApi();
      return new GitHubLedger({ client: client(gh), owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' });
    },
  ],
] as const)('%s ledger', (_name, make) => {
  it('last good: newest success that is not the current one and never marked bad', async () => {
    const ledger = await make();
    const [v1, v2, , v4] = await history(ledger, 'production', true);
    expect((await lastGood(ledger, 'production'))?.id).toBe(v4);
    expect((await lastGood(ledger, 'production', { id: v4 }))?.id).toBe(v2);
    expect((await lastGood(ledger, 'production', { sha: 'd4' }))?.sha).toBe('b2');
    // v2 rolled back from: marked bad, never chosen again, even after a later success.
    await ledger.setStatus(v2 as string, { state: 'failure', description: 'rolled back: error rate 4.1 % vs 1.0 %' });
    await ledger.setStatus(v2 as string, { state: 'success' });
    expect((await lastGood(ledger, 'production', { id: v4 }))?.id).toBe(v1);
    const record = await ledger.get(v4 as string);
    expect(record?.statuses[0]).toMatchObject({ state: 'success', environmentUrl: 'http://127.0.0.1/d4' });
    expect(record?.payload).toEqual(payload);
  });

  it('a success retires earlier non-production deployments (auto_inactive); production ones stay', async () => {
    const ledger = await make();
    const ids = await history(ledger, 'staging', false);
    const first = await ledger.get(ids[0] as string);
    expect(first?.statuses[0]?.state).toBe('inactive');
    expect(await lastGood(ledger, 'staging', { id: ids[3] })).toBeUndefined();
    const prod = await history(ledger, 'production', true);
    expect((await ledger.get(prod[0] as string))?.statuses[0]?.state).toBe('success');
    expect(await ledger.environments('stag')).toEqual(['staging']);
  });
});

describe('github ledger', () => {
  it('creates with auto_merge false, required_contexts [], explicit flags; finds last good on page 3', async () => {
    gh = await startGitHubApi();
    const ledger = new GitHubLedger({ client: client(gh), owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' });
    const good = await ledger.create({ environment: 'production', ref: 'main', sha: 'g00d', transient: false, production: true, payload });
    await ledger.setStatus(good.id, { state: 'success' });
    for (let i = 0; i < 230; i++) {
      const r = await ledger.create({
        environment: 'production',
        ref: 'main',
        sha: `bad${i}`,
        transient: false,
        production: true,
        payload,
      });
      await ledger.setStatus(r.id, { state: 'failure' });
    }
    const create = gh.apiRequests().find((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    expect(JSON.parse(create?.body ?? '{}')).toMatchObject({
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: true,
      payload,
    });
    expect((await lastGood(ledger, 'production'))?.sha).toBe('g00d');
    expect(gh.apiRequests().filter((r) => r.method === 'GET' && /\/deployments\?.*page=3/.test(r.path)).length).toBe(1);
  });

  it('ignores deployments another account wrote, even with our payload', async () => {
    gh = await startGitHubApi();
    const ledger = new GitHubLedger({ client: client(gh), owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' });
    const mine = await ledger.create({ environment: 'production', ref: 'main', sha: 'mine', transient: false, production: true, payload });
    await ledger.setStatus(mine.id, { state: 'success' });
    const forged = await ledger.create({
      environment: 'production',
      ref: 'main',
      sha: 'forged',
      transient: false,
      production: true,
      payload,
    });
    await ledger.setStatus(forged.id, { state: 'success' });
    (gh.state.deployments.find((d) => d.id === Number(forged.id)) as { creator: { login: string } }).creator.login = 'mallory';
    expect((await lastGood(ledger, 'production'))?.sha).toBe('mine');
    expect(await ledger.get(forged.id)).toBeUndefined();
  });
});

describe('file ledger under concurrency', () => {
  it('several processes writing at once lose nothing and never leave a half-written file', async () => {
    const path = join(tempDir(), 'ledger.json');
    const writers = 4;
    const each = 15;
    const script = join(import.meta.dirname, 'ledger-writer.mjs');
    const codes = await Promise.all(
      Array.from(
        { length: writers },
        (_, w) =>
          new Promise<number>((resolve) => {
            const child = spawn(process.execPath, [script, path, String(each), `w${w}`], { stdio: ['ignore', 'ignore', 'inherit'] });
            child.on('close', (code) => resolve(code ?? 1));
          }),
      ),
    );
    expect(codes).toEqual(Array(writers).fill(0));
    const data = JSON.parse(readFileSync(path, 'utf8')) as { deployments: { id: string; sha: string; statuses: { state: string }[] }[] };
    expect(data.deployments).toHaveLength(writers * each);
    expect(new Set(data.deployments.map((d) => d.id)).size).toBe(writers * each);
    for (const d of data.deployments) expect(d.statuses.map((s) => s.state).slice(-2)).toEqual(['success', 'in_progress']);
    // No lock or temp file left behind.
    expect(readdirSync(join(path, '..'))).toEqual(['ledger.json']);
  });
});
