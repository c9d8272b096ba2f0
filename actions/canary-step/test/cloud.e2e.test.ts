/**
 * canary-step's bundle against the provider emulators with native traffic control: Cloudflare
 * Workers (gradual deployments, any percentage) and Vercel (Rolling Releases through the project's
 * stages). Their "edge" is stood in for by a small router in the test that sends each request to
 * one of two real releases of the example service by the split the emulator holds now; canary-step
 * reads both releases' own /metrics directly (`source: exposition`, one `instance` per release).
 * What is checked: the splits the emulator recorded at each step are the ones canary-step set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@shipkit/example-app/src/app.js';
import { runBundle } from '@shipkit/testkit';
import { startCloudflareApi } from '@shipkit/testkit/providers/cloudflare';
import { startVercelApi } from '@shipkit/testkit/providers/vercel';
import { CloudflareWorkersProvider } from '@shipkit/deploy/cloudflare';
import { VercelProvider } from '@shipkit/deploy/vercel';

let workspace: string;
const closers: (() => Promise<unknown>)[] = [];
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-canary-cloud-'));
  mkdirSync(join(workspace, 'worker'));
  writeFileSync(join(workspace, 'worker', 'index.js'), 'export default { fetch() { return new Response("ok") } }');
});
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  rmSync(workspace, { recursive: true, force: true });
});

async function release(version: string) {
  const app = createApp({ version });
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    app.server.closeAllConnections();
    app.server.close();
  });
  return { ...app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Users' requests, each to the candidate with the probability of its share now (the provider's edge). */
function edge(candidateShare: () => number, stableUrl: string, candidateUrl: string) {
  let running = true;
  const loops = [1, 2, 3, 4].map(async () => {
    while (running) {
      const url = Math.random() * 100 < candidateShare() ? candidateUrl : stableUrl;
      await fetch(`${url}/api/items`).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

const analysis = (stable: string, candidate: string) => ({
  source: 'exposition',
  'exposition-url': `${stable}/metrics\n${candidate}/metrics`,
  selector: `instance="${new URL(candidate).host}"`,
  'baseline-selector': `instance="${new URL(stable).host}"`,
  'error-slo': '95%',
  'latency-slo': '95% < 1s',
  bake: '30s',
  interval: '1s',
  name: 'shop',
});

describe('canary-step with native traffic control', () => {
  it('cloudflare-workers: the gradual deployments recorded are 5 %, 25 %, then 100 % of the candidate', async () => {
    const cf = await startCloudflareApi({ token: 'cf_token_123' });
    closers.push(() => cf.close());
    const p = new CloudflareWorkersProvider({
      token: 'cf_token_123',
      account: cf.account,
      project: 'shop-worker',
      apiUrl: `${cf.url}/client/v4`,
    });
    const v1 = await p.deploy({ target: 'production', directory: join(workspace, 'worker'), name: 'shop' });
    const v2 = await p.deploy({ target: 'preview', directory: join(workspace, 'worker'), name: 'shop' });
    const worker = cf.workers.get('shop-worker');
    const before = worker?.deployments.length ?? 0;
    const stable = await release('1.0.0');
    const candidate = await release('2.0.0');
    const share = () => worker?.deployments[0]?.versions.find((v) => v.version_id === v2.id)?.percentage ?? 0;
    const stop = edge(share, stable.url, candidate.url);
    const r = await runBundle('canary-step', {
      inputs: {
        provider: 'cloudflare-workers',
        token: 'cf_token_123',
        account: cf.account,
        project: 'shop-worker',
        'api-url': `${cf.url}/client/v4`,
        candidate: v2.id,
        ...analysis(stable.url, candidate.url),
      },
      cwd: workspace,
      timeoutMs: 110_000,
    });
    await stop();
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.verdict).toBe('promoted');
    expect(r.report?.data.stable).toBe(v1.id);
    const recorded = (worker?.deployments ?? []).slice(0, worker!.deployments.length - before).reverse();
    expect(recorded.map((d) => d.versions.map((v) => [v.version_id === v2.id ? 'candidate' : 'stable', v.percentage]))).toEqual([
      [
        ['candidate', 5],
        ['stable', 95],
      ],
      [
        ['candidate', 25],
        ['stable', 75],
      ],
      [['candidate', 100]],
    ]);
    expect(JSON.stringify(r.report) + r.stdout.replace(/::add-mask::.*/g, '') + r.summary).not.toContain('cf_token_123');
  });

  it('cloudflare-workers: a failing candidate is aborted at 5 %, the stable version back at 100 %', async () => {
    const cf = await startCloudflareApi({ token: 'cf_token_123' });
    closers.push(() => cf.close());
    const p = new CloudflareWorkersProvider({
      token: 'cf_token_123',
      account: cf.account,
      project: 'shop-worker',
      apiUrl: `${cf.url}/client/v4`,
    });
    const v1 = await p.deploy({ target: 'production', directory: join(workspace, 'worker'), name: 'shop' });
    const v2 = await p.deploy({ target: 'preview', directory: join(workspace, 'worker'), name: 'shop' });
    const worker = cf.workers.get('shop-worker');
    const stable = await release('1.0.0');
    const candidate = await release('2.0.0');
    candidate.state.mode = 'failing';
    const share = () => worker?.deployments[0]?.versions.find((v) => v.version_id === v2.id)?.percentage ?? 0;
    const stop = edge(share, stable.url, candidate.url);
    const r = await runBundle('canary-step', {
      inputs: {
        provider: 'cloudflare-workers',
        token: 'cf_token_123',
        account: cf.account,
        project: 'shop-worker',
        'api-url': `${cf.url}/client/v4`,
        candidate: v2.id,
        ...analysis(stable.url, candidate.url),
      },
      cwd: workspace,
      timeoutMs: 110_000,
    });
    await stop();
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('aborted');
    expect(r.errors[0]?.message).toMatch(/aborted at 5 %: errors: canary/);
    expect(worker?.deployments[0]?.versions).toEqual([{ version_id: v1.id, percentage: 100 }]);
  });

  it('vercel: the rolling release moves through the project’s stages, mapped and said, then completes', async () => {
    const vercel = await startVercelApi({ token: 'vercel_token_123', buildPolls: 0, stages: [10, 50, 100] });
    closers.push(() => vercel.close());
    const p = new VercelProvider({ token: 'vercel_token_123', project: 'shop', apiUrl: vercel.url });
    const v1 = await p.deploy({ target: 'production', directory: join(workspace, 'worker'), name: 'shop' });
    const v2 = await p.deploy({ target: 'preview', directory: join(workspace, 'worker'), name: 'shop' });
    const stable = await release('1.0.0');
    const candidate = await release('2.0.0');
    const share = () =>
      vercel.rollingRelease?.state === 'ACTIVE'
        ? (vercel.project.stages[vercel.rollingRelease.stageIndex] ?? 0)
        : vercel.rollingRelease?.state === 'COMPLETE'
          ? 100
          : 0;
    const stop = edge(share, stable.url, candidate.url);
    const r = await runBundle('canary-step', {
      inputs: {
        provider: 'vercel',
        token: 'vercel_token_123',
        project: 'shop',
        'api-url': vercel.url,
        candidate: v2.id,
        ...analysis(stable.url, candidate.url),
      },
      cwd: workspace,
      timeoutMs: 110_000,
    });
    await stop();
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.verdict).toBe('promoted');
    expect(r.report?.data.stable).toBe(v1.id);
    expect(vercel.trafficLog).toEqual([
      { canary: v2.id, percent: 10 },
      { canary: v2.id, percent: 50 },
      { canary: v2.id, percent: 100 },
    ]);
    expect(r.report?.data.steps.map((s: { weight: number }) => s.weight)).toEqual([10, 50, 100]);
    expect(r.summary).toMatch(/stages configured on the project \(10 % → 50 % → 100 %\), not by any percentage/);
    expect(vercel.violations).toEqual([]);
  });
});
