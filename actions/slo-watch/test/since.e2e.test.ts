/**
 * `since` as a deployment id of the ledger, through the committed bundle: the watched window starts
 * when the deployment's record was created, read from the local ledger file (outside GitHub) or
 * from GitHub Deployments (a loopback emulator of the REST API) written by the token's own account.
 * Counts come from the Datadog emulator, whose queries show the window the action asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FileLedger } from '@shipkit/deploy';
import { runBundle, startGitHubApi, type GitHubApi } from '@shipkit/testkit';
import { startDatadogApi, type DatadogApi } from '@shipkit/testkit/datadog-api';

const API_KEY = 'ddapi-9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const APP_KEY = 'ddapp-1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e';
let dd: DatadogApi;
let gh: GitHubApi;

beforeAll(async () => {
  dd = await startDatadogApi({ apiKey: API_KEY, appKey: APP_KEY });
  gh = await startGitHubApi();
});
afterAll(async () => {
  await dd.close();
  await gh.close();
});

const inputs = (since: string, extra: Record<string, string> = {}) => ({
  source: 'datadog',
  'datadog-site': dd.url,
  'datadog-api-key': API_KEY,
  'datadog-app-key': APP_KEY,
  selector: 'service:shop,version:v2',
  interval: '1s',
  duration: '2s',
  since,
  ...extra,
});

const payload = { shipkit: 1 as const, provider: 'local', name: 'pr-12', url: 'http://127.0.0.1:9' };

describe('slo-watch `since` as a ledger deployment id', () => {
  it('reads the local ledger file outside GitHub and watches from the deployment’s creation', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'slo-since-'));
    mkdirSync(join(workspace, '.shipkit'));
    const ledger = new FileLedger(join(workspace, '.shipkit', 'deployments.json'));
    await ledger.create({ environment: 'preview/pr-11', ref: 'main', sha: 'c'.repeat(40), transient: true, production: false, payload });
    const record = await ledger.create({
      environment: 'preview/pr-12',
      ref: 'feature/x',
      sha: 'a'.repeat(40),
      transient: true,
      production: false,
      payload,
    });
    // The deployment was created a while before the watch.
    await new Promise((r) => setTimeout(r, 1500));
    const before = dd.queries.length;
    const run = await runBundle('slo-watch', { cwd: workspace, inputs: inputs(record.id), timeoutMs: 60_000 });
    expect(run.code, run.stdout).toBe(0);
    expect(run.report?.data.since).toBe(record.createdAt);
    expect(run.report?.data.sinceDeployment).toEqual({
      id: record.id,
      ledger: `the local ledger ${join(workspace, '.shipkit', 'deployments.json')}`,
      environment: 'preview/pr-12',
      sha: 'a'.repeat(40),
      createdAt: record.createdAt,
    });
    expect(run.stdout).toContain(`slo-watch: since deployment ${record.id} (preview/pr-12, aaaaaaa), created ${record.createdAt}`);
    // The first read counts from the deployment's creation, not from the step's start.
    const from = Math.floor(Date.parse(record.createdAt) / 1000);
    expect(dd.queries.slice(before).some((q) => q.from === from)).toBe(true);
  });

  it('reads GitHub Deployments on a runner, only those the token’s own account wrote', async () => {
    const created = await fetch(`${gh.url}/repos/acme/shop/deployments`, {
      method: 'POST',
      headers: { authorization: 'token ghs_runner_token', 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', sha: 'b'.repeat(40), environment: 'production', payload }),
    }).then((r) => r.json() as Promise<{ id: number; created_at: string }>);
    await new Promise((r) => setTimeout(r, 1100));
    const run = await runBundle('slo-watch', {
      githubApiUrl: gh.url,
      inputs: inputs(String(created.id), { 'github-token': 'ghs_runner_token' }),
      timeoutMs: 60_000,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.report?.data.since).toBe(new Date(created.created_at).toISOString());
    expect(run.report?.data.sinceDeployment.ledger).toBe('GitHub Deployments of acme/shop written by github-actions[bot]');
    expect(run.masks).toContain('ghs_runner_token');
    // The same deployment is nobody's to a token of another account: refused, before any watching.
    gh.addToken('ghp_mallory', { login: 'mallory', type: 'User' });
    const before = dd.queries.length;
    const stranger = await runBundle('slo-watch', {
      githubApiUrl: gh.url,
      inputs: inputs(String(created.id), { 'github-token': 'ghp_mallory' }),
      timeoutMs: 60_000,
    });
    expect(stranger.code).toBe(1);
    expect(stranger.errors).toHaveLength(1);
    expect(stranger.errors[0]?.message).toBe(
      `\`since\`: deployment ${created.id} is not in GitHub Deployments of acme/shop written by mallory; give the id preview-deploy recorded (its \`github-deployment-id\` output), or a time`,
    );
    expect(dd.queries.length).toBe(before);
  });

  it('an unknown id or a malformed time is one error naming `since`, before any watching', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'slo-since-none-'));
    const before = dd.queries.length;
    const unknown = await runBundle('slo-watch', { cwd: workspace, inputs: inputs('4242') });
    expect(unknown.code).toBe(1);
    expect(unknown.errors.map((e) => e.message)).toEqual([
      `\`since\`: deployment 4242 is not in the local ledger ${join(workspace, '.shipkit', 'deployments.json')}; give the id preview-deploy recorded (its \`github-deployment-id\` output), or a time`,
    ]);
    const malformed = await runBundle('slo-watch', { cwd: workspace, inputs: inputs('yesterday-ish') });
    expect(malformed.errors.map((e) => e.message)).toEqual([
      "`since` must be an ISO 8601 time such as `2026-01-31T12:00:00Z`, a duration ago such as `10m`, or a deployment id of the ledger (preview-deploy's `github-deployment-id`), got `yesterday-ish`",
    ]);
    expect(dd.queries.length).toBe(before);
  });
});
