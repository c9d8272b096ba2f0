/**
 * A provider without a traffic split: the command provider without `weight-command` (its scripts
 * own the deployments). canary-step runs a guarded cutover — the promote script sends all traffic
 * to the candidate, the candidate is watched against its SLO (its own /metrics read directly),
 * and on a failing verdict the rollback script puts the stable deployment back — and says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@shipkit/example-app/src/app.js';
import { runBundle } from '@shipkit/testkit';

let workspace: string;
const closers: (() => void)[] = [];
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-cutover-'));
  writeFileSync(join(workspace, 'route.sh'), 'echo "$1 $SHIPKIT_DEPLOYMENT_ID" >> routes.txt\n');
});
afterEach(() => {
  for (const c of closers.splice(0)) c();
  rmSync(workspace, { recursive: true, force: true });
});

async function candidateApp(mode: 'healthy' | 'failing') {
  const app = createApp({ version: '2.0.0', mode });
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let running = true;
  const users = [1, 2].map(async () => {
    while (running)
      await fetch(`${url}/api/items`).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
  });
  closers.push(() => {
    running = false;
    void Promise.all(users).then(() => {
      app.server.closeAllConnections();
      app.server.close();
    });
  });
  return url;
}

const inputs = (url: string) => ({
  provider: 'command',
  'promote-command': 'sh route.sh promote',
  'rollback-command': 'sh route.sh rollback',
  candidate: 'release-2',
  stable: 'release-1',
  source: 'exposition',
  'exposition-url': `${url}/metrics`,
  baseline: 'none',
  'error-slo': '95%',
  'latency-slo': '95% < 1s',
  bake: '20s',
  interval: '1s',
  name: 'shop',
});

const routes = () => readFileSync(join(workspace, 'routes.txt'), 'utf8').trim().split('\n');

describe('a guarded cutover (traffic: none)', () => {
  it('a healthy candidate takes all traffic at once, is watched against its SLO, and stays', async () => {
    const url = await candidateApp('healthy');
    const r = await runBundle('canary-step', { inputs: inputs(url), cwd: workspace, timeoutMs: 60_000 });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({ verdict: 'promoted', weight: '100', step: '1' });
    expect(routes()).toEqual(['promote release-2']);
    expect(r.report?.data.capability).toBe('none');
    expect(r.summary).toMatch(/\*\*Guarded cutover\.\*\* The `command` provider cannot split traffic, so there was no canary/);
    expect(r.report?.data.steps[0].decision.metrics[0].budget).toBeCloseTo(0.05);
  });

  it('a failing one is rolled back to the stable deployment by the rollback script', async () => {
    const url = await candidateApp('failing');
    const r = await runBundle('canary-step', { inputs: inputs(url), cwd: workspace, timeoutMs: 60_000 });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('aborted');
    expect(routes()).toEqual(['promote release-2', 'rollback release-1']);
    expect(r.errors[0]?.message).toMatch(/aborted at 100 %: errors: canary [\d,]+\/[\d,]+ = 100\.0 % errors vs the SLO.s budget of 5\.0 %/);
  });

  it('`baseline: concurrent` is refused before the cutover: nothing serves beside the candidate', async () => {
    const r = await runBundle('canary-step', {
      inputs: { ...inputs('http://127.0.0.1:1'), baseline: 'concurrent', selector: 'a="1"', 'baseline-selector': 'a="2"' },
      cwd: workspace,
    });
    expect(r.code).toBe(1);
    expect(r.errors[0]?.message).toMatch(/input `baseline`: the command provider cannot split traffic/);
    expect(() => routes()).toThrow();
  });
});
