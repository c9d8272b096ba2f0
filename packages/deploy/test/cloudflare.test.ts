import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCloudflareApi, type CloudflareEmulator } from '@shipkit/testkit/providers/cloudflare';
import { CloudflarePagesProvider, CloudflareWorkersProvider, pagesFileHash } from '../src/cloudflare';
import { makeSite, noSleep } from './site';

let api: CloudflareEmulator;
let site: ReturnType<typeof makeSite>;
const options = () => ({ token: api.token, account: api.account, apiUrl: `${api.url}/client/v4`, sleep: noSleep });

beforeEach(async () => {
  api = await startCloudflareApi();
  site = makeSite({ 'index.js': 'export default { fetch() { return new Response("v1") } }', 'index.html': '<h1>x</h1>' });
});
afterEach(async () => {
  await api.close();
  site.remove();
});

describe('cloudflare-workers provider', () => {
  it('uploads a version (preview URL), splits traffic by percentage, reads the serving split back', async () => {
    const p = new CloudflareWorkersProvider({ ...options(), project: 'shop-worker' });
    const v1 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop', alias: 'pr-3' });
    expect(v1.url).toBe(`https://${v1.id.slice(0, 8)}-shop-worker.acme.workers.dev`);
    expect(v1.aliasUrls).toEqual(['https://pr-3-shop-worker.acme.workers.dev']);
    site.write('index.js', 'export default { fetch() { return new Response("v2") } }');
    const v2 = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect((await p.waitReady(v2.id, { timeoutMs: 1000 })).id).toBe(v2.id);
    for (const percent of [5, 25]) await p.setTraffic({ candidate: v2.id, percent });
    expect((await p.getTraffic()).weights).toEqual([
      { id: v2.id, percent: 25 },
      { id: v1.id, percent: 75 },
    ]);
    await p.setTraffic({ candidate: v2.id, percent: 0 });
    expect((await p.getTraffic()).weights).toEqual([{ id: v1.id, percent: 100 }]);
    await p.promote(v2.id);
    await p.rollback(v1.id);
    const w = api.workers.get('shop-worker');
    // Newest first; each deployment exactly what was asked for.
    expect(w?.deployments.map((d) => d.versions.map((v) => v.percentage))).toEqual([[100], [100], [100], [25, 75], [5, 95], [100]]);
    expect(w?.versions[1]?.modules['index.js']?.toString()).toContain('v2');
  });

  it('rolls back past a secret change: Cloudflare refuses without force (10220), the rollback forces and says which secrets', async () => {
    const warnings: string[] = [];
    const p = new CloudflareWorkersProvider({ ...options(), project: 'shop-worker', warn: (m) => warnings.push(m) });
    const v1 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    const put = await fetch(`${api.url}/client/v4/accounts/${api.account}/workers/scripts/shop-worker/secrets`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'STRIPE_KEY', text: 'sk_live_new', type: 'secret_text' }),
    });
    expect(put.status).toBe(200);
    // Unforced, the old version is refused; the traffic split is not a way around it.
    await expect(p.setTraffic({ candidate: v1.id, percent: 100 })).rejects.toThrow(/STRIPE_KEY.*10220/);
    await p.rollback(v1.id);
    expect((await p.getTraffic()).weights).toEqual([{ id: v1.id, percent: 100 }]);
    const deploys = api.requests.filter((r) => r.method === 'POST' && r.path.includes('/deployments'));
    expect(deploys.map((r) => r.query.get('force'))).toEqual([null, null, null, 'true']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`version ${v1.id}.*\\(STRIPE_KEY\\).*forced`));
    expect(warnings[0]).not.toContain('sk_live_new');
  });

  it('a rollback without a secret change is one unforced request, no warning', async () => {
    const warnings: string[] = [];
    const p = new CloudflareWorkersProvider({ ...options(), project: 'shop-worker', warn: (m) => warnings.push(m) });
    const v1 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    const v2 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    await p.rollback(v1.id);
    expect((await p.getTraffic()).weights).toEqual([{ id: v1.id, percent: 100 }]);
    expect(v2.id).not.toBe(v1.id);
    expect(api.requests.filter((r) => r.path.includes('/deployments') && r.query.get('force'))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('a 503 on the version upload after it was stored adopts that version', async () => {
    const p = new CloudflareWorkersProvider({ ...options(), project: 'shop-worker' });
    api.inject({ method: 'POST', path: /\/versions$/, status: 503, thenProcess: true });
    await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(api.workers.get('shop-worker')?.versions).toHaveLength(1);
  });
});

describe('cloudflare-pages provider', () => {
  it('uploads only missing assets (wrangler’s blake3 keys), waits for deploy/success, rolls back and deletes', async () => {
    const p = new CloudflarePagesProvider({ ...options(), project: 'shop-pages' });
    const first = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop', alias: 'pr-9' });
    expect(first.upload?.filesSent).toBe(2);
    expect(first.aliasUrls).toEqual(['https://pr-9.shop-pages.pages.dev']);
    expect(api.assets.has(await pagesFileHash(Buffer.from('<h1>x</h1>'), 'index.html'))).toBe(true);
    expect((await p.waitReady(first.id, { timeoutMs: 1000 })).state).toBe('ready');
    const again = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(again.upload?.filesSent).toBe(0);
    const prod1 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    await p.waitReady(prod1.id, { timeoutMs: 1000 });
    site.write('index.html', 'v2');
    const prod2 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    expect(prod2.upload?.filesSent).toBe(1);
    await p.waitReady(prod2.id, { timeoutMs: 1000 });
    await p.rollback(prod1.id);
    expect(api.pages.get('shop-pages')?.productionId).toBe(prod1.id);
    await p.delete(first.id);
    expect(await p.get(first.id)).toBeUndefined();
  });

  it('a failed build is a failure', async () => {
    api.failPagesBuild = true;
    const p = new CloudflarePagesProvider({ ...options(), project: 'shop-pages' });
    const d = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    await expect(p.waitReady(d.id, { timeoutMs: 1000 })).rejects.toThrow(/ended error/);
  });
});
