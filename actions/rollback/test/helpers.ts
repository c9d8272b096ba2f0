/** What the rollback tests share: a ledger seeded as the deploy actions leave it, and a production edge. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import type { GitHubClient } from '@shipkit/kit/github';
import { FileLedger } from '@shipkit/deploy/file-ledger';
import { GitHubLedger } from '@shipkit/deploy/github-ledger';
import type { Ledger, LedgerState } from '@shipkit/deploy';
import { json, startGitHubApi, startServer, type GitHubApi, type TestServer } from '@shipkit/testkit';

export const RUN_URL = 'https://github.com/acme/shop/actions/runs/1001';
export const OTHER_RUN = 'https://github.com/acme/shop/actions/runs/777';
export const sha = (c: string): string => c.repeat(40).slice(0, 40);

/** The file ledger the action reads outside GitHub: `<workspace>/.shipkit/deployments.json`. */
export const fileLedger = (workspace: string): FileLedger => {
  mkdirSync(join(workspace, '.shipkit'), { recursive: true });
  return new FileLedger(join(workspace, '.shipkit', 'deployments.json'));
};

// The kit's client spaces writes a second apart; seeding the emulator needs no such pause.
export const plainClient = (api: GitHubApi): GitHubClient =>
  new (Octokit.plugin(paginateRest, restEndpointMethods))({ auth: 'seed', baseUrl: api.url }) as unknown as GitHubClient;

export async function githubLedger(): Promise<{ gh: GitHubApi; ledger: GitHubLedger }> {
  const gh = await startGitHubApi();
  return { gh, ledger: new GitHubLedger({ client: plainClient(gh), owner: 'acme', repo: 'shop', identity: 'github-actions[bot]' }) };
}

export interface Seeded {
  id: string;
  providerId: string;
  sha: string;
}

/** A production deployment as a deploy step records it: in progress, then its final state with the provider id. */
export async function seed(
  ledger: Ledger,
  o: {
    sha: string;
    providerId: string;
    url: string;
    state?: LedgerState;
    environment?: string;
    provider?: string;
    logUrl?: string;
    pid?: number;
  },
): Promise<Seeded> {
  const environment = o.environment ?? 'production';
  const r = await ledger.create({
    environment,
    ref: 'main',
    sha: o.sha,
    transient: false,
    production: environment === 'production',
    payload: { shipkit: 1, provider: o.provider ?? 'command', name: 'shop' },
  });
  await ledger.setStatus(r.id, { state: 'in_progress', logUrl: o.logUrl ?? OTHER_RUN });
  const state = o.state ?? 'success';
  if (state !== 'in_progress')
    await ledger.setStatus(r.id, {
      state,
      environmentUrl: o.url,
      logUrl: o.logUrl ?? OTHER_RUN,
      description: state === 'success' ? JSON.stringify({ id: o.providerId, ...(o.pid ? { pid: o.pid } : {}) }) : 'deploy failed',
    });
  return { id: r.id, providerId: o.providerId, sha: o.sha };
}

/**
 * The environment's public URL: it serves whichever deployment `live()` names, healthy or not as
 * `healthy(id)` says, so the probes pass only when the rollback really moved traffic.
 */
export async function startEdge(live: () => string | undefined, healthy: (id: string) => boolean): Promise<TestServer> {
  return startServer((req, res) => {
    const id = live();
    if (!id) return json(res, 503, { error: 'nothing deployed' });
    res.setHeader('x-served-by', id);
    if (!healthy(id)) return json(res, 500, { error: `deployment ${id} is broken` });
    json(res, 200, { ok: true, deployment: id, path: req.url });
  });
}

/** Writes a shipkit report envelope (what slo-watch, smoke or diagnose leave) and returns its path. */
export function writeEnvelope(dir: string, name: string, action: string, verdict: string, data: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      schema: 'https://shipkit.dev/schemas/report/v1',
      action,
      version: '1.0.0',
      verdict,
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: 1,
      data,
    }),
  );
  return path;
}

/** The writes a run made to the GitHub emulator (everything but GET and the identity query). */
export const writes = (gh: GitHubApi, since = 0) =>
  gh
    .apiRequests()
    .slice(since)
    .filter((r) => r.method !== 'GET' && r.path !== '/graphql');

/** The latest status of each ledger record in the GitHub emulator, by id. */
export function latestStates(gh: GitHubApi): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of gh.state.deployments) {
    const s = gh.state.deploymentStatuses.filter((x) => x.deployment_id === d.id).sort((a, b) => Number(b.id) - Number(a.id))[0];
    out[String(d.id)] = String(s?.state ?? 'none');
  }
  return out;
}
