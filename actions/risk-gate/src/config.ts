/**
 * The `rules` and `levels` inputs: inline YAML, or the path of a YAML file in the repository. A
 * file is read from the base commit, so a pull request cannot loosen the rules that judge it; a
 * file the base does not have yet is read from the checkout (and the change that adds it is high
 * risk, as every change to the gate's own configuration is).
 */
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '@shipkit/kit';
import { git } from '@shipkit/kit/git';
import { readableRoots, resolveInside } from '@shipkit/kit/paths';

export interface LoadedConfig {
  value: unknown;
  /** The repository path it came from, when it was a file. */
  path?: string;
  from?: 'base' | 'checkout';
}

const looksLikePath = (value: unknown): value is string =>
  typeof value === 'string' && /\.(ya?ml|json)$/i.test(value.trim()) && !/\s/.test(value.trim());

export async function loadConfig(value: unknown, input: string, base: string, cwd: string): Promise<LoadedConfig> {
  if (!looksLikePath(value)) return { value };
  const path = value.trim().replace(/^\.\//, '');
  if (path.startsWith('/') || path.split('/').includes('..'))
    throw new ConfigurationError(`\`${input}\`: \`${path}\` must be a path inside the repository, relative to its root`, input);
  const { parse } = await import('yaml');
  const fromYaml = (text: string): unknown => {
    try {
      return parse(text, { strict: true, uniqueKeys: true }) as unknown;
    } catch (e) {
      throw new ConfigurationError(`\`${input}\`: ${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, input);
    }
  };
  const atBase = await git(['show', '--end-of-options', `${base}:${path}`], cwd);
  if (atBase.code === 0) return { value: fromYaml(atBase.stdout), path, from: 'base' };
  let text: string;
  try {
    text = readFileSync(
      resolveInside(path, { roots: readableRoots(process.env, cwd), input, cwd, fix: 'Name a file in the repository' }),
      'utf8',
    );
  } catch (e) {
    if (e instanceof ConfigurationError) throw e;
    throw new ConfigurationError(
      `\`${input}\`: ${path} is neither in the base commit nor in the checkout; commit it, or give the YAML inline`,
      input,
    );
  }
  return { value: fromYaml(text), path, from: 'checkout' };
}
