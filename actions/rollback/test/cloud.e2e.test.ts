/**
 * Each cloud provider's native rollback against its emulator: two production deployments made
 * through the provider (v1 good, v2 bad and serving), the ledger as a deploy step left it, the
 * rollback bundle run as the runner runs it. The environment's URL is an edge on loopback that
 * serves whatever the emulator says is in production, so verification passes only when the
 * rollback really moved production back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle } from '@shipkit/testkit';
import type { EmulatorServer } from '@shipkit/testkit/providers/emulator';
import { startVercelApi } from '@shipkit/testkit/providers/vercel';
import { startNetlifyApi } from '@shipkit/testkit/providers/netlify';
import { startCloudflareApi } from '@shipkit/testkit/providers/cloudflare';
import { VercelProvider } from '@shipkit/deploy/vercel';
import { NetlifyProvider } from '@shipkit/deploy/netlify';
import { CloudflarePagesProvider, CloudflareWorkersProvider } from '@shipkit/deploy/cloudflare';
import type { DeployProvider } from '@shipkit/deploy/provider';
import { fileLedger, seed, sha, startEdge } from './helpers';

let workspace: string;
const closers: (() => Promise<void>)[] = [];
const noSleep = async (): Promise<void> => {};
const TOKEN = 'cloud_provider_token_31337';

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-rollback-cloud-'));
  mkdirSync(join(workspace, 'site'));
  writeFileSync(join(workspace, 'site', 'index.html'), '<h1>shop</h1>');
  writeFileSync(join(workspace, 'site', 'index.js'), 'export default { fetch() { return new Response("ok") } }');
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  rmSync(workspace, { recursive: true, force: true });
});

interface Case {
  name: string;
  start(): Promise<{ emu: EmulatorServer; provider: DeployProvider; inputs: Record<string, string>; production(): string | undefined }>;
  /** The native rollback's request, as the emulator recorded it. */
  request: (good: string) => { method: string; path: RegExp; body?: unknown };
}

const cases: Case[] = [
  {
    name: 'vercel',
    async start() {
      const emu = await startVercelApi({ token: TOKEN, buildPolls: 0 });
      return {
        emu,
        provider: new VercelProvider({ token: TOKEN, project: 'shop', team: 'team_acme', apiUrl: emu.url, sleep: noSleep }),
        inputs: { provider: 'vercel', project: 'shop', account: 'team_acme', 'api-url': emu.url },
        production: () => emu.project.productionDeploymentId,
      };
    },
    request: (good) => ({ method: 'POST', path: new RegExp(`^/v1/projects/shop/rollback/${good}\\?teamId=team_acme$`) }),
  },
  {
    name: 'netlify',
    async start() {
      const emu = await startNetlifyApi({ token: TOKEN });
      return {
        emu,
        provider: new NetlifyProvider({ token: TOKEN, site: 'shop', apiUrl: `${emu.url}/api/v1`, sleep: noSleep }),
        inputs: { provider: 'netlify', project: 'shop', 'api-url': `${emu.url}/api/v1` },
        production: () => emu.site.publishedDeployId,
      };
    },
    request: (good) => ({ method: 'POST', path: new RegExp(`^/api/v1/sites/shop/deploys/${good}/restore$`) }),
  },
  {
    name: 'cloudflare-pages',
    async start() {
      const emu = await startCloudflareApi({ token: TOKEN, pagesPolls: 0 });
      return {
        emu,
        provider: new CloudflarePagesProvider({
          token: TOKEN,
          account: emu.account,
          project: 'shop-pages',
          apiUrl: `${emu.url}/client/v4`,
          sleep: noSleep,
        }),
        inputs: { provider: 'cloudflare-pages', account: emu.account, project: 'shop-pages', 'api-url': `${emu.url}/client/v4` },
        production: () => emu.pages.get('shop-pages')?.productionId,
      };
    },
    request: (good) => ({
      method: 'POST',
      path: new RegExp(`^/client/v4/accounts/\\w+/pages/projects/shop-pages/deployments/${good}/rollback$`),
    }),
  },
  {
    name: 'cloudflare-workers',
    async start() {
      const emu = await startCloudflareApi({ token: TOKEN });
      return {
        emu,
        provider: new CloudflareWorkersProvider({
          token: TOKEN,
          account: emu.account,
          project: 'shop-worker',
          apiUrl: `${emu.url}/client/v4`,
          sleep: noSleep,
        }),
        inputs: { provider: 'cloudflare-workers', account: emu.account, project: 'shop-worker', 'api-url': `${emu.url}/client/v4` },
        // The first deployment listed serves; a version at 100 % is production.
        production: () => emu.workers.get('shop-worker')?.deployments[0]?.versions.find((v) => v.percentage === 100)?.version_id,
      };
    },
    request: (good) => ({
      method: 'POST',
      path: /^\/client\/v4\/accounts\/\w+\/workers\/scripts\/shop-worker\/deployments$/,
      body: { strategy: 'percentage', versions: [{ version_id: good, percentage: 100 }] },
    }),
  },
];

describe.each(cases)('rollback on $name (native, against its emulator)', (c) => {
  it('one rollback request puts production back on the good deployment, verified at the environment URL', async () => {
    const { emu, provider, inputs, production } = await c.start();
    closers.push(() => emu.close());
    const deploy = async (text: string) => {
      writeFileSync(join(workspace, 'site', 'index.html'), text);
      const d = await provider.deploy({
        target: 'production',
        directory: join(workspace, 'site'),
        name: 'shop',
        sha: sha(text[0] as string),
      });
      return provider.waitReady(d.id, { timeoutMs: 5000 });
    };
    const v1 = await deploy('1 good');
    const v2 = await deploy('2 bad');
    expect(production()).toBe(v2.id);
    const edge = await startEdge(production, (id) => id === v1.id);
    closers.push(() => edge.close());
    const ledger = fileLedger(workspace);
    const good = await seed(ledger, { sha: sha('1'), providerId: v1.id, url: edge.url, provider: c.name });
    const bad = await seed(ledger, { sha: sha('2'), providerId: v2.id, url: edge.url, provider: c.name });

    const since = emu.requests.length;
    const r = await runBundle('rollback', {
      inputs: { ...inputs, token: TOKEN, reason: 'p99 3.2 s vs 0.4 s' },
      cwd: workspace,
      env: { GITHUB_SHA: sha('2') },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(production()).toBe(v1.id);
    expect(r.outputs.verified).toBe('true');
    expect(JSON.parse(r.outputs['rolled-back-to'] as string)).toMatchObject({ ledgerId: good.id, deploymentId: v1.id, url: edge.url });
    expect(JSON.parse(r.outputs['rolled-back-from'] as string)).toMatchObject({ ledgerId: bad.id, deploymentId: v2.id });
    expect(r.summary).toContain(`native instant rollback: the ${c.name} provider points traffic back at #${good.id} (${v1.id})`);
    // A native rollback is one request: the emulator recorded exactly it, with the provider's token.
    const made = emu.requests.slice(since);
    const expected = c.request(v1.id);
    expect(made.map((q) => `${q.method} ${q.url}`)).toEqual([
      expect.stringMatching(new RegExp(`^${expected.method} ${expected.path.source.slice(1)}`)),
    ]);
    expect(made[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    if (expected.body) expect(JSON.parse(made[0]?.body.toString('utf8') ?? '{}')).toEqual(expected.body);
    // The token went to the provider and nowhere else.
    expect(r.stdout.replace(/^::add-mask::.*$/gm, '') + r.stderr + r.summary + JSON.stringify(r.report)).not.toContain(TOKEN);
    expect((await ledger.get(bad.id))?.statuses[0]?.state).toBe('failure');
    expect((await ledger.get(good.id))?.statuses[0]?.state).toBe('success');
  });

  it('the provider refusing the rollback: one error, production and the ledger as they were', async () => {
    const { emu, provider, inputs, production } = await c.start();
    closers.push(() => emu.close());
    const deploy = async () => {
      const d = await provider.deploy({ target: 'production', directory: join(workspace, 'site'), name: 'shop' });
      return provider.waitReady(d.id, { timeoutMs: 5000 });
    };
    const v1 = await deploy();
    const v2 = await deploy();
    const edge = await startEdge(production, () => true);
    closers.push(() => edge.close());
    const ledger = fileLedger(workspace);
    await seed(ledger, { sha: sha('1'), providerId: v1.id, url: edge.url, provider: c.name });
    const bad = await seed(ledger, { sha: sha('2'), providerId: v2.id, url: edge.url, provider: c.name });
    const expected = c.request(v1.id);
    emu.inject({ method: expected.method, path: new RegExp(expected.path.source.replace(/\\\?.*\$$/, '$')), status: 403, times: 5 });
    const r = await runBundle('rollback', { inputs: { ...inputs, token: TOKEN }, cwd: workspace, env: { GITHUB_SHA: sha('2') } });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/the provider did not switch back: .*403.*The environment is as it was/s);
    expect(production()).toBe(v2.id);
    expect((await ledger.get(bad.id))?.statuses[0]).toMatchObject({ state: 'success', description: JSON.stringify({ id: v2.id }) });
  });
});
