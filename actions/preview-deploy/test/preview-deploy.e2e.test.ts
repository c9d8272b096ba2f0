import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { copyExampleApp } from '@shipkit/example-app/src/copy.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, startGitHubApi, json, type GitHubApi } from '@shipkit/testkit';
import { startVercelApi, type VercelEmulator } from '@shipkit/testkit/providers/vercel';
import { startNetlifyApi, type NetlifyEmulator } from '@shipkit/testkit/providers/netlify';
import { startCloudflareApi, type CloudflareEmulator } from '@shipkit/testkit/providers/cloudflare';
import { startDeploymentHosts, type SiteSource } from '@shipkit/testkit/providers/sites';
import type { EmulatorServer } from '@shipkit/testkit/providers/emulator';
import { httpRequest } from '@shipkit/kit/http';

let gh: GitHubApi;
let workspace: string;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  gh = await startGitHubApi();
  // GraphQL `viewer`: the token's own login (comments and deployments by anyone else are ignored).
  gh.route('POST', /^\/graphql$/, ({ res }) => json(res, 200, { data: { viewer: { login: 'github-actions[bot]' } } }));
  gh.state.issues.push({
    id: 1,
    number: 12,
    title: 'PR',
    body: '',
    state: 'open',
    labels: [],
    html_url: '',
    url: '',
    comments: 0,
    created_at: '',
    updated_at: '',
    pull_request: {},
    user: { login: 'octocat', id: 583231, type: 'User' },
  });
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-preview-'));
  copyExampleApp(join(workspace, 'app'));
  mkdirSync(join(workspace, 'site'));
  writeFileSync(join(workspace, 'site', 'index.html'), '<h1>shop</h1>');
  writeFileSync(
    join(workspace, 'site', 'index.js'),
    'export default { fetch(request) { return new Response(`worker says hello from ${new URL(request.url).pathname}`) } }',
  );
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await gh.close();
  rmSync(workspace, { recursive: true, force: true });
});

const prEvent = (fork = false, number = 12) => ({
  pull_request: {
    number,
    head: { sha: 'a'.repeat(40), ref: 'feature/x', repo: { full_name: fork ? 'mallory/shop' : 'acme/shop', fork } },
    base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } },
  },
});

const run = (
  inputs: Record<string, string>,
  extra: { fork?: boolean; env?: Record<string, string>; pr?: number; schedule?: boolean } = {},
) =>
  runBundle('preview-deploy', {
    inputs: { 'github-token': 'ghs_test_token', ...inputs },
    event: extra.schedule ? { schedule: '17 3 * * *' } : prEvent(extra.fork, extra.pr),
    eventName: extra.schedule ? 'schedule' : 'pull_request',
    githubApiUrl: gh.url,
    cwd: workspace,
    env: { ...extra.env },
  });

const statuses = () => gh.state.deploymentStatuses.map((s) => s.state);
const ourComments = () => gh.state.comments.filter((c) => c.body.startsWith('<!-- shipkit:preview-deploy -->'));

describe('preview-deploy with the local provider', () => {
  it('deploys the example service on a PR, records it, comments once per PR with a row per name, destroys it', async () => {
    const start = { provider: 'local', directory: 'app', 'start-command': 'node src/server.js' };
    const first = await run({ ...start, name: 'shop' });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.environment).toBe('preview/shop/pr-12');
    const url = first.outputs.url as string;
    expect((await httpRequest({ url: `${url}/healthz`, timeoutMs: 2000 })).status).toBe(200);
    const create = JSON.parse(gh.apiRequests().find((r) => r.method === 'POST' && r.path.endsWith('/deployments'))?.body ?? '{}');
    expect(create).toMatchObject({
      auto_merge: false,
      required_contexts: [],
      transient_environment: true,
      production_environment: false,
      environment: 'preview/shop/pr-12',
    });
    expect(statuses()).toEqual(['in_progress', 'success']);
    expect(gh.state.deploymentStatuses[1]).toMatchObject({
      environment_url: url,
      log_url: 'https://github.com/acme/shop/actions/runs/1001',
    });
    // A second push: the same comment, updated; a second name: a second row.
    const second = await run({ ...start, name: 'shop' });
    const api = await run({ ...start, name: 'api' });
    expect(second.code).toBe(0);
    expect(api.code).toBe(0);
    expect(ourComments()).toHaveLength(1);
    const body = ourComments()[0]?.body ?? '';
    expect(body).toMatch(/\| shop \|.*✅ ready/);
    expect(body).toMatch(/\| api \|.*✅ ready/);
    // Previews are transient (never auto-inactivated): destroy removes both of `shop`'s.
    const destroyed = await run({ ...start, name: 'shop', mode: 'destroy' });
    expect(destroyed.code, destroyed.stdout).toBe(0);
    await expect(httpRequest({ url, timeoutMs: 1000 })).rejects.toThrow();
    await expect(httpRequest({ url: second.outputs.url as string, timeoutMs: 1000 })).rejects.toThrow();
    expect((await httpRequest({ url: api.outputs.url as string, timeoutMs: 2000 })).status).toBe(200);
    const shopIds = gh.state.deployments.filter((d) => d.environment === 'preview/shop/pr-12').map((d) => d.id);
    for (const id of shopIds) {
      const latest = gh.state.deploymentStatuses.filter((s) => s.deployment_id === id).at(-1);
      expect(latest?.state).toBe('inactive');
    }
    expect(ourComments()[0]?.body).toMatch(/\| shop \|.*removed/);
    await run({ ...start, name: 'api', mode: 'destroy' });
  });

  it('an app that crashes on start: failure recorded, row failed, nothing left running, one error', async () => {
    const r = await run({ provider: 'local', directory: 'app', 'start-command': 'echo boom >&2; exit 2', 'wait-timeout': '10s' });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/exited before it answered.*boom/s);
    expect(statuses()).toEqual(['in_progress', 'failure']);
    expect(ourComments()[0]?.body).toMatch(/❌ failed: the app exited before it answered/);
  });

  it('a ledger that refuses the record (no `deployments: write`): the started app is stopped, one error, nothing left', async () => {
    gh.inject({ method: 'POST', path: /\/deployments$/, status: 403, times: 5 });
    const r = await run({ provider: 'local', directory: 'app', 'start-command': 'node src/server.js', 'wait-timeout': '20s' });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/could not be recorded in the ledger .*403/);
    expect(gh.state.deployments).toHaveLength(0);
    // The preview's process group was stopped: its record is gone and nothing answers on its port.
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(workspace, '.shipkit', 'local-deployments')).filter((f) => f.endsWith('.json'))).toEqual([]);
    const port = Number(
      /-(\d+)\.log$/.exec(readdirSync(join(workspace, '.shipkit', 'local-deployments')).find((f) => f.endsWith('.log')) ?? '')?.[1],
    );
    expect(port).toBeGreaterThan(0);
    await expect(httpRequest({ url: `http://127.0.0.1:${port}/healthz`, timeoutMs: 1000 })).rejects.toThrow();
    expect(ourComments()[0]?.body).toMatch(/❌ failed: the deployment could not be recorded/);
  });

  it('gc (on a schedule): destroys the previews of closed PRs and those older than `ttl`, updates their rows, keeps the rest', async () => {
    const start = { provider: 'local', directory: 'app', 'start-command': 'node src/server.js', name: 'shop' };
    for (const number of [13, 14])
      gh.state.issues.push({ ...(gh.state.issues[0] as (typeof gh.state.issues)[number]), id: number, number });
    const deployed = [];
    for (const pr of [12, 13, 14]) {
      const r = await run(start, { pr });
      expect(r.code, r.stdout).toBe(0);
      deployed.push(r.outputs.url as string);
    }
    (gh.state.issues.find((x) => x.number === 12) as { state: string }).state = 'closed';
    // PR 14's preview is older than the ttl.
    const old = gh.state.deployments.find((d) => d.environment === 'preview/shop/pr-14') as { created_at: string };
    old.created_at = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
    const r = await run({ ...start, mode: 'gc' }, { schedule: true });
    expect(r.code, r.stdout).toBe(0);
    const latest = (environment: string) => {
      const id = gh.state.deployments.find((d) => d.environment === environment)?.id;
      return gh.state.deploymentStatuses.filter((x) => x.deployment_id === id).at(-1)?.state;
    };
    expect([12, 13, 14].map((pr) => latest(`preview/shop/pr-${pr}`))).toEqual(['inactive', 'success', 'inactive']);
    await expect(httpRequest({ url: deployed[0] as string, timeoutMs: 1000 })).rejects.toThrow();
    expect((await httpRequest({ url: `${deployed[1]}/healthz`, timeoutMs: 2000 })).status).toBe(200);
    await expect(httpRequest({ url: deployed[2] as string, timeoutMs: 1000 })).rejects.toThrow();
    const row = (pr: number) =>
      ourComments()
        .find((c) => c.issue_number === pr)
        ?.body.split('\n')
        .find((l) => l.startsWith('| shop |'));
    expect(row(12)).toContain('🗑️ removed');
    expect(row(13)).toContain('✅ ready');
    expect(row(14)).toContain('🗑️ removed');
    expect(r.summary).toMatch(
      /removed \(PR closed\)[\s\S]*removed \(older than ttl\)|removed \(older than ttl\)[\s\S]*removed \(PR closed\)/,
    );
    await run({ ...start, mode: 'destroy' }, { pr: 13 });
  });

  it('a stranger’s comment with our marker is not edited', async () => {
    gh.state.comments.push({
      id: 5,
      issue_number: 12,
      body: '<!-- shipkit:preview-deploy -->\nforged',
      html_url: '',
      user: { login: 'mallory', id: 4242, type: 'User' },
      created_at: '',
      updated_at: '',
    });
    const r = await run({ provider: 'local', directory: 'app', 'start-command': 'node src/server.js' });
    expect(r.code).toBe(0);
    expect(gh.state.comments.find((c) => c.id === 5)?.body).toBe('<!-- shipkit:preview-deploy -->\nforged');
    expect(ourComments()).toHaveLength(2);
    await run({ provider: 'local', directory: 'app', 'start-command': 'node src/server.js', mode: 'destroy' });
  });
});

describe('preview-deploy with the command provider', () => {
  it('deploys with the script’s JSON line and destroys with the destroy script', async () => {
    writeFileSync(join(workspace, 'site', 'deploy.sh'), `echo "{\\"url\\":\\"${gh.url}/rate_limit\\",\\"id\\":\\"rel-7\\"}"\n`);
    writeFileSync(join(workspace, 'site', 'destroy.sh'), 'echo "$SHIPKIT_DEPLOYMENT_ID" > destroyed.txt\n');
    const r = await run({ provider: 'command', directory: 'site', 'deploy-command': 'sh deploy.sh', 'destroy-command': 'sh destroy.sh' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['deployment-id']).toBe('rel-7');
    const d = await run({ provider: 'command', directory: 'site', 'destroy-command': 'sh destroy.sh', mode: 'destroy' });
    expect(d.code, d.stdout).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(workspace, 'site', 'destroyed.txt'), 'utf8').trim()).toBe('rel-7');
  });
});

/**
 * The cloud providers end to end: the bundle talks to each provider's emulator (its API), and
 * reaches the deployment's own host (`*.vercel.app`, …) as a runner behind a proxy does — through
 * HTTPS_PROXY, a CONNECT proxy routing that host to a TLS front (a test certificate, trusted with
 * NODE_EXTRA_CA_CERTS) that serves what the emulator holds for the deployment.
 */
describe('preview-deploy with cloud providers against their emulators', () => {
  interface Case {
    provider: string;
    start: () => Promise<{ emulator: EmulatorServer & SiteSource; inputs: Record<string, string>; token: string }>;
    url: RegExp;
    alias: string;
    /** What the deployment's host answers at `/`. */
    body: string;
    /** The deployments the emulator still holds for this preview. */
    held: (emulator: never) => number;
    /** Whether destroy deletes the deployment at the provider (Worker versions stay). */
    deletes: boolean;
  }
  const cloudflare = async (project: string) => {
    const emulator = await startCloudflareApi({ token: 'cf_secret_token_789' });
    return { emulator, token: emulator.token, inputs: { project, account: emulator.account, 'api-url': `${emulator.url}/client/v4` } };
  };
  const cases: Case[] = [
    {
      provider: 'vercel',
      start: async () => {
        const emulator = await startVercelApi({ token: 'vercel_secret_token_123', buildPolls: 1 });
        return { emulator, token: emulator.token, inputs: { project: 'shop', 'api-url': emulator.url } };
      },
      url: /^https:\/\/shop-\w+-shipkit\.vercel\.app$/,
      alias: 'https://pr-12.vercel.app',
      body: '<h1>shop</h1>',
      held: (e: VercelEmulator) => e.deployments.length,
      deletes: true,
    },
    {
      provider: 'netlify',
      start: async () => {
        const emulator = await startNetlifyApi({ token: 'nfp_secret_token_456' });
        return { emulator, token: emulator.token, inputs: { project: 'shop', 'api-url': `${emulator.url}/api/v1` } };
      },
      url: /^https:\/\/\w+--shop\.netlify\.app$/,
      alias: 'https://pr-12--shop.netlify.app',
      body: '<h1>shop</h1>',
      held: (e: NetlifyEmulator) => e.deploys.length,
      deletes: true,
    },
    {
      provider: 'cloudflare-pages',
      start: () => cloudflare('shop-pages'),
      url: /^https:\/\/[0-9a-f]{8}\.shop-pages\.pages\.dev$/,
      alias: 'https://pr-12.shop-pages.pages.dev',
      body: '<h1>shop</h1>',
      held: (e: CloudflareEmulator) => e.pages.get('shop-pages')?.deployments.length ?? -1,
      deletes: true,
    },
    {
      provider: 'cloudflare-workers',
      start: () => cloudflare('shop-worker'),
      url: /^https:\/\/[0-9a-f]{8}-shop-worker\.acme\.workers\.dev$/,
      alias: 'https://pr-12-shop-worker.acme.workers.dev',
      body: 'worker says hello from /',
      held: (e: CloudflareEmulator) => e.workers.get('shop-worker')?.versions.length ?? -1,
      deletes: false,
    },
  ];

  it.each(cases)(
    '$provider: deploy → ready at its own host through the proxy → success with environment_url → the comment row; the alias kept apart; destroy → inactive',
    async (c) => {
      const { emulator, inputs, token } = await c.start();
      const hosts = await startDeploymentHosts([emulator]);
      closers.push(
        () => hosts.close(),
        () => emulator.close(),
      );
      const common = { provider: c.provider, directory: 'site', token, ...inputs, 'wait-timeout': '30s' };
      const r = await run({ ...common, alias: 'pr-12' }, { env: hosts.env });
      expect(r.code, r.stdout).toBe(0);
      expect(r.errors).toEqual([]);
      const url = r.outputs.url as string;
      // The deployment's own URL and the alias, each in its place (amondnet/vercel-action#257).
      expect(url).toMatch(c.url);
      expect(r.outputs['alias-url']).toBe(c.alias);
      expect(r.outputs['deployment-id']).toBeTruthy();
      // The readiness check went where production's would: a CONNECT to the deployment's host, answered by its content.
      const host = new URL(url).host;
      expect(hosts.proxied.some((p) => p.method === 'CONNECT' && p.target === `${host}:443`)).toBe(true);
      expect(hosts.requests.find((q) => q.host === host)).toMatchObject({ method: 'GET', path: '/', status: 200 });
      expect((await hosts.get(url)).body).toBe(c.body);
      expect((await hosts.get(c.alias)).body).toBe(c.body);
      expect(statuses()).toEqual(['in_progress', 'success']);
      expect(gh.state.deploymentStatuses[1]).toMatchObject({
        environment_url: url,
        log_url: 'https://github.com/acme/shop/actions/runs/1001',
      });
      const row =
        ourComments()[0]
          ?.body.split('\n')
          .find((l) => l.startsWith('| shop |')) ?? '';
      expect(row).toContain(`[${url.slice(8)}](${url})<br>alias [${c.alias.slice(8)}](${c.alias})`);
      expect(row).toContain('✅ ready');
      expect(row).toContain('`aaaaaaa`');
      // The token went to the provider's API only: not to the deployment's host, the proxy, GitHub or any output.
      const stdout = r.stdout.replace(/^::add-mask::.*$/gm, '');
      const elsewhere =
        JSON.stringify([hosts.requests, hosts.proxied, gh.apiRequests()]) + stdout + r.stderr + r.summary + JSON.stringify(r.report);
      expect(elsewhere).not.toContain(token);

      const d = await run({ ...common, mode: 'destroy' }, { env: hosts.env });
      expect(d.code, d.stdout).toBe(0);
      const id = gh.state.deployments[0]?.id;
      expect(gh.state.deploymentStatuses.filter((s) => s.deployment_id === id).map((s) => s.state)).toEqual([
        'in_progress',
        'success',
        'inactive',
      ]);
      const removedRow =
        ourComments()[0]
          ?.body.split('\n')
          .find((l) => l.startsWith('| shop |')) ?? '';
      expect(removedRow).toContain('🗑️ removed');
      expect(ourComments()).toHaveLength(1);
      if (c.deletes) {
        expect(c.held(emulator as never)).toBe(0);
        await expect(hosts.get(url)).rejects.toThrow(/proxy answered 502/);
        expect(removedRow).not.toContain(url);
      } else {
        // Cloudflare keeps Worker versions: the row and the log say the preview URL still answers.
        expect(c.held(emulator as never)).toBe(1);
        expect(removedRow).toMatch(/removed: Cloudflare keeps every Worker version .* still answers/);
        expect(d.warnings.map((w) => w.message).join('\n')).toMatch(/still answers/);
      }
    },
  );

  it('vercel: 5xx and 429 mid-deploy are retried without a second deployment; the 5xx’d create is adopted, the 429’s Retry-After honoured', async () => {
    const vercel = await startVercelApi({ token: 'vercel_secret_token_123', buildPolls: 2 });
    const hosts = await startDeploymentHosts([vercel]);
    closers.push(
      () => hosts.close(),
      () => vercel.close(),
    );
    // The first create legitimately answers `missing_files` (then the files go up); the second one
    // creates the deployment and answers 500, so the client cannot tell it worked.
    vercel.inject({ method: 'POST', path: /^\/v13\/deployments$/, status: 500, thenProcess: true, after: 1 });
    vercel.inject({ method: 'GET', path: /^\/v13\/deployments\//, status: 429, headers: { 'retry-after': '1' } });
    const r = await run(
      {
        provider: 'vercel',
        directory: 'site',
        project: 'shop',
        token: vercel.token,
        'api-url': vercel.url,
        alias: 'pr-12',
        'wait-timeout': '30s',
      },
      { env: hosts.env },
    );
    expect(r.code, r.stdout).toBe(0);
    // One deployment, ever: the one the 5xx'd create made, found by its key and adopted.
    expect(vercel.created).toHaveLength(1);
    expect(r.outputs['deployment-id']).toBe(vercel.created[0]);
    const creates = vercel.requests.filter((q) => q.method === 'POST' && q.path === '/v13/deployments');
    expect(creates.map((q) => q.status)).toEqual([400, 500]);
    const lookup = vercel.requests.findIndex((q) => q.method === 'GET' && q.path === '/v7/deployments');
    expect(lookup).toBeGreaterThan(vercel.requests.indexOf(creates[1] as (typeof creates)[number]));
    expect(vercel.requests.filter((q) => q.method === 'POST' && q.path === '/v2/files')).toHaveLength(2);
    // The 429 was waited out as long as it asked before the poll was sent again.
    const polls = vercel.requests.filter((q) => q.method === 'GET' && q.path.startsWith('/v13/deployments/'));
    expect(polls[0]?.status).toBe(429);
    expect((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(polls.at(-1)?.status).toBe(200);
    expect(vercel.requests.filter((q) => q.method === 'DELETE')).toHaveLength(0);
    expect(statuses()).toEqual(['in_progress', 'success']);
    const stdout = r.stdout.replace(/^::add-mask::.*$/gm, '');
    const everything =
      JSON.stringify([gh.apiRequests(), hosts.requests, hosts.proxied]) + stdout + r.stderr + r.summary + JSON.stringify(r.report);
    expect(everything).not.toContain(vercel.token);
    expect(vercel.violations).toEqual([]);
  });

  it('a deployment whose URL never answers (here: its certificate is not trusted): failure with the reason, the deployment removed, one error', async () => {
    const netlify = await startNetlifyApi({ token: 'nf_tok' });
    const hosts = await startDeploymentHosts([netlify]);
    closers.push(
      () => hosts.close(),
      () => netlify.close(),
    );
    // Through the proxy, but without the test CA: the TLS check fails as it would for a forged host.
    const n = await run(
      {
        provider: 'netlify',
        directory: 'site',
        project: 'shop',
        token: 'nf_tok',
        'api-url': `${netlify.url}/api/v1`,
        'wait-timeout': '2s',
      },
      { env: { HTTPS_PROXY: hosts.env.HTTPS_PROXY } },
    );
    expect(n.code).toBe(1);
    expect(n.errors).toHaveLength(1);
    expect(n.errors[0]?.message).toMatch(/netlify\.app gave no HTTP answer in time \(TLS error .*SELF_SIGNED_CERT/);
    expect(hosts.proxied.some((p) => p.method === 'CONNECT' && p.target.endsWith('--shop.netlify.app:443'))).toBe(true);
    expect(hosts.requests).toEqual([]);
    expect(netlify.deploys).toHaveLength(0);
    expect(netlify.violations).toEqual([]);
    expect(netlify.requests.some((q) => q.method === 'PUT' && q.path.includes('/files/index.html'))).toBe(true);
    expect(statuses()).toEqual(['in_progress', 'failure']);
    expect(ourComments()[0]?.body).toMatch(/\| shop \|.*❌ failed: .*gave no HTTP answer/);
  });
});

describe('preview-deploy for pull requests from forks', () => {
  it('a fork PR without the provider token is skipped with the reason and the safe way; so is its destroy', async () => {
    const r = await run({ provider: 'vercel', directory: 'site', project: 'shop' }, { fork: true });
    expect(r.code).toBe(0);
    expect(r.outputs.skipped).toBe('true');
    expect(r.outputs.environment).toBe('preview/shop/pr-12');
    expect(r.notices[0]?.message).toMatch(/fork.*workflow_run.*never use `pull_request_target`/s);
    const d = await run({ provider: 'vercel', directory: 'site', project: 'shop', mode: 'destroy' }, { fork: true });
    expect(d.code).toBe(0);
    expect(d.outputs.skipped).toBe('true');
    expect(d.notices[0]?.message).toMatch(/nothing is destroyed here.*scheduled `mode: gc`/s);
    expect(gh.state.deployments).toHaveLength(0);
    expect(gh.apiRequests().filter((q) => q.method !== 'GET' && q.path !== '/graphql')).toEqual([]);
  });

  it('deployed from `workflow_run` with the base repository’s secrets: the PR is found by its head commit, its row and environment are the PR’s', async () => {
    const netlify = await startNetlifyApi({ token: 'nfp_fork_token' });
    const hosts = await startDeploymentHosts([netlify]);
    closers.push(
      () => hosts.close(),
      () => netlify.close(),
    );
    gh.state.issues.push({ ...(gh.state.issues[0] as (typeof gh.state.issues)[number]), id: 2, number: 21 });
    const sha = 'c'.repeat(40);
    let headSha = sha;
    gh.route('GET', /^\/repos\/acme\/shop\/pulls$/, ({ query, res }) =>
      json(
        res,
        200,
        [{ number: 21, state: 'open', head: { sha: headSha, ref: 'fix-cart', label: 'forker:fix-cart' } }].filter(
          (p) => p.head.label === query.get('head'),
        ),
      ),
    );
    const fromRun = () =>
      runBundle('preview-deploy', {
        inputs: {
          'github-token': 'ghs_test_token',
          provider: 'netlify',
          directory: 'site',
          project: 'shop',
          token: netlify.token,
          'api-url': `${netlify.url}/api/v1`,
          'wait-timeout': '30s',
        },
        eventName: 'workflow_run',
        event: {
          workflow_run: {
            id: 77,
            pull_requests: [],
            head_branch: 'fix-cart',
            head_sha: sha,
            head_repository: { owner: { login: 'forker' } },
          },
        },
        githubApiUrl: gh.url,
        cwd: workspace,
        env: hosts.env,
      });
    const r = await fromRun();
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.environment).toBe('preview/shop/pr-21');
    expect(gh.apiRequests().find((q) => q.path.startsWith('/repos/acme/shop/pulls'))?.path).toContain('head=forker%3Afix-cart');
    expect(JSON.parse(gh.apiRequests().find((q) => q.method === 'POST' && q.path.endsWith('/deployments'))?.body ?? '{}')).toMatchObject({
      ref: sha,
      environment: 'preview/shop/pr-21',
    });
    expect(gh.state.comments.filter((c) => c.issue_number === 21)).toHaveLength(1);
    expect(gh.state.comments.find((c) => c.issue_number === 21)?.body).toMatch(/\| shop \|.*`ccccccc`.*✅ ready/);
    // A PR whose head moved on is not this build's: the preview is named after the branch, and no PR gets a row.
    headSha = 'e'.repeat(40);
    const later = await fromRun();
    expect(later.code, later.stdout).toBe(0);
    expect(later.outputs.environment).toBe('preview/shop/fix-cart');
    expect(gh.state.comments.filter((c) => c.issue_number === 21)).toHaveLength(1);
  });
});

describe('preview-deploy input handling', () => {
  it.each([
    [{ provider: 'heroku' }, /provider.*must be one of/],
    [{ provider: 'local' }, /input `start-command`: provider `local` needs it: how to start the app/],
    [{ provider: 'vercel', directory: 'site' }, /input `project`: .*Vercel project.*; input `token`: .*from a secret/],
    [{ provider: 'netlify', project: 's', directory: 'site' }, /input `token`: provider `netlify` needs it/],
    [{ provider: 'command', directory: 'site', mode: 'destroy' }, /input `destroy-command`: provider `command` needs it/],
    [{ provider: 'local', 'start-command': 'x', directory: 'missing' }, /`directory` `missing` is not a directory in the workspace/],
    [{ provider: 'local', 'start-command': 'x', directory: '..' }, /outside the workspace/],
    [{ provider: 'local', 'start-command': 'x', 'wait-timeout': 'soon' }, /wait-timeout.*duration/],
  ])('bad input %j: one error, nothing deployed', async (inputs, message) => {
    const r = await run(inputs as Record<string, string>);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(gh.state.deployments).toHaveLength(0);
  });
});
