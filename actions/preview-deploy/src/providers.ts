/** The provider the inputs name, checked before anything is deployed. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { ConfigurationError } from '@shipkit/kit';
import type { DeployProvider } from '@shipkit/deploy';
import type { PROVIDERS } from './inputs';

export interface ProviderInputs {
  provider: (typeof PROVIDERS)[number];
  directory: string;
  startCommand?: string;
  deployCommand?: string;
  destroyCommand?: string;
  token?: string;
  project?: string;
  account?: string;
  apiUrl?: string;
  waitTimeout: number;
}

const NEEDS: Record<string, { input: string; key: keyof ProviderInputs; hint: string }[]> = {
  local: [{ input: 'start-command', key: 'startCommand', hint: 'how to start the app, e.g. `npm start` (`$PORT` is set)' }],
  command: [{ input: 'deploy-command', key: 'deployCommand', hint: 'a script that deploys and prints `{"url": …, "id": …}` last' }],
  vercel: [{ input: 'project', key: 'project', hint: 'the Vercel project id or name' }],
  'cloudflare-pages': [
    { input: 'account', key: 'account', hint: 'the Cloudflare account id' },
    { input: 'project', key: 'project', hint: 'the Pages project name' },
  ],
  'cloudflare-workers': [
    { input: 'account', key: 'account', hint: 'the Cloudflare account id' },
    { input: 'project', key: 'project', hint: 'the Worker script name' },
  ],
  netlify: [{ input: 'project', key: 'project', hint: 'the Netlify site id or name' }],
};

export const isCloud = (provider: string): boolean => provider !== 'local' && provider !== 'command';

/** The directory, resolved inside the workspace (symlinks followed), or one error naming the input. */
export function resolveDirectory(directory: string, workspace: string): string {
  const full = isAbsolute(directory) ? directory : resolve(workspace, directory);
  if (!existsSync(full) || !statSync(full).isDirectory())
    throw new ConfigurationError(`\`directory\` \`${directory}\` does not exist in the workspace; did the build step run?`, 'directory');
  const real = realpathSync(full);
  const root = realpathSync(workspace);
  if (real !== root && !real.startsWith(root + sep))
    throw new ConfigurationError(`\`directory\` \`${directory}\` is outside the workspace; deploy a folder of the checkout`, 'directory');
  return real;
}

/** Problems with the provider's inputs, all at once. */
export function checkProviderInputs(i: ProviderInputs, mode: string, needToken: boolean): void {
  const missing = (NEEDS[i.provider] ?? []).filter((n) => !i[n.key] && !(mode !== 'deploy' && n.key === 'startCommand'));
  if (mode !== 'deploy' && i.provider === 'command') {
    missing.length = 0;
    if (!i.destroyCommand)
      missing.push({
        input: 'destroy-command',
        key: 'destroyCommand',
        hint: 'a script that removes the deployment ($SHIPKIT_DEPLOYMENT_ID)',
      });
  }
  if (missing[0])
    throw new ConfigurationError(
      missing.map((m) => `provider \`${i.provider}\` needs \`${m.input}\`: ${m.hint}`).join('; '),
      missing[0].input,
    );
  if (needToken && isCloud(i.provider) && !i.token)
    throw new ConfigurationError(
      `provider \`${i.provider}\` needs \`token\`: pass the API token from a secret (\`token: \${{ secrets.… }}\`)`,
      'token',
    );
}

export async function createProvider(i: ProviderInputs, stateDir: string, cwd: string): Promise<DeployProvider> {
  const base = { token: i.token ?? '', apiUrl: i.apiUrl };
  switch (i.provider) {
    case 'local': {
      const { LocalProvider } = await import('@shipkit/deploy/local');
      return new LocalProvider({ startCommand: i.startCommand ?? '', stateDir });
    }
    case 'command': {
      const { CommandProvider } = await import('@shipkit/deploy/command');
      return new CommandProvider({ deployCommand: i.deployCommand ?? '', destroyCommand: i.destroyCommand, cwd, timeoutMs: i.waitTimeout });
    }
    case 'vercel': {
      const { VercelProvider } = await import('@shipkit/deploy/vercel');
      return new VercelProvider({ ...base, project: i.project ?? '', team: i.account });
    }
    case 'netlify': {
      const { NetlifyProvider } = await import('@shipkit/deploy/netlify');
      return new NetlifyProvider({ ...base, site: i.project ?? '' });
    }
    case 'cloudflare-pages': {
      const { CloudflarePagesProvider } = await import('@shipkit/deploy/cloudflare');
      return new CloudflarePagesProvider({ ...base, account: i.account ?? '', project: i.project ?? '' });
    }
    case 'cloudflare-workers': {
      const { CloudflareWorkersProvider } = await import('@shipkit/deploy/cloudflare');
      return new CloudflareWorkersProvider({ ...base, account: i.account ?? '', project: i.project ?? '' });
    }
  }
}
