import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVercelApi, type VercelEmulator } from '@shipkit/testkit/providers/vercel';
import { VercelProvider } from '../src/vercel';
import { DeployFailure, ProviderApiError } from '../src/provider';
import { makeSite, noSleep } from './site';

let api: VercelEmulator;
let site: ReturnType<typeof makeSite>;
const provider = (): VercelProvider =>
  new VercelProvider({ token: api.token, project: 'shop', team: 'team_acme', apiUrl: api.url, sleep: noSleep });

beforeEach(async () => {
  api = await startVercelApi();
  site = makeSite({ 'index.html': '<h1>shop</h1>', 'assets/app.js': 'console.log(1)', 'assets/copy.js': 'console.log(1)' });
});
afterEach(async () => {
  expect(api.violations, 'every answer parsed with @vercel/sdk').toEqual([]);
  await api.close();
  site.remove();
});

describe('vercel provider', () => {
  it('uploads only the files Vercel lacks, keyed by SHA-1, and polls readyState', async () => {
    const p = provider();
    const first = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop', alias: 'pr-12' });
    // Two files share a digest: one body for both.
    expect(first.upload).toMatchObject({ files: 3, filesSent: 2 });
    expect(api.files.size).toBe(2);
    expect(first.url).toMatch(/^https:\/\/shop-.*\.vercel\.app$/);
    expect(first.aliasUrls).toEqual(['https://pr-12.vercel.app']);
    expect(first.url).not.toBe(first.aliasUrls[0]);
    const ready = await p.waitReady(first.id, { timeoutMs: 5000 });
    expect(ready.state).toBe('ready');
    expect(api.requests.every((r) => r.query.get('teamId') === 'team_acme')).toBe(true);
    const since = api.requests.length;
    const second = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(second.upload?.filesSent).toBe(0);
    expect(api.requests.slice(since).filter((r) => r.path === '/v2/files')).toHaveLength(0);
    site.write('assets/app.js', 'console.log(2)');
    const third = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(third.upload?.filesSent).toBe(1);
  });

  it('reports a failed build with Vercel’s message', async () => {
    api.failBuild = 'Command "npm run build" exited with 1';
    const p = provider();
    const d = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    await expect(p.waitReady(d.id, { timeoutMs: 5000 })).rejects.toThrow(/ended error: Command "npm run build" exited with 1/);
    await expect(p.waitReady(d.id, { timeoutMs: 5000 })).rejects.toBeInstanceOf(DeployFailure);
  });

  it('a 5xx after the deployment was made does not make a second one', async () => {
    const p = provider();
    await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    api.inject({ method: 'POST', path: /^\/v13\/deployments$/, status: 502, thenProcess: true });
    api.inject({ method: 'POST', path: /^\/v2\/files$/, status: 429, headers: { 'retry-after': '0' } });
    site.write('new.txt', 'new');
    const d = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(api.deployments).toHaveLength(2);
    expect(api.deployments[1]?.id).toBe(d.id);
  });

  it('moves through the project’s rolling-release stages, promotes and rolls back', async () => {
    const p = provider();
    const stable = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    await p.waitReady(stable.id, { timeoutMs: 5000 });
    site.write('index.html', '<h1>v2</h1>');
    const canary = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    expect(p.capabilities.traffic).toBe('stages');
    expect((await p.advanceStage(canary.id)).weights).toEqual([
      { id: canary.id, percent: 5 },
      { id: stable.id, percent: 95 },
    ]);
    const now = await p.getTraffic();
    expect(now.stage).toMatchObject({ index: 0, percents: [5, 25, 100] });
    expect((await p.advanceStage(canary.id)).weights[0]).toEqual({ id: canary.id, percent: 25 });
    await p.rollback(stable.id);
    expect(api.project.productionDeploymentId).toBe(stable.id);
    expect(api.trafficLog.map((t) => t.percent)).toEqual([5, 25, 100]);
    await p.promote(canary.id);
    expect(api.project.productionDeploymentId).toBe(canary.id);
    await expect(p.setTraffic()).rejects.toThrow(/stages configured on the project/);
  });

  it('deletes a preview; a wrong token is an API error naming the status', async () => {
    const p = provider();
    const d = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    await p.delete(d.id);
    expect(await p.get(d.id)).toBeUndefined();
    const bad = new VercelProvider({ token: 'wrong', project: 'shop', apiUrl: api.url, sleep: noSleep });
    const e = await bad.list().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderApiError);
    expect((e as ProviderApiError).status).toBe(403);
  });
});
