// The deploy lane's shared provider inputs: each provider's required inputs for the operations an
// action calls, every missing one in one error; `directory` inside the workspace; the provider built.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputErrors, readInputs } from '@shipkit/kit';
import { checkProviderInputs, createProvider, needsToken, providerInputs, type ProviderInputs } from '../src/inputs';

const ws = mkdtempSync(join(tmpdir(), 'shipkit-deploy-inputs-'));
mkdirSync(join(ws, 'site'));
symlinkSync(tmpdir(), join(ws, 'out'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const typed = (values: Record<string, string>): Promise<ProviderInputs> =>
  readInputs(providerInputs, Object.fromEntries(Object.entries(values).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])));

const problems = async (values: Record<string, string>, ops: Parameters<typeof checkProviderInputs>[1]) => {
  try {
    checkProviderInputs(await typed(values), ops);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(InputErrors);
    return (e as InputErrors).problems.map((p) => p.input);
  }
};

describe('checkProviderInputs', () => {
  it.each([
    [{ provider: 'local' }, ['deploy'], ['start-command']],
    [{ provider: 'local' }, ['destroy', 'rollback'], []],
    [{ provider: 'command' }, ['deploy', 'destroy'], ['deploy-command', 'destroy-command']],
    [
      { provider: 'command', 'deploy-command': 'x' },
      ['deploy', 'traffic', 'promote', 'rollback'],
      ['weight-command', 'promote-command', 'rollback-command'],
    ],
    [{ provider: 'command' }, ['destroy'], ['destroy-command']],
    [{ provider: 'vercel' }, ['deploy'], ['project', 'token']],
    [{ provider: 'vercel', project: 'p', token: 't' }, ['deploy', 'promote'], []],
    [{ provider: 'netlify', project: 's' }, ['destroy'], ['token']],
    [{ provider: 'cloudflare-pages' }, ['deploy'], ['account', 'project', 'token']],
    [{ provider: 'cloudflare-workers', account: 'a', project: 'w' }, ['traffic'], ['token']],
  ] as const)('%j for %j lacks %j', async (values, ops, missing) => {
    expect(await problems(values, ops)).toEqual(missing);
  });

  it('one error naming each input and what to give', async () => {
    const i = await typed({ provider: 'cloudflare-pages', project: 'shop' });
    expect(() => checkProviderInputs(i, ['deploy'])).toThrow(
      /^input `account`: provider `cloudflare-pages` needs it: the Cloudflare account id .*; input `token`: provider `cloudflare-pages` needs it: pass the API token from a secret/,
    );
  });

  it('knows which providers need a token', () => {
    expect(needsToken('local')).toBe(false);
    expect(needsToken('command')).toBe(false);
    expect(needsToken('netlify')).toBe(true);
  });
});

describe('createProvider', () => {
  const env = { GITHUB_WORKSPACE: ws };

  it('builds the provider the inputs name, with the directory resolved in the workspace', async () => {
    const { provider, directory } = await createProvider(
      await typed({ provider: 'command', directory: 'site', 'deploy-command': 'true', 'weight-command': 'true' }),
      {
        operations: ['deploy'],
        env,
      },
    );
    expect(provider.name).toBe('command');
    expect(provider.capabilities.traffic).toBe('percent');
    expect(directory).toBe(join(ws, 'site'));
    const vercel = await createProvider(await typed({ provider: 'vercel', project: 'p', token: 't', directory: 'site' }), {
      operations: ['deploy'],
      env,
    });
    expect(vercel.provider.capabilities.contentAddressedUpload).toBe(true);
  });

  it('refuses a directory that is missing, outside the workspace or a link out of it', async () => {
    const local = (directory: string) => typed({ provider: 'local', 'start-command': 'x', directory });
    await expect(createProvider(await local('missing'), { operations: ['deploy'], env })).rejects.toThrow(
      /^`directory` `missing` is not a directory in the workspace; did the build step run/,
    );
    await expect(createProvider(await local('..'), { operations: ['deploy'], env })).rejects.toThrow(
      /^`directory`: `\.\.` resolves to .*outside the workspace.*deploy a folder of the checkout/,
    );
    await expect(createProvider(await local('out'), { operations: ['deploy'], env })).rejects.toThrow(/through a symlink/);
    // Destroying a local preview needs no directory.
    expect((await createProvider(await local('missing'), { operations: ['destroy'], env })).directory).toBe(ws);
  });

  it('checks the inputs before anything else', async () => {
    await expect(
      createProvider(await typed({ provider: 'netlify', directory: 'missing' }), { operations: ['deploy'], env }),
    ).rejects.toThrow(/input `project`.*input `token`/);
  });
});
