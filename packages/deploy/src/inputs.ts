/**
 * The provider inputs, declared once: preview-deploy, canary-step and rollback spread
 * `providerInputs` into their own `defineInputs`, list the same names in their action.yml, and turn
 * the typed values into a provider with `createProvider` — so every deploy-lane action accepts the
 * same providers with the same inputs, and says the same thing about the same mistake.
 *
 * Each action names the operations it will call (`deploy`, `destroy`, `traffic`, `promote`,
 * `rollback`); a provider's required inputs are checked for those only, every missing one at once,
 * each message naming the input and what to give.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, InputErrors, defineInputs, type Inputs } from '@shipkit/kit';
import { readableRoots, resolveInside } from '@shipkit/kit/paths';
import type { DeployProvider } from './provider';

export const PROVIDERS = ['local', 'command', 'vercel', 'cloudflare-pages', 'cloudflare-workers', 'netlify'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const providerInputs = defineInputs({
  provider: { type: 'enum', values: PROVIDERS, default: 'local' },
  directory: { type: 'string', default: '.' },
  'start-command': { type: 'string' },
  'deploy-command': { type: 'string' },
  'destroy-command': { type: 'string' },
  'promote-command': { type: 'string' },
  'rollback-command': { type: 'string' },
  'weight-command': { type: 'string' },
  token: { type: 'string', secret: true },
  project: { type: 'string' },
  account: { type: 'string' },
  'api-url': { type: 'url' },
  'wait-timeout': { type: 'duration', default: '5m', min: 1000, max: 3_600_000 },
});

/** The typed values of the fragment (an action's own typed inputs, which spread it, fit too). */
export type ProviderInputs = Inputs<typeof providerInputs>;

/** What an action will ask of the provider; only these operations' inputs are required. */
export type ProviderOperation = 'deploy' | 'destroy' | 'traffic' | 'promote' | 'rollback';

type Key = keyof ProviderInputs;
interface Need {
  input: string;
  key: Key;
  fix: string;
  /** The operations that need it; every one when omitted. */
  for?: readonly ProviderOperation[];
}

const TOKEN: Need = { input: 'token', key: 'token', fix: 'pass the API token from a secret (`token: ${{ secrets.… }}`)' };
const ACCOUNT: Need = { input: 'account', key: 'account', fix: 'the Cloudflare account id (dashboard → Workers & Pages → Account ID)' };

const NEEDS: Record<ProviderName, readonly Need[]> = {
  local: [{ input: 'start-command', key: 'startCommand', fix: 'how to start the app, e.g. `npm start` (`$PORT` is set)', for: ['deploy'] }],
  command: [
    { input: 'deploy-command', key: 'deployCommand', fix: 'a script that deploys and prints `{"url": …, "id": …}` last', for: ['deploy'] },
    {
      input: 'destroy-command',
      key: 'destroyCommand',
      fix: 'a script that removes the deployment (`$SHIPKIT_DEPLOYMENT_ID`)',
      for: ['destroy'],
    },
    {
      input: 'weight-command',
      key: 'weightCommand',
      fix: 'a script that sends `$SHIPKIT_WEIGHT` % of traffic to `$SHIPKIT_DEPLOYMENT_ID`',
      for: ['traffic'],
    },
    {
      input: 'promote-command',
      key: 'promoteCommand',
      fix: 'a script that sends all traffic to `$SHIPKIT_DEPLOYMENT_ID`',
      for: ['promote'],
    },
    {
      input: 'rollback-command',
      key: 'rollbackCommand',
      fix: 'a script that puts `$SHIPKIT_DEPLOYMENT_ID` back in service',
      for: ['rollback'],
    },
  ],
  vercel: [{ input: 'project', key: 'project', fix: 'the Vercel project id or name' }, TOKEN],
  netlify: [{ input: 'project', key: 'project', fix: 'the Netlify site id or name' }, TOKEN],
  'cloudflare-pages': [ACCOUNT, { input: 'project', key: 'project', fix: 'the Pages project name' }, TOKEN],
  'cloudflare-workers': [ACCOUNT, { input: 'project', key: 'project', fix: 'the Worker script name' }, TOKEN],
};

/** Providers reached through an API with a token (a fork PR has none: the action skips). */
export const needsToken = (provider: ProviderName): boolean => NEEDS[provider].includes(TOKEN);

/**
 * Every input the provider lacks for `operations`, thrown as one error (one `::error::` line that
 * names each input and what to give). Nothing is started or sent before this passes.
 */
export function checkProviderInputs(i: ProviderInputs, operations: readonly ProviderOperation[]): void {
  const missing = NEEDS[i.provider].filter((n) => (!n.for || n.for.some((op) => operations.includes(op))) && !i[n.key]);
  if (missing.length > 0)
    throw new InputErrors(missing.map((n) => ({ input: n.input, message: `provider \`${i.provider}\` needs it: ${n.fix}` })));
}

/** Where the local provider keeps its deployments, shared by every action of a job (a later step finds them). */
export const localStateDir = (workspace: string): string => join(workspace, '.shipkit');

/** The workspace: GITHUB_WORKSPACE on a runner, the current directory elsewhere. */
export const workspaceOf = (env: NodeJS.ProcessEnv = process.env): string => env.GITHUB_WORKSPACE || process.cwd();

/**
 * `directory` resolved (symlinks followed) inside the workspace or RUNNER_TEMP, and a directory;
 * otherwise one error naming the input.
 */
export function resolveDirectory(directory: string, env: NodeJS.ProcessEnv = process.env): string {
  const workspace = workspaceOf(env);
  const full = resolveInside(directory, {
    roots: readableRoots(env, workspace),
    input: 'directory',
    cwd: workspace,
    fix: 'deploy a folder of the checkout (or one a step wrote under RUNNER_TEMP), not a link out of it',
  });
  if (!existsSync(full) || !statSync(full).isDirectory())
    throw new ConfigurationError(
      `\`directory\` \`${directory}\` is not a directory in the workspace; did the build step run (and write there)?`,
      'directory',
    );
  return full;
}

export interface CreateProviderOptions {
  /** What the action will call; their inputs are required (see `checkProviderInputs`). */
  operations: readonly ProviderOperation[];
  env?: NodeJS.ProcessEnv;
  /** Local provider's state (default `<workspace>/.shipkit`, where every action of the job looks). */
  stateDir?: string;
}

/**
 * The provider the inputs name, checked first (inputs, then `directory`). The provider's module
 * is loaded only now, so an action pays only for the one it uses.
 */
export async function createProvider(
  i: ProviderInputs,
  options: CreateProviderOptions,
): Promise<{ provider: DeployProvider; directory: string }> {
  checkProviderInputs(i, options.operations);
  const env = options.env ?? process.env;
  const workspace = workspaceOf(env);
  // The directory matters to a deploy, and to every script of the command provider (its cwd).
  const directory = options.operations.includes('deploy') || i.provider === 'command' ? resolveDirectory(i.directory, env) : workspace;
  const base = { token: i.token ?? '', apiUrl: i.apiUrl };
  switch (i.provider) {
    case 'local': {
      const { LocalProvider } = await import('./local');
      const provider = new LocalProvider({ startCommand: i.startCommand ?? '', stateDir: options.stateDir ?? localStateDir(workspace) });
      return { provider, directory };
    }
    case 'command': {
      const { CommandProvider } = await import('./command');
      const provider = new CommandProvider({
        deployCommand: i.deployCommand,
        destroyCommand: i.destroyCommand,
        promoteCommand: i.promoteCommand,
        rollbackCommand: i.rollbackCommand,
        weightCommand: i.weightCommand,
        cwd: directory,
        timeoutMs: i.waitTimeout,
      });
      return { provider, directory };
    }
    case 'vercel': {
      const { VercelProvider } = await import('./vercel');
      return { provider: new VercelProvider({ ...base, project: i.project ?? '', team: i.account }), directory };
    }
    case 'netlify': {
      const { NetlifyProvider } = await import('./netlify');
      return { provider: new NetlifyProvider({ ...base, site: i.project ?? '' }), directory };
    }
    case 'cloudflare-pages': {
      const { CloudflarePagesProvider } = await import('./cloudflare');
      return { provider: new CloudflarePagesProvider({ ...base, account: i.account ?? '', project: i.project ?? '' }), directory };
    }
    case 'cloudflare-workers': {
      const { CloudflareWorkersProvider } = await import('./cloudflare');
      return { provider: new CloudflareWorkersProvider({ ...base, account: i.account ?? '', project: i.project ?? '' }), directory };
    }
  }
}
