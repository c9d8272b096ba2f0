/**
 * The embedded default end to end: releases of the example service run by the local provider
 * behind its weighted proxy (the environment's stable URL), the ledger in the workspace's file,
 * the rollback bundle run as the runner runs it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExampleApp } from '@shipkit/example-app/src/copy.js';
import { runBundle } from '@shipkit/testkit';
import { LocalProvider } from '@shipkit/deploy/local';
import { fileLedger, RUN_URL, seed, sha } from './helpers';

let workspace: string;
let stateDir: string;

const start = (version: string, mode = 'healthy') => `APP_VERSION=${version} APP_MODE=${mode} exec node src/server.js`;
const provider = (version = '0.0.0', mode = 'healthy') =>
  new LocalProvider({ startCommand: start(version, mode), stateDir, drainTimeoutMs: 2000 });

async function release(version: string, mode = 'healthy') {
  const p = provider(version, mode);
  const d = await p.deploy({ target: 'production', directory: join(workspace, 'app'), name: 'shop' });
  await p.waitReady(d.id, { timeoutMs: 15_000 });
  return d;
}

/** Which release answered each of `n` requests to the stable URL, and how. */
async function answers(url: string, n = 10): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${url}/healthz`);
    await r.arrayBuffer();
    seen.push(`${r.headers.get('x-app-version')} ${r.status}`);
  }
  return [...new Set(seen)];
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-rollback-local-'));
  stateDir = join(workspace, '.shipkit');
  copyExampleApp(join(workspace, 'app'));
});
afterEach(async () => {
  // Everything the provider (and the action) left running: the proxy, then every release.
  const p = provider();
  await p.stopTraffic('shop').catch(() => undefined);
  for (const d of await p.list()) await p.delete(d.id).catch(() => undefined);
  rmSync(workspace, { recursive: true, force: true });
});

const rollback = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runBundle('rollback', {
    inputs: { provider: 'local', directory: 'app', 'start-command': start('1.0.0'), reason: 'v2 answers 503', ...inputs },
    cwd: workspace,
    env: { GITHUB_SHA: sha('2'), ...env },
  });

describe('rollback with the local provider', () => {
  it('v1 good, v2 bad and promoted (v1 stopped): v1 is redeployed behind the same URL, v2 marked bad; later runs change nothing', async () => {
    const ledger = fileLedger(workspace);
    const v1 = await release('1.0.0');
    await provider().promote(v1.id);
    const stableUrl = provider().trafficRecord('shop')?.url as string;
    const good = await seed(ledger, { sha: sha('1'), providerId: v1.id, url: stableUrl, provider: 'local' });
    const v2 = await release('2.0.0', 'failing');
    await provider().promote(v2.id);
    const bad = await seed(ledger, { sha: sha('2'), providerId: v2.id, url: stableUrl, provider: 'local' });
    expect(await provider().get(v1.id)).toBeUndefined();
    expect(await answers(stableUrl)).toEqual(['2.0.0 503']);

    const r = await rollback();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await answers(stableUrl)).toEqual(['1.0.0 200']);
    expect(r.outputs.url).toBe(stableUrl);
    expect(r.outputs.verified).toBe('true');
    expect(r.summary).toMatch(
      /redeploy: the local provider cannot point traffic back at #1 \(.*\) at 1111111 \(it has no instant rollback, or that deployment no longer runs\)/,
    );
    const restoredTo = JSON.parse(r.outputs['rolled-back-to'] as string) as { ledgerId: string; deploymentId: string };
    expect(restoredTo.ledgerId).toBe(good.id);
    expect(restoredTo.deploymentId).not.toBe(v1.id);
    expect((await provider().get(restoredTo.deploymentId))?.state).toBe('ready');
    // The bad release is out of the proxy but still runs, for whoever investigates.
    expect(provider().trafficRecord('shop')).toMatchObject({ stable: { id: restoredTo.deploymentId }, candidate: null });
    expect((await provider().get(v2.id))?.state).toBe('ready');
    expect((await ledger.get(bad.id))?.statuses[0]).toMatchObject({ state: 'failure', description: 'rolled back to #1: v2 answers 503' });
    expect(JSON.parse((await ledger.get(good.id))?.statuses[0]?.description ?? '{}')).toMatchObject({
      id: restoredTo.deploymentId,
      restoredFrom: bad.id,
    });

    const ledgerFile = join(stateDir, 'deployments.json');
    const before = readFileSync(ledgerFile, 'utf8');
    const running = (await provider().list()).length;
    for (const env of [{ GITHUB_SHA: sha('2') }, { GITHUB_SHA: sha('9') }]) {
      const again = await rollback({}, env);
      expect(again.code, again.stdout).toBe(0);
      expect(again.summary).toMatch(/Nothing to do/);
      expect(again.outputs.verified).toBe('true');
      expect(readFileSync(ledgerFile, 'utf8')).toBe(before);
      expect((await provider().list()).length).toBe(running);
      expect(await answers(stableUrl)).toEqual(['1.0.0 200']);
    }
  });

  it('a canary of v2 beside a running v1 (this run’s canary step failed): the proxy goes back to v1 at once', async () => {
    const ledger = fileLedger(workspace);
    const v1 = await release('1.0.0');
    await provider().promote(v1.id);
    const stableUrl = provider().trafficRecord('shop')?.url as string;
    await seed(ledger, { sha: sha('1'), providerId: v1.id, url: stableUrl, provider: 'local' });
    const v2 = await release('2.0.0', 'failing');
    await provider().setTraffic({ candidate: v2.id, percent: 25 });
    // canary-step of this same run holds the environment (`in_progress`): not a lock against its own run.
    const canary = await seed(ledger, {
      sha: sha('2'),
      providerId: v2.id,
      url: stableUrl,
      provider: 'local',
      state: 'in_progress',
      logUrl: RUN_URL,
    });
    expect((await answers(stableUrl, 40)).sort()).toEqual(['1.0.0 200', '2.0.0 503']);

    const r = await rollback({ 'start-command': '' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.summary).toMatch(
      /native instant rollback: the local provider points traffic back at #1 .* which is still deployed; nothing is rebuilt/,
    );
    expect(await answers(stableUrl, 40)).toEqual(['1.0.0 200']);
    expect(JSON.parse(r.outputs['rolled-back-to'] as string)).toMatchObject({ deploymentId: v1.id, url: stableUrl });
    expect((await ledger.get(canary.id))?.statuses[0]?.state).toBe('failure');
  });
});
