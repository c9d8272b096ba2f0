/**
 * canary-step's committed bundle with the local provider, against real processes: releases of the
 * example service started by the provider, the traffic proxy (dist/proxy) launched detached in
 * front of them, its own counts read from its /metrics, autocannon through the stable URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { copyExampleApp } from '@shipkit/example-app/src/copy.js';
import { bundlePath, readActionYml, runBundle } from '@shipkit/testkit';
import { prepareRun, readRunFiles } from '@shipkit/cli/runner';
import { parseCommands } from '@shipkit/cli/workflow-commands';
import { groupAlive, killGroup } from '@shipkit/kit/exec';
import { LocalProvider } from '@shipkit/deploy/local';
import { FileLedger } from '@shipkit/deploy/file-ledger';
import { proxyAdminClient } from '@shipkit/proxy/client';

let workspace: string;
let stateDir: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-canary-'));
  stateDir = join(workspace, '.shipkit');
  copyExampleApp(join(workspace, 'app'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  rmSync(workspace, { recursive: true, force: true });
});

const provider = (version: string, extra = '') =>
  new LocalProvider({ startCommand: `APP_VERSION=${version} ${extra} exec node src/server.js`, stateDir });

/** A release of the example service, started as the local provider starts one. */
async function release(version: string, extra = '') {
  const p = provider(version, extra);
  const d = await p.deploy({ target: 'production', directory: join(workspace, 'app'), name: 'shop' });
  await p.waitReady(d.id, { timeoutMs: 15_000 });
  cleanups.push(() => p.delete(d.id).catch(() => killGroup(Number(d.details?.pid), 'SIGKILL')));
  return d;
}

/** The stable release serving the app's stable URL behind its proxy (the environment before the canary). */
async function environment() {
  const v1 = await release('1.0.0');
  const p = provider('1.0.0');
  await p.promote(v1.id);
  cleanups.push(() => p.stopTraffic('shop'));
  const record = p.trafficRecord('shop');
  if (!record) throw new Error('no proxy');
  const token = readFileSync(join(stateDir, 'local-traffic', 'shop', 'token'), 'utf8').trim();
  return { v1, p, url: record.url, admin: proxyAdminClient({ adminUrl: record.proxy.adminUrl, token }) };
}

const quick = {
  provider: 'local',
  name: 'shop',
  bake: '30s',
  interval: '1s',
  // A 5 % budget needs ~125 canary requests to pass a step, so a test's few seconds of traffic decide it.
  'error-slo': '95%',
  'latency-slo': '95% < 1s',
};

/** Users through the stable URL until `stop()`, which resolves autocannon's result. */
function load(url: string, rate = 1000): { stop(): Promise<autocannon.Result> } {
  let done!: (r: autocannon.Result) => void;
  const result = new Promise<autocannon.Result>((resolve) => (done = resolve));
  const instance = autocannon({ url: `${url}/api/items`, connections: 10, overallRate: rate, duration: 120 }, (_e, r) => done(r));
  return {
    stop: () => {
      instance.stop();
      return result;
    },
  };
}

const ledgerStates = async (candidate: string) => {
  const ledger = new FileLedger(join(stateDir, 'deployments.json'));
  for await (const r of ledger.list('production')) if (r.payload.providerId === candidate) return r.statuses.map((s) => s.state).reverse();
  return [];
};

describe('canary-step with the local provider', () => {
  it('moves 0 → 5 → 25 → 100 % under ~1,000 req/s with zero failed requests, promotes, retires the old stable', async () => {
    const { v1, url, admin } = await environment();
    const v2 = await release('2.0.0');
    const traffic = load(url);
    const r = await runBundle('canary-step', { inputs: { ...quick, candidate: v2.id, stable: v1.id }, cwd: workspace, timeoutMs: 110_000 });
    const result = await traffic.stop();
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({ verdict: 'promoted', weight: '100', step: '3' });
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.requests.total).toBeGreaterThan(2000);
    const data = r.report?.data;
    expect(data.steps.map((s: { weight: number; verdict: string }) => [s.weight, s.verdict])).toEqual([
      [5, 'pass'],
      [25, 'pass'],
      [100, 'promoted'],
    ]);
    // Early passes: each watched step ended before its bake.
    for (const s of data.steps.slice(0, 2)) expect(s.durationMs).toBeLessThan(30_000);
    expect(data.timeline.map((p: { weight: number }) => p.weight)).toEqual([0, 5, 25, 100]);
    expect(data.steps[0].decision.metrics[0].candidate.requests).toBeGreaterThan(0);
    expect(data.steps[0].decision.metrics[0].baseline.requests).toBeGreaterThan(data.steps[0].decision.metrics[0].candidate.requests);
    // The old stable drained and stopped; the candidate serves the stable URL.
    expect(groupAlive(Number(v1.details?.pid))).toBe(false);
    expect((await admin.state()).stable.version).toBe(v2.id);
    expect(data.url).toBe(url);
    expect(await ledgerStates(v2.id)).toEqual(['in_progress', 'in_progress', 'in_progress', 'success']);
    expect(r.summary).toContain('xychart-beta');
    expect(r.summary).toMatch(/\| 2 \| 25 % \|/);
    // The token never leaves its file.
    const token = readFileSync(join(stateDir, 'local-traffic', 'shop', 'token'), 'utf8').trim();
    expect(r.masks).toContain(token);
    const printed = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n') + r.summary + JSON.stringify(r.report)).not.toContain(token);
  });

  it.each([
    { mode: 'failing', metric: 'errors', extra: '' },
    { mode: 'slow', metric: 'latency', extra: 'APP_SLOW_MS=400' },
  ])('a $mode candidate is aborted at 5 percent with `$metric` named; all traffic back on stable', async ({ mode, metric, extra }) => {
    const { v1, url, admin } = await environment();
    const v2 = await release('2.0.0', extra);
    await fetch(`${v2.url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode }) });
    const traffic = load(url, 600);
    const r = await runBundle('canary-step', { inputs: { ...quick, candidate: v2.id, stable: v1.id }, cwd: workspace, timeoutMs: 110_000 });
    await traffic.stop();
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs).toMatchObject({ verdict: 'aborted', weight: '0', step: '1' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(new RegExp(`aborted at 5 %: ${metric}: canary [\\d,]+/[\\d,]+ = `));
    expect(r.report?.data.failed).toBe(metric);
    const state = await admin.state();
    expect(state.weights).toEqual({ stable: 100, candidate: 0 });
    for (let k = 0; k < 20; k++) expect((await fetch(`${url}/healthz`)).headers.get('x-app-version')).toBe('1.0.0');
    expect(await ledgerStates(v2.id)).toEqual(['in_progress', 'in_progress', 'failure']);
  });

  it('a candidate killed with SIGKILL mid-step is ejected, its errors counted, the canary aborted, traffic on stable', async () => {
    const { v1, url, admin } = await environment();
    const v2 = await release('2.0.0');
    const traffic = load(url);
    const run = runBundle('canary-step', {
      inputs: { ...quick, 'error-slo': '99.9%', candidate: v2.id, stable: v1.id },
      cwd: workspace,
      timeoutMs: 110_000,
    });
    await until(async () => (await admin.state()).weights.candidate === 5);
    await new Promise((r) => setTimeout(r, 1500));
    killGroup(Number(v2.details?.pid), 'SIGKILL');
    const r = await run;
    const result = await traffic.stop();
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('aborted');
    expect(r.report?.data.failed).toBe('health');
    expect(r.errors[0]?.message).toMatch(/health check: the candidate .* is deleted/);
    expect((await admin.state()).weights.candidate).toBe(0);
    // The proxy re-sent the candidate's failed GETs to stable: the users saw no error.
    expect(result.non2xx).toBe(0);
    const text = await admin.metrics();
    expect(text).toMatch(new RegExp(`shipkit_proxy_backend_failures_total\\{[^}]*arm="candidate"[^}]*version="${v2.id}"`));
  });

  it('sent SIGTERM mid-bake, it puts all traffic back on stable before it exits', async () => {
    const { v1, admin } = await environment();
    const v2 = await release('2.0.0');
    const meta = readActionYml('canary-step');
    const run = prepareRun({
      action: meta as never,
      inputs: { ...quick, bake: '5m', candidate: v2.id, stable: v1.id },
      defaults: true,
      workspace,
      baseEnv: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_REPOSITORY: 'acme/shop' },
    });
    cleanups.push(async () => run.dispose());
    const child = spawn(process.execPath, [bundlePath('canary-step')], { cwd: run.cwd, env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    await until(async () => (await admin.state()).weights.candidate === 5);
    child.kill('SIGTERM');
    const code = await exited;
    // Checked the moment it exited: nothing after the exit could have moved it.
    expect((await admin.state()).weights).toEqual({ stable: 100, candidate: 0 });
    expect(code, stdout).toBe(143);
    const files = readRunFiles(run.files);
    expect(files.outputs.verdict).toBe('aborted');
    const report = JSON.parse(readFileSync(files.outputs.report as string, 'utf8'));
    expect(report.data.cancelled).toBe('SIGTERM');
    expect(parseCommands(stdout).filter((c) => c.command === 'error')).toHaveLength(1);
    expect(await ledgerStates(v2.id)).toEqual(['in_progress', 'in_progress', 'failure']);
  });

  it('one job per step: `weight` holds each step (paused), `resume` goes on from the provider’s weight with the evidence so far', async () => {
    const { v1, url, admin } = await environment();
    const v2 = await release('2.0.0');
    const traffic = load(url, 600);
    const step = (extra: Record<string, string>) =>
      runBundle('canary-step', { inputs: { ...quick, candidate: v2.id, stable: v1.id, ...extra }, cwd: workspace, timeoutMs: 110_000 });
    const first = await step({ weight: '5' });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ verdict: 'paused', weight: '5', step: '1' });
    expect(first.outputs.reason).toMatch(/^held at 5 % after the step passed/);
    expect((await admin.state()).weights.candidate).toBe(5);
    // (An approval between the jobs.) The next job: 25 %, the evidence of the first carried on.
    const second = await step({ weight: '25', resume: 'true' });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ verdict: 'paused', weight: '25', step: '2' });
    const intervals = (r: typeof first) => r.report?.data.analysis.metrics[0].intervals.length as number;
    expect(second.report?.data.analysis.step).toBe(2);
    expect(intervals(second)).toBeGreaterThan(intervals(first));
    expect(second.report?.data.analysis.metrics[0].intervals.slice(0, intervals(first))).toEqual(
      first.report?.data.analysis.metrics[0].intervals,
    );
    // The last job resumes the ladder: above 25 % there is only the promotion.
    const last = await step({ resume: 'true' });
    await traffic.stop();
    expect(last.code, last.stdout).toBe(0);
    expect(last.outputs).toMatchObject({ verdict: 'promoted', weight: '100', step: '3' });
    expect((await admin.state()).stable.version).toBe(v2.id);
    // One ledger record across the three jobs: in progress at each step, then the success.
    const states = await ledgerStates(v2.id);
    expect(states.at(-1)).toBe('success');
    expect(new Set(states.slice(0, -1))).toEqual(new Set(['in_progress']));
    // Nothing to resume for another candidate.
    const other = await runBundle('canary-step', { inputs: { ...quick, candidate: 'shop-1', resume: 'true' }, cwd: workspace });
    expect(other.code).toBe(1);
    expect(other.errors[0]?.message).toMatch(/`resume`: no earlier run of shop with candidate `shop-1`/);
  });

  it.each([
    { policy: 'pause', verdict: 'paused', code: 0, weight: 5 },
    { policy: 'abort', verdict: 'aborted', code: 1, weight: 0 },
    { policy: 'promote', verdict: 'promoted', code: 0, weight: 100 },
  ])('no traffic, so each step ends undecided: on-inconclusive $policy → $verdict', async ({ policy, verdict, code, weight }) => {
    const { v1, admin } = await environment();
    const v2 = await release('2.0.0');
    const r = await runBundle('canary-step', {
      inputs: { ...quick, bake: '2s', 'on-inconclusive': policy, candidate: v2.id, stable: v1.id },
      cwd: workspace,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stdout).toBe(code);
    expect(r.outputs).toMatchObject({ verdict, weight: String(weight) });
    expect(r.outputs.reason).toMatch(policy === 'promote' ? /promoted to 100 %/ : /no candidate traffic at all, so no evidence/);
    const state = await admin.state();
    if (policy === 'promote') expect(state.stable.version).toBe(v2.id);
    else expect(state.weights.candidate).toBe(weight);
  });

  it('starts a candidate from a folder when it is not a deployment, and takes the proxy’s stable as the stable one', async () => {
    const { v1, url } = await environment();
    const traffic = load(url, 300);
    const r = await runBundle('canary-step', {
      // A fresh process's first requests are cold: latency judged at the baseline's p99, not p95.
      inputs: { ...quick, 'latency-slo': '99% < 1s', candidate: 'app', 'start-command': 'APP_VERSION=3.0.0 exec node src/server.js' },
      cwd: workspace,
      timeoutMs: 110_000,
    });
    await traffic.stop();
    expect(r.code, r.stdout).toBe(0);
    expect(r.report?.data.stable).toBe(v1.id);
    expect((await fetch(`${url}/healthz`)).headers.get('x-app-version')).toBe('3.0.0');
    await provider('3.0.0')
      .delete(r.report?.data.candidate)
      .catch(() => undefined);
  });
});

describe('bad input: one clear error before any traffic moves', () => {
  it.each([
    [{ steps: '25,5,100' }, 'steps', /steps must increase, but 5 follows 25/],
    [{ steps: '5,25,50' }, 'steps', /the last step must be 100/],
    [{ steps: '5,abc,100' }, 'steps', /`abc` is not a whole percentage/],
    [{ weight: '150' }, 'weight', /must be at most 100, got 150/],
    [{ weight: '-1' }, 'weight', /must be at least 0/],
  ])('%j', async (extra, input, message) => {
    const { v1, admin } = await environment();
    const v2 = await release('2.0.0');
    const before = await admin.state();
    const r = await runBundle('canary-step', { inputs: { ...quick, candidate: v2.id, stable: v1.id, ...extra }, cwd: workspace });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(message);
    expect(r.errors[0]?.message).toContain(`\`${input}\``);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect((await admin.state()).weights).toEqual(before.weights);
  });

  it('`weight` with a provider without traffic control, and no source for a cloud provider', async () => {
    const r = await runBundle('canary-step', {
      inputs: {
        provider: 'netlify',
        project: 'shop',
        token: 't',
        candidate: 'd1',
        weight: '5',
        source: 'exposition',
        'exposition-url': 'http://127.0.0.1:1/metrics',
        baseline: 'none',
      },
      cwd: workspace,
    });
    expect(r.code).toBe(1);
    expect(r.errors[0]?.message).toMatch(/`weight`.*netlify provider cannot split traffic/);
    const s = await runBundle('canary-step', {
      inputs: { provider: 'vercel', project: 'shop', token: 't', candidate: 'd1' },
      cwd: workspace,
    });
    expect(s.code).toBe(1);
    expect(s.errors[0]?.message).toMatch(/`source` is required with provider `vercel`/);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}
