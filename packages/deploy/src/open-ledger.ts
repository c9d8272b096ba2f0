/**
 * Which ledger a deploy-lane action writes: GitHub Deployments on a runner with a token and a
 * repository, else the local file in the workspace's `.shipkit` directory (the CLI, the local
 * pipeline). Octokit and the ledgers load only here, when asked for.
 */
import { join } from 'node:path';
import type { GitHubClient } from '@shipkit/kit/github';
import type { Ledger } from './ledger';

export interface OpenedLedger {
  ledger: Ledger;
  /** Set for the GitHub ledger: the same client writes issues and comments. */
  client?: GitHubClient;
  /** The login the token acts as (only its own records, issues and comments count). */
  identity?: string;
  /** Where the records are, for people: `GitHub Deployments of acme/shop` or the file's path. */
  where: string;
}

export interface LedgerChoice {
  /** The GitHub token; without it (or outside a runner, or without a repository) the file ledger is used. */
  token?: string;
  repository?: { owner: string; repo: string };
  /** The directory of the local state (`localStateDir(workspace)`). */
  stateDir: string;
  env?: NodeJS.ProcessEnv;
}

export const ledgerFile = (stateDir: string): string => join(stateDir, 'deployments.json');

export async function openLedger(choice: LedgerChoice): Promise<OpenedLedger> {
  const env = choice.env ?? process.env;
  if (!choice.token || !choice.repository || env.GITHUB_ACTIONS !== 'true') {
    const { FileLedger } = await import('./file-ledger');
    const path = ledgerFile(choice.stateDir);
    return { ledger: new FileLedger(path), where: path };
  }
  const { githubClient, tokenIdentity } = await import('@shipkit/kit/github');
  const { GitHubLedger } = await import('./github-ledger');
  const client = githubClient({ token: choice.token }, env);
  const identity = await tokenIdentity(client);
  const { owner, repo } = choice.repository;
  return {
    ledger: new GitHubLedger({ client, owner, repo, identity }),
    client,
    identity,
    where: `GitHub Deployments of ${owner}/${repo}`,
  };
}
