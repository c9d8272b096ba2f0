import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { copyExampleApp } from '@shipkit/example-app/src/copy.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, startGitHubApi, json, type GitHubApi } from '@shipkit/testkit';
import { startVercelApi } from '@shipkit/testkit/providers/vercel';
import { startNetlifyApi } from '@shipkit/testkit/providers/netlify';
import { startCloudflareApi } from '@shipkit/testkit/providers/cloudflare';
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
  writeFileSync(join(workspace, 'site', 'index.js'), 'export default { fetch() { return new Response("ok") } }');
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await gh.close();
  rmSync(workspace, { recursive: true, force: true });
});

const prEvent = (fork = false) => ({
  pull_request: {
    number: 12,
    head: { sha: 'a'.repeat(40), ref: 'feature/x', repo: { full_name: fork ? 'mallory/shop' : 'acme/shop', fork } },
    base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } },
  },
});

const run = (inputs: Record<string, string>, extra: { fork?: boolean; env?: Record<string, string> } = {}) =>
  runBundle('preview-deploy', {
    inputs: { 'github-token': 'ghs_test_token', ...inputs },
    event: prEvent(extra.fork),
    eventName: 'pull_request',
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

describe('preview-deploy with cloud providers against their emulators', () => {
  it('vercel: 5xx and 429 mid-deploy retried without a second deployment; the token reaches only Vercel', async () => {
    const vercel = await startVercelApi({ token: 'vercel_secret_token_123', buildPolls: 1 });
    closers.push(() => vercel.close());
    vercel.inject({ method: 'POST', path: /^\/v13\/deployments$/, status: 500, thenProcess: true });
    vercel.inject({ method: 'GET', path: /^\/v13\/deployments\//, status: 429, headers: { 'retry-after': '0' } });
    // The deployment's URL must answer: point the emulator's host at a loopback server.
    const r = await run({
      provider: 'vercel',
      directory: 'site',
      project: 'shop',
      token: 'vercel_secret_token_123',
      'api-url': vercel.url,
      alias: 'pr-12',
      'wait-timeout': '3s',
    });
    // *.vercel.app does not resolve here: the wait for an HTTP answer fails, and the deployment is removed.
    expect(vercel.deployments).toHaveLength(0);
    // The 500 came after the create went through: adopted, not sent again; then removed once.
    expect(vercel.requests.filter((q) => q.method === 'POST' && q.path === '/v13/deployments')).toHaveLength(1);
    expect(vercel.requests.filter((q) => q.method === 'DELETE')).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    // The one place it may appear: the mask command that tells the runner to hide it.
    const stdout = r.stdout.replace(/^::add-mask::.*$/gm, '');
    const everything = JSON.stringify(gh.apiRequests()) + stdout + r.stderr + r.summary + JSON.stringify(r.report);
    expect(everything).not.toContain('vercel_secret_token_123');
    expect(statuses()).toEqual(['in_progress', 'failure']);
    expect(vercel.violations).toEqual([]);
  });

  it('netlify and cloudflare-pages deploy against their emulators (validated requests)', async () => {
    const netlify = await startNetlifyApi({ token: 'nf_tok' });
    const cf = await startCloudflareApi({ token: 'cf_tok' });
    closers.push(
      () => netlify.close(),
      () => cf.close(),
    );
    const n = await run({
      provider: 'netlify',
      directory: 'site',
      project: 'shop',
      token: 'nf_tok',
      'api-url': `${netlify.url}/api/v1`,
      'wait-timeout': '2s',
    });
    expect(netlify.deploys).toHaveLength(0); // removed after the URL (on a test domain) gave no answer
    expect(netlify.violations).toEqual([]);
    expect(netlify.requests.some((q) => q.method === 'PUT' && q.path.includes('/files/index.html'))).toBe(true);
    expect(n.code).toBe(1);
    const c = await run({
      provider: 'cloudflare-pages',
      directory: 'site',
      project: 'shop-pages',
      account: cf.account,
      token: 'cf_tok',
      'api-url': `${cf.url}/client/v4`,
      'wait-timeout': '2s',
    });
    expect(c.code).toBe(1);
    expect(cf.assets.size).toBe(2);
    expect(cf.pages.get('shop-pages')?.deployments).toHaveLength(0);
  });
});

describe('preview-deploy input handling', () => {
  it('a fork PR without the provider token is skipped with the reason and the safe way', async () => {
    const r = await run({ provider: 'vercel', directory: 'site', project: 'shop' }, { fork: true });
    expect(r.code).toBe(0);
    expect(r.outputs.skipped).toBe('true');
    expect(r.notices[0]?.message).toMatch(/fork.*workflow_run.*never use `pull_request_target`/s);
    expect(gh.state.deployments).toHaveLength(0);
  });

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
