#!/usr/bin/env node
// rollback benchmarks: time from the action's start (its process spawned) to traffic restored
// (the first request served by the good deployment) and to verified, and the API calls it makes.
// 1. Local provider (the embedded default), the ledger in the workspace's file:
//    - warm: v2 took all traffic as a canary while v1 still runs → the proxy switches back;
//    - cold: v2 was promoted and v1 stopped → v1's artifact is started again behind the same URL.
//    Restored is seen from outside: this process polls the stable URL until v1 answers.
//    Target: restored < 1 s after the start.
// 2. Each cloud provider's emulator (Vercel, Netlify, Cloudflare Pages, Cloudflare Workers), the
//    ledger on the GitHub API emulator: restored is when the emulator received the rollback
//    request; every API call is counted and printed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { importTypeScriptSources, median, runActionAsync } from './_lib.mjs';

importTypeScriptSources();
const RUNS = Number(process.env.ROLLBACK_BENCH_RUNS ?? 5);
// The local provider masks its proxy's admin token with a workflow command; this is no workflow.
const { setCommandWriter } = await import('../packages/kit/src/commands.ts');
setCommandWriter(() => {});
const { LocalProvider } = await import('../packages/deploy/src/local.ts');
const { FileLedger } = await import('../packages/deploy/src/file-ledger.ts');
const { copyExampleApp } = await import('../examples/app/src/copy.js');

const sha = (c) => c.repeat(40);
const start = (version, mode = 'healthy') => `APP_VERSION=${version} APP_MODE=${mode} exec node src/server.js`;

async function seed(ledger, { sha: commit, id, url, provider = 'local', state = 'success' }) {
  const r = await ledger.create({
    environment: 'production',
    ref: 'main',
    sha: commit,
    transient: false,
    production: true,
    payload: { shipkit: 1, provider, name: 'shop' },
  });
  await ledger.setStatus(r.id, { state: 'in_progress' });
  await ledger.setStatus(r.id, { state, environmentUrl: url, description: JSON.stringify({ id }) });
  return r.id;
}

/** The version header of one answer of `url` (keep-alive off: every poll is a fresh request, as a user's). */
const versionAt = (url) =>
  new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent: false, timeout: 500 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['x-app-version'] ?? '?'));
    });
    req.on('error', () => resolve('error'));
    req.on('timeout', () => req.destroy());
    req.end();
  });

/** Polls `url` from `t0` until `version` answers; resolves the ms after `t0`. */
async function firstServedBy(url, version, t0, stop) {
  for (;;) {
    if (stop.done) return undefined;
    if ((await versionAt(url)) === version) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function localRun(kind) {
  const workspace = mkdtempSync(join(tmpdir(), 'shipkit-bench-rollback-'));
  const stateDir = join(workspace, '.shipkit');
  copyExampleApp(join(workspace, 'app'));
  const provider = (version = '0', mode = 'healthy') =>
    new LocalProvider({ startCommand: start(version, mode), stateDir, drainTimeoutMs: 1000 });
  const release = async (version, mode) => {
    const p = provider(version, mode);
    const d = await p.deploy({ target: 'production', directory: join(workspace, 'app'), name: 'shop' });
    return p.waitReady(d.id, { timeoutMs: 15_000 });
  };
  try {
    const ledger = new FileLedger(join(stateDir, 'deployments.json'));
    const v1 = await release('1.0.0');
    await provider().promote(v1.id);
    const url = provider().trafficRecord('shop').url;
    await seed(ledger, { sha: sha('1'), id: v1.id, url });
    const v2 = await release('2.0.0', 'failing');
    if (kind === 'warm') await provider().setTraffic({ candidate: v2.id, percent: 100 });
    else await provider().promote(v2.id);
    await seed(ledger, { sha: sha('2'), id: v2.id, url });
    if ((await versionAt(url)) !== '2.0.0') throw new Error('v2 does not serve before the rollback');
    const stop = { done: false };
    const t0 = performance.now();
    const restored = firstServedBy(url, '1.0.0', t0, stop);
    const run = await runActionAsync('rollback', {
      cwd: workspace,
      inputs: { provider: 'local', directory: 'app', 'start-command': start('1.0.0'), reason: 'bench' },
      env: { GITHUB_SHA: sha('2') },
    });
    const exitedMs = performance.now() - t0;
    stop.done = true;
    if (run.code !== 0) throw new Error(`rollback failed:\n${run.out}`);
    return {
      restoredMs: await restored,
      switchedMs: run.report.timings.switchedMs,
      verifiedMs: Number(run.outputs['duration-ms']),
      exitedMs,
    };
  } finally {
    const p = provider();
    await p.stopTraffic('shop').catch(() => undefined);
    for (const d of await p.list()) await p.delete(d.id).catch(() => undefined);
    rmSync(workspace, { recursive: true, force: true });
  }
}

const fmt = (ms) => `${ms === undefined ? '—' : ms.toFixed(0)} ms`.padStart(8);
console.log(`local provider: rollback of the example service (median of ${RUNS}; times from the action's process start)`);
console.log('  case                          restored    switched*   verified    exited');
for (const kind of ['warm', 'cold']) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await localRun(kind));
  const m = (key) => median(runs.map((r) => r[key]));
  const label = kind === 'warm' ? 'warm (v1 runs, proxy switch)' : 'cold (v1 stopped, restarted)';
  console.log(`  ${label.padEnd(30)}${fmt(m('restoredMs'))}    ${fmt(m('switchedMs'))}   ${fmt(m('verifiedMs'))}  ${fmt(m('exitedMs'))}`);
  const worst = Math.max(...runs.map((r) => r.restoredMs));
  console.log(`  ${''.padEnd(30)}restored, slowest of ${RUNS}: ${worst.toFixed(0)} ms (target < 1000 ms) ${worst < 1000 ? 'OK' : 'OVER'}`);
}
console.log('  * switched and verified by the action’s own clock, which starts after Node loaded its bundle');

// ---- cloud providers against their emulators, the ledger on the GitHub emulator
const { startGitHubApi } = await import('../packages/testkit/src/github-api.ts');
const { startServer, json } = await import('../packages/testkit/src/http-server.ts');
const { startVercelApi } = await import('../packages/testkit/src/providers/vercel.ts');
const { startNetlifyApi } = await import('../packages/testkit/src/providers/netlify.ts');
const { startCloudflareApi } = await import('../packages/testkit/src/providers/cloudflare.ts');
const { VercelProvider } = await import('../packages/deploy/src/vercel.ts');
const { NetlifyProvider } = await import('../packages/deploy/src/netlify.ts');
const { CloudflarePagesProvider, CloudflareWorkersProvider } = await import('../packages/deploy/src/cloudflare.ts');
const { GitHubLedger } = await import('../packages/deploy/src/github-ledger.ts');
const { Octokit } = await import('@octokit/core');
const { paginateRest } = await import('@octokit/plugin-paginate-rest');
const { restEndpointMethods } = await import('@octokit/plugin-rest-endpoint-methods');

const TOKEN = 'bench-provider-token';
const noSleep = async () => {};
const clouds = [
  [
    'vercel',
    async () => {
      const emu = await startVercelApi({ token: TOKEN, buildPolls: 0 });
      return {
        emu,
        provider: new VercelProvider({ token: TOKEN, project: 'shop', apiUrl: emu.url, sleep: noSleep }),
        inputs: { provider: 'vercel', project: 'shop', 'api-url': emu.url },
        production: () => emu.project.productionDeploymentId,
      };
    },
  ],
  [
    'netlify',
    async () => {
      const emu = await startNetlifyApi({ token: TOKEN });
      return {
        emu,
        provider: new NetlifyProvider({ token: TOKEN, site: 'shop', apiUrl: `${emu.url}/api/v1`, sleep: noSleep }),
        inputs: { provider: 'netlify', project: 'shop', 'api-url': `${emu.url}/api/v1` },
        production: () => emu.site.publishedDeployId,
      };
    },
  ],
  [
    'cloudflare-pages',
    async () => {
      const emu = await startCloudflareApi({ token: TOKEN, pagesPolls: 0 });
      const options = { token: TOKEN, account: emu.account, project: 'shop-pages', apiUrl: `${emu.url}/client/v4`, sleep: noSleep };
      return {
        emu,
        provider: new CloudflarePagesProvider(options),
        inputs: { provider: 'cloudflare-pages', account: emu.account, project: 'shop-pages', 'api-url': `${emu.url}/client/v4` },
        production: () => emu.pages.get('shop-pages')?.productionId,
      };
    },
  ],
  [
    'cloudflare-workers',
    async () => {
      const emu = await startCloudflareApi({ token: TOKEN });
      const options = { token: TOKEN, account: emu.account, project: 'shop-worker', apiUrl: `${emu.url}/client/v4`, sleep: noSleep };
      return {
        emu,
        provider: new CloudflareWorkersProvider(options),
        inputs: { provider: 'cloudflare-workers', account: emu.account, project: 'shop-worker', 'api-url': `${emu.url}/client/v4` },
        production: () => emu.workers.get('shop-worker')?.deployments[0]?.versions.find((v) => v.percentage === 100)?.version_id,
      };
    },
  ],
];

console.log('\ncloud providers against their emulators, ledger and issue on the GitHub API emulator (one run each)');
console.log('  provider            restored    verified    exited     provider API calls   GitHub API calls');
const calls = [];
for (const [name, make] of clouds) {
  const workspace = mkdtempSync(join(tmpdir(), 'shipkit-bench-rollback-cloud-'));
  const site = join(workspace, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.js'), 'export default { fetch() { return new Response("ok") } }');
  const { emu, provider, inputs, production } = await make();
  const gh = await startGitHubApi();
  const client = new (Octokit.plugin(paginateRest, restEndpointMethods))({ auth: 'seed', baseUrl: gh.url });
  const ledger = new GitHubLedger({ client, owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' });
  const deploy = async (text) => {
    writeFileSync(join(site, 'index.html'), text);
    const d = await provider.deploy({ target: 'production', directory: site, name: 'shop' });
    return provider.waitReady(d.id, { timeoutMs: 5000 });
  };
  const v1 = await deploy('v1');
  const v2 = await deploy('v2');
  // The environment's URL: an edge that serves what the emulator has in production.
  const edge = await startServer((_req, res) => json(res, production() === v1.id ? 200 : 500, { serving: production() }));
  await seed(ledger, { sha: sha('1'), id: v1.id, url: edge.url, provider: name });
  await seed(ledger, { sha: sha('2'), id: v2.id, url: edge.url, provider: name });
  const providerSince = emu.requests.length;
  const githubSince = gh.apiRequests().length;
  const t0 = performance.now();
  const wallStart = Date.now();
  const run = await runActionAsync('rollback', {
    cwd: workspace,
    inputs: { ...inputs, token: TOKEN, 'github-token': 'ghs_bench', reason: 'bench' },
    env: {
      GITHUB_SHA: sha('2'),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: gh.url,
      GITHUB_RUN_ID: '1',
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
  const exitedMs = performance.now() - t0;
  if (run.code !== 0 || production() !== v1.id) throw new Error(`${name}: rollback failed:\n${run.out}`);
  const made = emu.requests.slice(providerSince);
  const switched = made.find((q) => q.method === 'POST');
  const github = gh.apiRequests().slice(githubSince);
  const reads = github.filter((q) => q.method === 'GET' || q.path === '/graphql').length;
  console.log(
    `  ${name.padEnd(20)}${fmt(switched ? switched.at - wallStart : undefined)}    ${fmt(Number(run.outputs['duration-ms']))}  ${fmt(exitedMs)}  ` +
      `${String(made.length).padStart(6)}               ${github.length} (${reads} reads, ${github.length - reads} writes)`,
  );
  calls.push([name, made.map((q) => `${q.method} ${q.url}`), github.map((q) => `${q.method} ${q.path.replace(/\?.*/, '')}`)]);
  await Promise.all([emu.close(), gh.close(), edge.close()]);
  rmSync(workspace, { recursive: true, force: true });
}
console.log('\n  the calls (provider, then GitHub):');
for (const [name, made, github] of calls) {
  console.log(`  ${name}:`);
  for (const c of made) console.log(`    ${c}`);
  for (const c of github) console.log(`    github ${c}`);
}
