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
import {
  findInEnvironment,
  lastGood,
  lockOf,
  markBad,
  providerRef,
  recordRestored,
  restoredBy,
  rolledBackDescription,
  rolledBackTo,
  surveyRollback,
  JOB_LIMIT_MS,
  type Ledger,
} from '../src/ledger';

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

/** The two ledgers, each test on a fresh one. */
const LEDGERS = [
  ['file', () => new FileLedger(join(tempDir(), 'ledger.json'))],
  [
    'github',
    async () => {
      gh = await startGitHubApi();
      return new GitHubLedger({ client: client(gh), owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' });
    },
  ],
] as const;

describe.each(LEDGERS)('%s ledger', (_name, make) => {
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

/** A production deployment as preview-deploy and canary-step record one: in progress, then success with the provider id. */
async function deployed(ledger: Ledger, sha: string, state: 'success' | 'failure' = 'success', env = 'production'): Promise<string> {
  const r = await ledger.create({ environment: env, ref: 'main', sha, transient: false, production: env === 'production', payload });
  await ledger.setStatus(r.id, { state: 'in_progress', logUrl: 'https://github.com/acme/shop/actions/runs/7' });
  await ledger.setStatus(r.id, {
    state,
    environmentUrl: `http://127.0.0.1/${sha}`,
    logUrl: 'https://github.com/acme/shop/actions/runs/7',
    description: state === 'success' ? JSON.stringify({ id: `dpl_${sha}` }) : 'build failed',
  });
  return r.id;
}

describe.each(LEDGERS)('%s ledger: rollback', (_name, make) => {
  const run = 'https://github.com/acme/shop/actions/runs/9';

  it('marked bad is never last good again; a restore is success again, marked as one, and retires nothing', async () => {
    const ledger = await make();
    const v0 = await deployed(ledger, 'a0', 'success', 'staging');
    const v1 = await deployed(ledger, 'a1', 'success', 'staging');
    const v2 = await deployed(ledger, 'a2', 'success', 'staging');
    // staging is not production: each success retired the one before (GitHub's auto_inactive).
    expect((await ledger.get(v1))?.statuses[0]?.state).toBe('inactive');
    await markBad(ledger, v2, 'rolled back: error rate 4.1 % vs 1.0 %', run);
    expect((await ledger.get(v2))?.statuses[0]).toMatchObject({ state: 'failure', description: 'rolled back: error rate 4.1 % vs 1.0 %' });
    await recordRestored(ledger, v1, { ref: { id: 'dpl_a1' }, url: 'http://127.0.0.1/a1', logUrl: run, from: v2 });
    const restored = await ledger.get(v1);
    expect(restored?.statuses[0]).toMatchObject({ state: 'success', environmentUrl: 'http://127.0.0.1/a1', logUrl: run });
    expect(providerRef(restored!)).toEqual({ id: 'dpl_a1', restoredFrom: v2, url: 'http://127.0.0.1/a1' });
    expect(restoredBy(restored!)?.from).toBe(v2);
    // The restore retired nothing (v0 stays as it was), and the bad one is skipped even excluded by nothing.
    expect((await ledger.get(v0))?.statuses.map((s) => s.state).slice(0, 1)).toEqual(['inactive']);
    expect((await lastGood(ledger, 'staging'))?.id).toBe(v1);
    expect((await lastGood(ledger, 'staging', { id: v1 }))?.id).toBeUndefined();
  });

  it('finds `to` by the ledger id or the provider id, in its environment only', async () => {
    const ledger = await make();
    const v1 = await deployed(ledger, 'b1');
    const other = await deployed(ledger, 'b2', 'success', 'staging');
    expect((await findInEnvironment(ledger, 'production', v1))?.sha).toBe('b1');
    expect((await findInEnvironment(ledger, 'production', 'dpl_b1'))?.id).toBe(v1);
    expect(await findInEnvironment(ledger, 'production', other)).toBeUndefined();
    expect(await findInEnvironment(ledger, 'production', '424242')).toBeUndefined();
    expect(await findInEnvironment(ledger, 'production', 'dpl_nope')).toBeUndefined();
  });

  it('the lock: another run in progress younger than the job limit; not our own run, not an old one', async () => {
    const ledger = await make();
    const v1 = await deployed(ledger, 'c1');
    const r = await ledger.create({ environment: 'production', ref: 'main', sha: 'c2', transient: false, production: true, payload });
    await ledger.setStatus(r.id, {
      state: 'in_progress',
      logUrl: 'https://github.com/acme/shop/actions/runs/55',
      description: 'canary 25 %',
    });
    const record = (await ledger.get(r.id))!;
    expect(lockOf(record)).toMatchObject({ runUrl: 'https://github.com/acme/shop/actions/runs/55', description: 'canary 25 %' });
    expect(lockOf(record, { ownRunUrl: 'https://github.com/acme/shop/actions/runs/55' })).toBeUndefined();
    expect(lockOf(record, { now: Date.now() + JOB_LIMIT_MS + 1000 })).toBeUndefined();
    const survey = await surveyRollback(ledger, 'production', { ownRunUrl: run });
    expect(survey.locks.map((l) => l.record.id)).toEqual([r.id]);
    // The deploy in progress is the live one (it may be taking traffic): the rollback goes to v1.
    expect(survey.from?.id).toBe(r.id);
    expect(survey.target?.id).toBe(v1);
  });

  it('survey: rolls back the run’s deployment, or the live one; after a rollback there is nothing left to undo', async () => {
    const ledger = await make();
    const v1 = await deployed(ledger, 'd1');
    const v2 = await deployed(ledger, 'd2');
    // The run of v2's commit, and a run of an unrelated commit (a manual dispatch): both undo v2.
    for (const sha of ['d2', 'e9', undefined]) {
      const s = await surveyRollback(ledger, 'production', { sha });
      expect([s.from?.id, s.live?.id, s.target?.id]).toEqual([v2, v2, v1]);
    }
    await markBad(ledger, v2, rolledBackDescription(v1, 'error rate 4.1 %', true));
    expect(rolledBackTo((await ledger.get(v2))?.statuses[0])).toBe(v1);
    // Run again for v2's commit: the target is already the live one.
    const again = await surveyRollback(ledger, 'production', { sha: 'd2' });
    expect([again.from?.id, again.live?.id, again.target?.id, again.undoneBy?.id]).toEqual([v2, v1, v1, v2]);
    // A run of another commit: the live one was put back by a rollback (before and after it is recorded restored).
    expect((await surveyRollback(ledger, 'production', { sha: 'e9' })).undoneBy?.id).toBe(v2);
    await recordRestored(ledger, v1, { ref: { id: 'dpl_d1' }, from: v2 });
    expect((await surveyRollback(ledger, 'production')).undoneBy?.id).toBe(v2);
    // A commit that failed to deploy never took traffic: its rollback target is the live one.
    const v3 = await deployed(ledger, 'd3', 'failure');
    const failed = await surveyRollback(ledger, 'production', { sha: 'd3' });
    expect([failed.from?.id, failed.live?.id, failed.target?.id]).toEqual([v3, v1, v1]);
    // A run of a commit older than the live one does not make that old deployment the one rolled back.
    const old = await surveyRollback(ledger, 'production', { sha: 'd1' });
    expect(old.from?.id).toBe(v1);
  });

  it('survey with `to`: what cannot be restored says why', async () => {
    const ledger = await make();
    const v1 = await deployed(ledger, 'f1');
    const broken = await deployed(ledger, 'f2', 'failure');
    const v3 = await deployed(ledger, 'f3');
    const bad = await deployed(ledger, 'f4');
    await markBad(ledger, bad, 'rolled back: p99 2.1 s');
    const survey = async (id: string) => surveyRollback(ledger, 'production', { to: (await ledger.get(id))! });
    expect((await survey(v1)).targetProblem).toBeUndefined();
    expect((await survey(v1)).from?.id).toBe(v3);
    expect((await survey(broken)).targetProblem).toMatch(/marked bad \(failure: build failed\)/);
    expect((await survey(bad)).targetProblem).toMatch(/marked bad \(failure: rolled back: p99 2.1 s\)/);
    expect((await survey(v3)).target?.id).toBe(v3);
    expect((await survey(v3)).live?.id).toBe(v3);
    // Back to v1 from v3: nothing between them is live; by default, nothing either.
    expect((await survey(v1)).superseded.map((r) => r.id)).toEqual([]);
    const v5 = await deployed(ledger, 'f5');
    expect((await survey(v1)).superseded.map((r) => r.id)).toEqual([v3]);
    expect((await surveyRollback(ledger, 'production')).superseded.map((r) => r.id)).toEqual([]);
    expect((await surveyRollback(ledger, 'production')).from?.id).toBe(v5);
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

  it('survey reads down to page 3 past strangers’ and failed deployments, a page of statuses at a time', async () => {
    gh = await startGitHubApi();
    const ledger = new GitHubLedger({ client: client(gh), owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' });
    const good = await deployed(ledger, 'g00d');
    for (let i = 0; i < 220; i++) {
      const r = await ledger.create({ environment: 'production', ref: 'main', sha: `x${i}`, transient: false, production: true, payload });
      if (i % 2 === 0)
        (gh.state.deployments.find((d) => d.id === Number(r.id)) as { creator: { login: string } }).creator.login = 'mallory';
      await ledger.setStatus(r.id, { state: i % 2 === 0 ? 'success' : 'failure' });
    }
    const current = await deployed(ledger, 'cur');
    const before = gh.apiRequests().length;
    const survey = await surveyRollback(ledger, 'production', { sha: 'cur', now: Date.now() + JOB_LIMIT_MS });
    expect(survey.from?.id).toBe(current);
    expect(survey.target?.id).toBe(good);
    const reads = gh.apiRequests().slice(before);
    expect(reads.filter((r) => /\/deployments\?.*page=3/.test(r.path))).toHaveLength(1);
    // One status request per deployment of ours read (111 plus the good one), none for strangers'.
    expect(reads.filter((r) => r.path.includes('/statuses')).length).toBeLessThanOrEqual(112 + 6);
    expect(reads.every((r) => r.method === 'GET')).toBe(true);
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
