import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNetlifyApi, type NetlifyEmulator } from '@shipkit/testkit/providers/netlify';
import { NetlifyProvider } from '../src/netlify';
import { makeSite, noSleep } from './site';

let api: NetlifyEmulator;
let site: ReturnType<typeof makeSite>;
const provider = (): NetlifyProvider =>
  new NetlifyProvider({ token: api.token, site: 'shop', apiUrl: `${api.url}/api/v1`, sleep: noSleep });

beforeEach(async () => {
  api = await startNetlifyApi();
  site = makeSite({ 'index.html': '<h1>shop</h1>', 'a b/c.css': 'body{}', 'dup.txt': 'same', 'dup2.txt': 'same' });
});
afterEach(async () => {
  expect(api.violations, 'every request and answer valid against @netlify/open-api').toEqual([]);
  await api.close();
  site.remove();
});

describe('netlify provider', () => {
  it('digest deploy: uploads each required digest once, then polls until ready', async () => {
    const p = provider();
    const d = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop', alias: 'pr-7' });
    expect(d.upload).toMatchObject({ files: 4, filesSent: 3 });
    expect(d.url).toBe(`https://${d.id}--shop.netlify.app`);
    expect(d.aliasUrls).toEqual(['https://pr-7--shop.netlify.app']);
    const ready = await p.waitReady(d.id, { timeoutMs: 5000 });
    expect(ready.state).toBe('ready');
    const again = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(again.upload?.filesSent).toBe(0);
    site.write('index.html', '<h1>v2</h1>');
    expect((await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' })).upload?.filesSent).toBe(1);
  });

  it('production deploys publish; restore rolls back; a preview can be deleted', async () => {
    const p = provider();
    const v1 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    await p.waitReady(v1.id, { timeoutMs: 5000 });
    site.write('index.html', 'v2');
    const v2 = await p.deploy({ target: 'production', directory: site.dir, name: 'shop' });
    await p.waitReady(v2.id, { timeoutMs: 5000 });
    expect(api.site.publishedDeployId).toBe(v2.id);
    expect((await p.getTraffic()).weights).toEqual([{ id: v2.id, percent: 100 }]);
    await p.rollback(v1.id);
    expect(api.site.publishedDeployId).toBe(v1.id);
    const preview = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    await p.delete(preview.id);
    expect(await p.get(preview.id)).toBeUndefined();
    expect(p.capabilities.traffic).toBe('none');
  });

  it('a processing error is a failure with Netlify’s message', async () => {
    api.failProcessing = 'Failed to process _redirects';
    const p = provider();
    const d = await p.deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    await expect(p.waitReady(d.id, { timeoutMs: 5000 })).rejects.toThrow(/failed: Failed to process _redirects/);
  });

  it('a 500 after the create went through adopts that deploy instead of making another', async () => {
    api.inject({ method: 'POST', path: /\/sites\/[^/]+\/deploys$/, status: 500, thenProcess: true });
    const d = await provider().deploy({ target: 'preview', directory: site.dir, name: 'shop' });
    expect(api.deploys).toHaveLength(1);
    expect(api.deploys[0]?.id).toBe(d.id);
  });

  it('the emulator rejects a request off the spec (the check can fail)', async () => {
    const p = provider();
    await expect(p.api.call('GET', '/sites/shop/deploys', { query: { per_page: 'many' } })).rejects.toThrow(/422.*per_page/);
    expect(api.violations.join()).toMatch(/listSiteDeploys: query parameter `per_page` must be an integer/);
    api.violations.length = 0;
  });
});
